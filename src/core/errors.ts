/**
 * The small set of failures a user can see, each with a clear message and the actions that help.
 * Providers map their SDK's error classes to these once; nothing downstream looks at SDK errors
 * or at message text.
 */
import type { ErrorAction, TurnErrorView } from '../shared/transcript';
import { stillFailingTitle, type RetryHint } from './retryPolicy';

export type ErrorKind =
  | 'missingKey'
  | 'auth'
  | 'permission'
  | 'billing'
  | 'modelNotFound'
  | 'badRequest'
  | 'tooLarge'
  | 'rateLimited'
  | 'overloaded'
  | 'server'
  | 'connection'
  /** The proxy refused, could not be reached, wanted credentials or would not open a tunnel. */
  | 'proxy'
  /** A TLS certificate was not trusted or not valid (or a CA file could not be read). */
  | 'certificate'
  /** No response headers within the request timeout: nothing was generated yet, so it is retried. */
  | 'timeout'
  /**
   * The stream went silent after its headers. Not retried by itself: the request may be
   * generating (and billing) a whole answer behind a buffering proxy, and each attempt would too.
   */
  | 'stalled'
  /** The API sent an `error` event after the answer had started. */
  | 'streamError'
  /** The connection closed in the middle of the answer. */
  | 'dropped'
  /** The body ended cleanly but without the stop event: the answer may be cut short. */
  | 'incomplete'
  /** The user stopped the turn. Not shown as an error. */
  | 'aborted'
  | 'unknown';

/**
 * Marks InkwellErrors by a registered symbol rather than by class identity: the provider SDKs are
 * bundled apart from the rest of the extension (loaded on first use), so an error made there comes
 * from a second copy of this class.
 */
const INKWELL_ERROR = Symbol.for('inkwell.InkwellError');

/** Whether `value` carries `brand` (a registered symbol): class identity does not survive the bundle split. */
export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** A failure with everything the UI and the log need; never contains the API key. */
export class InkwellError extends Error {
  readonly [INKWELL_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, INKWELL_ERROR);
  }

  constructor(
    readonly kind: ErrorKind,
    readonly title: string,
    readonly detail: string,
    readonly actions: readonly ErrorAction[] = [],
    readonly requestId?: string,
    /** What the response's headers said about retrying (`retry-after`, `x-should-retry`). */
    readonly retry: RetryHint = {},
  ) {
    super(`${title}: ${detail}`);
    this.name = 'InkwellError';
  }

  toView(): TurnErrorView {
    const detail = this.requestId ? `${this.detail} (request id ${this.requestId})` : this.detail;
    return { title: this.title, detail, actions: this.actions };
  }
}

/**
 * The failure of the last attempt, retitled to say how many attempts were made
 * ("Still overloaded after 5 attempts"); with Retry, since later may well work.
 */
export function retriesExhaustedError(last: InkwellError, attempts: number): InkwellError {
  if (attempts <= 1) return last;
  const actions = last.actions.some((a) => a.id === 'retry') ? last.actions : [ACTIONS.retry, ...last.actions];
  return new InkwellError(last.kind, stillFailingTitle(last.kind, attempts), last.detail, actions, last.requestId, last.retry);
}

export const ACTIONS = {
  setApiKey: { id: 'setApiKey', label: 'Set API Key' },
  openModelSetting: { id: 'openModelSetting', label: 'Choose Model' },
  openBaseUrlSetting: { id: 'openBaseUrlSetting', label: 'Check Base URL' },
  openSettings: { id: 'openSettings', label: 'Open Settings' },
  openNetworkSettings: { id: 'openNetworkSettings', label: 'Open Network Settings' },
  retry: { id: 'retry', label: 'Retry' },
  openStreamSetting: { id: 'openStreamSetting', label: 'Open Stream Setting' },
} as const satisfies Record<string, ErrorAction>;

export function missingKeyError(): InkwellError {
  return new InkwellError(
    'missingKey',
    'No API key',
    'Inkwell needs an Anthropic API key. Set one (it is kept in VS Code’s secret storage), or set ANTHROPIC_API_KEY in the environment.',
    [ACTIONS.setApiKey],
  );
}

export function abortedError(): InkwellError {
  return new InkwellError('aborted', 'Stopped', 'The response was stopped.');
}

/** Any thrown value as an InkwellError; unexpected ones keep their message for the log. */
export function asInkwellError(error: unknown): InkwellError {
  if (error instanceof InkwellError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new InkwellError('unknown', 'Unexpected error', message, [ACTIONS.retry]);
}

export function connectionError(host: string): InkwellError {
  return new InkwellError(
    'connection',
    'Cannot reach the API',
    `Could not connect to ${host}. Check your network or proxy, or the base URL setting.`,
    [ACTIONS.retry, ACTIONS.openBaseUrlSetting],
  );
}

export function droppedError(): InkwellError {
  return new InkwellError('dropped', 'Connection dropped', 'The connection closed in the middle of the answer. The partial answer is kept; Retry asks again.', [ACTIONS.retry]);
}

export function incompleteError(): InkwellError {
  return new InkwellError('incomplete', 'Answer incomplete', 'The stream ended before the API said the answer was finished, so it may be cut short. The partial answer is kept.', [ACTIONS.retry]);
}

/** The stream went silent (no bytes, not even pings) for longer than the idle timeout. */
export function stalledError(host: string, what: string): InkwellError {
  return new InkwellError(
    'stalled',
    'Stream stalled',
    `${host} sent nothing (${what}), so the request was closed. The partial answer is kept; Retry asks again, and inkwell.idleTimeoutSeconds sets the limit.`,
    [ACTIONS.retry],
  );
}

/** No response headers within the request timeout (the idle timeout covers the body). */
export function requestTimeoutError(host: string, timeoutMs: number): InkwellError {
  return new InkwellError(
    'timeout',
    'Request timed out',
    `${host} did not start answering within ${Math.round(timeoutMs / 1000)} s. Check your network or proxy, or the base URL setting.`,
    [ACTIONS.retry, ACTIONS.openBaseUrlSetting],
  );
}
