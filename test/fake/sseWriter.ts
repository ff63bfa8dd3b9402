// Encodes stream steps as Server-Sent Events bytes and writes them the way a network delivers
// them: whole events per write by default, tiny 1–3 byte writes that split `event:`/`data:` lines
// and multi-byte UTF-8 characters, or, for a stream sent as fast as possible, many events per
// write, with CRLF line endings or trailing spaces when a scenario asks for them. Clients must
// reassemble all of these into the same events.

import { randomInt, seededRandom } from './deterministicRandom';
import type { StreamStep } from './streamPlan';

export type Chunking =
  | { readonly kind: 'per-event' }
  /** Writes of `minBytes`..`maxBytes` with `pauseMs` between, so the reader sees them separately. */
  | { readonly kind: 'tiny'; readonly minBytes: number; readonly maxBytes: number; readonly pauseMs: number }
  /**
   * As fast as possible: events with no pause between them share writes of about `maxBytes`, as a
   * fast server's bytes reach a reader that is busy. Writing each event on its own costs this
   * server more CPU per event than the SDK needs to read it, which would make the server, not the
   * client, the measure of a fast stream.
   */
  | { readonly kind: 'coalesced'; readonly maxBytes: number }
  /** A buffering proxy: nothing for `holdMs`, then the whole stream in one write (the steps' pauses are spent holding). */
  | { readonly kind: 'buffered'; readonly holdMs: number; readonly headersFirst?: boolean };

export interface WireStyle {
  readonly lineEnding: '\n' | '\r\n';
  /** Spaces after the `data:` JSON; real responses sometimes carry them and JSON parsers accept them. */
  readonly dataTrailingSpaces: number;
  readonly chunking: Chunking;
}

export const DEFAULT_WIRE_STYLE: WireStyle = { lineEnding: '\n', dataTrailingSpaces: 0, chunking: { kind: 'per-event' } };

/** Where the writer sends bytes; the server's exchange tracker implements it. */
export interface ResponseSink {
  /** False once the client has gone or the socket was dropped: writing then stops quietly. */
  readonly open: boolean;
  /** Resolves when the bytes are handed to the socket, waiting for drain under backpressure. */
  write(chunk: Buffer): Promise<void>;
  /** Resolves after `ms`, or as soon as the exchange closes. */
  pause(ms: number): Promise<void>;
  /** Resolves when everything written so far has been handed to the socket. */
  flush(): Promise<void>;
  /** Destroys the socket without finishing the response. */
  drop(): void;
  /** Sends the status line and headers now, before any body byte. */
  flushHeaders(): void;
  end(): void;
}

/** One step's bytes: a named event, a data-only event, or a comment line. */
export function encodeStep(step: WrittenStep, style: WireStyle = DEFAULT_WIRE_STYLE): Buffer {
  const remembered = encodedSteps.get(step);
  if (remembered?.lineEnding === style.lineEnding && remembered.dataTrailingSpaces === style.dataTrailingSpaces) return remembered.bytes;
  const bytes = Buffer.from(stepText(step, style), 'utf8');
  encodedSteps.set(step, { lineEnding: style.lineEnding, dataTrailingSpaces: style.dataTrailingSpaces, bytes });
  return bytes;
}

/**
 * Each step's bytes, with the line ending and trailing spaces they were made with: a step that is
 * sent again (see `rememberedDeltaSteps` in streamPlan.ts) is encoded once.
 */
const encodedSteps = new WeakMap<WrittenStep, { readonly lineEnding: string; readonly dataTrailingSpaces: number; readonly bytes: Buffer }>();

type WrittenStep = Exclude<StreamStep, { kind: 'drop' }>;

function sseEventText(name: string, data: unknown, style: WireStyle): string {
  return `event: ${name}${style.lineEnding}${dataLine(data, style)}${style.lineEnding}`;
}

function stepText(step: WrittenStep, style: WireStyle): string {
  switch (step.kind) {
    case 'event':
      return sseEventText(step.name, step.data, style);
    case 'data':
      return `${dataLine(step.data, style)}${style.lineEnding}`;
    case 'comment':
      return `: ${step.text}${style.lineEnding}${style.lineEnding}`;
  }
}

/** A string is sent as is (`data: [DONE]`); anything else as JSON. */
function dataLine(data: unknown, style: WireStyle): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data) + ' '.repeat(style.dataTrailingSpaces);
  return `data: ${payload}${style.lineEnding}`;
}

/** Splits `bytes` into chunks of the style's sizes, deliberately ignoring character boundaries. */
export function chunkBytes(bytes: Buffer, chunking: Chunking, seed: number): Buffer[] {
  if (chunking.kind !== 'tiny') return [bytes];
  const random = seededRandom(seed);
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; ) {
    const size = randomInt(random, chunking.minBytes, chunking.maxBytes);
    chunks.push(bytes.subarray(start, start + size));
    start += size;
  }
  return chunks;
}

/** Plays `steps` onto `sink`; stops early, without error, when the client disconnects. */
export async function writeStreamSteps(sink: ResponseSink, steps: readonly StreamStep[], style: WireStyle, seed: number): Promise<void> {
  if (style.chunking.kind === 'buffered') {
    if (style.chunking.headersFirst) sink.flushHeaders();
    return writeBuffered(sink, steps, style, style.chunking.holdMs);
  }
  if (style.chunking.kind === 'coalesced') return writeCoalesced(sink, steps, style, style.chunking.maxBytes);
  for (const [index, step] of steps.entries()) {
    if (step.pauseBeforeMs > 0) await sink.pause(step.pauseBeforeMs);
    if (!sink.open) return;
    if (step.kind === 'drop') {
      await sink.flush();
      sink.drop();
      return;
    }
    const bytes = encodeStep(step, style);
    for (const chunk of chunkBytes(bytes, style.chunking, seed + index)) {
      if (!sink.open) return;
      await sink.write(chunk);
      if (style.chunking.kind === 'tiny') await sink.pause(style.chunking.pauseMs);
    }
  }
  if (sink.open) sink.end();
}

/** Writes the events between pauses together, in writes of about `maxBytes` (see `Chunking`). */
async function writeCoalesced(sink: ResponseSink, steps: readonly StreamStep[], style: WireStyle, maxBytes: number): Promise<void> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const writePending = async (): Promise<void> => {
    if (pendingBytes === 0 || !sink.open) return;
    const bytes = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await sink.write(bytes);
  };
  for (const step of steps) {
    if (step.pauseBeforeMs > 0) {
      await writePending();
      await sink.pause(step.pauseBeforeMs);
    }
    if (!sink.open) return;
    if (step.kind === 'drop') {
      await writePending();
      await sink.flush();
      sink.drop();
      return;
    }
    const bytes = encodeStep(step, style);
    pending.push(bytes);
    pendingBytes += bytes.length;
    if (pendingBytes >= maxBytes) await writePending();
  }
  await writePending();
  if (sink.open) sink.end();
}

/** Holds the whole stream back, then writes it at once, as a proxy that buffers responses does. */
async function writeBuffered(sink: ResponseSink, steps: readonly StreamStep[], style: WireStyle, holdMs: number): Promise<void> {
  const parts: Buffer[] = [];
  let drop = false;
  for (const step of steps) {
    if (step.kind === 'drop') {
      drop = true;
      break;
    }
    parts.push(encodeStep(step, style));
  }
  await sink.pause(holdMs);
  if (!sink.open) return;
  await sink.write(Buffer.concat(parts));
  if (drop) {
    await sink.flush();
    sink.drop();
  } else if (sink.open) sink.end();
}
