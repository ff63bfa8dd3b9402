import * as assert from 'node:assert/strict';
import { TurnRunner } from '../../src/chat/turnRunner.js';
import type { ChatProvider } from '../../src/core/chatProvider.js';
import type { ChatRequest } from '../../src/core/messages.js';
import type { TurnEvent } from '../../src/core/turnEvents.js';
import type { TranscriptDelta } from '../../src/shared/protocol.js';
import { InkwellError } from '../../src/core/errors.js';
import { DEFAULT_RETRY_POLICY } from '../../src/core/retryPolicy.js';

const NO_RETRIES = { ...DEFAULT_RETRY_POLICY, maxRetries: 0 };

const request = { model: 'm', maxTokens: 100, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: true } as ChatRequest;

/** A provider that reports `events` at once, then ends as `ending` says (by default, waits for Stop). */
function providerReporting(events: readonly TurnEvent[], ending: 'stop' | 'done' | 'fail' = 'stop'): ChatProvider {
  return {
    send: (_request, onEvent, signal) =>
      new Promise((resolve, reject) => {
        for (const event of events) onEvent(event);
        if (ending === 'done') resolve();
        else if (ending === 'fail') reject(new InkwellError('dropped', 'Connection lost', 'The connection dropped.'));
        else signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { kind: 'aborted' })));
      }),
    listModels: async () => [],
  };
}

const answer: TurnEvent[] = [
  { type: 'blockStart', index: 0, block: { kind: 'text' } },
  { type: 'textDelta', index: 0, text: 'One' },
  { type: 'textDelta', index: 0, text: ' two' },
  { type: 'textDelta', index: 0, text: ' three' },
];

async function run(events: readonly TurnEvent[], ending: 'done' | 'fail') {
  const deltas: TranscriptDelta[] = [];
  const runner = new TurnRunner('t1', providerReporting(events, ending), request, { stateChanged: () => undefined, deltas: (d) => deltas.push(...d) }, 0, Date.now, NO_RETRIES);
  const outcome = await runner.run();
  return { outcome, shown: deltas.flatMap((d) => (d.type === 'textAppended' ? [d.text] : [])).join('') };
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

  it('an answer that ends right after its text keeps all of it, in the panel too', async () => {
    const { outcome, shown } = await run(answer, 'done');
    assert.equal(outcome.status, 'done');
    assert.deepEqual(outcome.state.blocks, [{ kind: 'text', text: 'One two three' }]);
    assert.equal(shown, 'One two three');
  });

  it('an answer that fails right after its text keeps all of it with the error', async () => {
    const { outcome, shown } = await run(answer, 'fail');
    assert.equal(outcome.status, 'error');
    assert.deepEqual(outcome.state.blocks, [{ kind: 'text', text: 'One two three' }]);
    assert.equal(shown, 'One two three');
  });

  it('text held back goes before the events that follow it', async () => {
    const events: TurnEvent[] = [...answer, { type: 'blockStop', index: 0 }, { type: 'blockStart', index: 1, block: { kind: 'text' } }, { type: 'textDelta', index: 1, text: 'Four' }];
    const { outcome, shown } = await run(events, 'done');
    assert.deepEqual(outcome.state.blocks, [{ kind: 'text', text: 'One two three' }, { kind: 'text', text: 'Four' }]);
    assert.equal(shown, 'One two threeFour');
  });
});
