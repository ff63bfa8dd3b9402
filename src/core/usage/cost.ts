/**
 * What requests cost, what the prompt cache saved, and the short texts that say so in the chat.
 *
 * The API reports a request's input in three disjoint parts: `input_tokens` counts only the input
 * after the last cache breakpoint, EXCLUDING `cache_creation_input_tokens` (written to the cache,
 * billed at the cache-write price) and `cache_read_input_tokens` (read from it, billed at the
 * cache-read price). So the three are added, each at its own price, never subtracted from one
 * another. `Usage.output` is already the final cumulative count: the reducer replaces it on every
 * `message_delta` instead of adding, so a usage is priced once, as it stands.
 */
import type { Usage } from '../messages';
import { ZERO_USAGE } from '../messages';
import { priceFor, type ModelPrice, type PriceOverrides } from './prices';

const TOKENS_PER_MILLION = 1_000_000;

/**
 * Float products such as 10 000 × 0.3 can land a hair off the decimal; costs are rounded to
 * 1e-10 USD, far below anything shown, so sums and comparisons stay exact.
 */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}

/** The cost in USD of `usage` at `price`, each kind of token at its own rate. */
export function costOf(usage: Usage, price: ModelPrice): number {
  return roundUsd(
    (usage.input * price.input + usage.output * price.output + usage.cacheWrite * price.cacheWrite + usage.cacheRead * price.cacheRead) /
      TOKENS_PER_MILLION,
  );
}

/** Field-by-field sum: the tokens of several requests (a tool loop's steps, a conversation). */
export function sumUsage(usages: readonly Usage[]): Usage {
  return usages.reduce(
    (total, u) => ({
      input: total.input + u.input,
      output: total.output + u.output,
      cacheWrite: total.cacheWrite + u.cacheWrite,
      cacheRead: total.cacheRead + u.cacheRead,
    }),
    ZERO_USAGE,
  );
}

/** The effect of prompt caching on one usage, in USD. */
export interface CacheSavings {
  /** What the cache reads would have cost as plain input, minus what they did cost. */
  readonly saved: number;
  /** What the cache writes cost beyond plain input: paid now, recovered by later reads. */
  readonly writePremium: number;
}

export function cacheSavings(usage: Usage, price: ModelPrice): CacheSavings {
  return {
    saved: roundUsd((usage.cacheRead * (price.input - price.cacheRead)) / TOKENS_PER_MILLION),
    writePremium: roundUsd((usage.cacheWrite * (price.cacheWrite - price.input)) / TOKENS_PER_MILLION),
  };
}

/**
 * A dollar amount for the chat: "$1.23" from a dollar up, up to four decimals below it ("$0.0123",
 * "$0.004", "$0.50"), "<$0.0001" for a positive amount that would round to nothing.
 */
