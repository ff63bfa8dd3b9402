/**
 * The one place where Anthropic stream events become the project's `TurnEvent`s. Unknown event
 * and delta types map to nothing: the API promises to add new ones.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { ContentBlock, Usage } from '../core/messages';
import type { TurnEvent } from '../core/turnEvents';

type StreamEvent = Anthropic.Messages.RawMessageStreamEvent;
/** The usage fields we read; `message_delta` sends them as nullable. */
interface ApiUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export function mapAnthropicEvent(event: StreamEvent, requestId?: string): TurnEvent | undefined {
  switch (event.type) {
    case 'message_start':
      return { type: 'messageStart', model: event.message.model, usage: toUsage(event.message.usage), requestId };
    case 'content_block_start': {
      const block = event.content_block;
      switch (block.type) {
        case 'text':
          return { type: 'blockStart', index: event.index, block: { kind: 'text' } };
        case 'thinking':
          return { type: 'blockStart', index: event.index, block: { kind: 'thinking' } };
        case 'redacted_thinking':
          return { type: 'blockStart', index: event.index, block: { kind: 'redactedThinking' } };
        case 'tool_use':
          return { type: 'blockStart', index: event.index, block: { kind: 'toolUse', id: block.id, name: block.name } };
        default:
          // Server tools and future block kinds still occupy an index: show them as a generic
          // tool line so later indices stay aligned.
          return { type: 'blockStart', index: event.index, block: { kind: 'toolUse', id: `block_${event.index}`, name: String((block as { type: unknown }).type) } };
      }
    }
    case 'content_block_delta': {
      const delta = event.delta;
      switch (delta.type) {
        case 'text_delta':
          return { type: 'textDelta', index: event.index, text: delta.text };
        case 'thinking_delta':
          return { type: 'thinkingDelta', index: event.index, text: delta.thinking };
        case 'input_json_delta':
          return { type: 'toolInputDelta', index: event.index, partialJson: delta.partial_json };
        default:
          // signature_delta and citations_delta matter only in the final message.
          return undefined;
      }
    }
    case 'content_block_stop':
      return { type: 'blockStop', index: event.index };
    case 'message_delta':
      return { type: 'messageDelta', usage: toPartialUsage(event.usage), stopReason: event.delta.stop_reason ?? undefined };
    case 'message_stop':
      return undefined;
    default:
      return undefined;
  }
}

export function toUsage(usage: ApiUsage | null | undefined): Usage {
  return {
    input: usage?.input_tokens ?? 0,
    output: usage?.output_tokens ?? 0,
    cacheWrite: usage?.cache_creation_input_tokens ?? 0,
    cacheRead: usage?.cache_read_input_tokens ?? 0,
  };
}

export function toPartialUsage(usage: ApiUsage | null | undefined): Partial<Usage> {
  const out: Partial<Usage> = {};
  if (usage?.input_tokens != null) out.input = usage.input_tokens;
  if (usage?.output_tokens != null) out.output = usage.output_tokens;
  if (usage?.cache_creation_input_tokens != null) out.cacheWrite = usage.cache_creation_input_tokens;
  if (usage?.cache_read_input_tokens != null) out.cacheRead = usage.cache_read_input_tokens;
  return out;
}

/** The final message's blocks in the project's own types; block kinds we cannot resend are dropped. */
export function toContentBlocks(content: readonly Anthropic.Messages.ContentBlock[]): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  for (const block of content) {
    switch (block.type) {
      case 'text':
        blocks.push({ type: 'text', text: block.text });
        break;
      case 'thinking':
        blocks.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
        break;
      case 'redacted_thinking':
        blocks.push({ type: 'redacted_thinking', data: block.data });
        break;
      case 'tool_use':
        blocks.push({ type: 'tool_use', id: block.id, name: block.name, input: block.input });
        break;
      default:
        break;
    }
  }
  return blocks;
}

/** Events for a whole message received at once (non-streaming mode), so one UI path serves both. */
export function eventsForWholeMessage(message: Anthropic.Messages.Message, requestId?: string): TurnEvent[] {
  const events: TurnEvent[] = [{ type: 'messageStart', model: message.model, usage: { ...toUsage(message.usage), output: 0 }, requestId }];
  const content = toContentBlocks(message.content);
  content.forEach((block, index) => {
    switch (block.type) {
      case 'text':
        events.push({ type: 'blockStart', index, block: { kind: 'text' } }, { type: 'textDelta', index, text: block.text });
        break;
      case 'thinking':
        events.push({ type: 'blockStart', index, block: { kind: 'thinking' } }, { type: 'thinkingDelta', index, text: block.thinking });
        break;
      case 'redacted_thinking':
        events.push({ type: 'blockStart', index, block: { kind: 'redactedThinking' } });
        break;
      case 'tool_use':
        events.push(
          { type: 'blockStart', index, block: { kind: 'toolUse', id: block.id, name: block.name } },
          { type: 'toolInputDelta', index, partialJson: JSON.stringify(block.input) },
        );
        break;
      case 'tool_result':
        break;
    }
    events.push({ type: 'blockStop', index });
  });
  const stopReason = message.stop_reason ?? 'end_turn';
  events.push({ type: 'messageDelta', usage: { output: message.usage.output_tokens }, stopReason });
  events.push({ type: 'messageComplete', content, stopReason, usage: toUsage(message.usage) });
  return events;
}
