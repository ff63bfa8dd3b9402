// The scenario table: for each name, the answer (a MessagePlan or an HTTP error) and how it
// travels (pacing, pings, injected events, wire style, ending). Everything here is data handed to
// the generic stream machinery, so a new scenario is a new entry, not new server code. The table
// is API-neutral: the Messages endpoint and the OpenAI-compatible one play the same entries, each
// in its own wire format.

import { API_ERROR_MESSAGES, rateLimitHeaders } from './apiErrors';
import { DEFAULT_WIRE_STYLE } from './sseWriter';
import { splitIntoPieces, splitIntoWords } from './deterministicRandom';
import { httpError, message, positiveIntParam, text, toolUse, type ScenarioContext, type ScenarioResponse } from './planBuilders';
import { OPENAI_SCENARIOS } from './openaiScenarios';
import { TOOL_SCENARIOS } from './toolScenarios';
import { EDIT_TOOL_NAME, EXPECTED, LONG_MARKDOWN_DEFAULT_BYTES } from './scenarioTexts';

export interface ScenarioDefinition {
  readonly summary: string;
  /** The identical request that immediately follows counts as the client's retry of this one. */
  readonly retriedOnce?: boolean;
  respond(context: ScenarioContext): ScenarioResponse;
}

/** Scenario used when neither the queue nor a marker picks one. */
export const DEFAULT_SCENARIO = 'demo';
/** Scenario used, absent queue or marker, when the last user message only returns tool results. */
export const TOOL_RESULT_SCENARIO = 'after-tool-result';

const SLOW_DRIP_DEFAULT_PIECES = 1200;
/** A stream sent as fast as possible goes out in writes of about this size (one TLS record's worth). */
const FAST_WRITE_BYTES = 16_384;

const longMarkdownDeltasBySize = new Map<number, readonly string[]>();

/**
 * The deltas of a `long-markdown` answer, made once per size: the answer is the same every time,
 * and making a 1 MiB one took this server longer than a client needs to read it.
 */
function longMarkdownDeltas(bytes: number): readonly string[] {
  let deltas = longMarkdownDeltasBySize.get(bytes);
  if (!deltas) {
    deltas = splitIntoPieces(EXPECTED.longMarkdown(bytes), 8, 40, 17);
    longMarkdownDeltasBySize.set(bytes, deltas);
  }
  return deltas;
}

const TYPING_PACE: readonly [number, number] = [15, 25];

