// The same MessagePlan spoken as OpenAI Chat Completions: data-only `chat.completion.chunk` events
// ending in `data: [DONE]`, `:` keep-alive comments, tool calls in fragments keyed by `index`
// (the first with id, type, name and `arguments: ""`), DeepSeek-style `reasoning_content`, an
// `{"error": …}` chunk for mid-stream failures and, with `stream_options.include_usage`, a last
// chunk with `choices: []` carrying the usage. A non-streaming request gets one `chat.completion`.

import type { ApiErrorType } from './apiErrors';
import { openAIErrorFor } from './openaiApiErrors';
import { type BlockPlan, estimateTokens, type MessageIdentity, type MessagePlan, outputTokensOf, type StopReason } from './messagePlan';
import { type StreamDialect, type StreamShape, type StreamStep, walkPlan } from './streamPlan';

export interface CompletionIdentity extends MessageIdentity {
  /** Unix seconds; every chunk of one completion carries the same value. */
  readonly created: number;
}

const SYSTEM_FINGERPRINT = 'fp_inkwellfake';

/** How the API reports each stop reason a plan may have. */
const FINISH_REASON: Readonly<Record<StopReason, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

export function finishReasonOf(plan: MessagePlan): string {
  return FINISH_REASON[plan.stopReason];
}

/** The API's call ids start with `call_`; the plan's are Anthropic-style `toolu_` ids. */
export function toolCallId(planId: string): string {
  return planId.replace(/^toolu_/, 'call_');
}

/** Position of each tool_use block among the plan's tool calls: the `index` of its fragments. */
function toolCallIndices(plan: MessagePlan): Map<number, number> {
  const indices = new Map<number, number>();
  plan.blocks.forEach((block, blockIndex) => {
    if (block.type === 'tool_use') indices.set(blockIndex, indices.size);
  });
  return indices;
}

export function completionUsageJson(plan: MessagePlan, identity: MessageIdentity): Record<string, unknown> {
  const cached = plan.cacheReadInputTokens ?? 0;
  // Unlike Anthropic's input_tokens, prompt_tokens includes the cached part.
  const prompt = identity.inputTokens + cached;
  const completion = outputTokensOf(plan);
  const reasoning = plan.blocks.reduce((sum, b) => sum + (b.type === 'thinking' ? estimateTokens(b.deltas.join('')) : 0), 0);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function openAIDialect(plan: MessagePlan, identity: CompletionIdentity, includeUsage: boolean, apiKey: string): StreamDialect {
  const callIndices = toolCallIndices(plan);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): StreamStep => ({
    kind: 'data',
    data: {
      id: identity.id,
      object: 'chat.completion.chunk',
      created: identity.created,
      model: identity.model,
      system_fingerprint: SYSTEM_FINGERPRINT,
      choices,
      ...(includeUsage ? { usage: null } : {}),
      ...extra,
    },
    pauseBeforeMs: 0,
  });
  const delta = (value: Record<string, unknown>, finishReason: string | null = null): StreamStep =>
    chunk([{ index: 0, delta: value, logprobs: null, finish_reason: finishReason }]);

  const deltasOf = (block: BlockPlan, blockIndex: number): StreamStep[] => {
    switch (block.type) {
      case 'text':
        return block.deltas.map((content) => delta({ content }));
      case 'thinking':
        // DeepSeek streams reasoning with `content: null`; it has no signature to send.
        return block.deltas.map((reasoning_content) => delta({ content: null, reasoning_content }));
      case 'redacted_thinking':
        return [];
      case 'tool_use': {
        const index = callIndices.get(blockIndex)!;
        return block.inputJsonDeltas.map((piece, i) =>
          delta({
            tool_calls: [
              i === 0
                ? { index, id: toolCallId(block.id), type: 'function', function: { name: block.name, arguments: piece } }
                : { index, function: { arguments: piece } },
            ],
          }),
        );
      }
    }
  };

  return {
    opening: () => [delta({ role: 'assistant', content: '', refusal: null })],
    blockStart: () => [],
    blockDeltas: deltasOf,
    blockStop: () => [],
    keepAlive: () => ({ kind: 'comment', text: 'keep-alive', pauseBeforeMs: 0 }),
    injected: (injected) => ({ kind: 'data', data: injected.data, pauseBeforeMs: 0 }),
    error: (ending) => [{ kind: 'data', data: { error: streamErrorJson(ending.errorType, ending.message, identity.model, apiKey) }, pauseBeforeMs: 0 }],
    closing: (ending) => [
      // A stream cut before its end has no finish_reason, yet a proxy may still close it properly.
      ...(ending.kind === 'eof-before-message-stop' ? [] : [delta({}, finishReasonOf(plan))]),
      ...(includeUsage ? [chunk([], { usage: completionUsageJson(plan, identity) })] : []),
      { kind: 'data', data: '[DONE]', pauseBeforeMs: 0 },
    ],
  };
}

/** The `error` of a mid-stream error chunk: the HTTP status is long sent, so only the body counts. */
function streamErrorJson(errorType: ApiErrorType, message: string, model: string, apiKey: string): Record<string, unknown> {
  const { message: text, type, param, code } = openAIErrorFor(errorType, 200, message, { model, apiKey });
  return { message: text, type, param, code };
}

export interface OpenAIStreamOptions {
  readonly includeUsage: boolean;
  /** The request's key, for the wording of an authentication failure. */
  readonly apiKey: string;
}

export function buildOpenAIStreamSteps(
  plan: MessagePlan,
  identity: CompletionIdentity,
  shape: StreamShape,
  seed: number,
  options: OpenAIStreamOptions,
): StreamStep[] {
  return walkPlan(plan, shape, seed, openAIDialect(plan, identity, options.includeUsage, options.apiKey));
}

/** The whole `chat.completion` a non-streaming request receives. */
export function completionJson(plan: MessagePlan, identity: CompletionIdentity): Record<string, unknown> {
  const text = plan.blocks.flatMap((b) => (b.type === 'text' ? b.deltas : [])).join('');
  const reasoning = plan.blocks.flatMap((b) => (b.type === 'thinking' ? b.deltas : [])).join('');
  const toolCalls = plan.blocks.flatMap((b) =>
    b.type === 'tool_use'
      ? [{ id: toolCallId(b.id), type: 'function', function: { name: b.name, arguments: b.inputJsonDeltas.join('') } }]
      : [],
  );
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    refusal: null,
    ...(reasoning ? { reasoning_content: reasoning } : {}),
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReasonOf(plan) }],
    usage: completionUsageJson(plan, identity),
  };
}
