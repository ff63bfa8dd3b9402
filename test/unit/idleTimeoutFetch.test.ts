import * as assert from 'node:assert/strict';
import { idleTimeoutFetch, isStreamStall, StreamStalledError } from '../../src/providers/idleTimeoutFetch';

/** A fetch whose body sends `chunks` at the given delays (ms after the previous one), then stays open. */
function fakeFetch(delays: number[], state: { cancelled: boolean; closed: boolean }): typeof fetch {
  return async () => {
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const delay of delays) {
          await new Promise((r) => setTimeout(r, delay));
          if (state.cancelled) return;
          controller.enqueue(new TextEncoder().encode('event: ping\ndata: {"type": "ping"}\n\n'));
        }
        if (state.closed) controller.close();
      },
      cancel() {
        state.cancelled = true;
      },
    });
    return new Response(body, { status: 200, headers: { 'request-id': 'req_1' } });
  };
}

async function readAll(response: Response): Promise<number> {
  const reader = response.body!.getReader();
  let chunks = 0;
  for (;;) {
    const { done } = await reader.read();
    if (done) return chunks;
    chunks++;
  }
}

describe('idleTimeoutFetch', () => {
  it('lets a stream through while bytes keep coming, pings included', async () => {
    const state = { cancelled: false, closed: true };
    const response = await idleTimeoutFetch(150, fakeFetch([50, 50, 50, 50, 50, 50, 50, 50], state))('http://x');
    assert.equal(response.headers.get('request-id'), 'req_1');
    assert.equal(await readAll(response), 8);
  });

  it('ends a silent stream with a stall error and cancels the source, closing the connection', async () => {
    const state = { cancelled: false, closed: false };
    const started = Date.now();
    const response = await idleTimeoutFetch(150, fakeFetch([10], state))('http://x');
    await assert.rejects(readAll(response), (error: unknown) => error instanceof StreamStalledError && isStreamStall(error));
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 140 && elapsed < 1000, `stalled after ${elapsed} ms`);
    assert.equal(state.cancelled, true);
  });

  it('recognises a stall wrapped by an SDK error', () => {
    assert.equal(isStreamStall(new Error('terminated', { cause: new StreamStalledError(1000) })), true);
    assert.equal(isStreamStall(new Error('terminated')), false);
  });

  it('is off with 0', async () => {
    const inner = fakeFetch([], { cancelled: false, closed: true });
    assert.equal(idleTimeoutFetch(0, inner), inner);
  });
});
