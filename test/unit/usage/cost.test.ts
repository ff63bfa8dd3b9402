import * as assert from 'node:assert/strict';
import type { Usage } from '../../../src/core/messages';
import { mergeUsage } from '../../../src/core/turnReducer';
import {
  cacheSavings,
  costOf,
  estimateTokens,
  formatCost,
  formatStoppedSummary,
  formatTokens,
  formatTotals,
  formatTurnSummary,
  sumUsage,
  totalsOf,
  withStreamedOutputEstimate,
} from '../../../src/core/usage/cost';
import { parsePriceOverrides, priceFor, type ModelPrice } from '../../../src/core/usage/prices';

const usage = (u: Partial<Usage>): Usage => ({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0, ...u });
// Literal prices, so these tests check the arithmetic whatever the built-in table says.
const SONNET: ModelPrice = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };
const OPUS: ModelPrice = { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 };
const HAIKU_35: ModelPrice = { input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 };

describe('costOf', () => {
  it('prices plain input, output, cache writes and cache reads each at its own rate', () => {
    // 1000 × $3 + 500 × $15 + 2000 × $3.75 + 10 000 × $0.30, per million.
    assert.equal(costOf(usage({ input: 1000, output: 500, cacheWrite: 2000, cacheRead: 10_000 }), SONNET), 0.021);
  });

  it('treats cache tokens as separate from input: a million read costs $0.30, a million written $3.75', () => {
    assert.equal(costOf(usage({ cacheRead: 1_000_000 }), SONNET), 0.3);
    assert.equal(costOf(usage({ cacheWrite: 1_000_000 }), SONNET), 3.75);
    assert.equal(costOf(usage({ input: 1_000_000 }), SONNET), 3);
  });

  it('prices a usage folded from cumulative message_delta counts once, at the final count', () => {
    let folded = usage({ input: 1200, output: 1, cacheRead: 8000 });
    for (const delta of [{ output: 120 }, { output: 340 }]) folded = mergeUsage(folded, delta);
    assert.equal(folded.output, 340);
    // 1200 × $5 + 340 × $25 + 8000 × $0.50 = 18 500 per million; adding the deltas would give 461 out.
    assert.equal(costOf(folded, OPUS), 0.0185);
  });

  it('keeps float noise out of prices with inexact binary fractions', () => {
    assert.equal(costOf(usage({ input: 1_000_000, output: 1_000_000, cacheWrite: 1_000_000, cacheRead: 1_000_000 }), HAIKU_35), 5.88);
    assert.equal(costOf(usage({ cacheRead: 3 }), SONNET), 0.0000009);
  });

  it('is zero for no tokens', () => {
    assert.equal(costOf(usage({}), OPUS), 0);
  });
});

describe('sumUsage', () => {
  it('adds field by field', () => {
    assert.deepEqual(
      sumUsage([usage({ input: 1, output: 2, cacheWrite: 3, cacheRead: 4 }), usage({ input: 10, output: 20, cacheWrite: 30, cacheRead: 40 })]),
      { input: 11, output: 22, cacheWrite: 33, cacheRead: 44 },
    );
    assert.deepEqual(sumUsage([]), { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 });
  });
});

describe('cacheSavings', () => {
  it('saves the input price minus the read price on every read, and reports the write premium apart', () => {
    // 8000 × ($3 − $0.30) = 21 600; 2000 × ($3.75 − $3) = 1500, per million.
    assert.deepEqual(cacheSavings(usage({ input: 500, cacheWrite: 2000, cacheRead: 8000 }), SONNET), { saved: 0.0216, writePremium: 0.0015 });
  });

  it('is zero without cache traffic', () => {
    assert.deepEqual(cacheSavings(usage({ input: 5000, output: 100 }), SONNET), { saved: 0, writePremium: 0 });
  });
});

describe('formatCost', () => {
  const cases: Array<[number, string]> = [
    [0, '$0.00'],
    [0.00005, '<$0.0001'],
    [0.0001, '$0.0001'],
    [0.00014, '$0.0001'],
    [0.004, '$0.004'],
    [0.0123, '$0.0123'],
    [0.02, '$0.02'],
    [0.5, '$0.50'],
    [0.99996, '$1.00'],
    [1.234, '$1.23'],
    [1234.5, '$1,234.50'],
    [-0.02, '-$0.02'],
    [Number.NaN, 'unknown'],
  ];
  for (const [usd, text] of cases) it(`${usd} → ${text}`, () => assert.equal(formatCost(usd), text));
});

