import * as assert from 'node:assert/strict';
import { Conversation } from '../../../src/core/conversation';
import { initialTurnState, reduceTurn, type TurnState } from '../../../src/core/turnReducer';
import type { TurnEvent } from '../../../src/core/turnEvents';
import { formatCount, formatDuration, requestDetails, stepTimingFigures } from '../../../src/core/usage/requestDetails';
import { describeStep } from '../../../src/chat/stepLog';
import type { RetryRecord } from '../../../src/chat/retryingRequest';
import type { TurnOutcome, TurnTimings } from '../../../src/chat/turnRunner';
import { parsePriceOverrides } from '../../../src/core/usage/prices';

const completed = {
  model: 'claude-sonnet-4-6',
  requestId: 'req_42',
  stopReason: 'end_turn',
  usage: { input: 1200, output: 340, cacheWrite: 2048, cacheRead: 8000 },
  blocks: [{ kind: 'text' as const, text: 'Hello' }],
  finalContent: [{ type: 'text' as const, text: 'Hello' }],
};

function rowsOf(view: { rows: readonly { label: string; value: string }[] }): Record<string, string> {
  return Object.fromEntries(view.rows.map((r) => [r.label, r.value]));
}

describe('formatDuration and formatCount', () => {
  it('milliseconds below a second, tenths of seconds below a minute, then minutes', () => {
    assert.equal(formatDuration(0), '0 ms');
    assert.equal(formatDuration(420.4), '420 ms');
    assert.equal(formatDuration(999), '999 ms');
    assert.equal(formatDuration(1000), '1.0 s');
    assert.equal(formatDuration(1830), '1.8 s');
    assert.equal(formatDuration(59_900), '59.9 s');
    assert.equal(formatDuration(59_960), '1 min 0 s');
    assert.equal(formatDuration(125_000), '2 min 5 s');
    assert.equal(formatDuration(-5), 'unknown');
  });

  it('exact counts with separators', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(1234), '1,234');
    assert.equal(formatCount(1_048_576), '1,048,576');
  });
});

describe('requestDetails', () => {
  it('a completed request: every figure as reported, cost and savings from the price table', () => {
    const view = requestDetails(completed, {
      requestedModel: 'claude-sonnet-4-6',
      answerStatus: 'done',
      timings: { startedAt: 1000, firstEventAt: 1300, firstTextAt: 1420, endedAt: 2830, retries: 2 },
    });
    assert.equal(view.firstTokenMs, 420);
    assert.equal(view.totalMs, 1830);
    assert.deepEqual(view.tokens, { input: 1200, output: 340, cacheWrite: 2048, cacheRead: 8000 });
    assert.equal(view.outputEstimated, false);
    // Sonnet 4.6: $3 in, $15 out, $3.75 cache write, $0.30 cache read per million.
    assert.equal(view.costUsd, (1200 * 3 + 340 * 15 + 2048 * 3.75 + 8000 * 0.3) / 1e6);
    assert.equal(view.cacheSavedUsd, (8000 * (3 - 0.3)) / 1e6);
    assert.equal(view.retries, 2);
    assert.deepEqual(rowsOf(view), {
      Model: 'claude-sonnet-4-6',
      'Request id': 'req_42',
      'First token': '420 ms',
      'Total time': '1.8 s',
      Tokens: '1,200 in · 340 out · 2,048 cache write · 8,000 cache read',
      'Cache saved': '$0.0216',
      Cost: '$0.0188',
      Retries: '2',
      'Stop reason': 'end_turn',
    });
  });

  it('retries default to 0 when the step carries none', () => {
    const view = requestDetails(completed, { requestedModel: '', answerStatus: 'done', timings: { startedAt: 0, endedAt: 10 } });
    assert.equal(view.retries, 0);
    assert.equal(rowsOf(view)['First token'], 'none');
  });

  it('a stopped request: output estimated from the streamed text and marked ≈, no stop reason', () => {
    const stopped = { model: 'claude-sonnet-4-6', requestId: 'req_7', usage: { input: 900, output: 1, cacheWrite: 0, cacheRead: 0 }, blocks: [{ kind: 'text' as const, text: 'x'.repeat(400) }] };
    const view = requestDetails(stopped, { requestedModel: 'claude-sonnet-4-6', answerStatus: 'stopped' });
    assert.equal(view.tokens.output, 100);
    assert.equal(view.outputEstimated, true);
    assert.equal(view.costUsd, (900 * 3 + 100 * 15) / 1e6);
    const rows = rowsOf(view);
    assert.equal(rows.Tokens, '900 in · ≈ 100 out · 0 cache write · 0 cache read');
    assert.equal(rows.Cost, '≈ $0.0042');
    assert.equal(rows['Stop reason'], 'stopped before the end');
    assert.equal(rows['Total time'], 'unknown');
  });

  it('a request that failed before the API answered: the requested model, no request id', () => {
    const failed = { usage: { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 }, blocks: [] };
    const rows = rowsOf(requestDetails(failed, { requestedModel: 'claude-opus-4-8', answerStatus: 'error' }));
    assert.equal(rows.Model, 'claude-opus-4-8');
    assert.equal(rows['Request id'], 'none (no response)');
    assert.equal(rows['Stop reason'], 'failed before the end');
    assert.equal(rows.Cost, '$0.00');
  });

  it('a model without a price says so instead of guessing, and an override prices it', () => {
    const unpriced = { ...completed, model: 'claude-fable-5-2' };
    const rows = rowsOf(requestDetails(unpriced, { requestedModel: '', answerStatus: 'done' }));
    assert.equal(rows.Cost, 'unknown (no price for this model)');
    assert.equal(rows['Cache saved'], 'unknown (no price for this model)');
    const { overrides } = parsePriceOverrides({ 'claude-fable-5': { input: 10, output: 50 } });
    const priced = requestDetails(unpriced, { requestedModel: '', answerStatus: 'done', overrides });
    assert.equal(priced.costUsd, (1200 * 10 + 340 * 50 + 2048 * 12.5 + 8000 * 1) / 1e6);
  });
});

