// Error responses exactly as the Anthropic API shapes them, so client error handling is exercised
// against the real JSON and status codes rather than an approximation.

export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

/** The HTTP status the API pairs with each error type. */
export const STATUS_FOR_ERROR_TYPE: Readonly<Record<ApiErrorType, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export interface ApiErrorBody {
  readonly type: 'error';
  readonly error: { readonly type: ApiErrorType; readonly message: string };
  readonly request_id: string;
}

export function apiErrorBody(type: ApiErrorType, message: string, requestId: string): ApiErrorBody {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

/** Messages the real API uses for its common failures (wording copied from real responses). */
export const API_ERROR_MESSAGES = {
  missingApiKey: 'x-api-key header is required',
  invalidApiKey: 'invalid x-api-key',
  missingVersion: 'anthropic-version: header is required',
  rateLimited:
    'Number of requests has exceeded your per-minute rate limit (https://docs.claude.com/en/api/rate-limits); ' +
    'see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, ' +
    'or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your ' +
    'options for a rate limit increase.',
  overloaded: 'Overloaded',
  internal: 'Internal server error',
  notFound: 'Not found',
  bodyTooLarge: 'Request exceeds the maximum allowed number of bytes.',
} as const;

/**
 * Rate-limit headers as the API sends them with a 429: the request budget is spent and resets
 * `retryAfterSeconds` from now.
 */
export function rateLimitHeaders(retryAfterSeconds: number, now = Date.now()): Record<string, string> {
  const reset = new Date(now + retryAfterSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'retry-after': String(retryAfterSeconds),
    'anthropic-ratelimit-requests-limit': '50',
    'anthropic-ratelimit-requests-remaining': '0',
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-tokens-limit': '40000',
    'anthropic-ratelimit-tokens-remaining': '0',
    'anthropic-ratelimit-tokens-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': '30000',
    'anthropic-ratelimit-input-tokens-remaining': '0',
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-output-tokens-limit': '8000',
    'anthropic-ratelimit-output-tokens-remaining': '8000',
    'anthropic-ratelimit-output-tokens-reset': reset,
  };
}
