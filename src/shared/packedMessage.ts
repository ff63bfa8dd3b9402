/**
 * How host messages cross into the webview: a large one travels as the UTF-8 bytes of its JSON.
 *
 * VS Code JSON-encodes what an extension posts to a webview, then encodes that string again
 * inside its own RPC message (escaping every quote and newline of an answer twice), and the
 * window parses both on its main thread, the thread that also renders the panel. Binary data it
 * passes through untouched. Measured on a 1 MiB answer: the double encoding took about 100 ms of
 * the extension host's time, in the middle of reading the stream.
 */
import type { HostToWebview } from './protocol';

/** Messages whose JSON is shorter stay plain objects (cheaper both ways, readable in devtools). */
export const PACK_MIN_CHARS = 2048;

export interface PackedMessage {
  readonly type: 'packed';
  /** UTF-8 of the message's JSON. */
  readonly json: Uint8Array;
}

export function packForWebview(message: HostToWebview): HostToWebview | PackedMessage {
  const json = JSON.stringify(message);
  return json.length < PACK_MIN_CHARS ? message : { type: 'packed', json: new TextEncoder().encode(json) };
}

/** The message inside a packed one; anything else as it came (it is validated afterwards). */
export function unpackFromHost(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const { type, json } = data as { type?: unknown; json?: unknown };
  if (type !== 'packed' || !(json instanceof Uint8Array)) return data;
  try {
    return JSON.parse(new TextDecoder().decode(json)) as unknown;
  } catch {
    return undefined;
  }
}
