import * as assert from 'node:assert/strict';
import { buildRequestMessages, type ToolResult } from '../../src/core/history';

const noResults = (): ToolResult => assert.fail('no tool results expected');

describe('buildRequestMessages', () => {
  it('sends complete answers whole, including thinking with its signature', () => {
    const messages = buildRequestMessages(
      [
        {
          prompt: 'q1',
          steps: [{ finalContent: [{ type: 'thinking', thinking: 't', signature: 'sig' }, { type: 'text', text: 'a1' }], partialText: 'a1' }],
        },
        { prompt: 'q2' },
      ],
      noResults,
    );
    assert.deepEqual(messages, [
      { role: 'user', content: [{ type: 'text', text: 'q1' }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 'sig' }, { type: 'text', text: 'a1' }] },
      { role: 'user', content: [{ type: 'text', text: 'q2' }] },
    ]);
  });

  it('sends only the visible text of a stopped answer, trimmed', () => {
    const messages = buildRequestMessages([{ prompt: 'q1', steps: [{ partialText: 'half an answer  \n' }] }, { prompt: 'q2' }], noResults);
    assert.deepEqual(messages[1], { role: 'assistant', content: [{ type: 'text', text: 'half an answer' }] });
  });

  it('merges user turns around an answer that produced nothing, so roles alternate', () => {
    const messages = buildRequestMessages([{ prompt: 'q1', steps: [{ partialText: '' }] }, { prompt: 'q2' }], noResults);
    assert.deepEqual(messages, [{ role: 'user', content: [{ type: 'text', text: 'q1' }, { type: 'text', text: 'q2' }] }]);
  });

  it('answers every tool call in the very next user message, results before text', () => {
    const seen: string[] = [];
    const messages = buildRequestMessages(
      [
        {
          prompt: 'fix it',
          steps: [
            { finalContent: [{ type: 'text', text: 'looking' }, { type: 'tool_use', id: 'tu_view', name: 'e', input: { command: 'view' } }], partialText: '' },
            { finalContent: [{ type: 'tool_use', id: 'tu_edit', name: 'e', input: { command: 'str_replace' } }], partialText: '' },
          ],
        },
        { prompt: 'thanks' },
      ],
      (id) => {
        seen.push(id);
        return id === 'tu_view' ? { content: '1\tline', isError: false } : { content: 'Error: no match', isError: true };
      },
    );
    assert.deepEqual(seen, ['tu_view', 'tu_edit']);
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant', 'user']);
    assert.deepEqual(messages[2]!.content, [{ type: 'tool_result', tool_use_id: 'tu_view', content: '1\tline' }]);
    assert.deepEqual(messages[4]!.content, [
      { type: 'tool_result', tool_use_id: 'tu_edit', content: 'Error: no match', is_error: true },
      { type: 'text', text: 'thanks' },
    ]);
  });

  it('drops empty text blocks and never ends with an assistant message', () => {
    const messages = buildRequestMessages(
      [{ prompt: 'q1', steps: [{ finalContent: [{ type: 'text', text: ' ' }, { type: 'text', text: 'ok' }], partialText: 'ok' }] }],
      noResults,
    );
    assert.deepEqual(messages, [{ role: 'user', content: [{ type: 'text', text: 'q1' }] }]);
  });
});
