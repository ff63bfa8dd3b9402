import * as assert from 'node:assert/strict';
import { InkwellError, retriesExhaustedError, ACTIONS } from '../../src/core/errors';
import { backoffDelayMs, decideRetry, DEFAULT_RETRY_POLICY, retryHintFromHeaders, type RetryPolicy } from '../../src/core/retryPolicy';

const policy: RetryPolicy = DEFAULT_RETRY_POLICY;
const noJitter = () => 0;
const fullJitter = () => 0.999999;

function headers(values: Record<string, string>) {
  return (name: string) => values[name];
}

describe('retry policy', () => {
  it('backs off 0.5 s doubling to 8 s, and jitter only shortens the wait, by at most a quarter', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, noJitter)), [500, 1000, 2000, 4000, 8000, 8000, 8000]);
    assert.deepEqual([0, 4].map((n) => backoffDelayMs(n, policy, fullJitter)), [375, 6000]);
  });

  it('retries rate limits, overload, server and network failures; not auth, bad requests, billing or Stop', () => {
    for (const kind of ['rateLimited', 'overloaded', 'server', 'connection', 'timeout', 'dropped'] as const) {
      assert.deepEqual(decideRetry({ kind }, 0, policy, noJitter), { retry: true, delayMs: 500, fromServer: false }, kind);
    }
    // `stalled`: the stream went silent after its headers; the model may be generating the whole answer each time.
    for (const kind of ['auth', 'badRequest', 'billing', 'modelNotFound', 'tooLarge', 'streamError', 'incomplete', 'stalled', 'aborted', 'unknown'] as const) {
      assert.deepEqual(decideRetry({ kind }, 0, policy), { retry: false, why: 'notRetryable' }, kind);
    }
  });

  it('stops after maxRetries retries', () => {
    assert.equal(decideRetry({ kind: 'overloaded' }, 3, policy, noJitter).retry, true);
    assert.deepEqual(decideRetry({ kind: 'overloaded' }, 4, policy), { retry: false, why: 'exhausted' });
    assert.deepEqual(decideRetry({ kind: 'overloaded' }, 0, { ...policy, maxRetries: 0 }), { retry: false, why: 'exhausted' });
  });

  it('waits exactly what the server asks, and gives up on waits longer than a minute', () => {
    assert.deepEqual(decideRetry({ kind: 'rateLimited', retry: { retryAfterMs: 40 } }, 2, policy), { retry: true, delayMs: 40, fromServer: true });
    assert.deepEqual(decideRetry({ kind: 'rateLimited', retry: { retryAfterMs: 0 } }, 0, policy), { retry: true, delayMs: 0, fromServer: true });
    assert.deepEqual(decideRetry({ kind: 'rateLimited', retry: { retryAfterMs: 120_000 } }, 0, policy), { retry: false, why: 'waitTooLong' });
  });

  it('x-should-retry overrides the kind both ways', () => {
    assert.equal(decideRetry({ kind: 'badRequest', retry: { shouldRetry: true } }, 0, policy).retry, true);
    assert.deepEqual(decideRetry({ kind: 'overloaded', retry: { shouldRetry: false } }, 0, policy), { retry: false, why: 'notRetryable' });
    assert.deepEqual(decideRetry({ kind: 'aborted', retry: { shouldRetry: true } }, 0, policy), { retry: false, why: 'notRetryable' }, 'Stop is never undone');
  });

  it('reads retry-after-ms, retry-after in seconds or as a date, and x-should-retry', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    assert.deepEqual(retryHintFromHeaders(headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now), { retryAfterMs: 1500 });
    assert.deepEqual(retryHintFromHeaders(headers({ 'retry-after': '3' }), now), { retryAfterMs: 3000 });
    assert.deepEqual(retryHintFromHeaders(headers({ 'retry-after': 'Sat, 21 Nov 2026 10:00:05 GMT' }), now), { retryAfterMs: 5000 });
    assert.deepEqual(retryHintFromHeaders(headers({ 'retry-after': '0' }), now), {}, '0 says nothing: the backoff applies');
    assert.deepEqual(retryHintFromHeaders(headers({ 'retry-after': 'soon', 'x-should-retry': 'false' }), now), { shouldRetry: false });
    assert.deepEqual(retryHintFromHeaders(headers({ 'x-should-retry': 'true' }), now), { shouldRetry: true });
    assert.deepEqual(retryHintFromHeaders(headers({}), now), {});
  });

  it('names the attempts when retries ran out, keeping detail, request id and Retry', () => {
    const last = new InkwellError('overloaded', 'Anthropic is overloaded', 'The API is overloaded (529).', [ACTIONS.retry], 'req_9');
    const exhausted = retriesExhaustedError(last, 5);
    assert.equal(exhausted.title, 'Still overloaded after 5 attempts');
    assert.equal(exhausted.toView().detail, 'The API is overloaded (529). (request id req_9)');
    assert.deepEqual(exhausted.actions, [ACTIONS.retry]);
    assert.equal(retriesExhaustedError(new InkwellError('rateLimited', 'Rate limited', 'd'), 3).title, 'Still rate limited after 3 attempts');
    assert.deepEqual(retriesExhaustedError(new InkwellError('connection', 'x', 'd', [ACTIONS.openBaseUrlSetting]), 2).actions, [ACTIONS.retry, ACTIONS.openBaseUrlSetting]);
    assert.equal(retriesExhaustedError(last, 1), last, 'one attempt: the error as it was');
  });
});
