/**
 * Where a request asks the API to cache its prompt. A `cache_control` breakpoint caches the whole
 * prefix up to and including its block, in the order tools → system → messages; a later request
 * with the same prefix reads it at a tenth of the input price. The API allows at most four
 * breakpoints, looks back at most 20 blocks from a breakpoint for an earlier cache entry, and
 * rejects `cache_control` on thinking and redacted-thinking blocks and on empty text. A prefix
 * below the model's minimum cacheable length is simply not cached (no error), so that is left to
 * the API.
 *
 * The plan, one breakpoint each, at most four:
 * 1. the last tool definition — survives a change of system prompt;
 * 2. the system prompt — survives a new conversation;
 * 3. the last block of the user message that ended the previous request — exactly the prefix the
 *    previous request wrote, so it is read back however many blocks the answer added since (an
 *    answer with tool calls and thinking can outrun the 20-block look-back);
 * 4. the last block of the newest user message — writes the whole conversation for the next
 *    request (the next step of a tool loop, or the user's next message within five minutes).
 * A breakpoint on the answer before the newest message would buy nothing: that answer was output,
 * never written to the cache, and (3) already reads everything before it.
 */
import type { ChatMessage, ContentBlock } from '../messages';

/** A 5-minute cache entry: the API's default TTL, and the one the price table assumes. */
export interface CacheControl {
  readonly type: 'ephemeral';
}

export const EPHEMERAL_CACHE: CacheControl = Object.freeze({ type: 'ephemeral' });

/** The API's limit of `cache_control` breakpoints per request. */
export const MAX_CACHE_BREAKPOINTS = 4;

type ThinkingContentBlock = Extract<ContentBlock, { type: 'thinking' } | { type: 'redacted_thinking' }>;

/** A content block as sent: thinking blocks can never carry `cache_control`, by type. */
export type CachedContentBlock = ThinkingContentBlock | (Exclude<ContentBlock, ThinkingContentBlock> & { cache_control?: CacheControl });

export interface CachedMessage {
  role: ChatMessage['role'];
  content: CachedContentBlock[];
}

export interface SystemTextBlock {
  type: 'text';
  text: string;
  cache_control?: CacheControl;
}

export interface CacheBreakpointInput<Tool extends object> {
  readonly system?: string;
  /** The request's tool definitions, as the provider builds them. */
  readonly tools?: readonly Tool[];
  readonly messages: readonly ChatMessage[];
}

/** The request parts to send in place of the originals; fresh objects throughout, the input untouched. */
export interface CachedRequestParts<Tool extends object> {
  /** A plain string when caching is off (exactly what was sent before), else text blocks. */
  system?: string | SystemTextBlock[];
  tools?: Array<Tool & { cache_control?: CacheControl }>;
  messages: CachedMessage[];
  /** How many breakpoints were placed, ≤ `MAX_CACHE_BREAKPOINTS`. */
  breakpoints: number;
}

export interface CacheBreakpointOptions {
  /** Off: no breakpoint anywhere, for proxies or models that reject `cache_control`. */
  readonly enabled: boolean;
}

/** Copies the request parts with `cache_control` on the blocks chosen by the plan above. */
export function withCacheBreakpoints<Tool extends object>(
  request: CacheBreakpointInput<Tool>,
  options: CacheBreakpointOptions,
): CachedRequestParts<Tool> {
  const messages: CachedMessage[] = request.messages.map((m) => ({ role: m.role, content: m.content.map((b) => ({ ...b })) }));
  const tools = request.tools?.map((t) => ({ ...t }) as Tool & { cache_control?: CacheControl });
  const hasSystem = request.system !== undefined && request.system !== '';
  if (!options.enabled) {
    return { ...(hasSystem ? { system: request.system } : {}), ...(tools ? { tools } : {}), messages, breakpoints: 0 };
  }

  let breakpoints = 0;
  const lastTool = tools?.[tools.length - 1];
  if (lastTool) {
    lastTool.cache_control = EPHEMERAL_CACHE;
    breakpoints++;
  }
  let system: SystemTextBlock[] | undefined;
  if (hasSystem) {
    const text = request.system as string;
    const markable = text.trim() !== '';
    system = [{ type: 'text', text, ...(markable ? { cache_control: EPHEMERAL_CACHE } : {}) }];
    if (markable) breakpoints++;
  }
  const newest = messages.length - 1;
  const previousEnd = lastUserIndexBefore(messages, newest);
  for (const index of [previousEnd, newest]) {
    if (index >= 0 && breakpoints < MAX_CACHE_BREAKPOINTS && markLastCacheableBlock(messages[index]!)) breakpoints++;
  }
  return { ...(system ? { system } : {}), ...(tools ? { tools } : {}), messages, breakpoints };
}

/** The user message that ended the previous request: the last one before `newest`, or -1. */
function lastUserIndexBefore(messages: readonly CachedMessage[], newest: number): number {
  for (let i = newest - 1; i >= 0; i--) if (messages[i]!.role === 'user') return i;
  return -1;
}

/**
 * Marks the message's last block that may carry `cache_control` (a trailing thinking block or
 * empty text is stepped over: the prefix then ends one block earlier, which still caches).
 */
function markLastCacheableBlock(message: CachedMessage): boolean {
  for (let i = message.content.length - 1; i >= 0; i--) {
    const block = message.content[i]!;
    if (block.type === 'thinking' || block.type === 'redacted_thinking') continue;
    if (block.type === 'text' && block.text.trim() === '') continue;
    block.cache_control = EPHEMERAL_CACHE;
    return true;
  }
  return false;
}