describe('formatTokens', () => {
  const cases: Array<[number, string]> = [
    [0, '0'],
    [340, '340'],
    [999, '999'],
    [1000, '1k'],
    [1234, '1.2k'],
    [9999, '10k'],
    [15_000, '15k'],
    [15_499, '15k'],
    [999_400, '999k'],
    [999_600, '1M'],
    [1_234_567, '1.2M'],
    [15_000_000, '15M'],
    [-5, '0'],
  ];
  for (const [n, text] of cases) it(`${n} → ${text}`, () => assert.equal(formatTokens(n), text));
});

describe('turn summaries', () => {
  it('shows input not read from cache, output, cache reads with their savings, and the cost', () => {
    // 1000 × $3 + 200 × $3.75 + 350 × $15 + 8000 × $0.30 = 11 400 per million.
    assert.equal(
      formatTurnSummary(usage({ input: 1000, cacheWrite: 200, output: 350, cacheRead: 8000 }), SONNET),
      '1.2k in · 350 out · 8k cached (saved $0.0216) · $0.0114',
    );
  });

  it('leaves out the cache segment when nothing was read', () => {
    assert.equal(formatTurnSummary(usage({ input: 250, output: 12 }), SONNET), '250 in · 12 out · $0.0009');
  });

  it('says the cost is unknown, without a savings figure, when the model has no price', () => {
    assert.equal(formatTurnSummary(usage({ input: 1200, output: 340, cacheRead: 8000 }), priceFor('claude-sonnet-5-5')), '1.2k in · 340 out · 8k cached · cost unknown');
  });

  it('summarises a stopped answer by its output and approximate cost', () => {
    assert.equal(formatStoppedSummary(usage({ input: 1000, output: 340 }), SONNET), 'stopped after 340 tokens ≈ $0.0081');
    assert.equal(formatStoppedSummary(usage({ input: 1000, output: 1 }), SONNET), 'stopped after 1 token ≈ $0.003');
    assert.equal(formatStoppedSummary(usage({ input: 1000, output: 340 }), undefined), 'stopped after 340 tokens');
  });

  it('raises a stopped answer’s output to the estimate from its streamed text, never lowers it', () => {
    assert.equal(estimateTokens('x'.repeat(1001)), 251);
    assert.equal(withStreamedOutputEstimate(usage({ input: 10, output: 1 }), 'x'.repeat(1000)).output, 250);
    assert.equal(withStreamedOutputEstimate(usage({ output: 900 }), 'x'.repeat(1000)).output, 900);
  });
});

describe('conversation totals', () => {
  it('prices each request by its own model and adds them', () => {
    const totals = totalsOf([
      { model: 'claude-sonnet-4-5-20250929', usage: usage({ input: 1000, output: 500, cacheWrite: 2000, cacheRead: 10_000 }) },
      { model: 'claude-opus-4-6', usage: usage({ input: 1200, output: 340, cacheRead: 8000 }) },
      { model: undefined, usage: usage({}) },
      { model: 'claude-fable-5-1', usage: usage({}) },
    ]);
    assert.deepEqual(totals, {
      usage: { input: 2200, output: 840, cacheWrite: 2000, cacheRead: 18_000 },
      usd: 0.0395,
      knownUsd: 0.0395,
      // 10 000 × $2.70 + 8000 × $4.50 per million; 2000 × $0.75 per million.
      saved: 0.063,
      writePremium: 0.0015,
      unpricedModels: [],
    });
    assert.equal(formatTotals(totals), '4.2k in · 840 out · 18k cached (saved $0.063) · $0.0395');
  });

  it('never totals a conversation with an unpriced request: the known part is a lower bound', () => {
    const records = [
      { model: 'claude-sonnet-4-5', usage: usage({ input: 1000, output: 500 }) },
      { model: 'claude-fable-5-1', usage: usage({ input: 1000, output: 500 }) },
      { model: undefined, usage: usage({ input: 10 }) },
    ];
    const totals = totalsOf(records);
    assert.equal(totals.usd, undefined);
    assert.equal(totals.knownUsd, 0.0105);
    assert.deepEqual(totals.unpricedModels, ['claude-fable-5-1', 'unknown model']);
    assert.equal(formatTotals(totals), '2k in · 1k out · ≥ $0.0105 (no price for claude-fable-5-1, unknown model)');
    assert.equal(formatTotals(totalsOf(records.slice(1, 2))), '1k in · 500 out · cost unknown (no price for claude-fable-5-1)');
  });

  it('uses the user’s prices for models the built-in table leaves out', () => {
    const { overrides } = parsePriceOverrides({ 'claude-fable-5-1': { input: 10, output: 50 } });
    const totals = totalsOf([{ model: 'claude-fable-5-1', usage: usage({ input: 1000, output: 500 }) }], overrides);
    assert.equal(totals.usd, 0.035);
  });
});
