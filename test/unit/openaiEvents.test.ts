import * as assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { toolCallsOf } from '../../src/core/edits/toolCalls';
import { InkwellError } from '../../src/core/errors';
import type { TurnEvent } from '../../src/core/turnEvents';
import { initialTurnState, reduceTurn, type TurnState } from '../../src/core/turnReducer';
import { ChatCompletionStreamMapper, eventsForWholeCompletion, stopReasonOf, toUsage } from '../../src/providers/openaiEvents';

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;
type Delta = Chunk['choices'][number]['delta'] & { reasoning_content?: string | null; reasoning?: string };

function chunk(delta: Delta, finishReason: Chunk['choices'][number]['finish_reason'] = null): Chunk {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-x', choices: [{ index: 0, delta, finish_reason: finishReason }] };
}

function usageChunk(usage: OpenAI.CompletionUsage): Chunk {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-x', choices: [], usage };
}

function mapAll(chunks: Chunk[], requestId = 'req_1'): TurnEvent[] {
  const mapper = new ChatCompletionStreamMapper(requestId);
  return [...chunks.flatMap((c) => mapper.map(c)), ...mapper.finish()];
}

function reduce(events: TurnEvent[]): TurnState {
  return events.reduce((state, event) => reduceTurn(state, event).state, initialTurnState('t1'));
}

const call = (index: number, id: string, args: string): Delta => ({
  tool_calls: [{ index, id, type: 'function', function: { name: 'str_replace_based_edit_tool', arguments: args } }],
});
const args = (index: number, piece: string): Delta => ({ tool_calls: [{ index, function: { arguments: piece } }] });

describe('ChatCompletionStreamMapper', () => {
  it('opens the text block lazily at the first content, then stops it at finish_reason', () => {
    const events = mapAll([
      chunk({ role: 'assistant', content: '', refusal: null }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
      usageChunk({ prompt_tokens: 100, completion_tokens: 7, total_tokens: 107, prompt_tokens_details: { cached_tokens: 40 } }),
    ]);
    const usage = { input: 60, output: 7, cacheWrite: 0, cacheRead: 40 };
    assert.deepEqual(events, [
      { type: 'messageStart', model: 'gpt-x', usage: { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 }, requestId: 'req_1' },
      { type: 'blockStart', index: 0, block: { kind: 'text' } },
      { type: 'textDelta', index: 0, text: 'Hel' },
      { type: 'textDelta', index: 0, text: 'lo' },
      { type: 'blockStop', index: 0 },
      { type: 'messageDelta', usage, stopReason: 'end_turn' },
      { type: 'messageComplete', content: [{ type: 'text', text: 'Hello' }], stopReason: 'end_turn', usage },
    ]);
  });

  it('streams reasoning_content (or reasoning) as a thinking block, kept out of the final message', () => {
    for (const field of ['reasoning_content', 'reasoning'] as const) {
      const events = mapAll([chunk({ content: null, [field]: 'think ' }), chunk({ [field]: 'hard' }), chunk({ content: 'Yes.' }), chunk({}, 'stop')]);
      const state = reduce(events);
      assert.deepEqual(state.blocks, [
        { kind: 'thinking', text: 'think hard', redacted: false },
        { kind: 'text', text: 'Yes.' },
      ]);
      assert.deepEqual(state.finalContent, [{ type: 'text', text: 'Yes.' }]);
      assert.deepEqual(
        events.filter((e) => e.type === 'blockStop'),
        [{ type: 'blockStop', index: 0 }, { type: 'blockStop', index: 1 }],
      );
    }
  });

  it('accumulates tool-call fragments by index, passing each on raw and parsing only at the end', () => {
    const input = { command: 'str_replace', path: 'src/a.ts', old_str: 'a', new_str: 'b' };
    const json = JSON.stringify(input);
    const events = mapAll([
      chunk({ content: 'On it.' }),
      chunk(call(0, 'call_A', '')),
      chunk(args(0, json.slice(0, 9))),
      chunk(args(0, json.slice(9, 20))),
      chunk(args(0, json.slice(20))),
      chunk(call(1, 'call_B', '{"command":"view",')),
      chunk(args(1, '"path":"src"}')),
      chunk({}, 'tool_calls'),
    ]);
    const fragments = events.flatMap((e) => (e.type === 'toolInputDelta' ? [[e.index, e.partialJson]] : []));
    assert.deepEqual(fragments, [
      [1, json.slice(0, 9)],
      [1, json.slice(9, 20)],
      [1, json.slice(20)],
      [2, '{"command":"view",'],
      [2, '"path":"src"}'],
    ]);
    assert.deepEqual(
      events.filter((e) => e.type === 'blockStart').map((e) => e.type === 'blockStart' && [e.index, e.block]),
      [
        [0, { kind: 'text' }],
        [1, { kind: 'toolUse', id: 'call_A', name: 'str_replace_based_edit_tool' }],
        [2, { kind: 'toolUse', id: 'call_B', name: 'str_replace_based_edit_tool' }],
      ],
    );
    const complete = events.at(-1);
    assert.ok(complete?.type === 'messageComplete');
    assert.equal(complete.stopReason, 'tool_use');
    assert.deepEqual(complete.content, [
      { type: 'text', text: 'On it.' },
      { type: 'tool_use', id: 'call_A', name: 'str_replace_based_edit_tool', input },
      { type: 'tool_use', id: 'call_B', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'src' } },
    ]);
    // The tool loop reads the calls from the reducer's raw JSON, exactly as for Anthropic.
    assert.deepEqual(toolCallsOf(reduce(events)).map((c) => [c.kind, c.id]), [['edit', 'call_A'], ['view', 'call_B']]);
  });

  it('keeps interleaved fragments of parallel calls apart', () => {
    const events = mapAll([chunk(call(0, 'a', '{"x"')), chunk(call(1, 'b', '{"y"')), chunk(args(0, ':1}')), chunk(args(1, ':2}')), chunk({}, 'tool_calls')]);
    const complete = events.at(-1);
    assert.ok(complete?.type === 'messageComplete');
    assert.deepEqual(complete.content.map((b) => b.type === 'tool_use' && b.input), [{ x: 1 }, { y: 2 }]);
  });

  it('puts a tool call with invalid JSON into the final message with input {}, the raw JSON stays in the block', () => {
    const events = mapAll([chunk(call(0, 'call_A', '{"command": "str_replace", "path": "src/gr')), chunk({}, 'tool_calls')]);
    const state = reduce(events);
    assert.deepEqual(state.finalContent, [{ type: 'tool_use', id: 'call_A', name: 'str_replace_based_edit_tool', input: {} }]);
    const [toolCall] = toolCallsOf(state);
    assert.equal(toolCall?.kind, 'invalid');
  });

  it('a stream that ends without finish_reason is incomplete, whatever arrived', () => {
    const mapper = new ChatCompletionStreamMapper();
    mapper.map(chunk({ content: 'Half an ans' }));
    assert.throws(() => mapper.finish(), (e: unknown) => e instanceof InkwellError && e.kind === 'incomplete');
    assert.throws(() => new ChatCompletionStreamMapper().finish(), (e: unknown) => e instanceof InkwellError && e.kind === 'incomplete');
  });

  it('shows a refusal as text and tolerates chunks without choices', () => {
    const odd = { id: 'x', object: 'chat.completion.chunk', created: 1, model: 'gpt-x', prompt_filter_results: [] } as unknown as Chunk;
    const events = mapAll([odd, usageChunk({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }), chunk({ refusal: 'I cannot help with that.' }), chunk({}, 'content_filter')]);
    assert.equal(events[0]?.type, 'messageStart');
    const state = reduce(events);
    assert.deepEqual(state.blocks, [{ kind: 'text', text: 'I cannot help with that.' }]);
    assert.equal(state.stopReason, 'refusal');
  });

  it('without a usage chunk the final usage is zero and the delta carries none', () => {
    const events = mapAll([chunk({ content: 'x' }), chunk({}, 'length')]);
    assert.deepEqual(events.at(-2), { type: 'messageDelta', usage: {}, stopReason: 'max_tokens' });
  });
});

