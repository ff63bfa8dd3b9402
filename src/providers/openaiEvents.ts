/**
 * The one place where Chat Completions chunks become the project's `TurnEvent`s. The wire has no
 * blocks, so this numbers them: reasoning, text and each tool call (keyed by its `index`) open a
 * block when their first piece arrives, and the previous block stops. Tool arguments are passed
 * on as raw fragments and parsed once, strictly, when the stream has finished.
 */
import type OpenAI from 'openai';
import { incompleteError } from '../core/errors';
import { type ContentBlock, type Usage, ZERO_USAGE } from '../core/messages';
import type { TurnEvent } from '../core/turnEvents';
import { parseToolArguments } from './toolArguments';

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;
type ChunkDelta = OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta;
type ToolCallFragment = OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta.ToolCall;
type CompletionUsage = OpenAI.CompletionUsage;

/**
 * Reasoning text that servers add to the delta outside the OpenAI types: DeepSeek and vLLM send
 * `reasoning_content`, OpenRouter and Ollama `reasoning`.
 */
interface ReasoningFields {
  reasoning_content?: unknown;
  reasoning?: unknown;
}

type StreamedBlock =
  | { readonly kind: 'text'; readonly parts: string[] }
  | { readonly kind: 'thinking'; readonly parts: string[] }
  | { readonly kind: 'toolUse'; readonly id: string; readonly name: string; readonly parts: string[] };

const STOP_REASONS: Readonly<Record<string, string>> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal',
};

/**
 * Our stop reason for a `finish_reason`. A message that carries tool calls stopped for them even
 * when the server says `stop`, as some local servers do: otherwise the calls would go unanswered.
 */
export function stopReasonOf(finishReason: string, hasToolCalls: boolean): string {
  if (hasToolCalls && finishReason === 'stop') return 'tool_use';
  return STOP_REASONS[finishReason] ?? finishReason;
}

/**
 * Usage in the project's terms, where `input` excludes cache reads (as Anthropic reports it);
 * OpenAI's `prompt_tokens` includes the cached part, so it is taken out here.
 */
export function toUsage(usage: CompletionUsage | null | undefined, promptCaching = true): Usage {
  // DeepSeek reports its cache hits in a field of its own.
  const deepSeekHits = (usage as { prompt_cache_hit_tokens?: unknown } | null | undefined)?.prompt_cache_hit_tokens;
  const reported = usage?.prompt_tokens_details?.cached_tokens ?? (typeof deepSeekHits === 'number' ? deepSeekHits : 0);
  // An endpoint declared without caching shows no cache figures: whatever it says is counted as plain input.
  const cached = promptCaching ? reported : 0;
  return {
    input: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
    output: usage?.completion_tokens ?? 0,
    cacheWrite: 0,
    cacheRead: cached,
  };
}

export interface MapperOptions {
  /** Whether the request asked for usage (`stream_options.include_usage`, or a whole completion). Default true. */
  readonly usageRequested?: boolean;
  /** Whether cached prompt tokens are reported as cache reads. Default true. */
  readonly promptCaching?: boolean;
}

/** Maps the chunks of one streamed completion, in order, then the end of the stream. */
export class ChatCompletionStreamMapper {
  private started = false;
  private readonly blocks: StreamedBlock[] = [];
  /** The block that received the last piece; it stops when another block starts. */
  private current: number | undefined;
  private readonly toolBlockByCall = new Map<number | string, number>();
  private finishReason: string | undefined;
  private usage: CompletionUsage | undefined;

  private readonly usageRequested: boolean;
  private readonly promptCaching: boolean;

  constructor(
    private readonly requestId?: string,
    options: MapperOptions = {},
  ) {
    this.usageRequested = options.usageRequested ?? true;
    this.promptCaching = options.promptCaching ?? true;
  }

