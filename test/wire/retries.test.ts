/**
 * Visible retries over real HTTP, with the real SDKs (their own retries off): a request that fails
 * before its answer starts is sent again after the wait the server asked for, the chat shows the
 * wait and can cut it short or cancel it, and a failure after the answer started is final and
 * keeps the partial answer. What a retry does to proposals and history, non-streaming mode, the
 * buffered-stream note and the log line are in `retryOutcomes.test.ts`.
 */
import * as assert from 'node:assert/strict';
import { RetryingRequest, type RetryWait } from '../../src/chat/retryingRequest';
import { ChatRegistry } from '../../src/chat/chatRegistry';
import { summarizeStreaming } from '../../src/host/streamingSummary';
import { DEFAULT_RETRY_POLICY } from '../../src/core/retryPolicy';
import type { TurnEvent } from '../../src/core/turnEvents';
import { AnthropicProvider } from '../../src/providers/anthropicProvider';
import { OpenAICompatibleProvider } from '../../src/providers/openaiProvider';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { OPENAI_BASE_PATH } from '../fake/openaiEndpoint';
import { EXPECTED } from '../fake/scenarioTexts';
import { useGreetWorkspace } from './support/greetWorkspace';
import { errorOf, makeChat as harnessChat, MODEL, retryDeltas, stepsOf, textOf, view } from './support/retryHarness';
import { ChatController, type TurnEndedEvent } from '../../src/chat/chatController';
import type { InkwellError } from '../../src/core/errors';
import type { HostToWebview } from '../../src/shared/protocol';
import type { AssistantTurnView } from '../../src/shared/transcript';

