/**
 * The header's context figure for a conversation: how much of the model's window the last
 * request filled (see `contextUse`), with a level for the meter. Requests of an endpoint that
 * reports no token counts are skipped: their zeros are not figures. A stopped request counts its
 * estimated output, since its partial text goes back with the next request. Thinking of earlier
 * answers is counted although the API drops it from later context, so near the limit the figure
 * errs on the full side — the safe side for a warning.
 */
import type { ContextView } from '../../shared/transcript';
import type { Usage } from '../messages';
import { settledUsage, type StepUsageSource } from './answerUsage';
import { estimateTokens, formatTokens } from './cost';
import { contextUse, formatContextUse, type ContextUse } from './contextWindow';

export const CONTEXT_WARNING_FRACTION = 0.8;
export const CONTEXT_CRITICAL_FRACTION = 0.95;

/** A request of the conversation, oldest first, with the model it asked for. */
export interface ContextSource {
  readonly step: StepUsageSource;
  readonly requestedModel: string;
}

/** An exchange of the conversation, in the order they began. */
export interface ContextExchange {
  /** The answer's id, as `leftOut` names it. */
  readonly id: string;
  /** What the user's turn sends; its tokens are estimated where no request has counted it yet. */
  readonly prompt: string;
  readonly requests: readonly ContextSource[];
  /** Exchanges this one's requests left out: they were still streaming when it began. */
  readonly leftOut?: readonly string[];
}

/** The context view after the last request that used any tokens; undefined when none did. */
export function contextViewOf(requests: readonly ContextSource[]): ContextView | undefined {
  return conversationContextView([{ id: '', prompt: '', requests }]);
}

/**
 * The header's figure for a conversation whose answers may have run at the same time. The latest
 * exchange with counted usage gives the base figure; but answers that began while others were
 * streaming left those out of their requests (`leftOut`), so its last request may lack whole
 * exchanges that the next request will carry. Each left-out exchange adds what it brings beyond
 * the history they shared: its prompt (estimated from its text) and what its own requests added
 * (its last request's figure less its first request's input — its answers and tool results).
 * Taking the largest of the concurrent figures instead would still lack all but one of them, and
 * summing them whole would count the shared history twice; this errs only by the estimate.
 */
export function conversationContextView(exchanges: readonly ContextExchange[]): ContextView | undefined {
  for (let i = exchanges.length - 1; i >= 0; i--) {
    const exchange = exchanges[i]!;
    const last = countedRequests(exchange).at(-1);
    if (!last) continue;
    const base = contextUse(settledUsage(last.step), last.step.model ?? last.requestedModel);
    const leftOut = new Set(exchange.leftOut ?? []);
    const added = exchanges.filter((e) => leftOut.has(e.id)).reduce((sum, e) => sum + addedBy(e), 0);
    const used = base.used + added;
    return viewOf({ used, limit: base.limit, fraction: base.limit === undefined ? undefined : used / base.limit });
  }
  return undefined;
}

/** Requests whose usage is known and non-zero (an endpoint without usage reports counts none). */
function countedRequests(exchange: ContextExchange): ContextSource[] {
  return exchange.requests.filter(({ step }) => !step.usageUnknown && total(settledUsage(step)) > 0);
}

/** What a left-out exchange adds to the next request beyond the history it shared. */
function addedBy(exchange: ContextExchange): number {
  const counted = countedRequests(exchange);
  const prompt = estimateTokens(exchange.prompt);
  if (counted.length === 0) return prompt;
  const first = settledUsage(counted[0]!.step);
  const last = settledUsage(counted.at(-1)!.step);
  return prompt + Math.max(0, total(last) - (first.input + first.cacheWrite + first.cacheRead));
}

function total(usage: Usage): number {
  return usage.input + usage.output + usage.cacheWrite + usage.cacheRead;
}

function viewOf(use: ContextUse): ContextView {
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
