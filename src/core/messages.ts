/**
 * The conversation as the API sees it, in the project's own types. They mirror the Messages API
 * shape so a request can be built without conversion, but no SDK type leaks past `providers/`.
 */

export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean };

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

/** Token counts as the API reports them. `output` is cumulative over a streamed response. */
export interface Usage {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export const ZERO_USAGE: Usage = Object.freeze({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0 });

/** What a provider is asked to do for one request. */
export interface ChatRequest {
  model: string;
  maxTokens: number;
  system?: string;
  messages: ChatMessage[];
  stream: boolean;
  /** Declare the text editor tool (`str_replace_based_edit_tool`), so the model can view and propose edits. */
  editTool?: boolean;
  /** Mark prompt-cache breakpoints (system, tools, conversation prefix); off for proxies that reject cache_control. */
  promptCaching?: boolean;
  /**
   * Extended-thinking budget in tokens (Anthropic `thinking.budget_tokens`); 0 or absent = off.
   * At least 1024 and below `maxTokens`, which counts the thinking too.
   */
  thinkingBudget?: number;
}
