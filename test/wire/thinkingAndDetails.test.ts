/**
 * Extended thinking and per-request details over real HTTP: the `thinking` request field from the
 * budget setting, a budget the API would refuse stopped before sending, a thinking answer with a
 * tool step sent back valid (the fake checks signatures against the thinking text, and that a tool
 * loop under thinking resends its thinking first, as the API does), and the details and context
 * figures matching what the server reported.
 */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { ChatController, type TurnEndedEvent } from '../../src/chat/chatController';
import { AnthropicProvider } from '../../src/providers/anthropicProvider';
import type { AssistantTurnView } from '../../src/shared/transcript';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { EXPECTED } from '../fake/scenarioTexts';
import { workspaceChat } from './support/workspaceChat';
import { useGreetWorkspace } from './support/greetWorkspace';

const MODEL = 'claude-opus-4-5-20251101';

describe('extended thinking and turn details (wire)', function () {
  let server: FakeAnthropicServer;
  const ws = useGreetWorkspace('inkwell-thinking-');
  before(async () => (server = await startFakeAnthropicServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  function makeChat(options: { thinkingBudget?: number; maxTokens?: number } = {}): ChatController {
    return workspaceChat(ws, async () => ({
      provider: new AnthropicProvider({ apiKey: 'test-key', baseUrl: server.url, maxRetries: 0 }),
      model: MODEL,
      maxTokens: options.maxTokens ?? 4096,
      stream: true,
      ...(options.thinkingBudget !== undefined ? { thinkingBudget: options.thinkingBudget } : {}),
    }));
  }

  const answerOf = (chat: ChatController, e: TurnEndedEvent) => chat.state().turns.find((t) => t.id === e.turnId) as AssistantTurnView;

  it('sends the budget as thinking: {type: "enabled", budget_tokens} next to max_tokens', async () => {
    const chat = makeChat({ thinkingBudget: 2048, maxTokens: 4096 });
    server.enqueue('thinking');
    const ended = await chat.send('what is 6 x 7?');
    assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
    const body = server.requests[0]!.body;
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 2048 });
    assert.equal(body.max_tokens, 4096);
  });

  it('sends no thinking field when the budget is 0', async () => {
    const chat = makeChat({ thinkingBudget: 0 });
    server.enqueue('text-with-pings');
    await chat.send('hi');
    assert.equal('thinking' in server.requests[0]!.body, false);
  });

  it('a budget max_tokens does not exceed is refused in the turn, and nothing is sent', async () => {
    const chat = makeChat({ thinkingBudget: 8192, maxTokens: 8192 });
    const ended = await chat.send('hi');
    assert.equal(ended.outcome.status, 'error');
    const view = answerOf(chat, ended);
    assert.equal(view.error?.title, 'Thinking budget does not fit');
    assert.match(view.error?.detail ?? '', /inkwell\.thinkingBudget, 8192 tokens\) must be less than the output limit \(inkwell\.maxTokens, 8192\)/);
    assert.deepEqual(view.error?.actions.map((a) => a.id), ['openSettings']);
    assert.equal(server.requests.length, 0);
  });

  it('a thinking turn with a tool step, then another turn: every request is accepted, thinking sent back signed', async () => {
    const chat = makeChat({ thinkingBudget: 2048 });
    server.enqueue('thinking-view', 'after-tool-result', 'text-with-pings');
    const first = await chat.send('what does greet do?');
    assert.equal(first.outcome.status, 'done', JSON.stringify(first.outcome));
    const view = answerOf(chat, first);
    assert.deepEqual(view.blocks[0], { kind: 'thinking', text: EXPECTED.thinkingView.thinking, redacted: false });
    const second = await chat.send('thanks');
    assert.equal(second.outcome.status, 'done', JSON.stringify(second.outcome));

    assert.deepEqual(server.requests.map((r) => [r.scenario, r.outcome]), [
      ['thinking-view', 'completed'],
      ['after-tool-result', 'completed'],
      ['text-with-pings', 'completed'],
    ]);
    const signed = { type: 'thinking', thinking: EXPECTED.thinkingView.thinking, signature: EXPECTED.thinkingView.signature };
    // The tool step's continuation: the assistant message starts with its signed thinking, the results follow.
    const loop = server.requests[1]!.body.messages;
    assert.deepEqual(loop[1].content[0], signed);
    assert.equal(loop[1].content.at(-1).type, 'tool_use');
    assert.equal(loop[2].content[0].type, 'tool_result');
    // The next turn resends the whole history, the thinking unchanged.
    const next = server.requests[2]!.body.messages;
    assert.deepEqual(next[1].content[0], signed);
    assert.equal(next.at(-1).content.at(-1).text, 'thanks');
  });

  it('details per request and the context figure match what the server reported', async () => {
    const chat = makeChat({ thinkingBudget: 2048 });
    server.enqueue('thinking-view', 'after-tool-result');
    const ended = await chat.send('what does greet do?');
    const details = answerOf(chat, ended).details!;
    assert.equal(details.length, 2);
    for (const [i, d] of details.entries()) {
      const reported = server.requests[i]!.reportedUsage!;
      assert.deepEqual(d.tokens, {
        input: reported.input_tokens,
        output: reported.output_tokens,
        cacheWrite: reported.cache_creation_input_tokens,
        cacheRead: reported.cache_read_input_tokens,
      });
      assert.equal(d.requestId, server.requests[i]!.requestId);
      assert.equal(d.model, MODEL);
      assert.equal(d.retries, 0);
      assert.equal(d.outputEstimated, false);
      assert.ok(d.firstTokenMs !== undefined && d.totalMs !== undefined && d.firstTokenMs >= 0 && d.firstTokenMs <= d.totalMs, JSON.stringify(d));
      // Opus 4.5: $5 in, $25 out, $6.25 cache write, $0.50 cache read per million tokens.
      const t = d.tokens;
      assert.equal(d.costUsd, Math.round(((t.input * 5 + t.output * 25 + t.cacheWrite * 6.25 + t.cacheRead * 0.5) / 1e6) * 1e10) / 1e10);
      assert.equal(d.cacheSavedUsd, Math.round(((t.cacheRead * 4.5) / 1e6) * 1e10) / 1e10);
    }
    assert.deepEqual(details.map((d) => d.stopReason), ['tool_use', 'end_turn']);
    assert.equal(details[0]!.tokens.cacheRead, 2048);
    const last = server.requests[1]!.reportedUsage!;
    const used = last.input_tokens + last.cache_creation_input_tokens + last.cache_read_input_tokens + last.output_tokens;
    assert.equal(chat.state().context?.used, used);
    assert.equal(chat.state().context?.limit, 200_000);
  });

  describe('the fake refuses what the API refuses', () => {
    const client = () => new Anthropic({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0 });
    const tool = { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' } as const;
    const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'a.ts' } } as const;
    const result = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' }] } as const;

    async function problem(params: Record<string, unknown>): Promise<string> {
      try {
        await client().messages.create({ model: MODEL, max_tokens: 4096, ...params } as unknown as Anthropic.Messages.MessageCreateParamsNonStreaming);
      } catch (error) {
        assert.ok(error instanceof Anthropic.BadRequestError, String(error));
        return (error.error as { error: { message: string } }).error.message;
      }
      return 'accepted';
    }

    it('thinking whose text changed after it was signed', async () => {
      const tampered = { type: 'thinking', thinking: `${EXPECTED.thinking.thinking} (edited)`, signature: EXPECTED.thinking.signature };
      const message = await problem({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [tampered, { type: 'text', text: 'a' }] }, { role: 'user', content: 'q2' }] });
      assert.equal(message, 'messages.1.content.0: Invalid `signature` in `thinking` block');
    });

    it('a tool loop under thinking whose assistant message does not start with its thinking', async () => {
      const message = await problem({
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools: [tool],
        messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'text', text: 'let me look' }, toolUse] }, result],
      });
      assert.match(message, /^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `text`/);
    });

    it('accepts the same loop with its signed thinking first', async () => {
      server.enqueue('text-with-pings');
      const signed = { type: 'thinking', thinking: EXPECTED.thinking.thinking, signature: EXPECTED.thinking.signature };
      const message = await problem({
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools: [tool],
        messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [signed, toolUse] }, result],
      });
      assert.equal(message, 'accepted');
    });
  });
});