export const SCENARIOS: Readonly<Record<string, ScenarioDefinition>> = {
  demo: {
    summary: "Demo-mode answer quoting the question; streams word by word at a person's reading pace.",
    respond: ({ question }) => ({
      kind: 'message',
      plan: message([text(splitIntoWords(EXPECTED.demo(question)))]),
      stream: { deltaPauseMs: TYPING_PACE },
    }),
  },
  'text-with-pings': {
    summary: 'Plain text answer with a ping event after every delta.',
    respond: () => ({
      kind: 'message',
      plan: message([text(splitIntoPieces(EXPECTED.textWithPings, 4, 16, 7))], 'end_turn', { read: 512 }),
      stream: { deltaPauseMs: 2, pingEveryDeltas: 1 },
    }),
  },
  'split-utf8': {
    summary: 'Emoji, CJK and accents written in 1–3 byte chunks that split lines and UTF-8 characters.',
    respond: () => ({
      kind: 'message',
      plan: message([text(splitIntoPieces(EXPECTED.splitUtf8, 4, 12, 11))]),
      wire: { lineEnding: '\n', dataTrailingSpaces: 0, chunking: { kind: 'tiny', minBytes: 1, maxBytes: 3, pauseMs: 1 } },
    }),
  },
  crlf: {
    summary: 'CRLF line endings and data lines with trailing spaces.',
    respond: () => ({
      kind: 'message',
      plan: message([text(splitIntoWords(EXPECTED.crlf))]),
      wire: { lineEnding: '\r\n', dataTrailingSpaces: 3, chunking: { kind: 'per-event' } },
    }),
  },
  thinking: {
    summary: 'A thinking block (thinking deltas, then signature_delta) followed by a text block.',
    respond: () => ({
      kind: 'message',
      plan: message(
        [
          { type: 'thinking', deltas: splitIntoPieces(EXPECTED.thinking.thinking, 10, 30, 13), signature: EXPECTED.thinking.signature },
          text(splitIntoWords(EXPECTED.thinking.text)),
        ],
        'end_turn',
        { read: 1800 },
      ),
      stream: { deltaPauseMs: 2 },
    }),
  },
  'cached-answer': {
    summary: 'A text answer reporting 4096 cache-read and 1024 cache-write input tokens.',
    respond: () => ({
      kind: 'message',
      plan: message([text(splitIntoWords(EXPECTED.cachedAnswer))], 'end_turn', { read: 4096, creation: 1024 }),
      stream: { deltaPauseMs: 2 },
    }),
  },
  'redacted-thinking': {
    summary: 'A redacted_thinking block arriving whole in content_block_start, then text.',
    respond: () => ({
      kind: 'message',
      plan: message([
        { type: 'redacted_thinking', data: EXPECTED.redactedThinking.data },
        text(splitIntoWords(EXPECTED.redactedThinking.text)),
      ]),
      stream: { deltaPauseMs: 2 },
    }),
  },
  'unknown-events': {
    summary: 'A text answer with an unknown event type and an unknown delta type mixed in.',
    respond: () => ({
      kind: 'message',
      plan: message([text(splitIntoWords(EXPECTED.unknownEvents))]),
      stream: {
        deltaPauseMs: 2,
        injected: [
          { afterDeltas: 2, name: 'message_progress', data: { type: 'message_progress', progress: { phase: 'drafting' } } },
          {
            afterDeltas: 4,
            name: 'content_block_delta',
            data: { type: 'content_block_delta', index: 0, delta: { type: 'emphasis_delta', emphasis: 'strong' } },
          },
        ],
      },
    }),
  },
  'error-mid-stream': {
    summary: 'Some text, then `event: error` with overloaded_error (a non-streaming request gets 529).',
    respond: () => {
      const deltas = splitIntoWords(EXPECTED.errorMidStream);
      const overloaded = { errorType: 'overloaded_error', message: API_ERROR_MESSAGES.overloaded } as const;
      const ending = { kind: 'error-event', afterDeltas: deltas.length, ...overloaded } as const;
      // The plan continues past the cut so the text before it is a strict prefix of an answer.
      return { kind: 'message', plan: message([text([...deltas, ' and stops.'])]), stream: { deltaPauseMs: 2, ending } };
    },
  },
  'drop-mid-stream': {
    summary: 'Some text, then the server destroys the socket (a non-streaming request gets no response).',
    respond: () => {
      const deltas = splitIntoWords(EXPECTED.dropMidStream);
      return {
        kind: 'message',
        plan: message([text([...deltas, ' drop.'])]),
        stream: { deltaPauseMs: 2, ending: { kind: 'drop', afterDeltas: deltas.length } },
      };
    },
  },
  'stall-mid-stream': {
    summary: 'Some text, then silence — no bytes, no pings — for 20 s before the socket is dropped (for idle timeouts).',
    respond: () => {
      const deltas = splitIntoWords(EXPECTED.stallMidStream);
      return {
        kind: 'message',
        plan: message([text([...deltas, ' never sent.'])]),
        stream: { deltaPauseMs: 2, ending: { kind: 'drop', afterDeltas: deltas.length, silentMs: 20_000 } },
      };
    },
  },
  'eof-without-stop': {
    summary: 'Text and message_delta, then a clean end of the response without message_stop.',
    respond: () => ({
      kind: 'message',
      plan: message([text(splitIntoWords(EXPECTED.eofWithoutStop))]),
      stream: { deltaPauseMs: 2, ending: { kind: 'eof-before-message-stop' } },
    }),
  },
  unauthorized: {
    summary: '401 authentication_error.',
    respond: () => httpError('authentication_error', 401, API_ERROR_MESSAGES.invalidApiKey),
  },
  'not-found': {
    summary: '404 not_found_error naming the requested model.',
    respond: ({ model }) => httpError('not_found_error', 404, EXPECTED.errors.notFound(model)),
  },
  'rate-limited': {
    summary: '429 rate_limit_error with retry-after: 1 and anthropic-ratelimit-* headers (`rate-limited:MS` adds retry-after-ms: MS).',
    respond: ({ param }) => httpError('rate_limit_error', 429, API_ERROR_MESSAGES.rateLimited, retryAfterHeaders(param, 1)),
  },
  'rate-limited-once': {
    summary: '429 with retry-after: 0 first (`rate-limited-once:MS`: retry-after-ms MS); the identical request right after it (the retry) succeeds.',
    retriedOnce: true,
    respond: ({ attempt, param }) =>
      attempt === 1
        ? httpError('rate_limit_error', 429, API_ERROR_MESSAGES.rateLimited, retryAfterHeaders(param, 0))
        : { kind: 'message', plan: message([text(splitIntoWords(EXPECTED.rateLimitedOnce))]), stream: { deltaPauseMs: 2 } },
  },
  overloaded: {
    summary: '529 overloaded_error with x-should-retry: true (`overloaded:MS` adds retry-after-ms: MS).',
    respond: ({ param }) =>
      httpError('overloaded_error', 529, API_ERROR_MESSAGES.overloaded, { 'x-should-retry': 'true', ...(positiveIntParam(param, 0) > 0 ? { 'retry-after-ms': String(Number(param)) } : {}) }),
  },
  'overloaded-once': {
    summary: '529 overloaded_error with retry-after-ms (`overloaded-once:MS`, default 50) first; the identical retry succeeds.',
    retriedOnce: true,
    respond: ({ attempt, param }) =>
      attempt === 1
        ? httpError('overloaded_error', 529, API_ERROR_MESSAGES.overloaded, { 'x-should-retry': 'true', 'retry-after-ms': String(positiveIntParam(param, 50)) })
        : { kind: 'message', plan: message([text(splitIntoWords(EXPECTED.rateLimitedOnce))]), stream: { deltaPauseMs: 2 } },
  },
  'server-error': {
    summary: '500 api_error (`server-error:STATUS` for 502, 503 or 504 instead).',
    respond: ({ param }) => {
      const status = [502, 503, 504].includes(Number(param)) ? Number(param) : 500;
      return httpError(status === 504 ? 'timeout_error' : 'api_error', status, API_ERROR_MESSAGES.internal);
    },
  },
  'buffered-stream': {
    summary: 'A normally paced answer that a buffering proxy holds back: nothing for `buffered-stream:MS` (default 1500), then the whole stream in one write.',
    respond: ({ param }) => ({
      kind: 'message',
      plan: message([text(splitIntoWords(EXPECTED.bufferedStream))]),
      stream: { deltaPauseMs: 2 },
      wire: { ...DEFAULT_WIRE_STYLE, chunking: { kind: 'buffered', holdMs: positiveIntParam(param, 1500) } },
    }),
  },
  'buffered-after-headers': {
    summary: 'A buffering proxy that sends the 200 and its headers at once, then holds the whole stream back for `buffered-after-headers:MS` (default 20000).',
    respond: ({ param }) => ({
      kind: 'message',
      plan: message([text(splitIntoWords(EXPECTED.bufferedStream))]),
      stream: { deltaPauseMs: 2 },
      wire: { ...DEFAULT_WIRE_STYLE, chunking: { kind: 'buffered', holdMs: positiveIntParam(param, 20_000), headersFirst: true } },
    }),
  },
  'slow-drip': {
    summary: 'A text delta every 50 ms for 60 s (`slow-drip:N` sends N deltas), for testing Stop.',
    respond: ({ param }) => {
      const count = positiveIntParam(param, SLOW_DRIP_DEFAULT_PIECES);
      const deltas = Array.from({ length: count }, (_, i) => EXPECTED.slowDripPiece(i + 1));
      return { kind: 'message', plan: message([text(deltas)]), stream: { deltaPauseMs: 50 } };
    },
  },
  'tool-edit': {
    summary: 'Short text, then a str_replace_based_edit_tool call whose input streams in many fragments.',
    respond: (context) => {
      const input = context.param ? { ...EXPECTED.toolEdit.input, path: context.param } : EXPECTED.toolEdit.input;
      return {
        kind: 'message',
        plan: message([text(splitIntoWords(EXPECTED.toolEdit.text)), toolUse(context, 1, EDIT_TOOL_NAME, input)], 'tool_use'),
        stream: { deltaPauseMs: 2 },
      };
    },
  },
  'two-tools': {
    summary: 'Short text, then two str_replace_based_edit_tool calls in one message.',
    respond: (context) => ({
      kind: 'message',
      plan: message(
        [
          text(splitIntoWords(EXPECTED.twoTools.text)),
          ...EXPECTED.twoTools.inputs.map((input, i) => toolUse(context, i + 1, EDIT_TOOL_NAME, input)),
        ],
        'tool_use',
      ),
      stream: { deltaPauseMs: 2 },
    }),
  },
  'long-markdown': {
    summary: `About ${LONG_MARKDOWN_DEFAULT_BYTES / 1024} KB of markdown as fast as possible (\`long-markdown:BYTES\` sets the size).`,
    respond: ({ param }) => ({
      kind: 'message',
      plan: message(
        [text(longMarkdownDeltas(positiveIntParam(param, LONG_MARKDOWN_DEFAULT_BYTES)))],
        'end_turn',
        { creation: 2048 },
      ),
      wire: { ...DEFAULT_WIRE_STYLE, chunking: { kind: 'coalesced', maxBytes: FAST_WRITE_BYTES } },
    }),
  },
  ...TOOL_SCENARIOS,
  ...OPENAI_SCENARIOS,
  [TOOL_RESULT_SCENARIO]: {
    summary: 'Short text acknowledging tool results (default when the last user turn only returns tool results).',
    respond: () => ({
      kind: 'message',
      plan: message([text(splitIntoWords(EXPECTED.afterToolResult))]),
      stream: { deltaPauseMs: TYPING_PACE },
    }),
  },
};

/** Rate-limit headers; a millisecond parameter adds `retry-after-ms`, which clients prefer, so tests wait only that long. */
function retryAfterHeaders(param: string | undefined, seconds: number): Record<string, string> {
  const ms = positiveIntParam(param, 0);
  return ms > 0 ? { ...rateLimitHeaders(Math.ceil(ms / 1000)), 'retry-after-ms': String(ms) } : rateLimitHeaders(seconds);
}

export type { ScenarioContext, ScenarioResponse };

export const SCENARIO_NAMES: readonly string[] = Object.keys(SCENARIOS);
