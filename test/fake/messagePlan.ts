// What an answer consists of, independent of how it travels: the content blocks with the pieces
// they stream in, the stop reason and the cache usage. The streamed events and the non-streaming
// JSON Message are both derived from one plan, so the two modes always agree on the content.

export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

export type BlockPlan =
  | { readonly type: 'text'; readonly deltas: readonly string[] }
  | { readonly type: 'thinking'; readonly deltas: readonly string[]; readonly signature: string }
  /** Arrives whole in `content_block_start`; it has no deltas. */
  | { readonly type: 'redacted_thinking'; readonly data: string }
  /** `inputJsonDeltas` joined must be the JSON of the input; the API's first fragment is usually "". */
  | { readonly type: 'tool_use'; readonly id: string; readonly name: string; readonly inputJsonDeltas: readonly string[] };

export interface MessagePlan {
  readonly blocks: readonly BlockPlan[];
  readonly stopReason: StopReason;
  readonly cacheCreationInputTokens?: number;
  readonly cacheReadInputTokens?: number;
}

/** Per-request facts the plan does not know: ids, the model asked for, the prompt size. */
export interface MessageIdentity {
  readonly id: string;
  readonly model: string;
  readonly inputTokens: number;
}

/** Rough token count (about four characters per token), enough for plausible usage numbers. */
export function estimateTokens(text: string): number {
  return tokensForLength(text.length);
}

function tokensForLength(length: number): number {
  return Math.max(1, Math.ceil(length / 4));
}

/** Characters the block streams: summed, not joined, since this runs for every request and an answer may be 1 MiB. */
function streamedLengthOf(block: BlockPlan): number {
  const total = (parts: readonly string[]): number => parts.reduce((sum, part) => sum + part.length, 0);
  switch (block.type) {
    case 'text':
    case 'thinking':
      return total(block.deltas);
    case 'redacted_thinking':
      return block.data.length;
    case 'tool_use':
      return total(block.inputJsonDeltas);
  }
}

/** Output tokens of the whole answer: the cumulative count the final message_delta reports. */
export function outputTokensOf(plan: MessagePlan): number {
  return plan.blocks.reduce((sum, block) => sum + tokensForLength(streamedLengthOf(block)), 0);
}

/** The usage object of message_start (output still at its initial 1) or of a finished Message. */
export function usageJson(plan: MessagePlan, identity: MessageIdentity, outputTokens: number): Record<string, unknown> {
  const cacheCreation = plan.cacheCreationInputTokens ?? 0;
  return {
    input_tokens: identity.inputTokens,
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: plan.cacheReadInputTokens ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: cacheCreation, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

/** The usage of message_delta: cumulative totals, output_tokens counting everything streamed. */
export function deltaUsageJson(plan: MessagePlan, identity: MessageIdentity): Record<string, unknown> {
  return {
    input_tokens: identity.inputTokens,
    cache_creation_input_tokens: plan.cacheCreationInputTokens ?? 0,
    cache_read_input_tokens: plan.cacheReadInputTokens ?? 0,
    output_tokens: outputTokensOf(plan),
  };
}

/** The `content_block` of content_block_start: empty fields that the deltas then fill. */
export function blockStartJson(block: BlockPlan): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: '' };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: {} };
  }
}

/** The `delta` objects of a block's content_block_delta events, in order. */
export function blockDeltasJson(block: BlockPlan): Record<string, unknown>[] {
  switch (block.type) {
    case 'text':
      return block.deltas.map((text) => ({ type: 'text_delta', text }));
    case 'thinking':
      return [
        ...block.deltas.map((thinking) => ({ type: 'thinking_delta', thinking })),
        { type: 'signature_delta', signature: block.signature },
      ];
    case 'redacted_thinking':
      return [];
    case 'tool_use':
      return block.inputJsonDeltas.map((partial_json) => ({ type: 'input_json_delta', partial_json }));
  }
}

/** The block as it appears, complete, in a non-streaming Message. */
export function finishedBlockJson(block: BlockPlan): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.deltas.join('') };
    case 'thinking':
      return { type: 'thinking', thinking: block.deltas.join(''), signature: block.signature };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: JSON.parse(block.inputJsonDeltas.join('')) };
  }
}

/** The Message a non-streaming request receives. */
export function messageJson(plan: MessagePlan, identity: MessageIdentity): Record<string, unknown> {
  return {
    id: identity.id,
    type: 'message',
    role: 'assistant',
    model: identity.model,
    content: plan.blocks.map(finishedBlockJson),
    stop_reason: plan.stopReason,
    stop_sequence: null,
    usage: usageJson(plan, identity, outputTokensOf(plan)),
  };
}

/** The skeleton Message inside message_start: no content yet, no stop reason. */
export function startingMessageJson(plan: MessagePlan, identity: MessageIdentity): Record<string, unknown> {
  return {
    id: identity.id,
    type: 'message',
    role: 'assistant',
    model: identity.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: usageJson(plan, identity, 1),
  };
}