describe('Conversation details', () => {
  function run(events: TurnEvent[], turnId: string): TurnState {
    return events.reduce((state, event) => reduceTurn(state, event).state, initialTurnState(turnId));
  }

  it('each request of an answer gets its details, with its timings, and they survive storage', () => {
    const conversation = new Conversation('c1');
    conversation.begin({ id: 'u1', text: 'hi', prompt: 'hi' }, 'a1');
    const turn = conversation.assistant('a1')!;
    turn.model = 'claude-sonnet-4-6';
    const { step } = conversation.beginStep('a1');
    const timings = { startedAt: 100, firstTextAt: 350, endedAt: undefined as number | undefined, retries: 1 };
    conversation.attachTimings('a1', timings);
    step.state = run(
      [
        { type: 'messageStart', model: 'claude-sonnet-4-6', usage: { input: 10, output: 1, cacheWrite: 0, cacheRead: 4096 }, requestId: 'req_a' },
        { type: 'blockStart', index: 0, block: { kind: 'text' } },
        { type: 'textDelta', index: 0, text: 'Hello' },
        { type: 'messageDelta', usage: { output: 12 }, stopReason: 'end_turn' },
        { type: 'messageComplete', content: [{ type: 'text', text: 'Hello' }], stopReason: 'end_turn', usage: { input: 10, output: 12, cacheWrite: 0, cacheRead: 4096 } },
      ],
      'a1',
    );
    assert.equal(conversation.assistantView(turn).details, undefined, 'no details while it streams');
    // The runner fills the end in after the step was attached: the live object is what counts.
    timings.endedAt = 1100;
    turn.status = 'done';
    const [details] = conversation.assistantView(turn).details!;
    assert.deepEqual([details!.requestId, details!.firstTokenMs, details!.totalMs, details!.retries, details!.tokens.cacheRead], ['req_a', 250, 1000, 1, 4096]);

    const restored = Conversation.fromStored(JSON.parse(JSON.stringify(conversation.toStored())))!;
    assert.deepEqual(restored.snapshot('secretStorage', 'm').turns[1], JSON.parse(JSON.stringify(conversation.snapshot('secretStorage', 'm').turns[1])));
    assert.equal(restored.snapshot('secretStorage', 'm').context?.label, '4.1k / 1M context');
  });
});

