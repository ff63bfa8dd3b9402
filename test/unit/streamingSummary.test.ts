import * as assert from 'node:assert/strict';
import { describeAnswer, summarizeStreaming } from '../../src/host/streamingSummary';

const explain = { chatName: 'Chat', text: 'Explain src/a.ts, lines 3–9', context: { path: 'src/a.ts', language: 'typescript', startLine: 3, endLine: 9 } };

describe('status-bar wording for streaming answers', () => {
  it('is hidden when nothing streams', () => {
    assert.equal(summarizeStreaming([]), undefined);
  });

  it('one answer: "answering", its line, and that a click stops it', () => {
    const summary = summarizeStreaming([{ chatName: 'Chat', text: 'how do I\nread a file?' }])!;
    assert.equal(summary.text, '$(loading~spin) Claude: answering');
    assert.equal(summary.tooltip, 'Claude is answering:\n• Chat: how do I read a file?\nClick to stop it.');
    assert.equal(summary.accessibilityLabel, 'Claude is answering: Chat: how do I read a file? Activate to stop it.');
  });

  it('several: the count, one line each (code from the editor by its own summary), and a choice', () => {
    const summary = summarizeStreaming([{ chatName: 'Chat', text: 'why?' }, explain, { chatName: 'Editor chat 2', text: 'plan the refactoring' }])!;
    assert.equal(summary.text, '$(loading~spin) Claude: 3 answers');
    assert.deepEqual(summary.lines, ['Chat: why?', 'Explain src/a.ts:3–9', 'Editor chat 2: plan the refactoring']);
    assert.match(summary.tooltip, /^Claude is writing 3 answers:\n• Chat: why\?\n• Explain src\/a\.ts:3–9\n• Editor chat 2: plan the refactoring\nClick to choose which to stop\.$/);
    assert.match(summary.accessibilityLabel, /Activate to choose which to stop\.$/);
  });

  it('cuts a long question with an ellipsis, never the path of code from the editor', () => {
    assert.equal(describeAnswer({ chatName: 'Chat', text: 'x'.repeat(100) }), `Chat: ${'x'.repeat(39)}…`);
    const path = `src/${'deep/'.repeat(12)}module.ts`;
    assert.equal(
      describeAnswer({ chatName: 'Chat', text: `Edit ${path}, line 7: rename it`, context: { path, language: 'typescript', startLine: 7, endLine: 7 } }),
      `Edit ${path}:7`,
    );
  });

  it('an answer waiting to retry says so, with the seconds left in its line', () => {
    const now = 1_000_000;
    const one = summarizeStreaming([{ chatName: 'Chat', text: 'why?', retryAt: now + 4_200 }], now)!;
    assert.equal(one.text, '$(clock) Claude: waiting to retry');
    assert.equal(one.tooltip, 'Claude is waiting to retry:\n• Chat: why? (retrying in 5 s)\nClick to stop it.');
    assert.equal(one.accessibilityLabel, 'Claude is waiting to retry: Chat: why? (retrying in 5 s). Activate to stop it.');
    const two = summarizeStreaming([{ chatName: 'Chat', text: 'why?' }, { ...explain, retryAt: now - 10 }], now)!;
    assert.equal(two.text, '$(loading~spin) Claude: 2 answers');
    assert.deepEqual(two.lines, ['Chat: why?', 'Explain src/a.ts:3–9 (retrying in 0 s)']);
  });
});