  /** The events one chunk stands for. */
  map(chunk: Chunk): TurnEvent[] {
    const events: TurnEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push({
        type: 'messageStart',
        model: chunk.model,
        usage: { ...ZERO_USAGE },
        requestId: this.requestId,
        // Not asked for, so it will not come: a stopped answer must not guess its tokens either.
        ...(this.usageRequested ? {} : { usageUnknown: true }),
      });
    }
    if (chunk.usage) this.usage = chunk.usage;
    // Only one answer is asked for; servers that add empty or foreign chunks are tolerated.
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = choices.find((c) => c.index === 0) ?? (choices.length === 1 ? choices[0] : undefined);
    if (!choice) return events;
    const delta: ChunkDelta & ReasoningFields = choice.delta ?? {};
    const reasoning = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : delta.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') this.appendText('thinking', reasoning, events);
    if (typeof delta.content === 'string' && delta.content !== '') this.appendText('text', delta.content, events);
    // A refusal is the model's answer too: shown and kept like text.
    if (typeof delta.refusal === 'string' && delta.refusal !== '') this.appendText('text', delta.refusal, events);
    for (const fragment of delta.tool_calls ?? []) this.appendToolCall(fragment, events);
    if (choice.finish_reason) {
      this.finishReason = choice.finish_reason;
      this.stopCurrent(events);
    }
    return events;
  }

  /**
   * The events after the last chunk: usage, stop reason and the final message. Throws `incomplete`
   * when no `finish_reason` arrived — the stream ended (even with `[DONE]`) before the answer did.
   */
  finish(): TurnEvent[] {
    if (this.finishReason === undefined) throw incompleteError();
    const events: TurnEvent[] = [];
    this.stopCurrent(events);
    const content = this.finalContent();
    const stopReason = stopReasonOf(this.finishReason, content.some((b) => b.type === 'tool_use'));
    const usage = toUsage(this.usage, this.promptCaching);
    events.push({ type: 'messageDelta', usage: this.usage ? { ...usage } : {}, stopReason });
    // Some servers ignore `include_usage`: zero tokens would be a wrong figure, so they are unknown.
    events.push({ type: 'messageComplete', content, stopReason, usage, ...(this.usage ? {} : { usageUnknown: true }) });
    return events;
  }

  /**
   * The final message for history: text and tool calls in order. Reasoning stays out — no
   * OpenAI-style API takes it back, and the Messages API would refuse it unsigned.
   */
  private finalContent(): ContentBlock[] {
    return this.blocks.flatMap((block): ContentBlock[] => {
      switch (block.kind) {
        case 'text':
          return [{ type: 'text', text: block.parts.join('') }];
        case 'toolUse':
          return [{ type: 'tool_use', id: block.id, name: block.name, input: parseToolArguments(block.parts.join('')) }];
        case 'thinking':
          return [];
      }
    });
  }

  private appendText(kind: 'text' | 'thinking', text: string, events: TurnEvent[]): void {
    let index = this.current;
    if (index === undefined || this.blocks[index]!.kind !== kind) {
      index = this.startBlock({ kind, parts: [] }, events);
      events.push({ type: 'blockStart', index, block: { kind } });
    }
    this.blocks[index]!.parts.push(text);
    events.push(kind === 'text' ? { type: 'textDelta', index, text } : { type: 'thinkingDelta', index, text });
  }

  private appendToolCall(fragment: ToolCallFragment, events: TurnEvent[]): void {
    const key = this.callKey(fragment);
    let index = this.toolBlockByCall.get(key);
    if (index === undefined) {
      const id = fragment.id || `call_${this.toolBlockByCall.size}`;
      const name = fragment.function?.name ?? '';
      index = this.startBlock({ kind: 'toolUse', id, name, parts: [] }, events);
      this.toolBlockByCall.set(key, index);
      events.push({ type: 'blockStart', index, block: { kind: 'toolUse', id, name } });
    }
    const piece = fragment.function?.arguments;
    if (typeof piece === 'string' && piece !== '') {
      this.blocks[index]!.parts.push(piece);
      events.push({ type: 'toolInputDelta', index, partialJson: piece });
    }
  }

  /** Fragments belong together by `index`; for servers that leave it out, by id, else to the last call. */
  private callKey(fragment: ToolCallFragment): number | string {
    if (typeof fragment.index === 'number') return fragment.index;
    if (fragment.id) return fragment.id;
    const keys = [...this.toolBlockByCall.keys()];
    return keys.length > 0 ? keys[keys.length - 1]! : 0;
  }

  private startBlock(block: StreamedBlock, events: TurnEvent[]): number {
    this.stopCurrent(events);
    this.blocks.push(block);
    this.current = this.blocks.length - 1;
    return this.current;
  }

  private stopCurrent(events: TurnEvent[]): void {
    if (this.current === undefined) return;
    events.push({ type: 'blockStop', index: this.current });
    this.current = undefined;
  }
}

/**
 * Events for a whole completion (non-streaming mode), through the same mapper as a stream of
 * one chunk, so both modes number blocks and build the final message alike.
 */
export function eventsForWholeCompletion(completion: OpenAI.Chat.Completions.ChatCompletion, requestId?: string, options: Pick<MapperOptions, 'promptCaching'> = {}): TurnEvent[] {
  const mapper = new ChatCompletionStreamMapper(requestId, options);
  const choices = Array.isArray(completion.choices) ? completion.choices : [];
  const choice = choices.find((c) => c.index === 0) ?? choices[0];
  const message: Partial<OpenAI.Chat.Completions.ChatCompletionMessage> & ReasoningFields = choice?.message ?? {};
  const toolCalls = (message.tool_calls ?? []).flatMap((call, index): ToolCallFragment[] =>
    call.type === 'function' ? [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments } }] : [],
  );
  const delta: ChunkDelta & ReasoningFields = {
    content: message.content ?? null,
    refusal: message.refusal ?? null,
    reasoning_content: message.reasoning_content,
    reasoning: message.reasoning,
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  const chunk: Chunk = {
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model,
    choices: choice ? [{ index: 0, delta, finish_reason: choice.finish_reason ?? null }] : [],
    usage: completion.usage ?? null,
  };
  return [...mapper.map(chunk), ...mapper.finish()];
}
