/**
 * Extended thinking for Anthropic requests: the `inkwell.thinkingBudget` setting becomes the
 * request's `thinking: {type: "enabled", budget_tokens}`. The API counts thinking against
 * `max_tokens`, refuses a budget below 1024 and refuses `max_tokens` that does not exceed the
 * budget; a setting that breaks either rule is refused here, before anything is sent, with a
 * message that names both settings — never silently raised or lowered, since either would change
 * what a request may cost.
 */
import { ACTIONS, InkwellError } from '../errors';

/** The API's smallest thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

/** The request field, in the API's own shape. */
export interface ThinkingParam {
  readonly type: 'enabled';
  readonly budget_tokens: number;
}

/** Why `budget` cannot be sent with `maxTokens`, in words for the user; undefined when it can (or is off). */
export function thinkingBudgetProblem(budget: number, maxTokens: number): string | undefined {
  if (budget === 0) return undefined;
  if (!Number.isInteger(budget) || budget < 0) {
    return `The thinking budget (inkwell.thinkingBudget) must be a whole number of tokens: 0 turns thinking off, otherwise at least ${MIN_THINKING_BUDGET}. It is ${budget}.`;
  }
  if (budget < MIN_THINKING_BUDGET) {
    return `The thinking budget (inkwell.thinkingBudget) is ${budget} tokens; the API needs at least ${MIN_THINKING_BUDGET}. Set it to ${MIN_THINKING_BUDGET} or more, or to 0 to turn thinking off.`;
  }
  if (maxTokens <= budget) {
    return (
      `The thinking budget (inkwell.thinkingBudget, ${budget} tokens) must be less than the output limit (inkwell.maxTokens, ${maxTokens}), ` +
      `which counts the thinking too. Raise inkwell.maxTokens above ${budget} or lower the budget.`
    );
  }
  return undefined;
}

/**
 * The `thinking` field for a request, undefined when thinking is off. Throws an `InkwellError`
 * (shown in the turn, with Open Settings) when the settings cannot be sent as they are.
 */
export function thinkingParam(budget: number | undefined, maxTokens: number): ThinkingParam | undefined {
  if (budget === undefined || budget === 0) return undefined;
  const problem = thinkingBudgetProblem(budget, maxTokens);
  if (problem) throw new InkwellError('badRequest', 'Thinking budget does not fit', problem, [ACTIONS.openSettings]);
  return { type: 'enabled', budget_tokens: budget };
}
