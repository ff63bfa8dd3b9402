/**
 * The usage of a whole answer — one request per step of a tool loop — and of a conversation, from
 * the reducer's step states. A step cut off before its stop event never received the final output
 * count, so its output is estimated from what it streamed; completed steps are taken as reported.
 */
import type { Usage } from '../messages';
import type { TurnState } from '../turnReducer';
import { estimateTokens, formatStoppedTotals, formatTotals, totalsOf, type UsageRecord } from './cost';
import type { PriceOverrides } from './prices';

/** What is read of a step's reducer state. */
export type StepUsageSource = Pick<TurnState, 'usage' | 'model' | 'blocks' | 'finalContent'>;

/** Everything the step streamed as output: text, thinking and tool input are all billed as output. */
export function streamedOutputText(step: StepUsageSource): string {
  return step.blocks.map((block) => (block.kind === 'toolUse' ? block.inputJson : block.text)).join('');
}

/** The step's usage as it will be billed: reported output when complete, else at least the estimate. */
export function settledUsage(step: StepUsageSource): Usage {
  if (step.finalContent !== undefined) return step.usage;
  return { ...step.usage, output: Math.max(step.usage.output, estimateTokens(streamedOutputText(step))) };
}

/**
 * One record per step, priced by the model the API said answered, or the requested model when the
 * step failed before `message_start` named one.
 */
export function usageRecordsOf(steps: readonly StepUsageSource[], requestedModel: string): UsageRecord[] {
  return steps.map((step) => ({ model: step.model ?? requestedModel, usage: settledUsage(step) }));
}

export interface AnswerUsageOptions {
  /** The answer was stopped (or failed) before its last step completed. */
  readonly stopped: boolean;
  readonly requestedModel: string;
  readonly overrides?: PriceOverrides;
}

/**
 * The line under an answer: "1.2k in · 340 out · 8k cached (saved $0.02) · $0.0123", or for a
 * stopped one "stopped after 340 tokens ≈ $0.004". Undefined when no tokens were used at all (the
 * request failed before it started), so nothing is shown.
 */
export function summarizeAnswerUsage(steps: readonly StepUsageSource[], options: AnswerUsageOptions): string | undefined {
  const totals = totalsOf(usageRecordsOf(steps, options.requestedModel), options.overrides);
  const { usage } = totals;
  if (usage.input + usage.output + usage.cacheWrite + usage.cacheRead === 0) return undefined;
  return options.stopped ? formatStoppedTotals(totals) : formatTotals(totals);
}
