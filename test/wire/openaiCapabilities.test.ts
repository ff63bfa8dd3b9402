/**
 * Endpoint capabilities over real HTTP: the fake emulates servers that refuse `tools` or
 * `stream_options` with a 400, and the provider, told what the endpoint lacks, never sends them —
 * the chat degrades (no edit tool, tokens unknown) instead of failing. Prices of OpenAI-compatible
 * answers come only from the user's settings.
 */
import * as assert from 'node:assert/strict';
import { ChatController, SYSTEM_PROMPT_WITHOUT_TOOLS, type ResolvedProvider } from '../../src/chat/chatController';
import { InkwellError } from '../../src/core/errors';
import type { ChatRequest } from '../../src/core/messages';
import type { TurnEvent } from '../../src/core/turnEvents';
import { initialTurnState, reduceTurn } from '../../src/core/turnReducer';
import { parsePriceOverrides } from '../../src/core/usage/prices';
import { OpenAICompatibleProvider, type OpenAICompatibleProviderOptions } from '../../src/providers/openaiProvider';
import type { AssistantTurnView } from '../../src/shared/transcript';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { OPENAI_BASE_PATH, openAIRefusingBasePath, type RefusableField } from '../fake/openaiEndpoint';
import { OPENAI_FAKE_TEST_MODEL as MODEL } from '../fake/openaiModels';
import { EXPECTED } from '../fake/scenarioTexts';

const ask = (text: string): ChatRequest => ({
  model: MODEL,
  maxTokens: 1024,
  system: 'Be brief.',
  messages: [{ role: 'user', content: [{ type: 'text', text }] }],
  stream: true,
  editTool: true,
});

