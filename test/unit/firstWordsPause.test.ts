import * as assert from 'node:assert/strict';
import { FIRST_WORDS_PAUSE_MS, FirstWordsPause } from '../../src/providers/firstWordsPause.js';

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

  it('waits long enough for the post to be compressed on a worker thread and written too', async () => {
    // Over a WebSocket, VS Code compresses the message after its timer and writes it from the
    // compression's callback: measured 0.7–1.7 ms after the post. A timer turn alone ended first.
    const started = performance.now();
    await new FirstWordsPause().after({ type: 'textDelta', index: 0, text: 'Hello' });
    const waited = performance.now() - started;
    assert.ok(FIRST_WORDS_PAUSE_MS >= 2 * 1.7, `the pause (${FIRST_WORDS_PAUSE_MS} ms) leaves a margin over the measured write`);
    assert.ok(waited >= FIRST_WORDS_PAUSE_MS - 0.5, `waited ${waited.toFixed(2)} ms`);
  });
});
