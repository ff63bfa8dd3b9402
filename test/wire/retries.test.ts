/**
 * Visible retries over real HTTP, with the real SDKs (their own retries off): a request that fails
 * before its answer starts is sent again after the wait the server asked for, the chat shows the
 * wait and can cut it short or cancel it, and a failure after the answer started is final, keeps
 * the partial answer, and never duplicates or re-applies a proposal. Also the buffered-stream
 * note, non-streaming mode through the same path, and the per-request log line.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ChatController, type ResolvedProvider, type TurnEndedEvent } from '../../src/chat/chatController';
import { RetryingRequest, type RetryWait } from '../../src/chat/retryingRequest';
import { ChatRegistry } from '../../src/chat/chatRegistry';
import { summarizeStreaming } from '../../src/host/streamingSummary';
import type { InkwellError } from '../../src/core/errors';
import { DEFAULT_RETRY_POLICY } from '../../src/core/retryPolicy';
import type { TurnEvent } from '../../src/core/turnEvents';
import { AnthropicProvider } from '../../src/providers/anthropicProvider';
import { OpenAICompatibleProvider } from '../../src/providers/openaiProvider';
import type { HostToWebview, TranscriptDelta } from '../../src/shared/protocol';
import type { AssistantTurnView, ProposalView } from '../../src/shared/transcript';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { OPENAI_BASE_PATH } from '../fake/openaiEndpoint';
import { EXPECTED } from '../fake/scenarioTexts';
import { fsApplier, fsToolHost } from './support/fsToolHost';
import { useGreetWorkspace } from './support/greetWorkspace';

const MODEL = 'claude-fake-1';

interface Harness {
  chat: ChatController;
  posted: HostToWebview[];
  logs: string[];
}

describe('visible retries over real HTTP (wire)', function () {
  let server: FakeAnthropicServer;
  const ws = useGreetWorkspace('inkwell-retry-');
  before(async () => (server = await startFakeAnthropicServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  function makeChat(options: Partial<ResolvedProvider> & { idleTimeoutMs?: number; openai?: boolean } = {}): Harness {
    let id = 0;
    const newId = () => `id${++id}`;
    const posted: HostToWebview[] = [];
    const logs: string[] = [];
    const provider = options.openai
      ? new OpenAICompatibleProvider({ baseUrl: `${server.url}${OPENAI_BASE_PATH}`, apiKey: 'test-key', idleTimeoutMs: options.idleTimeoutMs })
      : new AnthropicProvider({ apiKey: 'test-key', baseUrl: server.url, idleTimeoutMs: options.idleTimeoutMs });
    const chat = new ChatController({
      resolveProvider: async () => ({ provider, model: options.openai ? 'gpt-fake-1' : MODEL, maxTokens: 1024, stream: true, maxRetries: 4, ...options }),
      keySource: () => 'secretStorage',
      loadConversation: () => undefined,
      saveConversation: () => {},
      newId,
      log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
      toolHost: fsToolHost({ path: ws.root, name: 'ws' }, newId),
      applier: fsApplier,
    });
    chat.channel.attach({ visible: true, postMessage: (m) => posted.push(m) });
    chat.channel.sendSnapshot();
    return { chat, posted, logs };
  }

  const view = (h: Harness, e: TurnEndedEvent) => h.chat.state().turns.find((t) => t.id === e.turnId) as AssistantTurnView;
  const textOf = (v: AssistantTurnView) => v.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('');
  const deltasOf = (h: Harness) => h.posted.flatMap((m) => (m.type === 'deltas' ? m.deltas : [])) as TranscriptDelta[];
  const retryDeltas = (h: Harness) => deltasOf(h).filter((d): d is Extract<TranscriptDelta, { type: 'retryWait' }> => d.type === 'retryWait');
  const errorOf = (e: TurnEndedEvent): InkwellError | undefined => (e.outcome.status === 'error' ? e.outcome.error : undefined);
  const stepsOf = (e: TurnEndedEvent) => ('steps' in e.outcome ? e.outcome.steps : []);
  const allProposals = (h: Harness): ProposalView[] =>
    h.chat.state().turns.flatMap((t) => (t.role === 'assistant' ? t.blocks.flatMap((b) => (b.kind === 'toolUse' && b.proposal ? [b.proposal] : [])) : []));

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

  it('a tool-use answer that fails, then Retry: one proposal, never a duplicate, applied once', async () => {
    const h = makeChat();
    server.enqueue('drop-mid-tool', 'tool-edit');
    const failed = await h.chat.send('make it friendlier');
    assert.equal(errorOf(failed)?.kind, 'dropped');
    assert.equal(server.requests.length, 1, 'a tool call cut off is not retried behind the user’s back');
    assert.deepEqual(allProposals(h), [], 'a cut-off tool call proposes nothing');

    const retried = new Promise<TurnEndedEvent>((resolve) => {
      const sub = h.chat.onDidEndTurn((e) => {
        if (e.turnId === failed.turnId) return;
        sub.dispose();
        resolve(e);
      });
    });
    h.chat.retry(failed.turnId);
    const second = await retried;
    assert.equal(second.outcome.status, 'done');
    const proposals = allProposals(h);
    assert.equal(proposals.length, 1, JSON.stringify(proposals));
    assert.equal(proposals[0]!.status, 'pending');
    assert.equal(await h.chat.acceptProposal(proposals[0]!.id), 'accepted');
    assert.equal(await h.chat.acceptProposal(proposals[0]!.id), 'accepted', 'a second Accept changes nothing');
    assert.equal(fs.readFileSync(ws.greet, 'utf8'), EXPECTED.toolEdit.fileAfter, 'the edit applied exactly once');
    // The retried exchange is a new request: the failed answer stays in view, but leaves the history.
    const sent = server.requests[1]!.body.messages as { role: string; content: { type: string; text?: string }[] }[];
    assert.deepEqual(sent.map((m) => [m.role, m.content.map((c) => c.text)]), [['user', ['make it friendlier']]]);
    assert.equal(h.chat.state().turns.filter((t) => t.role === 'user' && t.text === 'make it friendlier').length, 2, 'both exchanges shown');
  });

  it('Retry of an answer that failed before any text sends the question once, and later requests leave the failed exchange out', async () => {
    const h = makeChat({ maxRetries: 0 });
    server.enqueue('server-error', 'text-with-pings', 'text-with-pings');
    const failed = await h.chat.send('what is a monad?');
    assert.equal(errorOf(failed)?.kind, 'server');
    const retried = new Promise<TurnEndedEvent>((resolve) => {
      const sub = h.chat.onDidEndTurn((e) => {
        if (e.turnId === failed.turnId) return;
        sub.dispose();
        resolve(e);
      });
    });
    h.chat.retry(failed.turnId);
    assert.equal((await retried).outcome.status, 'done');
    const texts = (i: number) => server.requests[i]!.body.messages.flatMap((m: { content: { type: string; text?: string }[] }) => m.content.map((c) => c.text ?? c.type));
    assert.deepEqual(texts(1), ['what is a monad?'], 'the question once, not merged with its failed copy');
    await h.chat.send('thanks');
    assert.deepEqual(texts(2), ['what is a monad?', EXPECTED.textWithPings, 'thanks']);
    assert.equal(view(h, failed).error?.title, 'Anthropic server error', 'the failed answer stays as it was');
  });

  it('retries inside a tool loop neither repeat a tool call nor shift the blocks', async () => {
    const h = makeChat();
    server.enqueue('rate-limited:10', 'tool-edit');
    const first = await h.chat.send('edit please');
    assert.equal(first.outcome.status, 'done');
    const answer = view(h, first);
    assert.deepEqual(answer.blocks.map((b) => b.kind), ['text', 'toolUse']);
    assert.equal(allProposals(h).length, 1);

    server.enqueue('view-file', 'overloaded-once:10');
    const second = await h.chat.send('look first');
    assert.equal(second.outcome.status, 'done', JSON.stringify(second.outcome));
    assert.deepEqual(server.requests.slice(2).map((r) => r.scenario), ['view-file', 'overloaded-once', 'overloaded-once']);
    const steps = stepsOf(second);
    assert.deepEqual(steps.map((s) => s.timings.retries), [0, 1]);
    // The retried step-2 request carried the view result exactly once.
    const lastUser = server.requests[4]!.body.messages.at(-1);
    assert.equal(lastUser.content.filter((c: { type: string }) => c.type === 'tool_result').length, 1);
    assert.equal(allProposals(h).length, 1, 'no proposal added or repeated');
  });

  it('non-streaming: same answer, errors, usage, proposals and retries', async () => {
    const h = makeChat({ stream: false });
    server.enqueue('rate-limited:10', 'tool-edit');
    const ended = await h.chat.send('edit please');
    assert.equal(ended.outcome.status, 'done');
    assert.equal(server.requests.every((r) => r.body.stream !== true), true);
    const answer = view(h, ended);
    assert.equal(textOf(answer), EXPECTED.toolEdit.text);
    assert.equal(allProposals(h).length, 1);
    assert.match(answer.usageSummary ?? '', /\d+ in · \d+ out/);
    assert.equal(stepsOf(ended)[0]!.timings.retries, 1);
    assert.equal(answer.note, undefined, 'a whole answer at once is no sign of buffering when streaming is off');

    server.enqueue('drop-mid-stream', 'unauthorized');
    const failed = await h.chat.send('again');
    assert.equal(errorOf(failed)?.kind, 'auth', 'a dropped connection before any answer is retried, then the next failure shows');
  });

  it('a stream that a proxy buffered gets a note pointing at inkwell.stream; a real stream does not', async () => {
    const h = makeChat();
    server.enqueue('buffered-stream:1200', 'text-with-pings');
    const buffered = await h.chat.send('hi');
    assert.equal(buffered.outcome.status, 'done');
    assert.equal(textOf(view(h, buffered)), EXPECTED.bufferedStream);
    const note = view(h, buffered).note;
    assert.match(note?.text ?? '', /arrived all at once after 1 s.*inkwell\.stream/);
    assert.deepEqual(note?.actions.map((a) => a.id), ['openStreamSetting']);
    const endedDelta = deltasOf(h).find((d) => d.type === 'turnEnded' && d.turnId === buffered.turnId);
    assert.deepEqual(endedDelta?.type === 'turnEnded' && endedDelta.note, note, 'the webview gets the note with the end of the turn');

    const streamed = await h.chat.send('again');
    assert.equal(view(h, streamed).note, undefined);
  });

  it('the OpenAI-compatible provider goes through the same loop', async () => {
    const h = makeChat({ openai: true, maxRetries: 2 });
    server.enqueue('rate-limited:20', 'text-with-pings');
    const ended = await h.chat.send('go');
    assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
    assert.equal(stepsOf(ended)[0]!.retryLog[0]?.delayMs, 20);

    const exhausted = await h.chat.send('[[scenario:overloaded:10]] go');
    assert.equal(view(h, exhausted).error?.title, 'Still overloaded after 3 attempts');
    assert.equal(server.requests.length, 5);
  });

  it('logs no prompt or answer unless asked, and never the key', async () => {
    const quiet = makeChat();
    server.enqueue('text-with-pings');
    await quiet.chat.send('a secret question');
    assert.doesNotMatch(quiet.logs.join('\n'), /secret question|test-key/);
    assert.doesNotMatch(quiet.logs.join('\n'), new RegExp(EXPECTED.textWithPings.slice(0, 20)));

    const loud = makeChat({ logContent: true });
    server.enqueue('text-with-pings');
    await loud.chat.send('a secret question');
    const log = loud.logs.join('\n');
    assert.match(log, /prompt: "a secret question"/);
    assert.ok(log.includes(JSON.stringify(EXPECTED.textWithPings)), 'the answer is logged');
    assert.doesNotMatch(log, /test-key/);
  });
});