describe('OpenAI-compatible endpoint capabilities (wire)', function () {
  let server: FakeAnthropicServer;
  before(async () => (server = await startFakeAnthropicServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  const provider = (refuses: readonly RefusableField[], options: Partial<OpenAICompatibleProviderOptions> = {}) =>
    new OpenAICompatibleProvider({
      baseUrl: `${server.url}${refuses.length > 0 ? openAIRefusingBasePath(refuses) : OPENAI_BASE_PATH}`,
      apiKey: 'test-key',
      maxRetries: 0,
      ...options,
    });

  async function send(p: OpenAICompatibleProvider, request: ChatRequest = ask('hi')) {
    const events: TurnEvent[] = [];
    const error = await p.send(request, (e) => events.push(e), new AbortController().signal).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { events, error, state: events.reduce((s, e) => reduceTurn(s, e).state, initialTurnState('t')) };
  }

  describe('an endpoint that refuses tools', () => {
    it('answers 400 when the edit tool is declared (the emulation is real)', async () => {
      server.enqueue('text-with-pings');
      const { error } = await send(provider(['tools']));
      assert.ok(error instanceof InkwellError);
      assert.equal(error.kind, 'badRequest');
      assert.match(error.detail, /tool choice/);
      assert.match(error.detail, /set inkwell\.openai\.capabilities to \{"toolUse": false/, 'names the setting that leaves the tool out');
    });

    it('with toolUse off, the tool is never declared and the answer arrives', async () => {
      server.enqueue('text-with-pings');
      const { error, state } = await send(provider(['tools'], { capabilities: { toolUse: false, streamUsage: true, promptCaching: true } }));
      assert.equal(error, undefined);
      assert.equal(state.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join(''), EXPECTED.textWithPings);
      assert.equal(server.requests[0]!.body.tools, undefined);
    });
  });

  describe('an endpoint that refuses stream_options', () => {
    it('answers 400 when usage is asked for (the emulation is real)', async () => {
      server.enqueue('text-with-pings');
      const { error } = await send(provider(['stream_options']));
      assert.ok(error instanceof InkwellError);
      assert.match(error.detail, /stream_options/);
      assert.match(error.detail, /"streamUsage": false/, 'names the setting that leaves stream_options out');
    });

    it('with streamUsage off, no stream_options is sent and the tokens are unknown, not zero', async () => {
      server.enqueue('text-with-pings');
      const { error, state, events } = await send(provider(['stream_options'], { capabilities: { toolUse: true, streamUsage: false, promptCaching: true } }));
      assert.equal(error, undefined);
      assert.equal(server.requests[0]!.body.stream_options, undefined);
      assert.equal(server.requests[0]!.body.stream, true);
      assert.equal(state.usageUnknown, true);
      assert.equal(events[0]?.type === 'messageStart' && events[0].usageUnknown, true);
    });
  });

  it('a server that ignores include_usage: the answer completes with its tokens unknown', async () => {
    // The refusing endpoint, told nothing, would 400; this one takes stream_options but the
    // scenario is played without usage because the provider did not ask: same outcome as ignoring.
    server.enqueue('text-with-pings');
    const { state } = await send(provider([], { capabilities: { toolUse: true, streamUsage: false, promptCaching: true } }));
    assert.equal(state.usageUnknown, true);
    assert.deepEqual(state.usage, { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 });
  });

  it('without prompt caching, cached tokens are not shown as cache reads but counted as input', async () => {
    server.enqueue('text-with-pings');
    const cached = (await send(provider([]))).state.usage;
    server.enqueue('text-with-pings');
    const plain = (await send(provider([], { capabilities: { toolUse: true, streamUsage: true, promptCaching: false } }))).state.usage;
    assert.ok(cached.cacheRead > 0);
    assert.equal(plain.cacheRead, 0);
    assert.equal(plain.input, cached.input + cached.cacheRead);
  });

  describe('in the chat', () => {
    function chatWith(resolved: Omit<ResolvedProvider, 'maxTokens' | 'stream'>, prices: unknown = {}): ChatController {
      let id = 0;
      const chat = new ChatController({
        resolveProvider: async () => ({ maxTokens: 1024, stream: true, ...resolved }),
        keySource: () => 'endpoint',
        loadConversation: () => undefined,
        saveConversation: () => {},
        newId: () => `id${++id}`,
        log: { info: () => {}, warn: () => {} },
      });
      chat.setPrices(parsePriceOverrides(prices).overrides);
      return chat;
    }
    const lastAnswer = (chat: ChatController) => chat.state().turns.at(-1) as AssistantTurnView;

    it('no tool use: the request declares no tool and tells the model it cannot edit', async () => {
      const p = provider(['tools'], { capabilities: { toolUse: false, streamUsage: true, promptCaching: true } });
      const chat = chatWith({ provider: p, model: MODEL, editTool: false, settingsPricesOnly: true });
      server.enqueue('text-with-pings');
      const ended = await chat.send('hello');
      assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
      const body = server.requests[0]!.body;
      assert.equal(body.tools, undefined);
      assert.equal(body.messages[0].content, SYSTEM_PROMPT_WITHOUT_TOOLS);
    });

    it('no usage in the stream: the answer and the header say "tokens unknown", never a guessed figure', async () => {
      const p = provider(['stream_options'], { capabilities: { toolUse: true, streamUsage: false, promptCaching: true } });
      const chat = chatWith({ provider: p, model: MODEL, settingsPricesOnly: true }, { [MODEL]: { input: 1, output: 2 } });
      server.enqueue('text-with-pings');
      await chat.send('hello');
      assert.equal(lastAnswer(chat).usageSummary, 'tokens unknown');
      assert.equal(chat.state().usageTotals, 'tokens unknown');
    });

    it('a stopped answer on such an endpoint does not estimate its tokens', async () => {
      const p = provider(['stream_options'], { capabilities: { toolUse: true, streamUsage: false, promptCaching: true } });
      const chat = chatWith({ provider: p, model: MODEL, settingsPricesOnly: true });
      server.enqueue('slow-drip:200');
      const ended = chat.send('hello');
      // Stopped once some text has streamed, so there is output a guess could be made from.
      while (!lastAnswer(chat).blocks.some((b) => b.kind === 'text' && b.text.length > 20)) await new Promise((resolve) => setTimeout(resolve, 10));
      chat.stop();
      await ended;
      assert.equal(lastAnswer(chat).status, 'stopped');
      assert.equal(lastAnswer(chat).usageSummary, 'stopped · tokens unknown');
    });

    it('cost comes from inkwell.modelPrices; a model without an entry shows tokens and "cost unknown"', async () => {
      const p = provider([]);
      server.enqueue('text-with-pings');
      const priced = chatWith({ provider: p, model: MODEL, settingsPricesOnly: true }, { [MODEL]: { input: 2, output: 8, cacheRead: 0.5 } });
      await priced.send('hello');
      const summary = lastAnswer(priced).usageSummary ?? '';
      assert.match(summary, /^\S+ in · \S+ out · 512 cached \(saved \$[\d.]+\) · \$0\.\d+$/, summary);

      server.enqueue('text-with-pings');
      const unpriced = chatWith({ provider: p, model: MODEL, settingsPricesOnly: true });
      await unpriced.send('hello');
      assert.match(lastAnswer(unpriced).usageSummary ?? '', /^\S+ in · \S+ out · 512 cached · cost unknown \(no price for gpt-fake-1\)$/);
      assert.match(unpriced.state().usageTotals ?? '', /cost unknown \(no price for gpt-fake-1\)$/);
    });

    it('a Claude id served by an OpenAI-compatible gateway is not priced from the built-in Claude table', async () => {
      const p = provider([]);
      server.enqueue('text-with-pings');
      const chat = chatWith({ provider: p, model: 'claude-sonnet-4-6', settingsPricesOnly: true });
      await chat.send('hello');
      assert.match(lastAnswer(chat).usageSummary ?? '', /· cost unknown \(no price for claude-sonnet-4-6\)$/);
      // The same answer through the Messages API family is priced from the table.
      server.enqueue('text-with-pings');
      const anthropicPriced = chatWith({ provider: p, model: 'claude-sonnet-4-6' });
      await anthropicPriced.send('hello');
      assert.match(lastAnswer(anthropicPriced).usageSummary ?? '', /· \$0\.\d+$/);
    });
  });
});
