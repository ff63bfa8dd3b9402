/**
 * Turns the stored conversation into the `messages` of a request that the Messages API accepts:
 * roles alternate starting with the user, no text block is empty, every `tool_use` is answered by
 * a `tool_result` at the start of the very next user message, and only complete steps are sent
 * whole. A stopped or failed step contributes its visible text only (its thinking has no
 * signature and its tool calls never finished).
 */
import type { ChatMessage, ContentBlock } from './messages';

export interface HistoryExchange {
  /** The text sent for the user's turn (with any code context already folded in). */
  readonly prompt: string;
  /** The answer's steps: one request each; a tool loop makes several. */
  readonly steps?: readonly HistoryStep[];
}

export interface HistoryStep {
  /** The final message's content when the step completed with its stop event. */
  readonly finalContent?: readonly ContentBlock[];
  /** The visible text streamed so far, used when there is no final content. */
  readonly partialText: string;
}

export interface ToolResult {
  readonly content: string;
  readonly isError: boolean;
}

/** The result to send for a tool call; every call of a complete step gets one. */
export type ToolResultLookup = (toolUseId: string) => ToolResult;

export function buildRequestMessages(exchanges: readonly HistoryExchange[], resultFor: ToolResultLookup): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const exchange of exchanges) {
    push(messages, 'user', textBlocks(exchange.prompt));
    for (const step of exchange.steps ?? []) {
      const content = stepBlocks(step);
      push(messages, 'assistant', content);
      const results = content.flatMap((block): ContentBlock[] => {
        if (block.type !== 'tool_use') return [];
        const result = resultFor(block.id);
        return [{ type: 'tool_result', tool_use_id: block.id, content: result.content, ...(result.isError ? { is_error: true } : {}) }];
      });
      push(messages, 'user', results);
    }
  }
  // A request must end with the user's turn; an answer with nothing sendable leaves none behind.
  while (messages.length > 0 && messages[messages.length - 1]!.role === 'assistant') messages.pop();
  return messages;
}

function stepBlocks(step: HistoryStep): ContentBlock[] {
  if (step.finalContent) {
    return step.finalContent.filter(
      (block) =>
        block.type !== 'tool_result' &&
        !(block.type === 'text' && block.text.trim() === '') &&
        // Thinking cut off by max_tokens has no signature, and the API rejects it unsigned.
        !(block.type === 'thinking' && block.signature === ''),
    );
  }
  return textBlocks(step.partialText.trimEnd());
}

function textBlocks(text: string): ContentBlock[] {
  return text.trim() === '' ? [] : [{ type: 'text', text }];
}

/**
 * Appends content, merging with the previous message of the same role so roles alternate. Tool
 * results stay first in a merged user message, as the API requires.
 */
function push(messages: ChatMessage[], role: ChatMessage['role'], content: ContentBlock[]): void {
  if (content.length === 0) return;
  const last = messages[messages.length - 1];
  if (last?.role === role) {
    const merged = [...last.content, ...content];
    last.content = role === 'user' ? [...merged.filter((b) => b.type === 'tool_result'), ...merged.filter((b) => b.type !== 'tool_result')] : merged;
  } else {
    messages.push({ role, content: [...content] });
  }
}
