import * as assert from 'node:assert/strict';
import { contextUse, contextWindowFor, formatContextUse } from '../../../src/core/usage/contextWindow';

describe('contextWindowFor', () => {
  it('knows 1M only for the models documented with it natively', () => {
    for (const model of ['claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-sonnet-4-6']) {
      assert.equal(contextWindowFor(model), 1_000_000, model);
    }
  });

  it('gives 200k to the other current families, dated ids included', () => {
    for (const model of [
      'claude-opus-4-5-20251101',
      'claude-opus-4-1',
      'claude-opus-4-20250514',
      'claude-sonnet-4-5-20250929',
      'claude-sonnet-4-20250514',
      'claude-haiku-4-5-20251001',
      'claude-3-5-haiku-latest',
    ]) {
      assert.equal(contextWindowFor(model), 200_000, model);
    }
  });

  it('has no limit for a model it does not know', () => {
    for (const model of ['claude-sonnet-5-5', 'claude-fable-5-1', 'gpt-4o', '']) assert.equal(contextWindowFor(model), undefined, model);
  });
});

describe('contextUse', () => {
  it('counts plain input, cache writes, cache reads and output of the last request', () => {
    const use = contextUse({ input: 1000, output: 500, cacheWrite: 2000, cacheRead: 96_500 }, 'claude-sonnet-4-5-20250929');
    assert.deepEqual(use, { used: 100_000, limit: 200_000, fraction: 0.5 });
    assert.equal(formatContextUse(use), '100k of 200k context (50%)');
  });

  it('uses the 1M window where it applies', () => {
    const use = contextUse({ input: 50_000, output: 0, cacheWrite: 0, cacheRead: 50_000 }, 'claude-opus-4-6');
    assert.deepEqual(use, { used: 100_000, limit: 1_000_000, fraction: 0.1 });
    assert.equal(formatContextUse(use), '100k of 1M context (10%)');
  });

  it('shows a sliver as <1% and an unknown window as a plain count', () => {
    assert.equal(formatContextUse(contextUse({ input: 900, output: 50, cacheWrite: 0, cacheRead: 0 }, 'claude-opus-4-6')), '950 of 1M context (<1%)');
    const unknown = contextUse({ input: 45_000, output: 0, cacheWrite: 0, cacheRead: 0 }, 'claude-sonnet-5-5');
    assert.deepEqual(unknown, { used: 45_000, limit: undefined, fraction: undefined });
    assert.equal(formatContextUse(unknown), '45k context');
  });
});