describe('stop reasons and usage', () => {
  it('maps finish_reason to our stop reasons; tool calls mean tool_use even when the server says stop', () => {
    assert.deepEqual(
      ['stop', 'length', 'tool_calls', 'content_filter', 'function_call', 'something_new'].map((r) => stopReasonOf(r, false)),
      ['end_turn', 'max_tokens', 'tool_use', 'refusal', 'tool_use', 'something_new'],
    );
    assert.equal(stopReasonOf('stop', true), 'tool_use');
    assert.equal(stopReasonOf('length', true), 'max_tokens');
  });

  it('input excludes the cached part of prompt_tokens, as Anthropic counts it', () => {
    assert.deepEqual(toUsage({ prompt_tokens: 50, completion_tokens: 5, total_tokens: 55 }), { input: 50, output: 5, cacheWrite: 0, cacheRead: 0 });
    assert.deepEqual(toUsage({ prompt_tokens: 50, completion_tokens: 5, total_tokens: 55, prompt_tokens_details: { cached_tokens: 30 } }), {
      input: 20,
      output: 5,
      cacheWrite: 0,
      cacheRead: 30,
    });
    assert.deepEqual(toUsage(undefined), { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 });
  });
});

describe('eventsForWholeCompletion', () => {
  it('synthesises the streamed events from one completion, tool calls included', () => {
    const completion: OpenAI.Chat.Completions.ChatCompletion & { choices: { message: { reasoning_content?: string } }[] } = {
      id: 'chatcmpl-2',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-x',
      choices: [
        {
          index: 0,
          logprobs: null,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'Looking.',
            refusal: null,
            reasoning_content: 'Need the file.',
            tool_calls: [{ id: 'call_V', type: 'function', function: { name: 'str_replace_based_edit_tool', arguments: '{"command":"view","path":"a.ts"}' } }],
          },
        },
      ],
      usage: { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 },
    };
    const events = eventsForWholeCompletion(completion, 'req_9');
    assert.deepEqual(events.map((e) => e.type), [
      'messageStart',
      'blockStart', 'thinkingDelta', 'blockStop',
      'blockStart', 'textDelta', 'blockStop',
      'blockStart', 'toolInputDelta', 'blockStop',
      'messageDelta', 'messageComplete',
    ]);
    const state = reduce(events);
    assert.equal(state.requestId, 'req_9');
    assert.equal(state.stopReason, 'tool_use');
    assert.deepEqual(state.usage, { input: 20, output: 9, cacheWrite: 0, cacheRead: 0 });
    assert.deepEqual(state.finalContent, [
      { type: 'text', text: 'Looking.' },
      { type: 'tool_use', id: 'call_V', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'a.ts' } },
    ]);
  });
});

describe('usage of OpenAI-compatible endpoints', () => {
  it('reads DeepSeek’s own cache-hit field, and counts cached tokens as plain input for an endpoint without caching', () => {
    const deepSeek = { prompt_tokens: 100, completion_tokens: 5, total_tokens: 105, prompt_cache_hit_tokens: 40 } as Parameters<typeof toUsage>[0];
    assert.deepEqual(toUsage(deepSeek), { input: 60, output: 5, cacheWrite: 0, cacheRead: 40 });
    assert.deepEqual(toUsage(deepSeek, false), { input: 100, output: 5, cacheWrite: 0, cacheRead: 0 });
  });
});
