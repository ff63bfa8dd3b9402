import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { mapOpenAIError, type OpenAIErrorContext } from '../../src/providers/openaiErrors';
import { StreamStalledError } from '../../src/providers/idleTimeoutFetch';

const context: OpenAIErrorContext = { streamStarted: false, model: 'gpt-x', host: 'llm.example.test:8080', hasApiKey: true, timeoutMs: 120_000 };

/** An HTTP error built the way the SDK builds it from a response (`APIError.generate`). */
function httpError(status: number, error: { message: string; type: string; code?: string | null }, headers: Record<string, string> = {}) {
  return OpenAI.APIError.generate(status, { error: { param: null, code: null, ...error } }, undefined, new Headers({ 'x-request-id': 'req_42', ...headers }));
}

/** What the SDK's SSE reader throws for a `data: {"error": …}` chunk: no status, the body's error, the response headers. */
function midStreamError(error: Record<string, unknown>) {
  return new OpenAI.APIError(undefined, error, undefined, new Headers({ 'x-request-id': 'req_43' }));
}

describe('mapOpenAIError', () => {
  it('401 asks for a key for this endpoint, naming its host, with or without a stored key', () => {
    const rejected = mapOpenAIError(httpError(401, { message: 'Incorrect API key provided: sk-ab****wxyz.', type: 'invalid_request_error', code: 'invalid_api_key' }), context);
    assert.equal(rejected.kind, 'auth');
    assert.deepEqual(rejected.actions.map((a) => a.id), ['setApiKey']);
    assert.match(rejected.detail, /llm\.example\.test:8080 rejected the stored API key/);
    assert.equal(rejected.requestId, 'req_42');
    // The server's message may quote part of the key: it is not shown.
    assert.doesNotMatch(JSON.stringify(rejected.toView()), /sk-ab/);
    const missing = mapOpenAIError(httpError(401, { message: 'no key', type: 'invalid_request_error' }), { ...context, hasApiKey: false });
    assert.match(missing.detail, /needs an API key/);
  });

  it('404 with model_not_found names the model; a bare 404 may also be a wrong base URL', () => {
    const model = mapOpenAIError(httpError(404, { message: 'The model `gpt-x` does not exist', type: 'invalid_request_error', code: 'model_not_found' }), context);
    assert.equal(model.kind, 'modelNotFound');
    assert.match(model.detail, /gpt-x/);
    assert.deepEqual(model.actions.map((a) => a.id), ['openModelSetting']);
    const bare = mapOpenAIError(httpError(404, { message: 'Not Found', type: 'not_found' }), context);
    assert.equal(bare.kind, 'modelNotFound');
    assert.match(bare.detail, /base URL/);
    assert.deepEqual(bare.actions.map((a) => a.id), ['openModelSetting', 'openBaseUrlSetting']);
  });

  it('429 names the wait the endpoint asked for and carries it for the retry loop; insufficient_quota is billing', () => {
    const limited = mapOpenAIError(httpError(429, { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' }, { 'retry-after': '7' }), context);
    assert.equal(limited.kind, 'rateLimited');
    assert.match(limited.detail, /wait 7 s/);
    assert.deepEqual(limited.retry, { retryAfterMs: 7000 });
    const quota = mapOpenAIError(httpError(429, { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' }), context);
    assert.equal(quota.kind, 'billing');
  });

  it('an error chunk inside a 200 stream is a stream error that keeps the partial answer', () => {
    const e = mapOpenAIError(midStreamError({ message: 'The server is overloaded', type: 'server_error', param: null, code: null }), { ...context, streamStarted: true });
    assert.equal(e.kind, 'streamError');
    assert.match(e.detail, /server_error/);
    assert.match(e.detail, /The server is overloaded/);
    assert.match(e.detail, /partial answer is kept/);
    assert.equal(e.requestId, 'req_43');
    assert.ok(e.actions.some((a) => a.id === 'retry'));
  });

  it('connection failures before and after the answer started differ', () => {
    const refused = new OpenAI.APIConnectionError({ message: 'Connection error.' });
    assert.equal(mapOpenAIError(refused, context).kind, 'connection');
    assert.match(mapOpenAIError(refused, context).detail, /llm\.example\.test:8080/);
    assert.equal(mapOpenAIError(refused, { ...context, streamStarted: true }).kind, 'dropped');
    // What iterating the SDK's stream throws when the socket closes mid-body: undici's own TypeError.
    const terminated = new TypeError('terminated', { cause: new Error('other side closed') });
    assert.equal(mapOpenAIError(terminated, { ...context, streamStarted: true }).kind, 'dropped');
  });

  it('timeouts, aborts and unreadable streams map to their own kinds', () => {
    assert.equal(mapOpenAIError(new OpenAI.APIConnectionTimeoutError(), context).kind, 'timeout');
    // A stall after the headers, even wrapped by the SDK: its own kind, which is not retried by itself.
    const stall = mapOpenAIError(new OpenAI.APIConnectionError({ cause: new StreamStalledError(60_000) }), context);
    assert.deepEqual([stall.kind, stall.title, stall.actions.map((a) => a.id)], ['stalled', 'Stream stalled', ['retry']]);
    assert.equal(mapOpenAIError(new OpenAI.APIUserAbortError(), context).kind, 'aborted');
    const malformed = new SyntaxError('Error reading response: malformed server-sent event JSON.');
    assert.equal(mapOpenAIError(malformed, { ...context, streamStarted: true }).kind, 'streamError');
  });

  it('bad requests, oversized conversations, overload and server errors', () => {
    const bad = mapOpenAIError(httpError(400, { message: "Invalid 'messages': empty array.", type: 'invalid_request_error' }), context);
    assert.equal(bad.kind, 'badRequest');
    assert.match(bad.detail, /Invalid 'messages'/);
    assert.equal(mapOpenAIError(httpError(400, { message: 'too long', type: 'invalid_request_error', code: 'context_length_exceeded' }), context).kind, 'tooLarge');
    assert.equal(mapOpenAIError(httpError(413, { message: 'too large', type: 'invalid_request_error' }), context).kind, 'tooLarge');
    assert.equal(mapOpenAIError(httpError(503, { message: 'overloaded', type: 'server_error' }), context).kind, 'overloaded');
    assert.equal(mapOpenAIError(httpError(500, { message: 'boom', type: 'server_error' }), context).kind, 'server');
    assert.equal(mapOpenAIError(httpError(403, { message: 'region', type: 'invalid_request_error' }), context).kind, 'permission');
  });

  it('never speaks of Anthropic: every message names the endpoint', () => {
    const errors = [
      httpError(401, { message: 'x', type: 'invalid_request_error' }),
      httpError(404, { message: 'x', type: 'invalid_request_error', code: 'model_not_found' }),
      httpError(429, { message: 'x', type: 'requests' }),
      httpError(500, { message: 'x', type: 'server_error' }),
      httpError(503, { message: 'x', type: 'server_error' }),
      midStreamError({ message: 'x', type: 'server_error' }),
      new OpenAI.APIConnectionError({ message: 'Connection error.' }),
      new OpenAI.APIConnectionTimeoutError(),
    ];
    for (const error of errors) {
      const view = JSON.stringify(mapOpenAIError(error, context).toView());
      assert.doesNotMatch(view, /Anthropic/);
      assert.match(view, /llm\.example\.test:8080|gpt-x/);
    }
  });
});
