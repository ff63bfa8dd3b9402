/**
 * A `fetch` for the SDKs that ends a response body which stops sending bytes. The SDKs' own
 * timeout stops at the response headers, and they swallow `ping` events, so only the byte stream
 * itself can tell a slow answer (pings keep arriving) from a stalled one (nothing at all).
 */

/** Long enough for thinking pauses (the API pings meanwhile), short enough to notice a dead proxy. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** Thrown into the response body when it was silent for too long. */
export class StreamStalledError extends Error {
  constructor(readonly idleMs: number) {
    super(`no data for ${Math.round(idleMs / 1000)} s`);
    this.name = 'StreamStalledError';
  }
}

/** Whether `error` is, or was caused by, a stall (the SDKs may wrap what the body threw). */
export function isStreamStall(error: unknown): error is Error {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof StreamStalledError) return true;
  }
  return false;
}

export function idleTimeoutFetch(idleMs: number, inner: typeof fetch = fetch): typeof fetch {
  if (!(idleMs > 0)) return inner;
  return async (input, init) => {
    const response = await inner(input, init);
    if (!response.body) return response;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stream: TransformStreamDefaultController<Uint8Array> | undefined;
    // Erroring the pipe's destination cancels its source: the socket is closed, not left open.
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => stream?.error(new StreamStalledError(idleMs)), idleMs);
      // A body the SDK stopped reading (after an error event) is closed by this timer later; it
      // must not keep the process alive meanwhile.
      (timer as { unref?: () => void }).unref?.();
    };
    const watchdog = new TransformStream<Uint8Array, Uint8Array>({
      start(controller) {
        stream = controller;
        arm();
      },
      transform(chunk, controller) {
        arm();
        controller.enqueue(chunk);
      },
      flush() {
        clearTimeout(timer);
      },
    });
    const body = response.body.pipeThrough(watchdog);
    // Stop the timer when the consumer goes away (Stop, a finished parse).
    init?.signal?.addEventListener('abort', () => clearTimeout(timer), { once: true });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
