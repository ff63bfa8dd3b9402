import * as assert from 'node:assert/strict';
import { buildRequestMessages } from '../../src/core/history';

describe('buildRequestMessages', () => {
  it('sends complete answers whole, including thinking with its signature', () => {
    const messages = buildRequestMessages([
      {
        prompt: 'q1',
        answer: {
          finalContent: [
            { type: 'thinking', thinking: 't', signature: 'sig' },
            { type: 'text', text: 'a1' },
          ],
          partialText: 'a1',
        },
      },
      { prompt: 'q2' },
    ]);
    assert.deepEqual(messages, [
      { role: 'user', content: [{ type: 'text', text: 'q1' }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 'sig' }, { type: 'text', text: 'a1' }] },
      { role: 'user', content: [{ type: 'text', text: 'q2' }] },
    ]);
  });

  it('sends only the visible text of a stopped answer, trimmed', () => {
    const messages = buildRequestMessages([{ prompt: 'q1', answer: { partialText: 'half an answer  \n' } }, { prompt: 'q2' }]);
    assert.deepEqual(messages[1], { role: 'assistant', content: [{ type: 'text', text: 'half an answer' }] });
  });

  it('merges user turns around an answer that produced nothing, so roles alternate', () => {
    const messages = buildRequestMessages([{ prompt: 'q1', answer: { partialText: '' } }, { prompt: 'q2' }]);
    assert.deepEqual(messages, [{ role: 'user', content: [{ type: 'text', text: 'q1' }, { type: 'text', text: 'q2' }] }]);
  });

  it('drops empty text blocks and unanswered tool calls', () => {
    const messages = buildRequestMessages([
      {
        prompt: 'q1',
        answer: {
          finalContent: [
            { type: 'text', text: ' ' },
            { type: 'text', text: 'ok' },
            { type: 'tool_use', id: 'tu', name: 'x', input: {} },
          ],
          partialText: 'ok',
        },
      },
      { prompt: 'q2' },
    ]);
    assert.deepEqual(messages[1], { role: 'assistant', content: [{ type: 'text', text: 'ok' }] });
  });

  it('never ends with an assistant message', () => {
    const messages = buildRequestMessages([{ prompt: 'q1', answer: { partialText: 'a' } }]);
    assert.equal(messages[messages.length - 1]?.role, 'user');
  });
});
