/**
 * Our conversation as a Chat Completions request. The history mirrors the Messages API, so tool
 * calls and results change shape here: `tool_use` blocks become the assistant's `tool_calls`, and
 * `tool_result` blocks become `tool` messages placed right after that assistant message, before
 * the user's own text. Thinking is not sent back: OpenAI-style APIs have no field for it, and
 * DeepSeek refuses requests that echo its `reasoning_content`.
 */
import type OpenAI from 'openai';
import type { EDIT_TOOL_NAME } from '../core/edits/toolCalls';
import type { ChatMessage, ChatRequest, ContentBlock } from '../core/messages';

type MessageParam = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type ToolCallParam = OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
/** A request body before the streaming fields are chosen. */
export type ChatCompletionParams = Omit<OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming, 'stream' | 'stream_options'>;

/**
 * Checked against the core's constant by type only: the lint rule that keeps providers out of the
 * host's `edits/` also matches `core/edits/`.
 */
const EDIT_TOOL: typeof EDIT_TOOL_NAME = 'str_replace_based_edit_tool';

/** The request field that carries `maxTokens`; see `OpenAICompatibleProviderOptions.tokenLimitField`. */
export type TokenLimitField = 'max_tokens' | 'max_completion_tokens';

/**
 * The text editor tool, declared as a function with the same name and fields as Anthropic's
 * `text_editor_20250728`, so the tool loop handles calls from either API the same way.
 */
export const EDIT_TOOL_FUNCTION: OpenAI.Chat.Completions.ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: EDIT_TOOL,
    description:
      'View a file or directory of the workspace, or propose an edit to a file. Paths are relative to the workspace. ' +
      'Edits are shown to the user as proposals and change nothing until the user accepts them.',
    parameters: {
      type: 'object',
      properties: {
        command: {
          type: 'string',
          enum: ['view', 'str_replace', 'create', 'insert'],
          description:
            'view: show a file with line numbers, or list a directory. str_replace: replace old_str with new_str. ' +
            'create: create a file with file_text. insert: insert new_str after line insert_line.',
        },
        path: { type: 'string', description: 'Workspace-relative path of the file or directory, e.g. src/index.ts.' },
        old_str: { type: 'string', description: 'str_replace: the exact text to replace, including indentation; it must occur exactly once in the file.' },
        new_str: { type: 'string', description: 'str_replace: the text that replaces old_str. insert: the text to insert.' },
        file_text: { type: 'string', description: 'create: the complete content of the new file.' },
        insert_line: { type: 'integer', minimum: 0, description: 'insert: the line after which new_str is inserted; 0 inserts at the start of the file.' },
        view_range: {
          type: 'array',
          items: { type: 'integer' },
          minItems: 2,
          maxItems: 2,
          description: 'view: optional [first, last] line numbers of a file, starting at 1; last -1 means to the end of the file.',
        },
      },
      required: ['command', 'path'],
      additionalProperties: false,
    },
  },
};

/** The body of one chat.completions request, without the streaming fields. */
export function chatCompletionParams(request: ChatRequest, tokenLimitField: TokenLimitField): ChatCompletionParams {
  return {
    model: request.model,
    messages: toChatCompletionMessages(request.system, request.messages),
    [tokenLimitField]: request.maxTokens,
    ...(request.editTool ? { tools: [EDIT_TOOL_FUNCTION] } : {}),
  };
}

export function toChatCompletionMessages(system: string | undefined, messages: readonly ChatMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  if (system) out.push({ role: 'system', content: system });
  for (const message of messages) {
    if (message.role === 'user') {
      // Tool results answer the previous assistant message, so they must come before the user's text.
      for (const block of message.content) {
        if (block.type === 'tool_result') out.push({ role: 'tool', tool_call_id: block.tool_use_id, content: block.content });
      }
      const text = joinedText(message.content);
      if (text !== '') out.push({ role: 'user', content: text });
      continue;
    }
    const text = joinedText(message.content);
    const toolCalls = message.content.flatMap((block): ToolCallParam[] =>
      block.type === 'tool_use'
        ? [{ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } }]
        : [],
    );
    // A step that produced only reasoning has nothing this API can take back.
    if (text === '' && toolCalls.length === 0) continue;
    out.push({ role: 'assistant', content: text === '' ? null : text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) });
  }
  return out;
}

function joinedText(content: readonly ContentBlock[]): string {
  return content
    .flatMap((block) => (block.type === 'text' && block.text !== '' ? [block.text] : []))
    .join('\n\n');
}
