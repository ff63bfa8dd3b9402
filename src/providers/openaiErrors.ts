/**
 * Maps what the openai SDK throws to the user-facing `InkwellError`, by error class and the
 * structured `code` of the error body — never by message text. Messages name the endpoint's host:
 * an OpenAI-compatible endpoint may be OpenAI, a gateway, or a server on this machine.
 */
import OpenAI from 'openai';
import { ACTIONS, type ErrorKind, InkwellError, abortedError, connectionError, droppedError, requestTimeoutError, stalledError } from '../core/errors';
import { retryHintFromHeaders } from '../core/retryPolicy';
import { isStreamStall } from './idleTimeoutFetch';
import type { ErrorAction } from '../shared/transcript';

export interface OpenAIErrorContext {
  /** Whether the endpoint had answered 200 and the stream begun: decides "could not connect" vs "dropped". */
  readonly streamStarted: boolean;
  readonly model: string;
  /** Host of the endpoint, for the messages (never the key). */
  readonly host: string;
  /** False when no key is configured and the provider sent a placeholder. */
  readonly hasApiKey: boolean;
  /** The time allowed until response headers, named when it runs out. */
  readonly timeoutMs: number;
  /** Optional fields the request carried that some compatible servers refuse with a 400. */
  readonly optionalFields?: readonly ('tools' | 'stream_options')[];
}

/** The longest piece of a server's own error message shown to the user. */
const MAX_SERVER_MESSAGE = 300;

export function mapOpenAIError(error: unknown, context: OpenAIErrorContext): InkwellError {
  if (error instanceof InkwellError) return error;
  if (error instanceof OpenAI.APIUserAbortError) return abortedError();
  if (isStreamStall(error)) return stalledError(context.host, error.message);
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return requestTimeoutError(context.host, context.timeoutMs);
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return context.streamStarted ? droppedError() : connectionError(context.host);
  }
  if (error instanceof OpenAI.APIError) return fromApiError(error, context);
  if (error instanceof SyntaxError) {
    // The SDK throws a SyntaxError for an event whose data is not JSON.
    return new InkwellError(
      context.streamStarted ? 'streamError' : 'unknown',
      'Unreadable response',
      `${context.host} sent data that is not valid JSON, so the answer could not be read. Check that the base URL points at an OpenAI-compatible API.`,
      [ACTIONS.retry, ACTIONS.openBaseUrlSetting],
    );
  }
  if (error instanceof OpenAI.OpenAIError) {
    return context.streamStarted ? droppedError() : new InkwellError('unknown', 'Unexpected response', error.message, [ACTIONS.retry]);
  }
  // undici reports a socket closed mid-body as a TypeError ("terminated"), outside the SDK's classes.
  if (error instanceof Error) return context.streamStarted ? droppedError() : connectionError(context.host);
  return new InkwellError('unknown', 'Unexpected error', String(error), [ACTIONS.retry]);
}

function fromApiError(error: InstanceType<typeof OpenAI.APIError>, context: OpenAIErrorContext): InkwellError {
  const requestId = error.requestID ?? undefined;
  const serverMessage = serverMessageOf(error);
  const { host } = context;
  const hint = error.headers ? retryHintFromHeaders((name) => error.headers?.get(name)) : {};
  const make = (kind: ErrorKind, title: string, detail: string, actions: readonly ErrorAction[] = [ACTIONS.retry]) =>
    new InkwellError(kind, title, detail, actions, requestId, hint);

  if (error.status === undefined) {
    // A `data: {"error": …}` chunk inside a 200 stream.
    const what = error.type ?? error.code ?? 'an error';
    const said = serverMessage ? ` (“${serverMessage}”)` : '';
    return make('streamError', 'Answer interrupted', `${host} reported ${what}${said} in the middle of the answer. The partial answer is kept; Retry asks again.`);
  }
  if (error instanceof OpenAI.AuthenticationError) {
    // The server's message is left out: it may quote part of the key.
    const detail = context.hasApiKey
      ? `${host} rejected the stored API key (401). Set a valid key for this endpoint.`
      : `${host} needs an API key (401). Set one for this endpoint.`;
    return make('auth', 'API key rejected', detail, [ACTIONS.setApiKey]);
  }
  if (error instanceof OpenAI.PermissionDeniedError) {
    return make('permission', 'Permission denied', `This key may not use this at ${host} (403). ${serverMessage}`.trim(), [ACTIONS.setApiKey, ACTIONS.openModelSetting]);
  }
  if (error instanceof OpenAI.NotFoundError) {
    if (error.code === 'model_not_found') {
      return make('modelNotFound', 'Model not found', `The model “${context.model}” does not exist at ${host} or this key cannot use it (404). Choose another model.`, [ACTIONS.openModelSetting]);
    }
    // Without the API's code a 404 may also mean a base URL that misses the API's path (often /v1).
    return make(
      'modelNotFound',
      'Model or endpoint not found',
      `${host} answered 404: the model “${context.model}” does not exist there, or the base URL does not point at an OpenAI-compatible API (it usually ends in /v1).`,
      [ACTIONS.openModelSetting, ACTIONS.openBaseUrlSetting],
    );
  }
  if (error instanceof OpenAI.RateLimitError) {
    if (error.code === 'insufficient_quota') {
      return make('billing', 'Quota exhausted', `The account at ${host} has no quota left (429 insufficient_quota). ${serverMessage}`.trim(), []);
    }
    const when = hint.retryAfterMs ? ` The endpoint asks to wait ${Math.ceil(hint.retryAfterMs / 1000)} s.` : '';
    return make('rateLimited', 'Rate limited', `${host}’s rate limit was reached (429).${when}`);
  }
  if (error instanceof OpenAI.BadRequestError || error.status === 413) {
    if (error.status === 413 || error.code === 'context_length_exceeded') {
      return make('tooLarge', 'Request too large', `The conversation is too large for this model at ${host}. Start a new chat or send less code.`, []);
    }
    return make('badRequest', 'Request rejected', `${host} rejected the request (${error.status}): ${serverMessage || 'invalid request'}${capabilityHint(context)}`, [ACTIONS.openSettings]);
  }
  if (error.status === 503 || error.status === 529) {
    return make('overloaded', 'Endpoint overloaded', `${host} is overloaded (${error.status}). Try again in a moment.`);
  }
  if (error instanceof OpenAI.InternalServerError) {
    return make('server', 'Server error', `${host} failed (${error.status}${error.type ? ` ${error.type}` : ''}). Try again.`);
  }
  return make('unknown', `API error ${error.status}`, serverMessage || `${host} returned an error.`);
}

/**
 * Some compatible servers refuse the edit tool or `stream_options` with a 400. Which field it was
 * is only in the server's words, never branched on: the hint names the setting that leaves them out.
 */
function capabilityHint(context: OpenAIErrorContext): string {
  const fields = context.optionalFields ?? [];
  if (fields.length === 0) return '';
  const overrides = fields.map((f) => (f === 'tools' ? '"toolUse": false' : '"streamUsage": false')).join(', ');
  return ` If this endpoint does not support ${fields.map((f) => (f === 'tools' ? 'tool use' : 'usage in streams')).join(' or ')}, set inkwell.openai.capabilities to {${overrides}}.`;
}

/** The `message` of the error body, shortened; it is the server's text, shown but never branched on. */
function serverMessageOf(error: InstanceType<typeof OpenAI.APIError>): string {
  const body = error.error as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message.trim() : '';
  return message.length > MAX_SERVER_MESSAGE ? `${message.slice(0, MAX_SERVER_MESSAGE)}…` : message;
}
