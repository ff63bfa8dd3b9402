/**
 * The chat's real streaming path without VS Code: ChatController → TurnRunner → AnthropicProvider
 * → the real @anthropic-ai/sdk → real HTTP → the project's fake server speaking the real wire.
 */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { formatCost } from '../../src/core/usage/cost';
import { ChatController, type ResolvedProvider, type TurnEndedEvent } from '../../src/chat/chatController';
import { AnthropicProvider } from '../../src/providers/anthropicProvider';
import type { HostToWebview, TranscriptDelta } from '../../src/shared/protocol';
import type { AssistantTurnView } from '../../src/shared/transcript';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { EXPECTED } from '../fake/scenarioTexts';

const MODEL = 'claude-fake-1';

interface Harness {
  chat: ChatController;
  posted: HostToWebview[];
  saved: unknown[];
  warnings: string[];
}

function makeChat(server: FakeAnthropicServer, overrides: Partial<ResolvedProvider> & { maxRetries?: number; baseUrl?: string; idleTimeoutMs?: number } = {}): Harness {
  let id = 0;
  const posted: HostToWebview[] = [];
  const saved: unknown[] = [];
  const warnings: string[] = [];
  const provider = new AnthropicProvider({
    apiKey: 'test-key',
    baseUrl: overrides.baseUrl ?? server.url,
    idleTimeoutMs: overrides.idleTimeoutMs,
  });
  const chat = new ChatController({
    // No retries unless a test asks: these tests look at the first failure (test/wire/retries.test.ts retries).
    resolveProvider: async () => ({ provider, model: MODEL, maxTokens: 1024, stream: true, ...overrides, maxRetries: overrides.maxRetries ?? 0 }),
    keySource: () => 'secretStorage',
    loadConversation: () => undefined,
    saveConversation: (c) => saved.push(JSON.parse(JSON.stringify(c))),
    newId: () => `id${++id}`,
    log: { info: () => {}, warn: (m) => warnings.push(m) },
  });
  chat.channel.attach({ visible: true, postMessage: (m) => posted.push(m) });
  chat.channel.sendSnapshot();
  return { chat, posted, saved, warnings };
}

function answer(h: Harness, event: TurnEndedEvent): AssistantTurnView {
  const turn = h.chat.state().turns.find((t) => t.id === event.turnId);
  assert.ok(turn && turn.role === 'assistant');
  return turn;
}

function textOf(view: AssistantTurnView): string {
  return view.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('');
}

/** The text the webview would have built from the posted deltas alone. */
function textFromDeltas(posted: HostToWebview[], turnId: string): string {
  const deltas = posted.flatMap((m) => (m.type === 'deltas' ? m.deltas : [])) as TranscriptDelta[];
  return deltas.map((d) => (d.type === 'textAppended' && d.turnId === turnId ? d.text : '')).join('');
}

