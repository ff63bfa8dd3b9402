import * as assert from 'node:assert/strict';
import type { Usage } from '../../../src/core/messages';
import { settledUsage, streamedOutputText, summarizeAnswerUsage, usageRecordsOf, type StepUsageSource } from '../../../src/core/usage/answerUsage';
import { parsePriceOverrides } from '../../../src/core/usage/prices';

const usage = (u: Partial<Usage>): Usage => ({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0, ...u });

/** A step that ended with its stop event: its reported output is final, however long its text. */
const completeStep: StepUsageSource = {
  model: 'claude-sonnet-4-5-20250929',
  usage: usage({ input: 1000, output: 100 }),
  blocks: [{ kind: 'text', text: 'x'.repeat(2000) }],
  finalContent: [{ type: 'text', text: 'x'.repeat(2000) }],
};

/** A step cut off mid-stream: only message_start's output count arrived. */
const cutOffStep: StepUsageSource = {
  model: 'claude-sonnet-4-5-20250929',
  usage: usage({ output: 1, cacheRead: 1100 }),
  blocks: [
    { kind: 'thinking', text: 'y'.repeat(400), redacted: false },
    { kind: 'toolUse', id: 'tu1', name: 'str_replace_based_edit_tool', inputJson: '{"a":1}', preview: '' },
    { kind: 'text', text: 'x'.repeat(593) },
  ],
};

describe('answer usage', () => {
  it('counts thinking, tool input and text as streamed output', () => {
    assert.equal(streamedOutputText(cutOffStep).length, 1000);
  });

  it('estimates the output of a cut-off step only, never of a complete one', () => {
    assert.deepEqual(settledUsage(cutOffStep), usage({ output: 250, cacheRead: 1100 }));
    assert.deepEqual(settledUsage(completeStep), usage({ input: 1000, output: 100 }));
  });

  it('summarises a complete answer over all its steps', () => {
    const summary = summarizeAnswerUsage([completeStep, { ...completeStep, usage: usage({ input: 200, output: 40, cacheRead: 1000 }) }], {
      stopped: false,
      requestedModel: 'claude-sonnet-4-5',
    });
    // 1200 × $3 + 140 × $15 + 1000 × $0.30 = 6000 per million; saved 1000 × $2.70.
    assert.equal(summary, '1.2k in · 140 out · 1k cached (saved $0.0027) · $0.006');
  });

  it('summarises a stopped answer with the estimated output of its last step', () => {
    // 1000 × $3 + (100 + 250) × $15 + 1100 × $0.30 = 8580 per million.
    assert.equal(
      summarizeAnswerUsage([completeStep, cutOffStep], { stopped: true, requestedModel: 'claude-sonnet-4-5' }),
      'stopped after 350 tokens ≈ $0.0086',
    );
  });

  it('prices by the model the API named, else the requested one, and shows nothing for no tokens', () => {
    assert.deepEqual(usageRecordsOf([{ usage: usage({ input: 5 }), blocks: [] }, { ...completeStep, model: 'claude-haiku-4-5-20251001' }], 'claude-haiku-4-5'), [
      { model: 'claude-haiku-4-5', usage: usage({ input: 5 }) },
      { model: 'claude-haiku-4-5-20251001', usage: usage({ input: 1000, output: 100 }) },
    ]);
    assert.equal(summarizeAnswerUsage([{ usage: usage({}), blocks: [] }], { stopped: true, requestedModel: 'claude-haiku-4-5' }), undefined);
    assert.equal(summarizeAnswerUsage([], { stopped: false, requestedModel: 'claude-haiku-4-5' }), undefined);
  });

  it('says which model has no price, and uses the user’s price when given', () => {
    const step: StepUsageSource = { ...completeStep, model: 'claude-sonnet-5-5' };
    assert.equal(
      summarizeAnswerUsage([step], { stopped: false, requestedModel: 'claude-sonnet-5-5' }),
      '1k in · 100 out · cost unknown (no price for claude-sonnet-5-5)',
    );
    assert.equal(summarizeAnswerUsage([step], { stopped: true, requestedModel: 'claude-sonnet-5-5' }), 'stopped after 100 tokens');
    const { overrides } = parsePriceOverrides({ 'claude-sonnet-5-5': { input: 2, output: 10 } });
    assert.equal(summarizeAnswerUsage([step], { stopped: false, requestedModel: 'claude-sonnet-5-5', overrides }), '1k in · 100 out · $0.003');
  });
});

describe('answer usage when the endpoint reports no tokens', () => {
  const unknownStep: StepUsageSource = { ...completeStep, model: 'gpt-fake-1', usage: usage({}), usageUnknown: true };

  it('says "tokens unknown", never a figure, finished or stopped', () => {
    assert.equal(summarizeAnswerUsage([unknownStep], { stopped: false, requestedModel: 'gpt-fake-1' }), 'tokens unknown');
    const stopped: StepUsageSource = { ...unknownStep, finalContent: undefined };
    assert.equal(summarizeAnswerUsage([stopped], { stopped: true, requestedModel: 'gpt-fake-1' }), 'stopped · tokens unknown');
  });

  it('has no record to price, and a mixed answer shows its known tokens without claiming a cost', () => {
    assert.deepEqual(usageRecordsOf([unknownStep], 'gpt-fake-1'), []);
    const overrides = parsePriceOverrides({ 'claude-sonnet-4-5': { input: 3, output: 15 } }).overrides;
    assert.equal(summarizeAnswerUsage([completeStep, unknownStep], { stopped: false, requestedModel: 'x', overrides }), '1k in · 100 out · more tokens unknown');
  });
});

describe('prices for OpenAI-compatible answers', () => {
  it('come only from the settings: a Claude id is not priced from the built-in table', () => {
    assert.match(summarizeAnswerUsage([completeStep], { stopped: false, requestedModel: 'x', settingsPricesOnly: true }) ?? '', /cost unknown/);
    assert.match(summarizeAnswerUsage([completeStep], { stopped: false, requestedModel: 'x' }) ?? '', /\$0\.0045$/);
    const overrides = parsePriceOverrides({ 'claude-sonnet-4-5': { input: 1, output: 5 } }).overrides;
    assert.match(summarizeAnswerUsage([completeStep], { stopped: false, requestedModel: 'x', settingsPricesOnly: true, overrides }) ?? '', /\$0\.0015$/);
  });
});
