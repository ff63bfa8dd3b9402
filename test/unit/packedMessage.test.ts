import * as assert from 'node:assert/strict';
import { PACK_MIN_CHARS, packForWebview, unpackFromHost } from '../../src/shared/packedMessage.js';
import type { HostToWebview } from '../../src/shared/protocol.js';

describe('packed host messages', () => {
  it('sends a large message as the UTF-8 of its JSON, and the webview gets the same message back', () => {
    const text = 'Ünïcödé "quotes", back\\slashes,\nnew lines and emoji 🚀 '.repeat(200);
    const message: HostToWebview = { type: 'deltas', seq: 7, deltas: [{ type: 'textAppended', turnId: 't', index: 0, text }] };
    const packed = packForWebview(message);
    assert.equal(packed.type, 'packed');
    assert.ok('json' in packed && packed.json instanceof Uint8Array);
    assert.deepEqual(unpackFromHost(packed), message);
  });

  it('leaves a small message as it is', () => {
    const message: HostToWebview = { type: 'focusInput' };
    assert.equal(packForWebview(message), message);
    assert.ok(JSON.stringify({ type: 'deltas', seq: 1, deltas: [] }).length < PACK_MIN_CHARS);
  });

  it('passes anything else through, and drops a packed message that is not JSON', () => {
    assert.deepEqual(unpackFromHost({ type: 'snapshot', seq: 1 }), { type: 'snapshot', seq: 1 });
    assert.equal(unpackFromHost('text'), 'text');
    assert.equal(unpackFromHost({ type: 'packed', json: new TextEncoder().encode('{nope') }), undefined);
    assert.deepEqual(unpackFromHost({ type: 'packed', json: 'not bytes' }), { type: 'packed', json: 'not bytes' });
  });
});
