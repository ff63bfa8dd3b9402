import * as assert from 'node:assert/strict';
import { FirstWordsPause } from '../../src/providers/firstWordsPause.js';

describe('FirstWordsPause', () => {
  it('pauses once, after the first text of an answer', () => {
    const pause = new FirstWordsPause();
    assert.equal(pause.after({ type: 'blockStart', index: 0, block: { kind: 'text' } }), undefined);
    const first = pause.after({ type: 'textDelta', index: 0, text: 'Hello' });
    assert.ok(first instanceof Promise);
    assert.equal(pause.after({ type: 'textDelta', index: 0, text: ' world' }), undefined);
  });

  it('lets the first words’ post be written before the stream goes on, compression included', async () => {
    // Like VS Code's message writer over a WebSocket: the post (in a microtask) writes from a
    // timer, then compresses on the thread pool and writes from that callback: measured at
    // 0.7–1.7 ms after the post. Here that is a write 2 ms out; timers due sooner fire first.
    const order: string[] = [];
    const pause = new FirstWordsPause();
    queueMicrotask(() => setTimeout(() => order.push('first words written'), 2));
    await pause.after({ type: 'textDelta', index: 0, text: 'Hello' });
    order.push('stream goes on');
    assert.deepEqual(order, ['first words written', 'stream goes on']);
  });
});
