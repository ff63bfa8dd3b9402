/**
 * The usage of a whole answer — one request per step of a tool loop — and of a conversation, from
 * the reducer's step states. A step cut off before its stop event never received the final output
 * count, so its output is estimated from what it streamed; completed steps are taken as reported.
 */
import type { Usage } from '../messages';
import type { TurnState } from '../turnReducer';
import { estimateTokens, formatStoppedTotals, formatTotals, formatUsageTokens, totalsOf, type UsageRecord } from './cost';
import type { PriceOverrides } from './prices';

/** What is read of a step's reducer state. */
export type StepUsageSource = Pick<TurnState, 'usage' | 'model' | 'blocks' | 'finalContent' | 'usageUnknown'>;

/** Said instead of figures when the endpoint reported no token counts: never estimated. */
export const TOKENS_UNKNOWN = 'tokens unknown';

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
 * step failed before `message_start` named one. Steps whose endpoint reported no tokens have no
 * record: their usage is unknown, not zero.
 */
export function usageRecordsOf(steps: readonly StepUsageSource[], requestedModel: string, settingsPricesOnly = false): UsageRecord[] {
  return steps
    .filter((step) => !step.usageUnknown)
    .map((step) => ({ model: step.model ?? requestedModel, usage: settledUsage(step), ...(settingsPricesOnly ? { settingsPricesOnly } : {}) }));
}

export interface AnswerUsageOptions {
  /** The answer was stopped (or failed) before its last step completed. */
  readonly stopped: boolean;
  readonly requestedModel: string;
  readonly overrides?: PriceOverrides;
  /** Price only from the user's settings (an OpenAI-compatible endpoint). */
  readonly settingsPricesOnly?: boolean;
}

/**
 * The line under an answer: "1.2k in · 340 out · 8k cached (saved $0.02) · $0.0123", or for a
 * stopped one "stopped after 340 tokens ≈ $0.004"; "tokens unknown" when the endpoint reported no
 * counts. Undefined when no tokens were used at all (the request failed before it started), so
 * nothing is shown.
 */
export function summarizeAnswerUsage(steps: readonly StepUsageSource[], options: AnswerUsageOptions): string | undefined {
  const records = usageRecordsOf(steps, options.requestedModel, options.settingsPricesOnly);
  const unknown = records.length < steps.length;
  const totals = totalsOf(records, options.overrides);
  const { usage } = totals;
  if (usage.input + usage.output + usage.cacheWrite + usage.cacheRead === 0) {
    if (!unknown) return undefined;
    return options.stopped ? `stopped · ${TOKENS_UNKNOWN}` : TOKENS_UNKNOWN;
  }
  // Some steps counted, others not: the figures are a part, so no cost is claimed for the whole.
  if (unknown) return `${formatUsageTokens(usage)} · more ${TOKENS_UNKNOWN}`;
  return options.stopped ? formatStoppedTotals(totals) : formatTotals(totals);
}