describe('chat turn over real HTTP (wire)', function () {
  let server: FakeAnthropicServer;
  before(async () => (server = await startFakeAnthropicServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  for (const [scenario, expected] of [
    ['text-with-pings', EXPECTED.textWithPings],
    ['split-utf8', EXPECTED.splitUtf8],
    ['crlf', EXPECTED.crlf],
    ['unknown-events', EXPECTED.unknownEvents],
  ] as const) {
    it(`${scenario}: streams the exact text to the conversation and the webview`, async () => {
      const h = makeChat(server);
      server.enqueue(scenario);
      const ended = await h.chat.send('hello');
      assert.equal(ended.outcome.status, 'done');
      const view = answer(h, ended);
      assert.equal(textOf(view), expected);
      assert.equal(textFromDeltas(h.posted, ended.turnId), expected);
      assert.equal(view.stopReason, 'end_turn');
      // seq numbers are consecutive from the snapshot on.
      const seqs = h.posted.filter((m) => m.type !== 'focusInput').map((m) => (m as { seq: number }).seq);
      assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
    });
  }

  it('keeps thinking apart from the answer and sends it back with its signature', async () => {
    const h = makeChat(server);
    server.enqueue('thinking', 'text-with-pings');
    const first = await h.chat.send('what is 6 x 7?');
    const view = answer(h, first);
    assert.deepEqual(view.blocks, [
      { kind: 'thinking', text: EXPECTED.thinking.thinking, redacted: false },
      { kind: 'text', text: EXPECTED.thinking.text },
    ]);
    const second = await h.chat.send('thanks');
    assert.equal(second.outcome.status, 'done', JSON.stringify(second.outcome));
    const body = server.requests[1]!.body;
    assert.deepEqual(body.messages[1].content[0], { type: 'thinking', thinking: EXPECTED.thinking.thinking, signature: EXPECTED.thinking.signature });
  });

  it('redacted thinking is shown as such', async () => {
    const h = makeChat(server);
    server.enqueue('redacted-thinking');
    const view = answer(h, await h.chat.send('plan?'));
    assert.deepEqual(view.blocks[0], { kind: 'thinking', text: '', redacted: true });
    assert.equal(textOf(view), EXPECTED.redactedThinking.text);
  });

  for (const [scenario, kind, partial] of [
    ['error-mid-stream', 'streamError', EXPECTED.errorMidStream],
    ['drop-mid-stream', 'dropped', EXPECTED.dropMidStream],
    ['eof-without-stop', 'incomplete', EXPECTED.eofWithoutStop],
  ] as const) {
    it(`${scenario}: a clear error in the turn, partial answer kept`, async () => {
      const h = makeChat(server);
      server.enqueue(scenario);
      const ended = await h.chat.send('go');
      assert.equal(ended.outcome.status, 'error');
      assert.equal(ended.outcome.status === 'error' && ended.outcome.error.kind, kind);
      const view = answer(h, ended);
      assert.equal(view.status, 'error');
      assert.equal(textOf(view), partial);
      assert.ok(view.error?.actions.some((a) => a.id === 'retry'));
      const last = h.posted[h.posted.length - 1];
      assert.ok(last?.type === 'deltas' && last.deltas.some((d) => d.type === 'turnEnded' && d.status === 'error' && d.error?.title));
    });
  }

  for (const [scenario, kind, action] of [
    ['unauthorized', 'auth', 'setApiKey'],
    ['not-found', 'modelNotFound', 'openModelSetting'],
    ['rate-limited', 'rateLimited', 'retry'],
    ['overloaded', 'overloaded', 'retry'],
    ['server-error', 'server', 'retry'],
  ] as const) {
    it(`${scenario}: ${kind} with the ${action} action`, async () => {
      const h = makeChat(server);
      server.enqueue(scenario);
      const ended = await h.chat.send('go');
      assert.equal(ended.outcome.status === 'error' && ended.outcome.error.kind, kind);
      const view = answer(h, ended);
      assert.ok(view.error?.actions.some((a) => a.id === action), JSON.stringify(view.error));
      assert.match(view.error?.detail ?? '', /request id req_fake_/);
    });
  }

  it('an unknown model in the settings gives the 404 message, not a crash', async () => {
    const h = makeChat(server, { model: 'claude-does-not-exist' });
    const ended = await h.chat.send('hi');
    assert.equal(ended.outcome.status === 'error' && ended.outcome.error.kind, 'modelNotFound');
    assert.match(answer(h, ended).error?.detail ?? '', /claude-does-not-exist/);
  });

  it('the chat retries a 429 by itself (the backoff, as retry-after is 0), then succeeds', async () => {
    const h = makeChat(server, { maxRetries: 1 });
    server.enqueue('rate-limited-once');
    const ended = await h.chat.send('go');
    assert.equal(ended.outcome.status, 'done');
    assert.equal(textOf(answer(h, ended)), EXPECTED.rateLimitedOnce);
    assert.equal(server.requests.length, 2);
    const gap = server.requests[1]!.receivedAt - server.requests[0]!.receivedAt;
    assert.ok(gap >= 375, `the retry came ${gap} ms later: at least the first backoff (0.5 s less a quarter)`);
  });

  it('connection refused is a connection error naming the host', async () => {
    const h = makeChat(server, { baseUrl: 'http://127.0.0.1:9' });
    const ended = await h.chat.send('go');
    assert.equal(ended.outcome.status === 'error' && ended.outcome.error.kind, 'connection');
    assert.match(answer(h, ended).error?.detail ?? '', /127\.0\.0\.1:9/);
  });

  it('Stop ends the turn at once, keeps the partial answer and closes the upstream request', async () => {
    const h = makeChat(server);
    server.enqueue('slow-drip');
    const endedPromise = h.chat.send('drip');
    const request = (await server.waitForRequests(1))[0]!;
    const turnId = h.chat.state().streamingTurnId!;
    while (!textFromDeltas(h.posted, turnId).includes('drip 3.')) await new Promise((r) => setTimeout(r, 10));
    const stoppedAt = Date.now();
    h.chat.stop();
    const ended = await endedPromise;
    assert.equal(ended.outcome.status, 'stopped');
    const view = answer(h, ended);
    assert.equal(view.status, 'stopped');
    assert.match(textOf(view), /^drip 1\. drip 2\. drip 3\. /);
    assert.equal(await request.ended, 'client-closed');
    const closeMs = request.endedAt! - stoppedAt;
    assert.ok(closeMs < 500, `upstream closed ${closeMs} ms after Stop`);
    const textAtStop = textOf(view);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(textOf(answer(h, ended)), textAtStop, 'no text may arrive after Stop');
  });

  it('a stream that goes silent is ended by the idle timeout: partial kept, upstream closed', async () => {
    const h = makeChat(server, { idleTimeoutMs: 400 });
    server.enqueue('stall-mid-stream');
    const started = Date.now();
    const ended = await h.chat.send('go');
    const elapsed = Date.now() - started;
    assert.equal(ended.outcome.status === 'error' && ended.outcome.error.kind, 'stalled');
    const view = answer(h, ended);
    assert.equal(view.error?.title, 'Stream stalled');
    assert.ok(view.error?.actions.some((a) => a.id === 'retry'));
    assert.equal(textOf(view), EXPECTED.stallMidStream);
    assert.ok(elapsed < 3000, `ended after ${elapsed} ms, not the server's 20 s`);
    assert.equal(await server.requests[0]!.ended, 'client-closed');
  });

  it('a slow stream that keeps sending is never cut by the idle timeout', async () => {
    const h = makeChat(server, { idleTimeoutMs: 300 });
    server.enqueue('slow-drip');
    const done = h.chat.send('drip');
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(h.chat.isStreaming, true, 'still streaming after 4 idle periods of steady data');
    h.chat.stop();
    assert.equal((await done).outcome.status, 'stopped');
  });

  it('the history after a stopped and a failed turn is still a valid request', async () => {
    const h = makeChat(server);
    server.enqueue('drop-mid-stream', 'unauthorized', 'text-with-pings');
    await h.chat.send('one');
    await h.chat.send('two');
    const third = await h.chat.send('three');
    assert.equal(third.outcome.status, 'done', JSON.stringify(third.outcome));
    const messages = server.requests[2]!.body.messages;
    assert.deepEqual(messages.map((m: { role: string }) => m.role), ['user', 'assistant', 'user']);
    assert.equal(messages[1].content[0].text, EXPECTED.dropMidStream);
  });

  it('non-streaming mode shows the whole answer through the same path', async () => {
    const h = makeChat(server, { stream: false });
    server.enqueue('text-with-pings');
    const ended = await h.chat.send('hi');
    assert.equal(ended.outcome.status, 'done');
    assert.equal(textOf(answer(h, ended)), EXPECTED.textWithPings);
    assert.notEqual(server.requests[0]!.body.stream, true);
  });

  it('marks prompt-cache breakpoints on the system prompt, the tool and the conversation prefix; none when off', async () => {
    const h = makeChat(server);
    server.enqueue('text-with-pings', 'text-with-pings');
    await h.chat.send('first');
    await h.chat.send('second');
    const body = server.requests[1]!.body;
    const marked = JSON.stringify(body).match(/"cache_control":\{"type":"ephemeral"\}/g) ?? [];
    assert.ok(marked.length >= 3 && marked.length <= 4, `${marked.length} breakpoints`);
    assert.deepEqual(body.system[body.system.length - 1].cache_control, { type: 'ephemeral' });
    assert.deepEqual(body.tools[body.tools.length - 1].cache_control, { type: 'ephemeral' });
    const lastUser = body.messages[body.messages.length - 1];
    assert.deepEqual(lastUser.content[lastUser.content.length - 1].cache_control, { type: 'ephemeral' });

    const off = makeChat(server, { promptCaching: false });
    server.enqueue('text-with-pings');
    await off.chat.send('no cache');
    assert.doesNotMatch(JSON.stringify(server.requests[2]!.body), /cache_control/);
    assert.equal(typeof server.requests[2]!.body.system, 'string');
  });

  it('shows each answer\'s tokens and cost, priced by hand from the usage the server reported', async () => {
    const h = makeChat(server);
    h.chat.setPrices(new Map([['claude-fake-1', { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 }]]));
    server.enqueue('text-with-pings');
    const ended = await h.chat.send('hello');
    // The usage the server reports for exactly that request, read independently by replaying it.
    const sdk = new Anthropic({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0 });
    server.enqueue('text-with-pings');
    const reported = (await sdk.messages.create({ ...server.requests[0]!.body, stream: false })).usage;
    const summary = answer(h, ended).usageSummary ?? '';
    const read = reported.cache_read_input_tokens ?? 0;
    const usd = (reported.input_tokens * 3 + reported.output_tokens * 15 + read * 0.3) / 1e6;
    const saved = (read * (3 - 0.3)) / 1e6;
    assert.ok(read > 0, 'the scenario reports cache reads');
    assert.ok(summary.endsWith(` · ${formatCost(usd)}`), `${summary} should end with ${formatCost(usd)}`);
    assert.match(summary, new RegExp(`${reported.output_tokens} out`));
    assert.ok(summary.includes(`(saved ${formatCost(saved)})`), summary);
    assert.equal(h.chat.state().usageTotals, summary, 'one answer: the conversation total is that answer');
    const ended2 = h.posted.flatMap((m) => (m.type === 'deltas' ? m.deltas : [])).find((d) => d.type === 'turnEnded');
    assert.equal(ended2?.type === 'turnEnded' && ended2.usageSummary, summary, 'the webview gets the same line');
  });

  it('a stopped answer says what it used so far, and an unpriced model shows no invented cost', async () => {
    const h = makeChat(server);
    server.enqueue('slow-drip');
    const done = h.chat.send('drip');
    await server.waitForRequests(1);
    await new Promise((r) => setTimeout(r, 300));
    h.chat.stop();
    const stopped = answer(h, await done).usageSummary ?? '';
    assert.match(stopped, /^stopped after \d+ tokens/);
    assert.doesNotMatch(stopped, /\$/, 'claude-fake-1 has no price: no dollar figure');
    h.chat.setPrices(new Map([['claude-fake-1', { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 }]]));
    assert.match(h.chat.state().turns.map((t) => (t.role === 'assistant' ? t.usageSummary : '')).join(''), /^stopped after \d+ tokens ≈ \$/);
  });

  it('persists after each turn, and a reload restores the transcript', async () => {
    const h = makeChat(server);
    server.enqueue('text-with-pings');
    await h.chat.send('remember me');
    const stored = h.saved[h.saved.length - 1];
    const reloaded = new ChatController({
      resolveProvider: async () => assert.fail('not used'),
      keySource: () => 'secretStorage',
      loadConversation: () => stored,
      saveConversation: () => {},
      newId: () => 'x',
      log: { info: () => {}, warn: () => {} },
    });
    const turns = reloaded.state().turns;
    assert.equal(turns.length, 2);
    assert.equal(turns[0]?.role === 'user' && turns[0].text, 'remember me');
    assert.equal(turns[1]?.role === 'assistant' && textOf(turns[1]), EXPECTED.textWithPings);
  });
});
