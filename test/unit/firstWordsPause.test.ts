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

  it('lets a timer the first words’ post started (from a microtask) fire before the stream goes on', async () => {
    // Like VS Code's message writer: the post happens in a microtask and writes from a timer.
    const order: string[] = [];
    const pause = new FirstWordsPause();
    queueMicrotask(() => setTimeout(() => order.push('first words written'), 0));
    const waiting = pause.after({ type: 'textDelta', index: 0, text: 'Hello' });
    await waiting;
    order.push('stream goes on');
    assert.deepEqual(order, ['first words written', 'stream goes on']);
  });
});