describe('Details and the log line agree', () => {
  const state = (): TurnState => initialTurnState('a1');
  const outcome = (timings: TurnTimings, retryLog: RetryRecord[] = []): TurnOutcome => ({ status: 'done', state: state(), timings, retryLog });
  const logFigure = (line: string, name: string) => new RegExp(`${name} ([^ ]+)`).exec(line)?.[1];

  it('after a retry, first token counts from the attempt that answered, in both', () => {
    const timings: TurnTimings = { startedAt: 1000, attemptStartedAt: 5000, firstEventAt: 5100, firstTextAt: 5300, endedAt: 6000, eventCount: 9, retries: 1 };
    const retryLog: RetryRecord[] = [{ attempt: 1, kind: 'overloaded', delayMs: 3900, fromServer: true }];
    const details = requestDetails(completed, { requestedModel: '', answerStatus: 'done', timings });
    const line = describeStep('a1', 1, outcome(timings, retryLog));
    assert.equal(details.firstTokenMs, 300, 'the 4 s wait before the retry is not the API’s slowness');
    assert.equal(logFigure(line, 'first token'), '300ms');
    assert.equal(details.totalMs, 5000);
    assert.equal(logFigure(line, 'total'), '5000ms');
    assert.equal(details.retries, 1);
    assert.equal(logFigure(line, 'retries'), '1');
  });

  it('an answer without text: both fall back to the first event of that attempt', () => {
    const timings: TurnTimings = { startedAt: 0, attemptStartedAt: 2000, firstEventAt: 2150, endedAt: 2500, eventCount: 3, retries: 1 };
    const details = requestDetails(completed, { requestedModel: '', answerStatus: 'done', timings });
    assert.equal(details.firstTokenMs, 150);
    assert.equal(rowsOf(details)['First token'], '150 ms');
    assert.equal(logFigure(describeStep('a1', 1, outcome(timings)), 'first token'), '150ms');
    assert.deepEqual(stepTimingFigures(timings), { firstTokenMs: 150, totalMs: 2500, retries: 1 });
  });

  it('a conversation stored before attempts were timed still loads; its first token counts from the start', () => {
    const stored = {
      version: 2,
      id: 'c-old',
      proposals: [],
      exchanges: [
        {
          user: { id: 'u1', text: 'hi', prompt: 'hi' },
          assistant: {
            id: 'a1',
            status: 'done',
            model: 'claude-sonnet-4-6',
            steps: [{ state: { ...initialTurnState('a1'), usage: completed.usage, finalContent: completed.finalContent, blocks: completed.blocks }, timings: { startedAt: 100, firstTextAt: 400, endedAt: 900, retries: 0 } }],
          },
        },
      ],
    };
    const conversation = Conversation.fromStored(JSON.parse(JSON.stringify(stored)))!;
    const [details] = conversation.assistantView(conversation.assistant('a1')!).details!;
    assert.equal(details!.firstTokenMs, 300);
    assert.equal(details!.totalMs, 800);
  });
});

describe('Details on OpenAI-compatible endpoints, as the usage line', () => {
  it('a Claude model served by a gateway is priced only from settings: cost unknown unless the user set one', () => {
    const view = requestDetails(completed, { requestedModel: 'claude-sonnet-4-6', answerStatus: 'done', settingsPricesOnly: true });
    assert.equal(view.costUsd, undefined);
    assert.equal(rowsOf(view).Cost, 'unknown (no price for this model)');
    const { overrides } = parsePriceOverrides({ 'claude-sonnet-4-6': { input: 1, output: 2 } });
    const priced = requestDetails(completed, { requestedModel: '', answerStatus: 'done', settingsPricesOnly: true, overrides });
    assert.equal(priced.costUsd, (1200 * 1 + 340 * 2 + 2048 * 1.25 + 8000 * 0.1) / 1e6);
  });

  it('an endpoint that reports no tokens: "unknown", never zeros or a cost', () => {
    const unknown = { ...completed, usage: { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 }, usageUnknown: true };
    const view = requestDetails(unknown, { requestedModel: 'claude-sonnet-4-6', answerStatus: 'done' });
    assert.equal(view.tokensUnknown, true);
    assert.equal(view.costUsd, undefined);
    assert.equal(view.outputEstimated, false);
    const rows = rowsOf(view);
    assert.equal(rows.Tokens, 'unknown (the endpoint reports none)');
    assert.equal(rows.Cost, 'unknown');
    assert.equal(rows['Cache saved'], 'unknown');
  });

  it('the conversation passes the answer’s endpoint facts through: Details and the usage line say the same', () => {
    const conversation = new Conversation('c2');
    conversation.begin({ id: 'u1', text: 'hi', prompt: 'hi' }, 'a1');
    const turn = conversation.assistant('a1')!;
    turn.model = 'claude-sonnet-4-6';
    turn.settingsPricesOnly = true;
    const { step } = conversation.beginStep('a1');
    step.state = { ...step.state, ...completed };
    turn.status = 'done';
    const view = conversation.assistantView(turn);
    assert.match(view.usageSummary ?? '', /cost unknown/);
    assert.equal(rowsOf(view.details![0]!).Cost, 'unknown (no price for this model)');

    conversation.begin({ id: 'u2', text: 'again', prompt: 'again' }, 'a2');
    const second = conversation.assistant('a2')!;
    second.settingsPricesOnly = true;
    conversation.beginStep('a2').step.state = { ...initialTurnState('a2'), model: 'gpt-fake-1', usageUnknown: true, finalContent: [], stopReason: 'end_turn' };
    second.status = 'done';
    const secondView = conversation.assistantView(second);
    assert.equal(secondView.usageSummary, 'tokens unknown');
    assert.equal(rowsOf(secondView.details![0]!).Tokens, 'unknown (the endpoint reports none)');
  });
});
