import * as assert from 'node:assert/strict';
import { MAX_INBOUND_TEXT, parseWebviewMessage } from '../../src/shared/protocol';

describe('parseWebviewMessage', () => {
  it('accepts each well-formed message', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'send', text: 'hi' }), { type: 'send', text: 'hi' });
    assert.deepEqual(parseWebviewMessage({ type: 'errorAction', action: 'retry', turnId: 't1' }), {
      type: 'errorAction',
      action: 'retry',
      turnId: 't1',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'stopTurn', turnId: 't2', all: true }), { type: 'stopTurn', turnId: 't2' });
    assert.deepEqual(parseWebviewMessage({ type: 'errorAction', action: 'openStreamSetting', turnId: 't1' }), { type: 'errorAction', action: 'openStreamSetting', turnId: 't1' });
    assert.deepEqual(parseWebviewMessage({ type: 'retryNow', turnId: 't1', extra: true }), { type: 'retryNow', turnId: 't1' });
  });

  it('drops extra fields so nothing unexpected reaches the host', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'stop', evil: 1 }), { type: 'stop' });
  });

  it('rejects malformed and unknown messages', () => {
    for (const bad of [null, 'send', 42, {}, { type: 'nope' }, { type: 'send' }, { type: 'send', text: '   ' },
      { type: 'send', text: 7 }, { type: 'send', text: 'x'.repeat(MAX_INBOUND_TEXT + 1) },
      { type: 'errorAction', action: 'rm -rf', turnId: 't' }, { type: 'errorAction', action: 'retry' },
      { type: 'stopTurn' }, { type: 'stopTurn', turnId: 3 }, { type: 'retryNow' }, { type: 'retryNow', turnId: 3 }]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
  });
});
