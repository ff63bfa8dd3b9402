import * as assert from 'node:assert/strict';
import { TurnRunner } from '../../src/chat/turnRunner.js';
import type { ChatProvider } from '../../src/core/chatProvider.js';
import type { ChatRequest } from '../../src/core/messages.js';
import type { TurnEvent } from '../../src/core/turnEvents.js';
import type { TranscriptDelta } from '../../src/shared/protocol.js';

const request = { model: 'm', maxTokens: 100, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: true } as ChatRequest;

/** A provider that reports `events` at once, then waits for Stop. */
function providerReporting(events: readonly TurnEvent[]): ChatProvider {
  return {
    send: (_request, onEvent, signal) =>
      new Promise((_resolve, reject) => {
        for (const event of events) onEvent(event);
        signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { kind: 'aborted' })));
      }),
    listModels: async () => [],
  };
}

describe('TurnRunner: text that arrives together', () => {
  it('Stop keeps every word that arrived, however the text was being folded in', async () => {
    const deltas: TranscriptDelta[] = [];
    const events: TurnEvent[] = [
      { type: 'blockStart', index: 0, block: { kind: 'text' } },
      { type: 'textDelta', index: 0, text: 'One' },
      { type: 'textDelta', index: 0, text: ' two' },
      { type: 'textDelta', index: 0, text: ' three' },
    ];
    const runner = new TurnRunner('t1', providerReporting(events), request, { stateChanged: () => undefined, deltas: (d) => deltas.push(...d) });
    const finished = runner.run();
    runner.stop();
    const outcome = await finished;
    assert.equal(outcome.status, 'stopped');
    assert.deepEqual(outcome.state.blocks, [{ kind: 'text', text: 'One two three' }]);
    const shown = deltas.flatMap((d) => (d.type === 'textAppended' ? [d.text] : [])).join('');
    assert.equal(shown, 'One two three', 'the panel got the same text');
  });
});
