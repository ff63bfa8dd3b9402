import * as assert from 'node:assert/strict';
import { BUILT_IN_PRICES, canonicalModelId, parsePriceOverrides, priceFor } from '../../../src/core/usage/prices';

const OPUS_NEW = { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 };
const OPUS_OLD = { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 };
const SONNET_4 = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };
const HAIKU_45 = { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 };
const HAIKU_35 = { input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 };

describe('priceFor (built-in list prices)', () => {
  const cases: Array<[string, object]> = [
    ['claude-opus-4-8', OPUS_NEW],
    ['claude-opus-4-7', OPUS_NEW],
    ['claude-opus-4-6', OPUS_NEW],
    ['claude-opus-4-5', OPUS_NEW],
    ['claude-opus-4-5-20251101', OPUS_NEW],
    ['claude-opus-4-1', OPUS_OLD],
    ['claude-opus-4-1-20250805', OPUS_OLD],
    ['claude-opus-4-0', OPUS_OLD],
    ['claude-opus-4-20250514', OPUS_OLD],
    ['claude-sonnet-4-6', SONNET_4],
    ['claude-sonnet-4-5', SONNET_4],
    ['claude-sonnet-4-5-20250929', SONNET_4],
    ['claude-sonnet-4-0', SONNET_4],
    ['claude-sonnet-4-20250514', SONNET_4],
    ['claude-haiku-4-5', HAIKU_45],
    ['claude-haiku-4-5-20251001', HAIKU_45],
    ['claude-3-5-haiku-20241022', HAIKU_35],
    ['claude-3-5-haiku-latest', HAIKU_35],
    [' Claude-Sonnet-4-5-20250929 ', SONNET_4],
  ];
  for (const [model, price] of cases) {
    it(`prices ${JSON.stringify(model)}`, () => assert.deepEqual(priceFor(model), price));
  }

  // Every id of the installed SDK's `Model` type: priced by family, or deliberately unknown.
  const unknownSdkModels = [
    'claude-fable-5-2',
    'claude-mythos-5-2',
    'claude-haiku-5-5',
    'claude-sonnet-5-5',
    'claude-fable-5-1',
    'claude-opus-5-5',
    'claude-mythos-5-1',
    'claude-sonnet-5',
    'claude-fable-5',
    'claude-mythos-5',
    'claude-opus-5',
    'claude-mythos-preview',
  ];
  for (const model of unknownSdkModels) {
    it(`never guesses a price for ${model}`, () => assert.equal(priceFor(model), undefined));
  }

  it('does not stretch a family to ids that only look alike', () => {
    for (const model of [
      '',
      '   ',
      'claude-opus-4-50',
      'claude-opus-4-9',
      'claude-sonnet-4-5-thinking',
      'claude-sonnet-4-5-2025092',
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
      'claude-sonnet-4-5@20250929',
      'claude-3-haiku-20240307',
      'gpt-4o',
    ]) {
      assert.equal(priceFor(model), undefined, model);
    }
  });

  it('derives every cache price as 1.25 × and 0.1 × input', () => {
    for (const family of BUILT_IN_PRICES) {
      assert.equal(family.price.cacheWrite, Number((family.price.input * 1.25).toFixed(9)), family.name);
      assert.equal(family.price.cacheRead, Number((family.price.input * 0.1).toFixed(9)), family.name);
    }
  });

  it('canonicalises dated ids and -latest aliases only', () => {
    assert.equal(canonicalModelId('claude-sonnet-4-5-20250929'), 'claude-sonnet-4-5');
    assert.equal(canonicalModelId('claude-3-5-haiku-latest'), 'claude-3-5-haiku');
    assert.equal(canonicalModelId('claude-opus-4-20250514'), 'claude-opus-4');
    assert.equal(canonicalModelId('claude-sonnet-4-6'), 'claude-sonnet-4-6');
  });
});

describe('parsePriceOverrides', () => {
  it('accepts a valid entry and fills missing cache prices from the 1.25 × / 0.1 × rule', () => {
    const { overrides, problems } = parsePriceOverrides({ 'claude-sonnet-5-5': { input: 2, output: 10 } });
    assert.deepEqual(problems, []);
    assert.deepEqual(priceFor('claude-sonnet-5-5', overrides), { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 });
  });

  it('keeps explicit cache prices, zero included', () => {
    const { overrides } = parsePriceOverrides({ 'my-proxy-model': { input: 2, output: 10, cacheWrite: 0, cacheRead: 0.1 } });
    assert.deepEqual(priceFor('my-proxy-model', overrides), { input: 2, output: 10, cacheWrite: 0, cacheRead: 0.1 });
  });

  it('matches by prefix, longest key first, and beats the built-ins', () => {
    const { overrides } = parsePriceOverrides({
      'claude-sonnet-': { input: 1, output: 2 },
      'claude-sonnet-4-5': { input: 7, output: 8 },
    });
    assert.equal(priceFor('claude-sonnet-4-5-20250929', overrides)?.input, 7);
    assert.equal(priceFor('claude-sonnet-4-6', overrides)?.input, 1);
    assert.equal(priceFor('claude-opus-4-6', overrides)?.input, 5, 'untouched families keep their built-in price');
  });

  it('compares keys and ids case-insensitively', () => {
    const { overrides } = parsePriceOverrides({ ' Claude-Fable-5-1 ': { input: 10, output: 50 } });
    assert.equal(priceFor('CLAUDE-FABLE-5-1', overrides)?.output, 50);
  });

  it('ignores and reports each invalid entry, keeping the valid ones', () => {
    const { overrides, problems } = parsePriceOverrides({
      good: { input: 1, output: 2 },
      negative: { input: -1, output: 2 },
      text: { input: '3', output: 15 },
      infinite: { input: Infinity, output: 1 },
      notANumber: { input: NaN, output: 1 },
      noOutput: { input: 1 },
      nullCache: { input: 1, output: 2, cacheRead: null },
      typo: { input: 1, output: 2, cache_read: 0.1 },
      scalar: 3,
      list: [1, 2],
      '  ': { input: 1, output: 2 },
    });
    assert.deepEqual([...overrides.keys()], ['good']);
    assert.equal(problems.length, 10);
    assert.ok(problems.some((p) => p.includes('"negative"') && p.includes('input must be a number ≥ 0')));
    assert.ok(problems.some((p) => p.includes('"noOutput"') && p.includes('output must be a number ≥ 0')));
    assert.ok(problems.some((p) => p.includes('"typo"') && p.includes('unknown field "cache_read"')));
    assert.equal(priceFor('negative', overrides), undefined);
  });

  it('reports a key listed twice after normalising, and uses the later one', () => {
    const { overrides, problems } = parsePriceOverrides({ 'model-a': { input: 1, output: 1 }, 'MODEL-A': { input: 2, output: 2 } });
    assert.equal(priceFor('model-a', overrides)?.input, 2);
    assert.equal(problems.length, 1);
  });

  it('treats an absent setting as no overrides and a wrong-shaped one as a problem', () => {
    assert.deepEqual(parsePriceOverrides(undefined).problems, []);
    assert.deepEqual(parsePriceOverrides(null).problems, []);
    for (const bad of ['prices', 42, [{ input: 1, output: 1 }]]) {
      const parsed = parsePriceOverrides(bad);
      assert.equal(parsed.overrides.size, 0);
      assert.equal(parsed.problems.length, 1);
    }
  });
});
