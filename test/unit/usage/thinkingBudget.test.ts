import * as assert from 'node:assert/strict';
import { InkwellError } from '../../../src/core/errors';
import { MIN_THINKING_BUDGET, thinkingBudgetProblem, thinkingParam } from '../../../src/core/usage/thinkingBudget';

describe('thinking budget', () => {
  it('0 or no setting means no thinking field at all', () => {
    assert.equal(thinkingParam(0, 8192), undefined);
    assert.equal(thinkingParam(undefined, 8192), undefined);
    assert.equal(thinkingBudgetProblem(0, 1), undefined);
  });

  it('a budget from 1024 up to one below max_tokens becomes the API field', () => {
    assert.deepEqual(thinkingParam(MIN_THINKING_BUDGET, 8192), { type: 'enabled', budget_tokens: 1024 });
    assert.deepEqual(thinkingParam(8191, 8192), { type: 'enabled', budget_tokens: 8191 });
  });

  it('refuses a budget below the API minimum, naming the setting and the minimum', () => {
    const problem = thinkingBudgetProblem(512, 8192);
    assert.match(problem ?? '', /inkwell\.thinkingBudget/);
    assert.match(problem ?? '', /at least 1024/);
    assert.match(problem ?? '', /0 to turn thinking off/);
    assert.ok(thinkingBudgetProblem(1023, 8192));
  });

  it('refuses a budget that max_tokens does not exceed, naming both settings', () => {
    for (const budget of [8192, 10_000]) {
      const problem = thinkingBudgetProblem(budget, 8192);
      assert.match(problem ?? '', new RegExp(`inkwell\\.thinkingBudget, ${budget} tokens`));
      assert.match(problem ?? '', /inkwell\.maxTokens, 8192/);
      assert.match(problem ?? '', new RegExp(`Raise inkwell\\.maxTokens above ${budget}`));
    }
  });

  it('refuses negative and fractional budgets', () => {
    assert.match(thinkingBudgetProblem(-1, 8192) ?? '', /whole number/);
    assert.match(thinkingBudgetProblem(2048.5, 8192) ?? '', /whole number/);
  });

  it('thinkingParam throws an InkwellError with Open Settings, so the turn shows it and nothing is sent', () => {
    assert.throws(
      () => thinkingParam(16_000, 8192),
      (error: unknown) =>
        error instanceof InkwellError &&
        error.kind === 'badRequest' &&
        error.title === 'Thinking budget does not fit' &&
        error.actions.map((a) => a.id).join() === 'openSettings',
    );
  });
});