describe('visible retries over real HTTP (wire)', function () {
  let server: FakeAnthropicServer;
  const ws = useGreetWorkspace('inkwell-retry-');
  before(async () => (server = await startFakeAnthropicServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  const makeChat = (options: Parameters<typeof harnessChat>[2] = {}) => harnessChat(server, ws, options);


  it('429 then success: waits the retry-after-ms the server asked for, shows the wait, then the answer', async () => {
    const h = makeChat();
    server.enqueue('rate-limited:40', 'text-with-pings');
    const ended = await h.chat.send('go');
    assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
    assert.equal(textOf(view(h, ended)), EXPECTED.textWithPings);
    assert.deepEqual(server.requests.map((r) => r.scenario), ['rate-limited', 'text-with-pings']);
    const gap = server.requests[1]!.receivedAt - server.requests[0]!.receivedAt;
    assert.ok(gap >= 40 && gap < 1000, `retried ${gap} ms later, as asked (40 ms)`);

    const [shown, cleared, ...rest] = retryDeltas(h);
    assert.equal(rest.length, 0);
    assert.ok(shown?.wait, 'the wait was shown');
    assert.deepEqual({ ...shown.wait, retryInMs: undefined }, { title: 'Rate limited', attempt: 2, maxAttempts: 5, retryInMs: undefined });
    assert.ok(shown.wait.retryInMs <= 40 && shown.wait.retryInMs >= 0, String(shown.wait.retryInMs));
    assert.equal(cleared?.wait, undefined, 'and taken away before the next attempt');
    assert.equal(view(h, ended).retryWait, undefined);

    const step = stepsOf(ended)[0]!;
    assert.equal(step.timings.retries, 1);
    assert.deepEqual(step.retryLog, [{ attempt: 1, kind: 'rateLimited', delayMs: 40, fromServer: true, requestId: 'req_fake_1' }]);
    const line = h.logs.find((l) => l.includes('step 1: done'));
    assert.match(line ?? '', /request req_fake_2 · model claude-fake-1 · first token \d+ms · total \d+ms · tokens in \d+ out \d+ .* · retries 1 \(rateLimited req_fake_1, waited 40ms as asked\) · stop end_turn/);
  });

  it('529 until retries run out: every attempt made, then "Still overloaded after N attempts" with Retry', async () => {
    const h = makeChat({ maxRetries: 3 });
    const ended = await h.chat.send('[[scenario:overloaded:15]] go');
    assert.equal(server.requests.length, 4);
    const error = errorOf(ended);
    assert.equal(error?.kind, 'overloaded');
    const shown = view(h, ended).error!;
    assert.equal(shown.title, 'Still overloaded after 4 attempts');
    assert.match(shown.detail, /overloaded \(529\).*request id req_fake_4/);
    assert.deepEqual(shown.actions.map((a) => a.id), ['retry']);
    assert.deepEqual(retryDeltas(h).filter((d) => d.wait).map((d) => d.wait!.attempt), [2, 3, 4]);
    assert.match(h.logs.join('\n'), /retries 3 \(overloaded req_fake_1, waited 15ms as asked; overloaded req_fake_2, .*; overloaded req_fake_3, waited 15ms as asked\)/);
  });

  it('no retry after the answer started: mid-stream error, dropped socket, EOF without message_stop, stall after the first event', async () => {
    for (const [scenario, kind, partial] of [
      ['error-mid-stream', 'streamError', EXPECTED.errorMidStream],
      ['drop-mid-stream', 'dropped', EXPECTED.dropMidStream],
      ['eof-without-stop', 'incomplete', EXPECTED.eofWithoutStop],
      ['stall-mid-stream', 'stalled', EXPECTED.stallMidStream],
    ] as const) {
      server.reset();
      const h = makeChat({ idleTimeoutMs: 300 });
      server.enqueue(scenario, 'text-with-pings');
      const ended = await h.chat.send('go');
      assert.equal(errorOf(ended)?.kind, kind, scenario);
      assert.equal(server.requests.length, 1, `${scenario}: not sent again`);
      assert.equal(textOf(view(h, ended)), partial, `${scenario}: partial answer kept`);
      assert.ok(view(h, ended).error?.actions.some((a) => a.id === 'retry'), `${scenario}: Retry offered`);
      assert.equal(retryDeltas(h).length, 0);
    }
  });

  it('a connection refused is retried, then named with its attempts', async () => {
    const provider = new AnthropicProvider({ apiKey: 'test-key', baseUrl: 'http://127.0.0.1:9' });
    const waits: RetryWait[] = [];
    const request = new RetryingRequest(provider, { model: MODEL, maxTokens: 64, stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }, {
      policy: { ...DEFAULT_RETRY_POLICY, maxRetries: 2, initialDelayMs: 5 },
      onWait: (w) => w && waits.push(w),
    });
    const error = await request.send(() => {}, new AbortController().signal).then(() => undefined, (e: InkwellError) => e);
    assert.equal(error?.kind, 'connection');
    assert.equal(error?.title, 'Still cannot connect after 3 attempts');
    assert.deepEqual(waits.map((w) => [w.title, w.attempt]), [['Cannot reach the API', 2], ['Cannot reach the API', 3]]);
  });

  it('500, 502, 503 and 504 are each retried with the backoff; the answer then arrives', async () => {
    const provider = new AnthropicProvider({ apiKey: 'test-key', baseUrl: server.url });
    server.enqueue('server-error', 'server-error:502', 'server-error:503', 'server-error:504', 'text-with-pings');
    const events: TurnEvent[] = [];
    const request = new RetryingRequest(provider, { model: MODEL, maxTokens: 64, stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }, {
      policy: { ...DEFAULT_RETRY_POLICY, initialDelayMs: 5, maxDelayMs: 20 },
    });
    await request.send((e) => events.push(e), new AbortController().signal);
    assert.equal(events[events.length - 1]?.type, 'messageComplete');
    assert.deepEqual(request.retries.map((r) => [r.kind, r.fromServer]), Array(4).fill(['server', false]));
    assert.equal(server.requests.length, 5);
  });

  it('no response headers within the request timeout: a named timeout, retried, for both providers', async () => {
    const providers = [
      new AnthropicProvider({ apiKey: 'test-key', baseUrl: server.url, timeoutMs: 1000 }),
      new OpenAICompatibleProvider({ apiKey: 'test-key', baseUrl: `${server.url}${OPENAI_BASE_PATH}`, timeoutMs: 1000 }),
    ];
    for (const [i, provider] of providers.entries()) {
      server.reset();
      // The fake server sends its headers with the first body bytes, which a buffered stream holds back for 5 s.
      const model = i === 0 ? MODEL : 'gpt-fake-1';
      const request = new RetryingRequest(provider, { model, maxTokens: 64, stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: '[[scenario:buffered-stream:5000]]' }] }] }, {
        policy: { ...DEFAULT_RETRY_POLICY, maxRetries: 1, initialDelayMs: 5 },
      });
      const error = await request.send(() => {}, new AbortController().signal).then(() => undefined, (e: InkwellError) => e);
      assert.equal(error?.kind, 'timeout');
      assert.equal(error?.title, 'Still timing out after 2 attempts');
      assert.match(error?.detail ?? '', /127\.0\.0\.1:\d+ did not start answering within 1 s/);
      assert.equal(server.requests.length, 2);
      assert.deepEqual(await Promise.all(server.requests.map((r) => r.ended)), ['client-closed', 'client-closed'], 'each timed-out request was closed');
    }
  });

  it('a stream that stalls after its headers is not sent again by itself (a buffering proxy may be billing a whole answer), for both providers; Retry stays offered', async () => {
    for (const openai of [false, true]) {
      server.reset();
      const h = makeChat({ idleTimeoutMs: 300, openai });
      server.enqueue('buffered-after-headers:5000', 'text-with-pings');
      const ended = await h.chat.send('go');
      const error = errorOf(ended);
      assert.equal(error?.kind, 'stalled', JSON.stringify(ended.outcome));
      assert.equal(server.requests.length, 1, `${openai ? 'openai' : 'anthropic'}: not sent again`);
      assert.equal(retryDeltas(h).length, 0, 'no countdown');
      const shown = view(h, ended).error!;
      assert.equal(shown.title, 'Stream stalled');
      assert.match(shown.detail, /sent nothing \(no data for 0 s\), so the request was closed\. The partial answer is kept; Retry asks again, and inkwell\.idleTimeoutSeconds sets the limit\./);
      assert.deepEqual(shown.actions.map((a) => a.id), ['retry']);
      // The Retry action asks again, by hand.
      const retried = new Promise<TurnEndedEvent>((resolve) => {
        const sub = h.chat.onDidEndTurn((e) => {
          if (e.turnId === ended.turnId) return;
          sub.dispose();
          resolve(e);
        });
      });
      h.chat.retry(ended.turnId);
      assert.equal((await retried).outcome.status, 'done');
      assert.equal(server.requests.length, 2);
    }
  });

  it('a key changed during a retry wait applies to the next attempt; the turn keeps its model', async () => {
    let key = 'test-key';
    let model = MODEL;
    let resolves = 0;
    const chat = new ChatController({
      resolveProvider: async () => {
        resolves++;
        return { provider: new AnthropicProvider({ apiKey: key, baseUrl: server.url }), model, maxTokens: 1024, stream: true, maxRetries: 4 };
      },
      keySource: () => 'secretStorage',
      loadConversation: () => undefined,
      saveConversation: () => {},
      newId: (() => {
        let id = 0;
        return () => `k${++id}`;
      })(),
      log: { info: () => {}, warn: () => {} },
    });
    const posted: HostToWebview[] = [];
    chat.channel.attach({ visible: true, postMessage: (m) => posted.push(m) });
    chat.channel.sendSnapshot();
    server.enqueue('overloaded-once:300', 'text-with-pings');
    const done = chat.send('go');
    const waiting = () => posted.some((m) => m.type === 'deltas' && m.deltas.some((d) => d.type === 'retryWait' && d.wait));
    while (!waiting()) await new Promise((r) => setTimeout(r, 5));
    // The user sets a new key (and another model) while the countdown runs.
    key = 'rotated-key';
    model = 'claude-other-model';
    const ended = await done;
    assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
    assert.deepEqual(server.requests.map((r) => r.headers.authorization), ['Bearer test-key', 'Bearer rotated-key']);
    assert.deepEqual(server.requests.map((r) => r.body.model), [MODEL, MODEL], 'the turn keeps the model it began with');
    assert.equal(resolves, 2, 'resolved once for the turn and once for the retry');
  });

  it('the status bar says an answer waits to retry, and is told when the wait begins and ends', async () => {
    const h = makeChat();
    const registry = new ChatRegistry();
    registry.add({ name: 'Chat', chat: h.chat });
    const seen: string[] = [];
    registry.onDidChangeStreaming(() => seen.push(summarizeStreaming(registry.streaming())?.text ?? 'hidden'));
    server.enqueue('overloaded-once:300', 'text-with-pings');
    const done = h.chat.send('go');
    while (!retryDeltas(h).some((d) => d.wait)) await new Promise((r) => setTimeout(r, 5));
    const during = summarizeStreaming(registry.streaming())!;
    assert.equal(during.text, '$(clock) Claude: waiting to retry');
    assert.match(during.tooltip, /• Chat: go \(retrying in [01] s\)/);
    assert.equal((await done).outcome.status, 'done');
    assert.deepEqual(seen, ['$(loading~spin) Claude: answering', '$(clock) Claude: waiting to retry', '$(loading~spin) Claude: answering', 'hidden']);
    registry.dispose();
  });

  it('Cancel during the wait stops the turn at once: no further request, the notice gone', async () => {
    const h = makeChat();
    const done = h.chat.send('[[scenario:overloaded:5000]] go');
    await server.waitForRequests(1);
    while (!retryDeltas(h).some((d) => d.wait)) await new Promise((r) => setTimeout(r, 5));
    const waiting = h.chat.state().turns.find((t) => t.role === 'assistant') as AssistantTurnView;
    assert.equal(waiting.retryWait?.title, 'Anthropic is overloaded', 'a snapshot during the wait shows it too');
    assert.ok(waiting.retryWait!.retryInMs > 4000 && waiting.retryWait!.retryInMs <= 5000);
    const stoppedAt = Date.now();
    h.chat.stop();
    const ended = await done;
    assert.equal(ended.outcome.status, 'stopped');
    assert.ok(Date.now() - stoppedAt < 200);
    assert.equal(view(h, ended).retryWait, undefined);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(server.requests.length, 1, 'no retry after Cancel');
  });

  it('Retry now ends the wait at once and the answer arrives', async () => {
    const h = makeChat();
    const started = Date.now();
    const done = h.chat.send('[[scenario:overloaded-once:5000]] go');
    while (!retryDeltas(h).some((d) => d.wait)) await new Promise((r) => setTimeout(r, 5));
    h.chat.retryNow(h.chat.state().streamingTurnId!);
    const ended = await done;
    assert.equal(ended.outcome.status, 'done');
    assert.equal(textOf(view(h, ended)), EXPECTED.rateLimitedOnce);
    assert.ok(Date.now() - started < 3000, 'did not wait the 5 s');
    assert.equal(server.requests.length, 2);
  });

});
