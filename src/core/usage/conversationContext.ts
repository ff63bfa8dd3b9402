/**
 * The header's context figure for a conversation: how much of the model's window the last
 * request filled (see `contextUse`), with a level for the meter. A stopped request counts its
 * estimated output, since its partial text goes back with the next request. Thinking of earlier
 * answers is counted although the API drops it from later context, so near the limit the figure
 * errs on the full side — the safe side for a warning.
 */
import type { ContextView } from '../../shared/transcript';
import { settledUsage, type StepUsageSource } from './answerUsage';
import { formatTokens } from './cost';
import { contextUse, formatContextUse } from './contextWindow';

export const CONTEXT_WARNING_FRACTION = 0.8;
export const CONTEXT_CRITICAL_FRACTION = 0.95;

/** A request of the conversation, oldest first, with the model it asked for. */
export interface ContextSource {
  readonly step: StepUsageSource;
  readonly requestedModel: string;
}

/** The context view after the last request that used any tokens; undefined when none did. */
export function contextViewOf(requests: readonly ContextSource[]): ContextView | undefined {
  for (let i = requests.length - 1; i >= 0; i--) {
    const { step, requestedModel } = requests[i]!;
    const usage = settledUsage(step);
    if (usage.input + usage.output + usage.cacheWrite + usage.cacheRead === 0) continue;
    const use = contextUse(usage, step.model ?? requestedModel);
    const fraction = use.fraction ?? 0;
    const level = fraction >= CONTEXT_CRITICAL_FRACTION ? 'critical' : fraction >= CONTEXT_WARNING_FRACTION ? 'warning' : 'normal';
    const label = use.limit === undefined ? `${formatTokens(use.used)} context` : `${formatTokens(use.used)} / ${formatTokens(use.limit)} context`;
    const advice = level === 'normal' ? '' : ' — nearly full: start a New Chat soon, or the API will refuse the next request';
    return {
      used: use.used,
      ...(use.limit !== undefined ? { limit: use.limit } : {}),
      level,
      label,
      description: `${formatContextUse(use)} in use after the last request${use.limit === undefined ? ' (window size unknown for this model)' : ''}${advice}`,
    };
  }
  return undefined;
}
