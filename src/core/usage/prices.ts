/**
 * List prices of Claude models on the Anthropic API, and the user's overrides. A model whose price
 * is not known here has no price at all: its cost shows as unknown rather than being borrowed from
 * a neighbouring family, because a confident wrong figure misleads more than an honest blank.
 */

/**
 * USD per million tokens. `cacheWrite` is the price of a 5-minute cache entry, the only kind
 * Inkwell asks for (a 1-hour entry costs more and would need its own figure).
 */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  readonly cacheWrite: number;
  readonly cacheRead: number;
}

/** Anthropic prices a 5-minute cache write at 1.25 × base input, on every model priced here. */
export const CACHE_WRITE_MULTIPLIER = 1.25;
/** Anthropic prices a cache hit at 0.1 × base input, on every model priced here. */
export const CACHE_READ_MULTIPLIER = 0.1;

/** One priced family: the ids it answers to, after `canonicalModelId`. */
export interface PricedFamily {
  readonly name: string;
  readonly ids: readonly string[];
  readonly price: ModelPrice;
}

/**
 * Derives the cache prices from input the way the price list does, rounded so that 0.8 × 0.1
 * reads as 0.08 and not 0.08000000000000002.
 */
export function listPrice(input: number, output: number): ModelPrice {
  return {
    input,
    output,
    cacheWrite: roundPrice(input * CACHE_WRITE_MULTIPLIER),
    cacheRead: roundPrice(input * CACHE_READ_MULTIPLIER),
  };
}

function roundPrice(usdPerMillion: number): number {
  return Math.round(usdPerMillion * 1e9) / 1e9;
}

/**
 * Published list prices (Anthropic API, standard tier, no batch discount). Families missing on
 * purpose: the 5.x families (Fable, Mythos, Opus 5, Sonnet 5, Haiku 5), whose cache multipliers
 * and prompt-length tiers differ from the rule above, and the Claude 3 models other than 3.5 Haiku.
 * Users add any of them through the overrides setting.
 */
export const BUILT_IN_PRICES: readonly PricedFamily[] = Object.freeze([
  { name: 'Claude Opus 4.5–4.8', ids: ['claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-opus-4-5'], price: listPrice(5, 25) },
  { name: 'Claude Opus 4 / 4.1', ids: ['claude-opus-4-1', 'claude-opus-4-0', 'claude-opus-4'], price: listPrice(15, 75) },
  // Sonnet 4 and 4.5 cost more above 200k input only with the 1M-context beta header, which
  // Inkwell never sends, so their requests stay at these rates.
  { name: 'Claude Sonnet 4.x', ids: ['claude-sonnet-4-6', 'claude-sonnet-4-5', 'claude-sonnet-4-0', 'claude-sonnet-4'], price: listPrice(3, 15) },
  { name: 'Claude Haiku 4.5', ids: ['claude-haiku-4-5'], price: listPrice(1, 5) },
  { name: 'Claude Haiku 3.5', ids: ['claude-3-5-haiku'], price: listPrice(0.8, 4) },
]);

const BUILT_IN_BY_ID: ReadonlyMap<string, ModelPrice> = new Map(
  BUILT_IN_PRICES.flatMap((family) => family.ids.map((id) => [id, family.price] as const)),
);

/**
 * The family id of an Anthropic model id: lower-cased, without a `-YYYYMMDD` snapshot date or a
 * `-latest` suffix, so `claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`. Ids of other clouds
 * (Bedrock's `anthropic.…-v1:0`, Vertex's `…@date`) are left alone: their prices can differ by
 * region, so they stay unknown unless the user prices them.
 */
export function canonicalModelId(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/-latest$/, '')
    .replace(/-\d{8}$/, '');
}

/** Validated user prices, keyed by lower-cased model id or id prefix. */
export type PriceOverrides = ReadonlyMap<string, ModelPrice>;

export const NO_PRICE_OVERRIDES: PriceOverrides = new Map();

export interface ParsedPriceOverrides {
  readonly overrides: PriceOverrides;
  /** One sentence per ignored entry (or for a setting of the wrong shape), fit to show the user. */
  readonly problems: readonly string[];
}

const PRICE_FIELDS = ['input', 'output', 'cacheWrite', 'cacheRead'] as const;

/**
 * Reads the user's price setting, `{ "<model id or prefix>": { input, output, cacheWrite?,
 * cacheRead? } }` in USD per million tokens. Every figure must be a finite number ≥ 0; missing
 * cache prices follow the 1.25 × / 0.1 × rule. An entry with a bad or unknown field is ignored
 * whole (a typo such as `cache_read` must not silently fall back to a default) and reported.
 */
export function parsePriceOverrides(setting: unknown): ParsedPriceOverrides {
  if (setting === undefined || setting === null) return { overrides: NO_PRICE_OVERRIDES, problems: [] };
  if (!isPlainObject(setting)) {
    return { overrides: NO_PRICE_OVERRIDES, problems: ['Model prices must be an object keyed by model id; the setting was ignored.'] };
  }
  const overrides = new Map<string, ModelPrice>();
  const problems: string[] = [];
  for (const [rawKey, value] of Object.entries(setting)) {
    const key = rawKey.trim().toLowerCase();
    if (key === '') {
      problems.push('A model price with an empty model id was ignored.');
      continue;
    }
    const parsed = parseEntry(value);
    if (typeof parsed === 'string') {
      problems.push(`The price for "${rawKey}" was ignored: ${parsed}.`);
      continue;
    }
    if (overrides.has(key)) problems.push(`The price for "${rawKey}" is listed twice; the later one is used.`);
    overrides.set(key, parsed);
  }
  return { overrides, problems };
}

/** The price, or why there is none. */
function parseEntry(value: unknown): ModelPrice | string {
  if (!isPlainObject(value)) return 'it must be an object with input and output prices';
  const unknown = Object.keys(value).filter((k) => !(PRICE_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) return `unknown field ${unknown.map((k) => `"${k}"`).join(', ')} (expected ${PRICE_FIELDS.join(', ')})`;
  for (const field of PRICE_FIELDS) {
    const figure = value[field];
    const optional = field === 'cacheWrite' || field === 'cacheRead';
    if (figure === undefined && optional) continue;
    if (typeof figure !== 'number' || !Number.isFinite(figure) || figure < 0) return `${field} must be a number ≥ 0 (USD per million tokens)`;
  }
  const base = listPrice(value.input as number, value.output as number);
  return {
    ...base,
    ...(value.cacheWrite !== undefined ? { cacheWrite: value.cacheWrite as number } : {}),
    ...(value.cacheRead !== undefined ? { cacheRead: value.cacheRead as number } : {}),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The price of `model`: the user's entry with the longest key that is a prefix of the id (an exact
 * id is the longest prefix of itself), else the built-in family, else undefined — never a guess.
 * `builtIn: false` (OpenAI-compatible endpoints, whose prices are their own even for a Claude id)
 * looks only at the user's entries.
 */
export function priceFor(model: string, overrides: PriceOverrides = NO_PRICE_OVERRIDES, builtIn = true): ModelPrice | undefined {
  const id = model.trim().toLowerCase();
  if (id === '') return undefined;
  let bestKey: string | undefined;
  for (const key of overrides.keys()) {
    if (id.startsWith(key) && (bestKey === undefined || key.length > bestKey.length)) bestKey = key;
  }
  if (bestKey !== undefined) return overrides.get(bestKey);
  return builtIn ? BUILT_IN_BY_ID.get(canonicalModelId(id)) : undefined;
}
