// Error responses as OpenAI-compatible endpoints shape them: `{"error":{"message","type","param",
// "code"}}` with an `x-request-id` header. Scenarios describe their failures with the Anthropic error
// types (apiErrors.ts); `openAIErrorFor` says the same failure in OpenAI's words, so one scenario
// table serves both wires.

import type { ApiErrorType } from './apiErrors';

export interface OpenAIErrorDetails {
  readonly status: number;
  readonly message: string;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
}

export interface OpenAIErrorBody {
  readonly error: { readonly message: string; readonly type: string; readonly param: string | null; readonly code: string | null };
}

export function openAIErrorBody(details: OpenAIErrorDetails): OpenAIErrorBody {
  const { message, type, param, code } = details;
  return { error: { message, type, param, code } };
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): OpenAIErrorDetails {
  return { status: 400, message, type: 'invalid_request_error', param, code };
}

/** The API's wording for an unknown or inaccessible model (a 404). */
export function modelNotFound(model: string): OpenAIErrorDetails {
  return {
    status: 404,
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
    type: 'invalid_request_error',
    param: null,
    code: 'model_not_found',
  };
}

/** The API shows only the ends of a rejected key. */
function maskKey(key: string): string {
  return key.length <= 8 ? `${key.slice(0, 2)}****` : `${key.slice(0, 3)}****${key.slice(-4)}`;
}

export function invalidApiKey(key: string): OpenAIErrorDetails {
  return {
    status: 401,
    message: `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  };
}

export const MISSING_API_KEY: OpenAIErrorDetails = {
  status: 401,
  message:
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
    '(i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you\'re accessing the API from your browser.',
  type: 'invalid_request_error',
  param: null,
  code: null,
};

/** The OpenAI type and code closest to each Anthropic error type a scenario may use. */
const OPENAI_SHAPE: Readonly<Record<ApiErrorType, { type: string; code: string | null }>> = {
  invalid_request_error: { type: 'invalid_request_error', code: null },
  authentication_error: { type: 'invalid_request_error', code: 'invalid_api_key' },
  billing_error: { type: 'insufficient_quota', code: 'insufficient_quota' },
  permission_error: { type: 'invalid_request_error', code: 'unsupported_country_region_territory' },
  not_found_error: { type: 'invalid_request_error', code: 'model_not_found' },
  request_too_large: { type: 'invalid_request_error', code: 'request_too_large' },
  rate_limit_error: { type: 'requests', code: 'rate_limit_exceeded' },
  api_error: { type: 'server_error', code: null },
  timeout_error: { type: 'server_error', code: 'timeout' },
  overloaded_error: { type: 'server_error', code: 'server_overloaded' },
};

/**
 * A scenario's failure (status, Anthropic type and message) as an OpenAI-compatible endpoint
 * reports it; the common ones in the API's own wording.
 */
export function openAIErrorFor(
  errorType: ApiErrorType,
  status: number,
  message: string,
  request: { readonly model: string; readonly apiKey: string },
): OpenAIErrorDetails {
  const { model } = request;
  switch (errorType) {
    case 'authentication_error':
      return { ...invalidApiKey(request.apiKey), status };
    case 'not_found_error':
      return { ...modelNotFound(model), status };
    case 'rate_limit_error':
      return {
        status,
        message: `Rate limit reached for ${model} on requests per min (RPM): Limit 50, Used 50, Requested 1. Please try again in 1s.`,
        ...OPENAI_SHAPE.rate_limit_error,
        param: null,
      };
    case 'overloaded_error':
      return { status, message: 'The server is overloaded or not ready yet.', ...OPENAI_SHAPE.overloaded_error, param: null };
    default:
      return { status, message, ...OPENAI_SHAPE[errorType], param: null };
  }
}

/**
 * A scenario's response headers for the OpenAI wire: retry hints pass through, Anthropic's
 * rate-limit headers become OpenAI's `x-ratelimit-*`.
 */
export function openAIHeadersFor(headers: Readonly<Record<string, string>> = {}): Record<string, string> {
  const translated: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('anthropic-')) translated[name] = value;
  }
  if (headers['anthropic-ratelimit-requests-limit'] !== undefined) {
    const retryAfter = headers['retry-after'] ?? '1';
    Object.assign(translated, {
      'x-ratelimit-limit-requests': headers['anthropic-ratelimit-requests-limit'],
      'x-ratelimit-remaining-requests': headers['anthropic-ratelimit-requests-remaining'] ?? '0',
      'x-ratelimit-reset-requests': `${retryAfter}s`,
      'x-ratelimit-limit-tokens': headers['anthropic-ratelimit-tokens-limit'] ?? '40000',
      'x-ratelimit-remaining-tokens': headers['anthropic-ratelimit-tokens-remaining'] ?? '0',
      'x-ratelimit-reset-tokens': `${retryAfter}s`,
    });
  }
  return translated;
}
