/**
 * The final message of a raw Anthropic stream, assembled from its events: what the SDK's
 * `MessageStream` would give as `finalMessage()`, without its per-event costs. `MessageStream`
 * rebuilds its snapshot and emits several events for every delta, and re-parses a tool call's
 * whole input JSON at every fragment (quadratic in the input's size); here text is appended and
 * a tool's JSON is parsed once, when its block ends. That halves the host's work per delta.
 *
 * A tool input that is not valid JSON becomes `{}` in the final message (as for OpenAI-compatible
 * endpoints); the raw JSON stays in the transcript's block, where the tool handling reports it.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { ContentBlock, Usage } from '../core/messages';
import { toContentBlocks, toPartialUsage, toUsage } from './anthropicEvents';
import { parseToolArguments } from './toolArguments';

type StreamEvent = Anthropic.Messages.RawMessageStreamEvent;

export interface FinalMessage {
  readonly content: ContentBlock[];
  readonly stopReason: string;
  readonly usage: Usage;
}

export class AnthropicMessageAccumulator {
  /** By the stream's block index; kinds that cannot be sent back stay undefined. */
  private readonly blocks: (ContentBlock | undefined)[] = [];
  private readonly toolJson = new Map<number, string>();
  private usage: Usage = toUsage(undefined);
  private stopReason: string | undefined;

  add(event: StreamEvent): void {
    switch (event.type) {
      case 'message_start':
        this.usage = toUsage(event.message.usage);
        return;
      case 'content_block_start':
        // The block as it starts, in our types (kinds that cannot be sent back map to nothing).
        this.blocks[event.index] = toContentBlocks([event.content_block])[0];
        if (event.content_block.type === 'tool_use') this.toolJson.set(event.index, '');
        return;
      case 'content_block_delta':
        this.addDelta(event.index, event.delta);
        return;
      case 'content_block_stop': {
        const block = this.blocks[event.index];
        const json = this.toolJson.get(event.index);
        if (block?.type === 'tool_use' && json !== undefined) {
          block.input = parseToolArguments(json);
          this.toolJson.delete(event.index);
        }
        return;
      }
      case 'message_delta':
        this.usage = { ...this.usage, ...toPartialUsage(event.usage) };
        this.stopReason = event.delta.stop_reason ?? this.stopReason;
        return;
      default:
        return;
    }
  }

  final(): FinalMessage {
    return {
      content: this.blocks.filter((block): block is ContentBlock => block !== undefined),
      stopReason: this.stopReason ?? 'end_turn',
      usage: { ...this.usage },
    };
  }

  private addDelta(index: number, delta: Extract<StreamEvent, { type: 'content_block_delta' }>['delta']): void {
    const block = this.blocks[index];
    switch (delta.type) {
      case 'text_delta':
        if (block?.type === 'text') block.text += delta.text;
        return;
      case 'thinking_delta':
        if (block?.type === 'thinking') block.thinking += delta.thinking;
        return;
      case 'signature_delta':
        if (block?.type === 'thinking') block.signature = delta.signature;
        return;
      case 'input_json_delta': {
        const json = this.toolJson.get(index);
        if (json !== undefined) this.toolJson.set(index, json + delta.partial_json);
        return;
      }
      default:
        // citations_delta: citations are not sent back.
        return;
    }
  }
}
