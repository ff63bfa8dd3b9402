import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import { AnthropicMessageAccumulator } from '../../src/providers/anthropicMessage';
import { toContentBlocks, toUsage } from '../../src/providers/anthropicEvents';

type StreamEvent = Anthropic.Messages.RawMessageStreamEvent;

const usage = { input_tokens: 120, output_tokens: 1, cache_creation_input_tokens: 2048, cache_read_input_tokens: 0 };

/** A message with every block kind that goes back in history, fragmented as the API streams it. */
function events(toolJsonFragments: string[]): StreamEvent[] {
  const list: unknown[] = [
    { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content: [], stop_reason: null, stop_sequence: null, usage } },
    { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me ' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'think.' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig-abc' } },
    { type: 'content_block_stop', index: 0 },
    { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'opaque' } },
    { type: 'content_block_stop', index: 1 },
    { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } },
    ...['Here', ' is', ' the', ' edit.'].map((text) => ({ type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text } })),
    { type: 'content_block_stop', index: 2 },
    { type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_1', name: 'edit', input: {} } },
    ...toolJsonFragments.map((partial_json) => ({ type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json } })),
    { type: 'content_block_stop', index: 3 },
    { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 57, input_tokens: null, cache_creation_input_tokens: null, cache_read_input_tokens: 10 } },
    { type: 'message_stop' },
  ];
  return list as StreamEvent[];
}

function accumulate(list: StreamEvent[]) {
  const message = new AnthropicMessageAccumulator();
  for (const event of list) message.add(event);
  return message.final();
}

/** What the SDK's own MessageStream makes of the same events. */
async function sdkFinal(list: StreamEvent[]) {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const event of list) controller.enqueue(new TextEncoder().encode(`${JSON.stringify(event)}\n`));
      controller.close();
    },
  });
  const final = await MessageStream.fromReadableStream(body).finalMessage();
  return { content: toContentBlocks(final.content), stopReason: final.stop_reason, usage: toUsage(final.usage) };
}

describe('AnthropicMessageAccumulator', () => {
  it('assembles the same final message as the SDK’s MessageStream', async () => {
    const list = events(['', '{"command": "str_', 'replace", "path": "src/a.ts", ', '"old_str": "x", "new_str": "y"}']);
    const ours = accumulate(list);
    assert.deepEqual(ours, await sdkFinal(list));
    assert.deepEqual(ours.content[3], { type: 'tool_use', id: 'toolu_1', name: 'edit', input: { command: 'str_replace', path: 'src/a.ts', old_str: 'x', new_str: 'y' } });
    assert.deepEqual(ours.usage, { input: 120, output: 57, cacheWrite: 2048, cacheRead: 10 });
  });

  it('a tool call without input fragments has input {}', async () => {
    const list = events(['']);
    assert.deepEqual(accumulate(list).content[3], { type: 'tool_use', id: 'toolu_1', name: 'edit', input: {} });
    assert.deepEqual(accumulate(list), await sdkFinal(list));
  });

  it('a tool input that is not valid JSON becomes {} (the raw JSON is reported from the transcript)', () => {
    const ours = accumulate(events(['', '{"command": "str_replace", "path": "src/gr']));
    assert.deepEqual(ours.content[3], { type: 'tool_use', id: 'toolu_1', name: 'edit', input: {} });
  });

  it('skips block kinds that cannot be sent back, keeping the others in order', () => {
    const list = events(['{}']);
    list.splice(1, 0, { type: 'content_block_start', index: 9, content_block: { type: 'server_tool_use', id: 'srv', name: 'web_search', input: {} } } as unknown as StreamEvent);
    assert.deepEqual(
      accumulate(list).content.map((block) => block.type),
      ['thinking', 'redacted_thinking', 'text', 'tool_use'],
    );
  });
});
