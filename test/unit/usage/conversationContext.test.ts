import * as assert from 'node:assert/strict';
import { contextViewOf } from '../../../src/core/usage/conversationContext';
import type { Usage } from '../../../src/core/messages';

function request(usage: Usage, model = 'claude-sonnet-4-5-20250929', complete = true) {
  return {
    step: { usage, model, blocks: [{ kind: 'text' as const, text: 'y'.repeat(4000) }], ...(complete ? { finalContent: [] } : {}) },
    requestedModel: model,
  };
}

describe('contextViewOf', () => {
  it('counts the last request: input, cache writes, cache reads and output', () => {
    const view = contextViewOf([
      request({ input: 5, output: 5, cacheWrite: 0, cacheRead: 0 }),
      request({ input: 100, output: 500, cacheWrite: 20_000, cacheRead: 10_000 }),
    ]);
    assert.deepEqual(view, {
      used: 30_600,
      limit: 200_000,
      level: 'normal',
      label: '31k / 200k context',
      description: '31k of 200k context (15%) in use after the last request',
    });
  });

  it('skips requests that used nothing (failed before the API answered)', () => {
    const view = contextViewOf([request({ input: 1000, output: 0, cacheWrite: 0, cacheRead: 0 }), request({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0 })]);
    assert.equal(view?.used, 1000);
    assert.equal(contextViewOf([]), undefined);
    assert.equal(contextViewOf([request({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0 })]), undefined);
  });

  it('a stopped request counts its streamed output estimate, which the next request carries', () => {
    const view = contextViewOf([request({ input: 1000, output: 1, cacheWrite: 0, cacheRead: 0 }, 'claude-sonnet-4-5', false)]);
    assert.equal(view?.used, 2000);
  });

  it('warns from 80 % and is critical from 95 %, saying what to do', () => {
    const at = (used: number) => contextViewOf([request({ input: used, output: 0, cacheWrite: 0, cacheRead: 0 })])!;
    assert.equal(at(159_999).level, 'normal');
    assert.equal(at(160_000).level, 'warning');
    assert.match(at(160_000).description, /nearly full: start a New Chat/);
    assert.equal(at(189_999).level, 'warning');
    assert.equal(at(190_000).level, 'critical');
    assert.equal(at(250_000).level, 'critical');
  });

  it('a model whose window is unknown gets the count only, never a guessed limit', () => {
    const view = contextViewOf([request({ input: 1500, output: 0, cacheWrite: 0, cacheRead: 0 }, 'claude-fable-5-2')]);
    assert.equal(view?.limit, undefined);
    assert.equal(view?.level, 'normal');
    assert.equal(view?.label, '1.5k context');
    assert.match(view?.description ?? '', /window size unknown/);
  });

  it('uses the model the API named, else the one asked for', () => {
    const view = contextViewOf([{ step: { usage: { input: 10_000, output: 0, cacheWrite: 0, cacheRead: 0 }, blocks: [], finalContent: [] }, requestedModel: 'claude-opus-4-8' }]);
    assert.equal(view?.label, '10k / 1M context');
  });
});
