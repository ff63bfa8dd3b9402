/**
 * The "Details" of an answer: one entry per request — model, request id, time to first token,
 * total time, tokens, cache savings, cost, retries and stop reason — built from the step's reducer
 * state and the runner's timings, and formatted here so the webview only lays them out.
 */
import type { DetailRow, RequestDetailsView } from '../../shared/transcript';
import type { StepUsageSource } from './answerUsage';
import { settledUsage } from './answerUsage';
import { cacheSavings, costOf, formatCost } from './cost';
import { priceFor, type PriceOverrides } from './prices';

/**
 * When a request started, first streamed and ended (epoch ms), and how often it was re-sent. The
 * runner's `TurnTimings` has this shape; it is stored with the step so the details survive reloads.
 */
export interface StepTimings {
  readonly startedAt: number;
  /**
   * When the attempt that answered was sent (after any retry waits). Absent in conversations
   * stored before retries existed: there the first attempt was the only one.
   */
  readonly attemptStartedAt?: number;
  readonly firstEventAt?: number;
  /** The first streamed token: text, thinking or tool input. */
  readonly firstTextAt?: number;
  readonly endedAt?: number;
  /** Times the request was sent again before it was answered; absent means none. */
  readonly retries?: number;
}

export interface RequestDetailsSource extends StepUsageSource {
  readonly requestId?: string;
  readonly stopReason?: string;
}

export interface RequestDetailsOptions {
  /** The model asked for, used when the API never named one (the request failed early). */
  readonly requestedModel: string;
  readonly overrides?: PriceOverrides;
  /** Price only from the user's settings (an OpenAI-compatible endpoint), as the usage line does. */
  readonly settingsPricesOnly?: boolean;
  readonly timings?: StepTimings;
  /** How the answer ended, for a request that has no stop reason of its own. */
  readonly answerStatus: 'done' | 'stopped' | 'error';
}

/** The timing figures of one request, as both the Details and the log line give them. */
export interface StepTimingFigures {
  /** From sending the attempt that answered to its first event with content (else its first event). */
  readonly firstTokenMs?: number;
  /** From the first attempt to the end: retry waits included. */
  readonly totalMs?: number;
  readonly retries: number;
}

/**
 * Time to first token is measured from the attempt that answered: a wait before a retry is not
 * the API's slowness. Without a text, thinking or tool-input event (an empty answer, a tool call
 * without input) the first event of that attempt stands in.
 */
export function stepTimingFigures(timings: StepTimings | undefined): StepTimingFigures {
  if (!timings) return { retries: 0 };
  const first = timings.firstTextAt ?? timings.firstEventAt;
  const from = timings.attemptStartedAt ?? timings.startedAt;
  return {
    ...(first !== undefined ? { firstTokenMs: first - from } : {}),
    ...(timings.endedAt !== undefined ? { totalMs: timings.endedAt - timings.startedAt } : {}),
    retries: timings.retries ?? 0,
  };
}

export function requestDetails(step: RequestDetailsSource, options: RequestDetailsOptions): RequestDetailsView {
  const model = step.model ?? (options.requestedModel || undefined);
  const usage = settledUsage(step);
  // An endpoint that reports no tokens: zeros would be a claim, and a cost from them a wrong one.
  const tokensUnknown = step.usageUnknown === true;
  const outputEstimated = !tokensUnknown && step.finalContent === undefined && usage.output > step.usage.output;
  const price = model && !tokensUnknown ? priceFor(model, options.overrides, options.settingsPricesOnly !== true) : undefined;
  const { firstTokenMs, totalMs, retries } = stepTimingFigures(options.timings);
  const view: Omit<RequestDetailsView, 'rows'> = {
    ...(model ? { model } : {}),
    ...(step.requestId ? { requestId: step.requestId } : {}),
    ...(firstTokenMs !== undefined ? { firstTokenMs } : {}),
    ...(totalMs !== undefined ? { totalMs } : {}),
    tokens: { ...usage },
    ...(tokensUnknown ? { tokensUnknown } : {}),
    outputEstimated,
    ...(price ? { costUsd: costOf(usage, price), cacheSavedUsd: cacheSavings(usage, price).saved } : {}),
    retries,
    ...(step.stopReason ? { stopReason: step.stopReason } : {}),
  };
  return { ...view, rows: detailRows(view, step.finalContent !== undefined ? 'done' : options.answerStatus) };
}

/** The rows as shown; `ended` says how a request without a stop reason ended. */
export function detailRows(view: Omit<RequestDetailsView, 'rows'>, ended: RequestDetailsOptions['answerStatus']): DetailRow[] {
  const t = view.tokens;
  const output = `${view.outputEstimated ? '≈ ' : ''}${formatCount(t.output)} out`;
  return [
    { label: 'Model', value: view.model ?? 'unknown' },
    { label: 'Request id', value: view.requestId ?? 'none (no response)' },
    { label: 'First token', value: view.firstTokenMs !== undefined ? formatDuration(view.firstTokenMs) : 'none' },
    { label: 'Total time', value: view.totalMs !== undefined ? formatDuration(view.totalMs) : 'unknown' },
    {
      label: 'Tokens',
      value: view.tokensUnknown
        ? 'unknown (the endpoint reports none)'
        : `${formatCount(t.input)} in · ${output} · ${formatCount(t.cacheWrite)} cache write · ${formatCount(t.cacheRead)} cache read`,
    },
    { label: 'Cache saved', value: view.cacheSavedUsd !== undefined ? formatCost(view.cacheSavedUsd) : view.tokensUnknown ? 'unknown' : NO_PRICE },
    { label: 'Cost', value: view.costUsd !== undefined ? `${view.outputEstimated ? '≈ ' : ''}${formatCost(view.costUsd)}` : view.tokensUnknown ? 'unknown' : NO_PRICE },
    { label: 'Retries', value: String(view.retries) },
    { label: 'Stop reason', value: view.stopReason ?? NO_STOP_REASON[ended] },
  ];
}

const NO_PRICE = 'unknown (no price for this model)';

const NO_STOP_REASON: Record<RequestDetailsOptions['answerStatus'], string> = {
  done: 'none reported',
  stopped: 'stopped before the end',
  error: 'failed before the end',
};

/** An exact token count with thousands separators: "1,234". */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** "0 ms" … "999 ms", "1.2 s" … "59.9 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
