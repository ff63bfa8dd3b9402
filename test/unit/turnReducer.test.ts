import * as assert from 'node:assert/strict';
import { initialTurnState, reduceTurn, type TurnState } from '../../src/core/turnReducer';
import type { TurnEvent } from '../../src/core/turnEvents';
import type { TranscriptDelta } from '../../src/shared/protocol';

function run(events: TurnEvent[]): { state: TurnState; deltas: TranscriptDelta[] } {
  let state = initialTurnState('t1');
  const deltas: TranscriptDelta[] = [];
  for (const event of events) {
    const r = reduceTurn(state, event);
    state = r.state;
    deltas.push(...r.deltas);
  }
  return { state, deltas };
}

const usage = { input: 10, output: 1, cacheWrite: 2, cacheRead: 3 };

describe('reduceTurn', () => {
  it('folds text and thinking blocks, keeping them apart', () => {
    const { state, deltas } = run([
      { type: 'messageStart', model: 'm', usage, requestId: 'req_1' },
      { type: 'blockStart', index: 0, block: { kind: 'thinking' } },
      { type: 'thinkingDelta', index: 0, text: 'hmm ' },
      { type: 'thinkingDelta', index: 0, text: 'yes' },
      { type: 'blockStop', index: 0 },
      { type: 'blockStart', index: 1, block: { kind: 'text' } },
      { type: 'textDelta', index: 1, text: 'Hel' },
      { type: 'textDelta', index: 1, text: 'lo' },
      { type: 'blockStop', index: 1 },
    ]);
    assert.deepEqual(state.blocks, [
      { kind: 'thinking', text: 'hmm yes', redacted: false },
      { kind: 'text', text: 'Hello' },
    ]);
    assert.equal(state.requestId, 'req_1');
    assert.deepEqual(deltas, [
      { type: 'blockAdded', turnId: 't1', block: { kind: 'thinking', text: '', redacted: false } },
      { type: 'textAppended', turnId: 't1', index: 0, text: 'hmm ' },
      { type: 'textAppended', turnId: 't1', index: 0, text: 'yes' },
      { type: 'blockAdded', turnId: 't1', block: { kind: 'text', text: '' } },
      { type: 'textAppended', turnId: 't1', index: 1, text: 'Hel' },
      { type: 'textAppended', turnId: 't1', index: 1, text: 'lo' },
    ]);
  });

  it('treats message_delta output tokens as cumulative, not additive', () => {
    const { state } = run([
      { type: 'messageStart', model: 'm', usage },
      { type: 'messageDelta', usage: { output: 5 } },
      { type: 'messageDelta', usage: { output: 12 }, stopReason: 'end_turn' },
    ]);
    assert.deepEqual(state.usage, { input: 10, output: 12, cacheWrite: 2, cacheRead: 3 });
    assert.equal(state.stopReason, 'end_turn');
  });

  it('ignores deltas for unknown or mismatched blocks and out-of-order starts', () => {
    const { state, deltas } = run([
      { type: 'textDelta', index: 0, text: 'orphan' },
      { type: 'blockStart', index: 1, block: { kind: 'text' } },
      { type: 'blockStart', index: 0, block: { kind: 'text' } },
      { type: 'thinkingDelta', index: 0, text: 'wrong kind' },
      { type: 'textDelta', index: 0, text: '' },
    ]);
    assert.deepEqual(state.blocks, [{ kind: 'text', text: '' }]);
    assert.equal(deltas.length, 1);
  });

  it('keeps tool JSON as text, previews it, and never parses it before the stop event', () => {
    const fragments = ['', '{"comm', 'and": "str_replace", "pa', 'th": "src/gre', 'et.ts", "old_str": "a', '"}'];
    const { state, deltas } = run([
      { type: 'blockStart', index: 0, block: { kind: 'toolUse', id: 'tu_1', name: 'str_replace_based_edit_tool' } },
      ...fragments.map((partialJson): TurnEvent => ({ type: 'toolInputDelta', index: 0, partialJson })),
    ]);
    const block = state.blocks[0];
    assert.equal(block?.kind, 'toolUse');
    assert.equal(block.kind === 'toolUse' && block.inputJson, fragments.join(''));
    assert.equal(state.finalContent, undefined);
    const previews = deltas.filter((d) => d.type === 'toolPreview').map((d) => (d as { preview: string }).preview);
    // The path shows only once its string is complete: never a half path like "src/gre".
    assert.deepEqual(previews, ['Proposing an edit to…', 'Proposing an edit to src/greet.ts…']);
  });

  it('takes the final content and usage from messageComplete', () => {
    const { state } = run([
      { type: 'messageStart', model: 'm', usage },
      { type: 'messageComplete', content: [{ type: 'text', text: 'x' }], stopReason: 'max_tokens', usage: { ...usage, output: 99 } },
    ]);
    assert.deepEqual(state.finalContent, [{ type: 'text', text: 'x' }]);
    assert.equal(state.stopReason, 'max_tokens');
    assert.equal(state.usage.output, 99);
  });
});
