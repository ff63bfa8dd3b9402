import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { mapAnthropicError, type ErrorContext } from '../../src/providers/anthropicErrors';
import { StreamStalledError } from '../../src/providers/idleTimeoutFetch';

const context: ErrorContext = { streamStarted: false, model: 'claude-x', host: 'api.example.test', keyFromEnvironment: false, timeoutMs: 120_000 };

function apiError(status: number | undefined, type: string, headers: Record<string, string> = {}) {
  return Anthropic.APIError.generate(
    status,
    { type: 'error', error: { type, message: `${type} happened` } },
    undefined,
    new Headers({ 'request-id': 'req_42', ...headers }),
  );
}

describe('mapAnthropicError', () => {
  it('401 asks for a key, naming where the key came from', () => {
    const e = mapAnthropicError(apiError(401, 'authentication_error'), { ...context, keyFromEnvironment: true });
    assert.equal(e.kind, 'auth');
    assert.deepEqual(e.actions.map((a) => a.id), ['setApiKey']);
    assert.match(e.detail, /ANTHROPIC_API_KEY/);
    assert.equal(e.requestId, 'req_42');
  });

  it('404 names the model and opens the model setting', () => {
    const e = mapAnthropicError(apiError(404, 'not_found_error'), context);
    assert.equal(e.kind, 'modelNotFound');
    assert.match(e.detail, /claude-x/);
    assert.deepEqual(e.actions.map((a) => a.id), ['openModelSetting']);
  });

  it('429 names the wait the API asked for and carries it for the retry loop', () => {
    const e = mapAnthropicError(apiError(429, 'rate_limit_error', { 'retry-after': '7' }), context);
    assert.equal(e.kind, 'rateLimited');
    assert.match(e.detail, /wait 7 s/);
    assert.deepEqual(e.retry, { retryAfterMs: 7000 });
    const ms = mapAnthropicError(apiError(429, 'rate_limit_error', { 'retry-after-ms': '250', 'retry-after': '1' }), context);
    assert.deepEqual(ms.retry, { retryAfterMs: 250 }, 'retry-after-ms wins');
  });

  it('529 is overloaded, with the server’s x-should-retry', () => {
    const e = mapAnthropicError(apiError(529, 'overloaded_error', { 'x-should-retry': 'true' }), context);
    assert.equal(e.kind, 'overloaded');
    assert.equal(e.title, 'Anthropic is overloaded');
    assert.deepEqual(e.retry, { shouldRetry: true });
  });

  it('a stream silent after its headers is "stalled", apart from a request timeout (which is retried)', () => {
    const e = mapAnthropicError(new StreamStalledError(60_000), context);
    assert.equal(e.kind, 'stalled');
    assert.equal(e.title, 'Stream stalled');
    assert.match(e.detail, /api\.example\.test sent nothing \(no data for 60 s\)/);
    assert.deepEqual(e.actions.map((a) => a.id), ['retry']);
  });

  it('a request timeout names the host and the limit', () => {
    const e = mapAnthropicError(new Anthropic.APIConnectionTimeoutError(), context);
    assert.equal(e.kind, 'timeout');
    assert.equal(e.title, 'Request timed out');
    assert.match(e.detail, /api\.example\.test did not start answering within 120 s/);
  });

  it('an error event inside a 200 stream is a stream error, not an HTTP failure', () => {
    // Built the way the SDK's SSE reader builds it for `event: error`.
    const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    const midStream = new Anthropic.APIError(undefined, body, undefined, new Headers(), 'overloaded_error');
    const e = mapAnthropicError(midStream, { ...context, streamStarted: true });
    assert.equal(e.kind, 'streamError');
    assert.match(e.detail, /overloaded/);
    assert.match(e.detail, /partial answer is kept/);
  });

  it('connection failures before and after the answer started differ', () => {
    const refused = new Anthropic.APIConnectionError({ message: 'Connection error.' });
    assert.equal(mapAnthropicError(refused, context).kind, 'connection');
    assert.match(mapAnthropicError(refused, context).detail, /api\.example\.test/);
    assert.equal(mapAnthropicError(refused, { ...context, streamStarted: true }).kind, 'dropped');
    assert.equal(mapAnthropicError(new TypeError('terminated'), { ...context, streamStarted: true }).kind, 'dropped');
    // What the SDK's iterator throws when the socket closes mid-body.
    const wrapped = new Anthropic.AnthropicError('terminated', { cause: new TypeError('terminated') });
    assert.equal(mapAnthropicError(wrapped, { ...context, streamStarted: true }).kind, 'dropped');
  });

  it('a user abort is not an error', () => {
    assert.equal(mapAnthropicError(new Anthropic.APIUserAbortError(), context).kind, 'aborted');
  });

  it('timeouts, bad requests and server errors map to their own kinds', () => {
    assert.equal(mapAnthropicError(new Anthropic.APIConnectionTimeoutError(), context).kind, 'timeout');
    assert.equal(mapAnthropicError(apiError(400, 'invalid_request_error'), context).kind, 'badRequest');
    assert.equal(mapAnthropicError(apiError(500, 'api_error'), context).kind, 'server');
    assert.equal(mapAnthropicError(apiError(402, 'billing_error'), context).kind, 'billing');
  });

  it('never leaks the key into the message', () => {
    const e = mapAnthropicError(apiError(401, 'authentication_error'), context);
    assert.doesNotMatch(JSON.stringify(e.toView()), /sk-ant/);
  });
});