export function formatCost(usd: number): string {
  if (!Number.isFinite(usd)) return 'unknown';
  if (usd < 0) return `-${formatCost(-usd)}`;
  if (usd > 0 && usd < 0.0001) return '<$0.0001';
  const fixed = usd.toFixed(4);
  if (Number(fixed) >= 1) {
    return `$${Number(fixed).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  }
  // Trailing zeros go, but cents stay: "0.0040" → "0.004", "0.5000" → "0.50".
  return `$${fixed.replace(/0{1,2}$/, '')}`;
}

/** A token count for the chat: "340", "1.2k", "15k", "1.2M", "15M". */
export function formatTokens(count: number): string {
  if (!Number.isFinite(count)) return '?';
  const n = Math.max(0, Math.round(count));
  if (n < 1000) return String(n);
  // Rounded first, then unit chosen, so 999 600 reads "1M" and not "1000k".
  const thousands = n < 10_000 ? Math.round(n / 100) / 10 : Math.round(n / 1000);
  if (thousands < 1000) return `${thousands}k`;
  const millions = n < 10_000_000 ? Math.round(n / 100_000) / 10 : Math.round(n / 1_000_000);
  return `${millions}M`;
}

/**
 * What one answer used and cost, e.g. "1.2k in · 340 out · 8k cached (saved $0.02) · $0.0123".
 * "in" is the input not read from the cache (plain input plus cache writes); "cached" is the cache
 * reads, shown only when there were some. Without a price the cost reads "cost unknown".
 */
export function formatTurnSummary(usage: Usage, price: ModelPrice | undefined): string {
  const saved = price ? cacheSavings(usage, price).saved : 0;
  return [...usageSegments(usage, saved), price ? formatCost(costOf(usage, price)) : 'cost unknown'].join(' · ');
}

/** Just the tokens of a usage, e.g. "1.2k in · 340 out · 8k cached": for figures no cost can be claimed for. */
export function formatUsageTokens(usage: Usage): string {
  return usageSegments(usage, 0).join(' · ');
}

/** The token part of a summary; `saved` is shown only when positive (a known price, some reads). */
function usageSegments(usage: Usage, saved: number): string[] {
  const segments = [`${formatTokens(usage.input + usage.cacheWrite)} in`, `${formatTokens(usage.output)} out`];
  if (usage.cacheRead > 0) {
    segments.push(`${formatTokens(usage.cacheRead)} cached${saved > 0 ? ` (saved ${formatCost(saved)})` : ''}`);
  }
  return segments;
}

/**
 * What a stopped answer used, e.g. "stopped after 340 tokens ≈ $0.004". The cost counts the whole
 * request (its input was billed too); "≈" because the API reports output only at the end, so a
 * stopped answer's output is usually an estimate (see `withStreamedOutputEstimate`).
 */
export function formatStoppedSummary(usage: Usage, price: ModelPrice | undefined): string {
  return stoppedLine(usage.output, price ? costOf(usage, price) : undefined);
}

function stoppedLine(output: number, usd: number | undefined): string {
  const tokens = `stopped after ${formatTokens(output)} ${output === 1 ? 'token' : 'tokens'}`;
  return usd === undefined ? tokens : `${tokens} ≈ ${formatCost(usd)}`;
}

/**
 * A rough token count for streamed text: about four characters per token, the usual rule of thumb
 * for English and code. Only for the "≈" of a stopped answer — never for anything billed exactly.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The usage of a stopped answer with its output raised to what the streamed text suggests: the
 * `message_delta` that carries the real output count comes at the end, so a stopped stream
 * usually reported only the one or two tokens of `message_start`.
 */
export function withStreamedOutputEstimate(usage: Usage, streamedText: string): Usage {
  return { ...usage, output: Math.max(usage.output, estimateTokens(streamedText)) };
}

/** One request's tokens and the model that answered (undefined when it never said). */
export interface UsageRecord {
  readonly model: string | undefined;
  readonly usage: Usage;
  /** Priced only from the user's settings, never from the built-in table (OpenAI-compatible endpoints). */
  readonly settingsPricesOnly?: boolean;
}

/** Totals over many requests, e.g. a whole conversation. */
export interface UsageTotals {
  readonly usage: Usage;
  /** The total cost; undefined when a request with tokens used a model without a price. */
  readonly usd: number | undefined;
  /** The cost of the requests with a known price: all of it, or a lower bound when `usd` is undefined. */
  readonly knownUsd: number;
  /** Cache savings and write premiums of the priced requests. */
  readonly saved: number;
  readonly writePremium: number;
  /** Models (or "unknown model") that used tokens but have no price, each once. */
  readonly unpricedModels: readonly string[];
}

/** Adds up requests, each priced by its own model, so a conversation that switched models is right. */
export function totalsOf(records: readonly UsageRecord[], overrides?: PriceOverrides): UsageTotals {
  let knownUsd = 0;
  let saved = 0;
  let writePremium = 0;
  const unpriced = new Set<string>();
  for (const { model, usage, settingsPricesOnly } of records) {
    const price = model === undefined ? undefined : priceFor(model, overrides, !settingsPricesOnly);
    if (!price) {
      // A request that used nothing costs nothing, whatever its model.
      if (!isZeroUsage(usage)) unpriced.add(model ?? 'unknown model');
      continue;
    }
    knownUsd += costOf(usage, price);
    const effect = cacheSavings(usage, price);
    saved += effect.saved;
    writePremium += effect.writePremium;
  }
  return {
    usage: sumUsage(records.map((r) => r.usage)),
    usd: unpriced.size === 0 ? roundUsd(knownUsd) : undefined,
    knownUsd: roundUsd(knownUsd),
    saved: roundUsd(saved),
    writePremium: roundUsd(writePremium),
    unpricedModels: [...unpriced],
  };
}

function isZeroUsage(usage: Usage): boolean {
  return usage.input === 0 && usage.output === 0 && usage.cacheWrite === 0 && usage.cacheRead === 0;
}

/**
 * A conversation's totals in one line, like the turn summary; with unpriced models the cost is a
 * lower bound, e.g. "… · ≥ $0.12 (no price for claude-fable-5)", or "cost unknown (…)".
 */
export function formatTotals(totals: UsageTotals): string {
  const segments = usageSegments(totals.usage, totals.saved);
  if (totals.usd !== undefined) {
    segments.push(formatCost(totals.usd));
  } else {
    const missing = `no price for ${totals.unpricedModels.join(', ')}`;
    segments.push(totals.knownUsd > 0 ? `≥ ${formatCost(totals.knownUsd)} (${missing})` : `cost unknown (${missing})`);
  }
  return segments.join(' · ');
}

/** The stopped-answer line for totals over several requests; no cost when any of them is unpriced. */
export function formatStoppedTotals(totals: UsageTotals): string {
  return stoppedLine(totals.usage.output, totals.usd);
}
