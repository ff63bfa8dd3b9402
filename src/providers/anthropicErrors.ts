/**
 * Maps what the Anthropic SDK throws to the user-facing `InkwellError`, by error class and the
 * API's `error.type` — never by message text, whose wording the SDK says may change.
 */
import Anthropic from '@anthropic-ai/sdk';
import { isStreamStall } from './idleTimeoutFetch';
import type { ErrorAction } from '../shared/transcript';
import { ACTIONS, type ErrorKind, InkwellError, abortedError, connectionError, droppedError, requestTimeoutError, stalledError } from '../core/errors';
import { retryHintFromHeaders } from '../core/retryPolicy';

export interface ErrorContext {
  /** Whether any event of the answer had arrived: decides "could not connect" vs "dropped". */
  readonly streamStarted: boolean;
  readonly model: string;
  /** Host of the API, for "could not reach …" (never the key). */
  readonly host: string;
  readonly keyFromEnvironment: boolean;
  /** The time allowed until response headers, named when it runs out. */
  readonly timeoutMs: number;
}

export function mapAnthropicError(error: unknown, context: ErrorContext): InkwellError {
  if (error instanceof InkwellError) return error;
  if (error instanceof Anthropic.APIUserAbortError) return abortedError();
  if (isStreamStall(error)) return stalledError(context.host, error.message);
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return requestTimeoutError(context.host, context.timeoutMs);
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return context.streamStarted ? droppedError() : connectionError(context.host);
  }
  if (error instanceof Anthropic.APIError) return fromApiError(error, context);
  if (error instanceof Anthropic.AnthropicError) {
    // While iterating, the SDK wraps a socket closed mid-body ("terminated") in a plain
    // AnthropicError. A body that ends cleanly without message_stop does not throw at all: the
    // provider detects that itself and reports `incomplete`.
    return context.streamStarted ? droppedError() : new InkwellError('unknown', 'Unexpected response', error.message, [ACTIONS.retry]);
  }
  // undici reports a socket closed mid-body as a TypeError ("terminated") outside the SDK's classes.
  if (error instanceof Error && context.streamStarted) return droppedError();
  if (error instanceof Error) return connectionError(context.host);
  return new InkwellError('unknown', 'Unexpected error', String(error), [ACTIONS.retry]);
}

function fromApiError(error: InstanceType<typeof Anthropic.APIError>, context: ErrorContext): InkwellError {
  const requestId = error.requestID ?? undefined;
  const apiMessage = error.apiMessage ?? '';
  const hint = error.headers ? retryHintFromHeaders((name) => error.headers?.get(name)) : {};
  const make = (kind: ErrorKind, title: string, detail: string, actions: readonly ErrorAction[] = [ACTIONS.retry]) =>
    new InkwellError(kind, title, detail, actions, requestId, hint);

  if (error.status === undefined) {
    // An `error` event inside a 200 stream.
    const what = error.type === 'overloaded_error' ? 'Anthropic is overloaded' : `The API reported ${error.type ?? 'an error'}`;
    return make('streamError', 'Answer interrupted', `${what} in the middle of the answer. The partial answer is kept; Retry asks again.`);
  }
  if (error instanceof Anthropic.AuthenticationError) {
    const where = context.keyFromEnvironment ? 'The key from ANTHROPIC_API_KEY' : 'The stored API key';
    return make('auth', 'API key rejected', `${where} was rejected (401). Set a valid Anthropic API key.`, [ACTIONS.setApiKey]);
  }
  if (error instanceof Anthropic.PermissionDeniedError) {
    return make('permission', 'Permission denied', `This key may not use this (403). ${apiMessage}`.trim(), [ACTIONS.setApiKey, ACTIONS.openModelSetting]);
  }
  if (error instanceof Anthropic.PaymentRequiredError || error.type === 'billing_error') {
    return make('billing', 'Billing problem', `The account cannot be billed (402). ${apiMessage}`.trim(), []);
  }
  if (error instanceof Anthropic.NotFoundError) {
    return make('modelNotFound', 'Model not found', `The model “${context.model}” does not exist or this key cannot use it (404). Choose another model.`, [ACTIONS.openModelSetting]);
  }
  if (error instanceof Anthropic.ContentTooLargeError) {
    return make('tooLarge', 'Request too large', 'The conversation is too large for one request (413). Start a new chat or send less code.', []);
  }
  if (error instanceof Anthropic.RateLimitError) {
    const when = hint.retryAfterMs ? ` The API asks to wait ${Math.ceil(hint.retryAfterMs / 1000)} s.` : '';
    return make('rateLimited', 'Rate limited', `Anthropic’s rate limit was reached (429).${when}`);
  }
  if (error.status === 529 || error.type === 'overloaded_error') {
    return make('overloaded', 'Anthropic is overloaded', 'The API is overloaded (529). Try again in a moment.');
  }
  if (error instanceof Anthropic.BadRequestError) {
    return make('badRequest', 'Request rejected', `The API rejected the request (400): ${apiMessage || 'invalid request'}`, [ACTIONS.openSettings]);
  }
  if (error.status >= 500) {
    return make('server', 'Anthropic server error', `The API failed (${error.status}${error.type ? ` ${error.type}` : ''}). Try again.`);
  }
  return make('unknown', `API error ${error.status}`, apiMessage || 'The API returned an error.');
}
