/**
 * Turns the stored conversation into the `messages` of a request that the Messages API accepts:
 * roles alternate starting with the user, no text block is empty, and only complete answers are
 * sent whole. A stopped or failed answer contributes its visible text only (its thinking has no
 * signature and its tool calls were never answered).
 */
import type { ChatMessage, ContentBlock } from './messages';

export interface HistoryExchange {
  /** The text sent for the user's turn (with any code context already folded in). */
  readonly prompt: string;
  readonly answer?: HistoryAnswer;
}

export interface HistoryAnswer {
  /** The final message's content when the turn completed with its stop event. */
  readonly finalContent?: readonly ContentBlock[];
  /** The visible text streamed so far, used when there is no final content. */
  readonly partialText: string;
}

export function buildRequestMessages(exchanges: readonly HistoryExchange[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const exchange of exchanges) {
    push(messages, 'user', textBlocks(exchange.prompt));
    if (exchange.answer) push(messages, 'assistant', answerBlocks(exchange.answer));
  }
  // A request must end with the user's turn; an answer with nothing sendable leaves none behind.
  while (messages.length > 0 && messages[messages.length - 1]!.role === 'assistant') messages.pop();
  return messages;
}

function answerBlocks(answer: HistoryAnswer): ContentBlock[] {
  if (answer.finalContent) {
    return answer.finalContent.filter(
      // Tool calls are only sendable together with their results; until the tool loop supplies
      // them, an unanswered call would make the next request invalid.
      (block) => block.type !== 'tool_use' && block.type !== 'tool_result' && !(block.type === 'text' && block.text.trim() === ''),
    );
  }
  return textBlocks(answer.partialText.trimEnd());
}

function textBlocks(text: string): ContentBlock[] {
  return text.trim() === '' ? [] : [{ type: 'text', text }];
}

/** Appends content, merging with the previous message of the same role so roles alternate. */
function push(messages: ChatMessage[], role: ChatMessage['role'], content: ContentBlock[]): void {
  if (content.length === 0) return;
  const last = messages[messages.length - 1];
  if (last?.role === role) {
    last.content = [...last.content, ...content];
  } else {
    messages.push({ role, content: [...content] });
  }
}
