/**
 * When a failed request is worth sending again, and after how long. Pure: the clock and the
 * random source are passed in, so every decision is unit-tested. The SDKs' own retries are off
 * (`maxRetries: 0`) so that every wait is ours and visible in the chat with a countdown.
 *
 * Only a request whose answer has not started is retried: once text is on screen, a failure keeps
 * it and offers Retry as a new request instead.
 */
import type { ErrorKind } from './errors';

/** What an error says about retrying, taken from the response headers by the provider. */
export interface RetryHint {
  /** `retry-after-ms`, else `retry-after` (seconds or an HTTP date), in milliseconds. */
  readonly retryAfterMs?: number;
  /** `x-should-retry`: the server's own verdict, which overrides the error kind. */
  readonly shouldRetry?: boolean;
}

export interface RetryPolicy {
  /** Retries after the first attempt; 0 turns retrying off. */
  readonly maxRetries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** A server asking for a longer wait than this is not waited for automatically. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_MAX_RETRIES = 4;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: DEFAULT_MAX_RETRIES,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

/**
 * Failures that a later identical request may not meet: limits, overload, server and network
 * trouble. A stream that stalled after its headers (`stalled`) is not among them: behind a proxy
 * that buffers, the model may be generating the whole answer each time, and billing for it.
 */
const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['rateLimited', 'overloaded', 'server', 'connection', 'timeout', 'dropped']);

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly fromServer: boolean }
  | { readonly retry: false; readonly why: 'notRetryable' | 'exhausted' | 'waitTooLong' };

/**
 * Decides about one failure. `retriesSoFar` counts the retries already made for this request;
 * `random` returns a number in [0, 1).
 */
export function decideRetry(
  failure: { readonly kind: ErrorKind; readonly retry?: RetryHint },
  retriesSoFar: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  const hint = failure.retry ?? {};
  const retryable = hint.shouldRetry ?? RETRYABLE_KINDS.has(failure.kind);
  if (!retryable || failure.kind === 'aborted') return { retry: false, why: 'notRetryable' };
  if (retriesSoFar >= policy.maxRetries) return { retry: false, why: 'exhausted' };
  if (hint.retryAfterMs !== undefined) {
    if (hint.retryAfterMs > policy.maxRetryAfterMs) return { retry: false, why: 'waitTooLong' };
    return { retry: true, delayMs: Math.max(0, Math.round(hint.retryAfterMs)), fromServer: true };
  }
  return { retry: true, delayMs: backoffDelayMs(retriesSoFar, policy, random), fromServer: false };
}

/**
 * 0.5 s doubling up to 8 s, less up to a quarter at random, so that many clients that failed
 * together do not all come back at the same moment.
 */
export function backoffDelayMs(retriesSoFar: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.initialDelayMs * 2 ** retriesSoFar, policy.maxDelayMs);
  return Math.round(base * (1 - 0.25 * random()));
}

/**
 * Reads the retry headers of an error response. `retry-after-ms` wins over `retry-after`; a
 * `retry-after` of 0 (or nonsense) says nothing, so the backoff applies, as the SDKs do it.
 */
export function retryHintFromHeaders(get: (name: string) => string | null | undefined, now: number = Date.now()): RetryHint {
  const hint: { retryAfterMs?: number; shouldRetry?: boolean } = {};
  const shouldRetry = get('x-should-retry')?.trim().toLowerCase();
  if (shouldRetry === 'true') hint.shouldRetry = true;
  else if (shouldRetry === 'false') hint.shouldRetry = false;

  const ms = parseNumber(get('retry-after-ms'));
  if (ms !== undefined && ms >= 0) {
    hint.retryAfterMs = ms;
    return hint;
  }
  const after = get('retry-after')?.trim();
  if (!after) return hint;
  const seconds = parseNumber(after);
  if (seconds !== undefined) {
    if (seconds > 0) hint.retryAfterMs = seconds * 1000;
    return hint;
  }
  const date = Date.parse(after);
  if (Number.isFinite(date) && date > now) hint.retryAfterMs = date - now;
  return hint;
}

function parseNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** The title of a failure that outlasted every retry ("Still overloaded after 5 attempts"). */
export function stillFailingTitle(kind: ErrorKind, attempts: number): string {
  const what: Partial<Record<ErrorKind, string>> = {
    rateLimited: 'Still rate limited',
    overloaded: 'Still overloaded',
    server: 'Still failing',
    connection: 'Still cannot connect',
    timeout: 'Still timing out',
    dropped: 'Connection still dropping',
  };
  return `${what[kind] ?? 'Still failing'} after ${attempts} attempts`;
}
