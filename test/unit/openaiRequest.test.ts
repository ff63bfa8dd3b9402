import * as assert from 'node:assert/strict';
import type { ChatMessage, ChatRequest } from '../../src/core/messages';
import { chatCompletionParams, EDIT_TOOL_FUNCTION, toChatCompletionMessages } from '../../src/providers/openaiRequest';

const editInput = { command: 'str_replace', path: 'src/a.ts', old_str: 'a', new_str: 'b' };

describe('toChatCompletionMessages', () => {
  it('turns tool_use into tool_calls and tool_result into tool messages placed before the user text', () => {
    const history: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'fix it' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'hmm', signature: '' },
          { type: 'text', text: 'Two edits.' },
          { type: 'tool_use', id: 'call_1', name: 'str_replace_based_edit_tool', input: editInput },
          { type: 'tool_use', id: 'call_2', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'b.ts' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: 'The user accepted the edit.' },
          { type: 'tool_result', tool_use_id: 'call_2', content: 'Error: b.ts does not exist.', is_error: true },
          { type: 'text', text: 'thanks' },
        ],
      },
    ];
    assert.deepEqual(toChatCompletionMessages('Be brief.', history), [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'fix it' },
      {
        role: 'assistant',
        content: 'Two edits.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'str_replace_based_edit_tool', arguments: JSON.stringify(editInput) } },
          { id: 'call_2', type: 'function', function: { name: 'str_replace_based_edit_tool', arguments: '{"command":"view","path":"b.ts"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'The user accepted the edit.' },
      { role: 'tool', tool_call_id: 'call_2', content: 'Error: b.ts does not exist.' },
      { role: 'user', content: 'thanks' },
    ]);
  });

  it('drops thinking, skips an assistant message with nothing sendable, and uses null content beside tool calls', () => {
    const history: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'x' }, { type: 'thinking', thinking: 't', signature: 's' }] },
      { role: 'user', content: [{ type: 'text', text: 'again' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'c', name: 'str_replace_based_edit_tool', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c', content: 'Error: bad JSON' }] },
    ];
    assert.deepEqual(toChatCompletionMessages(undefined, history), [
      { role: 'user', content: 'q' },
      { role: 'user', content: 'again' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'str_replace_based_edit_tool', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c', content: 'Error: bad JSON' },
    ]);
  });
});

describe('chatCompletionParams', () => {
  const request: ChatRequest = { model: 'gpt-x', maxTokens: 900, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: true };

  it('declares the edit tool only when asked, and puts the limit in the chosen field', () => {
    assert.deepEqual(chatCompletionParams(request, 'max_tokens'), { model: 'gpt-x', messages: [{ role: 'user', content: 'hi' }], max_tokens: 900 });
    const withTool = chatCompletionParams({ ...request, editTool: true }, 'max_completion_tokens');
    assert.equal(withTool.max_completion_tokens, 900);
    assert.equal(withTool.max_tokens, undefined);
    assert.deepEqual(withTool.tools, [EDIT_TOOL_FUNCTION]);
  });

  it('the edit tool is a function with the text editor name, fields and a description for each', () => {
    const fn = EDIT_TOOL_FUNCTION.function;
    assert.equal(fn.name, 'str_replace_based_edit_tool');
    const schema = fn.parameters as { properties: Record<string, { description?: string; enum?: string[] }>; required: string[] };
    assert.deepEqual(Object.keys(schema.properties), ['command', 'path', 'old_str', 'new_str', 'file_text', 'insert_line', 'view_range']);
    assert.deepEqual(schema.properties.command?.enum, ['view', 'str_replace', 'create', 'insert']);
    for (const [name, property] of Object.entries(schema.properties)) assert.ok(property.description, `${name} has no description`);
    assert.deepEqual(schema.required, ['command', 'path']);
  });
});
