/**
 * OpenAICompatibleProvider over real HTTP: the real `openai` SDK against the fake server's
 * OpenAI-compatible endpoint, which speaks Chat Completions chunks byte for byte. Each scenario
 * checks the project's events, the final message and how failures are reported.
 */
import * as assert from 'node:assert/strict';
import { InkwellError } from '../../src/core/errors';
import type { ChatRequest } from '../../src/core/messages';
import type { TurnEvent } from '../../src/core/turnEvents';
import { initialTurnState, reduceTurn, type TurnState } from '../../src/core/turnReducer';
import { OpenAICompatibleProvider, type OpenAICompatibleProviderOptions } from '../../src/providers/openaiProvider';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { OPENAI_BASE_PATH } from '../fake/openaiEndpoint';
import { OPENAI_FAKE_TEST_MODEL as MODEL } from '../fake/openaiModels';
import { OPENAI_EXPECTED } from '../fake/openaiScenarios';
import { EXPECTED } from '../fake/scenarioTexts';

interface Outcome {
  events: TurnEvent[];
  state: TurnState;
  error?: InkwellError;
}

const ask = (text: string, overrides: Partial<ChatRequest> = {}): ChatRequest => ({
  model: MODEL,
  maxTokens: 1024,
  system: 'Be brief.',
  messages: [{ role: 'user', content: [{ type: 'text', text }] }],
  stream: true,
  editTool: true,
  ...overrides,
});

const textOf = (state: TurnState): string => state.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('');

