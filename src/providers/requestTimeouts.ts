/**
 * How long a request may take until its response headers. The SDKs' timeout ends there; a body
 * that stalls afterwards is the idle timeout's (`idleTimeoutFetch`).
 */

/** A streamed answer sends its headers as soon as the API accepts the request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/**
 * A non-streamed answer sends its headers only once the whole answer is written, so it gets the
 * ten minutes the Anthropic SDK allows a non-streaming request.
 */
export const NON_STREAMING_TIMEOUT_MS = 10 * 60_000;
