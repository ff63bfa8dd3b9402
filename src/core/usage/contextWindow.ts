/**
 * How full the model's context window is. The last request's input (plain, cache writes and cache
 * reads) plus its output is what the next request carries before the user types anything, so it
 * is the honest "used" figure. A model whose window is not known here gets no limit rather than a
 * guess; the UI then shows the count without a bar.
 */
import type { Usage } from '../messages';
import { formatTokens } from './cost';
import { canonicalModelId } from './prices';

const ONE_MILLION = 1_000_000;
const TWO_HUNDRED_K = 200_000;

/**
 * Context windows by family id (see `canonicalModelId`). 1M only where Anthropic's model pages
 * state it with no beta header needed: Opus 4.6–4.8 and Sonnet 4.6. Sonnet 4 and 4.5 reach 1M
 * only with a beta header Inkwell does not send, so 200k is their real limit here.
 */
const CONTEXT_WINDOWS: ReadonlyMap<string, number> = new Map([
  ['claude-opus-4-8', ONE_MILLION],
  ['claude-opus-4-7', ONE_MILLION],
  ['claude-opus-4-6', ONE_MILLION],
  ['claude-sonnet-4-6', ONE_MILLION],
  ['claude-opus-4-5', TWO_HUNDRED_K],
  ['claude-opus-4-1', TWO_HUNDRED_K],
  ['claude-opus-4-0', TWO_HUNDRED_K],
  ['claude-opus-4', TWO_HUNDRED_K],
  ['claude-sonnet-4-5', TWO_HUNDRED_K],
  ['claude-sonnet-4-0', TWO_HUNDRED_K],
  ['claude-sonnet-4', TWO_HUNDRED_K],
  ['claude-haiku-4-5', TWO_HUNDRED_K],
  ['claude-3-5-haiku', TWO_HUNDRED_K],
]);

/** The context window of `model` in tokens, or undefined when not known. */
export function contextWindowFor(model: string): number | undefined {
  return CONTEXT_WINDOWS.get(canonicalModelId(model));
}

export interface ContextUse {
  /** Tokens the conversation occupies after the last request. */
  readonly used: number;
  readonly limit: number | undefined;
  /** `used / limit`, not clamped (a value over 1 means the figures disagree); undefined without a limit. */
  readonly fraction: number | undefined;
}

/** How much of `model`'s window the last request's usage fills. */
export function contextUse(usage: Usage, model: string): ContextUse {
  const used = usage.input + usage.cacheWrite + usage.cacheRead + usage.output;
  const limit = contextWindowFor(model);
  return { used, limit, fraction: limit === undefined ? undefined : used / limit };
}

/** E.g. "45k of 200k context (23%)", "<1%" for a sliver, or "45k context" without a known limit. */
export function formatContextUse(use: ContextUse): string {
  if (use.limit === undefined || use.fraction === undefined) return `${formatTokens(use.used)} context`;
  const percent = use.fraction > 0 && use.fraction < 0.005 ? '<1%' : `${Math.round(use.fraction * 100)}%`;
  return `${formatTokens(use.used)} of ${formatTokens(use.limit)} context (${percent})`;
}