describe('OpenAICompatibleProvider over real HTTP (wire)', function () {
  let server: FakeAnthropicServer;
  before(async () => (server = await startFakeAnthropicServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  function provider(options: Partial<OpenAICompatibleProviderOptions> = {}): OpenAICompatibleProvider {
    return new OpenAICompatibleProvider({ baseUrl: `${server.url}${OPENAI_BASE_PATH}`, apiKey: 'test-key', maxRetries: 0, ...options });
  }

  async function run(scenario: string | undefined, request: ChatRequest = ask('hi'), options: Partial<OpenAICompatibleProviderOptions> = {}, signal?: AbortSignal): Promise<Outcome> {
    if (scenario) server.enqueue(scenario);
    const events: TurnEvent[] = [];
    let error: InkwellError | undefined;
    await provider(options)
      .send(request, (e) => events.push(e), signal ?? new AbortController().signal)
      .catch((e: unknown) => {
        assert.ok(e instanceof InkwellError, `rejected with ${String(e)}`);
        error = e;
      });
    const state = events.reduce((s, e) => reduceTurn(s, e).state, initialTurnState('t'));
    return { events, state, ...(error ? { error } : {}) };
  }

  for (const [scenario, expected] of [
    ['text-with-pings', EXPECTED.textWithPings],
    ['split-utf8', EXPECTED.splitUtf8],
    ['crlf', EXPECTED.crlf],
    ['unknown-events', EXPECTED.unknownEvents],
  ] as const) {
    it(`${scenario}: the exact text, events in order, ending with messageComplete`, async () => {
      const { events, state, error } = await run(scenario);
      assert.equal(error, undefined);
      assert.equal(textOf(state), expected);
      assert.deepEqual(state.finalContent, [{ type: 'text', text: expected }]);
      assert.deepEqual(events[0], { type: 'messageStart', model: MODEL, usage: { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 }, requestId: 'req_fake_1' });
      assert.deepEqual(events.slice(-3).map((e) => e.type), ['blockStop', 'messageDelta', 'messageComplete']);
      assert.equal(state.stopReason, 'end_turn');
      assert.ok(state.usage.output > 0);
    });
  }

  it('sends the request the way Chat Completions wants it: system message, tool, usage in the stream', async () => {
    await run('text-with-pings');
    const [recorded] = server.requests;
    assert.equal(recorded?.path, '/openai/v1/chat/completions');
    assert.equal(recorded?.headers.authorization, 'Bearer test-key');
    const body = recorded?.body;
    assert.deepEqual(body.messages, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }]);
    assert.deepEqual([body.stream, body.stream_options, body.max_tokens], [true, { include_usage: true }, 1024]);
    assert.equal(body.tools[0].function.name, 'str_replace_based_edit_tool');
  });

  it('reports the cached part of the prompt as a cache read', async () => {
    const { state } = await run('text-with-pings');
    assert.equal(state.usage.cacheRead, 512);
    assert.ok(state.usage.input > 0);
  });

  it('reasoning_content streams into a thinking block before the answer', async () => {
    const { state } = await run('thinking');
    assert.deepEqual(state.blocks, [
      { kind: 'thinking', text: EXPECTED.thinking.thinking, redacted: false },
      { kind: 'text', text: EXPECTED.thinking.text },
    ]);
    assert.deepEqual(state.finalContent, [{ type: 'text', text: EXPECTED.thinking.text }]);
  });

  it('tool-call fragments become one tool block with the raw JSON, parsed once in the final message', async () => {
    const { events, state } = await run('tool-edit');
    const fragments = events.flatMap((e) => (e.type === 'toolInputDelta' ? [e.partialJson] : []));
    assert.ok(fragments.length > 10, `only ${fragments.length} fragments`);
    assert.equal(fragments.join(''), JSON.stringify(EXPECTED.toolEdit.input));
    const tool = state.blocks[1];
    assert.ok(tool?.kind === 'toolUse');
    assert.match(tool.id, /^call_/);
    assert.equal(tool.name, 'str_replace_based_edit_tool');
    assert.equal(state.stopReason, 'tool_use');
    assert.deepEqual(state.finalContent?.[1], { type: 'tool_use', id: tool.id, name: 'str_replace_based_edit_tool', input: EXPECTED.toolEdit.input });
  });

  it('two tool calls, told apart by their index', async () => {
    const { state } = await run('two-tools');
    const inputs = (state.finalContent ?? []).flatMap((b) => (b.type === 'tool_use' ? [b.input] : []));
    assert.deepEqual(inputs, EXPECTED.twoTools.inputs);
  });

  it('a server that says finish_reason "stop" beside tool calls still stops for tool use', async () => {
    const { state } = await run('oa-tool-calls-finish-stop');
    assert.equal(state.stopReason, 'tool_use');
  });

  it('finish_reason "length" is the max_tokens stop', async () => {
    const { state } = await run('oa-length');
    assert.equal(state.stopReason, 'max_tokens');
    assert.equal(textOf(state), OPENAI_EXPECTED.length);
  });

  for (const [scenario, kind, partial] of [
    ['error-mid-stream', 'streamError', EXPECTED.errorMidStream],
    ['drop-mid-stream', 'dropped', EXPECTED.dropMidStream],
    ['eof-without-stop', 'incomplete', EXPECTED.eofWithoutStop],
  ] as const) {
    it(`${scenario}: ${kind}, the partial answer kept, no messageComplete`, async () => {
      const { events, state, error } = await run(scenario);
      assert.equal(error?.kind, kind);
      assert.equal(textOf(state), partial);
      assert.ok(!events.some((e) => e.type === 'messageComplete'));
      assert.ok(error?.actions.some((a) => a.id === 'retry'));
    });
  }

  it('the mid-stream error names the endpoint and carries the request id', async () => {
    const { error } = await run('error-mid-stream');
    assert.match(error?.detail ?? '', /127\.0\.0\.1:\d+ reported server_error/);
    assert.equal(error?.requestId, 'req_fake_1');
  });

  for (const [scenario, kind, action, options] of [
    ['unauthorized', 'auth', 'setApiKey', {}],
    [undefined, 'auth', 'setApiKey', { apiKey: 'bad-key-123456' }],
    ['not-found', 'modelNotFound', 'openModelSetting', {}],
    ['rate-limited', 'rateLimited', 'retry', {}],
    ['server-error', 'server', 'retry', {}],
    ['overloaded', 'overloaded', 'retry', {}],
  ] as const) {
    it(`${scenario ?? 'a bad key'}: ${kind} with the ${action} action, naming the endpoint`, async () => {
      const { error } = await run(scenario, ask('go'), options);
      assert.equal(error?.kind, kind, JSON.stringify(error));
      assert.ok(error?.actions.some((a) => a.id === action));
      assert.match(error?.toView().detail ?? '', /request id req_fake_1/);
      assert.doesNotMatch(error?.detail ?? '', /Anthropic/);
    });
  }

  it('an unknown model is a 404 that names it', async () => {
    const { error } = await run(undefined, ask('hi', { model: 'gpt-does-not-exist' }));
    assert.equal(error?.kind, 'modelNotFound');
    assert.match(error?.detail ?? '', /gpt-does-not-exist/);
    assert.equal(server.requests[0]?.scenario, 'rejected:model_not_found');
  });

  it('429 names the wait the endpoint asked for; the SDK retries by itself when allowed', async () => {
    const { error } = await run('rate-limited');
    assert.match(error?.detail ?? '', /wait 1 s/);
    server.reset();
    const retried = await run('rate-limited-once', ask('go'), { maxRetries: 1 });
    assert.equal(retried.error, undefined);
    assert.equal(textOf(retried.state), EXPECTED.rateLimitedOnce);
    assert.equal(server.requests.length, 2);
  });

  it('connection refused is a connection error naming the host', async () => {
    const { error } = await run(undefined, ask('go'), { baseUrl: 'http://127.0.0.1:9/v1' });
    assert.equal(error?.kind, 'connection');
    assert.match(error?.detail ?? '', /127\.0\.0\.1:9/);
  });

  it('non-streaming: one chat.completion, the same events and final message as the stream', async () => {
    const streamed = await run('tool-edit');
    server.reset();
    const whole = await run('tool-edit', ask('hi', { stream: false }));
    assert.equal(whole.error, undefined);
    assert.deepEqual(whole.state.finalContent, streamed.state.finalContent);
    assert.deepEqual(whole.state.blocks.map((b) => b.kind), ['text', 'toolUse']);
    assert.equal(whole.state.stopReason, 'tool_use');
    assert.equal(whole.state.requestId, 'req_fake_1');
    const body = server.requests[0]?.body;
    assert.equal(body.stream, false);
    assert.equal(body.stream_options, undefined);
  });

  it('non-streaming failures map like streamed ones', async () => {
    assert.equal((await run('error-mid-stream', ask('hi', { stream: false }))).error?.kind, 'overloaded');
    assert.equal((await run('unauthorized', ask('hi', { stream: false }))).error?.kind, 'auth');
  });

  it('no key configured: a placeholder is sent, and a 401 says the endpoint needs one', async () => {
    const { error } = await run('unauthorized', ask('go'), { apiKey: '' });
    assert.equal(server.requests[0]?.headers.authorization, 'Bearer not-needed');
    assert.match(error?.detail ?? '', /needs an API key/);
  });

  it('abort during a slow stream rejects as aborted, closes the upstream request and reports nothing after', async () => {
    server.enqueue('slow-drip');
    const controller = new AbortController();
    const events: TurnEvent[] = [];
    const sent = provider().send(ask('drip'), (e) => events.push(e), controller.signal);
    const request = (await server.waitForRequests(1))[0]!;
    while (events.filter((e) => e.type === 'textDelta').length < 3) await new Promise((r) => setTimeout(r, 10));
    const abortedAt = Date.now();
    controller.abort();
    await assert.rejects(sent, (e: unknown) => e instanceof InkwellError && e.kind === 'aborted');
    const count = events.length;
    assert.equal(await request.ended, 'client-closed');
    assert.ok(request.endedAt! - abortedAt < 500, `upstream closed ${request.endedAt! - abortedAt} ms after abort`);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(events.length, count, 'no event may be reported after abort');
  });

  it('lists the endpoint models with their creation dates', async () => {
    const models = await provider().listModels();
    assert.equal(models[0]?.id, MODEL);
    assert.equal(models[0]?.createdAt, '2024-01-01T00:00:00.000Z');
    assert.ok(models.some((m) => m.id === 'claude-fake-1'));
    await assert.rejects(provider({ apiKey: 'bad-key' }).listModels(), (e: unknown) => e instanceof InkwellError && e.kind === 'auth');
  });

  it('uses max_completion_tokens when told to (the default for api.openai.com)', async () => {
    await run('text-with-pings', ask('hi'), { tokenLimitField: 'max_completion_tokens' });
    const body = server.requests[0]?.body;
    assert.deepEqual([body.max_completion_tokens, body.max_tokens], [1024, undefined]);
    assert.equal(new OpenAICompatibleProvider({ baseUrl: 'https://api.openai.com/v1', apiKey: 'k' }).host, 'api.openai.com');
  });
});
