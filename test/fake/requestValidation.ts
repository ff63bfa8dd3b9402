// Checks a Messages API request body the way the real API does and names the first problem in the
// API's own wording (`messages.1.content.0.text: ...`). The fake is deliberately strict: a client
// bug that would earn a 400 from the real API must earn the same 400 here, or tests would pass
// against the fake and fail in production.

import { isValidThinkingSignature } from './thinkingSignature';

type Json = Record<string, unknown>;

/** Content block types the Messages API accepts in requests; anything else is a 400. */
const REQUEST_BLOCK_TYPES = [
  'text',
  'image',
  'document',
  'search_result',
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking',
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'mcp_tool_use',
  'mcp_tool_result',
  'container_upload',
] as const;

const EMPTY_CONTENT = 'all messages must have non-empty content except for the optional final assistant message';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Returns the API's error message for the first problem in `body`, or undefined when it is valid. */
export function findRequestProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'Input should be a valid dictionary or object to extract fields from';
  return (
    checkModel(body) ??
    checkMaxTokens(body) ??
    checkOptionalFields(body) ??
    checkMessages(body.messages) ??
    checkToolsDefined(body) ??
    checkThinkingConfig(body) ??
    checkThinkingToolLoop(body)
  );
}

/** A conversation that already used tools must still declare them, or the API refuses it. */
function checkToolsDefined(body: Json): string | undefined {
  const usesTools = (body.messages as Json[]).some((message) =>
    blocksOf(message).some((block) => block.type === 'tool_use' || block.type === 'tool_result'),
  );
  const hasTools = Array.isArray(body.tools) && body.tools.length > 0;
  return usesTools && !hasTools ? 'Requests which include `tool_use` or `tool_result` blocks must define tools.' : undefined;
}

function checkModel(body: Json): string | undefined {
  if (body.model === undefined) return 'model: Field required';
  if (typeof body.model !== 'string') return 'model: Input should be a valid string';
  if (body.model === '') return 'model: String should have at least 1 character';
  return undefined;
}

function checkMaxTokens(body: Json): string | undefined {
  const maxTokens = body.max_tokens;
  if (maxTokens === undefined) return 'max_tokens: Field required';
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens)) return 'max_tokens: Input should be a valid integer';
  if (maxTokens < 1) return 'max_tokens: Input should be greater than or equal to 1';
  return undefined;
}

function checkOptionalFields(body: Json): string | undefined {
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return 'stream: Input should be a valid boolean';
  if (body.tools !== undefined && !Array.isArray(body.tools)) return 'tools: Input should be a valid list';
  if (body.system !== undefined && typeof body.system !== 'string') {
    if (!Array.isArray(body.system)) return 'system: Input should be a valid string or list';
    for (const [index, block] of body.system.entries()) {
      if (!isObject(block) || block.type !== 'text') return `system.${index}.type: Input should be 'text'`;
      if (!isNonEmptyString(block.text)) return `system.${index}.text: text content blocks must be non-empty`;
    }
  }
  return undefined;
}

function checkThinkingConfig(body: Json): string | undefined {
  const thinking = body.thinking;
  if (thinking === undefined) return undefined;
  if (!isObject(thinking)) return 'thinking: Input should be a valid dictionary';
  if (thinking.type === 'disabled' || thinking.type === 'adaptive') return undefined;
  if (thinking.type !== 'enabled') return "thinking.type: Input should be 'enabled', 'disabled' or 'adaptive'";
  const budget = thinking.budget_tokens;
  if (typeof budget !== 'number' || !Number.isInteger(budget)) return 'thinking.enabled.budget_tokens: Field required';
  if (budget < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
  if ((body.max_tokens as number) <= budget) return '`max_tokens` must be greater than `thinking.budget_tokens`';
  return undefined;
}

/**
 * With thinking enabled, a request that continues a tool loop (its last message returns tool
 * results) must send the assistant's tool-use message with its thinking first, as the API demands.
 */
function checkThinkingToolLoop(body: Json): string | undefined {
  if (!isObject(body.thinking) || body.thinking.type !== 'enabled') return undefined;
  const messages = body.messages as Json[];
  const last = messages.at(-1);
  if (last?.role !== 'user' || !blocksOf(last).some((b) => b.type === 'tool_result')) return undefined;
  const index = messages.length - 2;
  const first = blocksOf(messages[index])[0];
  if (first?.type === 'thinking' || first?.type === 'redacted_thinking') return undefined;
  return (
    `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type)}\`. ` +
    'When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of ' +
    '`tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, ' +
    'disable `thinking`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking'
  );
}

function checkMessages(messages: unknown): string | undefined {
  if (messages === undefined) return 'messages: Field required';
  if (!Array.isArray(messages)) return 'messages: Input should be a valid list';
  if (messages.length === 0) return 'messages: at least one message is required';

  for (const [index, message] of messages.entries()) {
    if (!isObject(message)) return `messages.${index}: Input should be a valid dictionary`;
    if (message.role !== 'user' && message.role !== 'assistant') {
      return `messages.${index}.role: Input should be 'user' or 'assistant'`;
    }
    if (index === 0 && message.role !== 'user') return 'messages: first message must use the "user" role';
    const previous = messages[index - 1] as Json | undefined;
    if (previous && previous.role === message.role) {
      return `messages: roles must alternate between "user" and "assistant", but found multiple "${message.role}" roles in a row`;
    }
    const isFinalAssistant = index === messages.length - 1 && message.role === 'assistant';
    const problem = checkContent(message, index, isFinalAssistant);
    if (problem) return problem;
  }
  return checkToolPairing(messages as Json[]);
}

function checkContent(message: Json, index: number, isFinalAssistant: boolean): string | undefined {
  const content = message.content;
  if (typeof content === 'string') {
    if (content === '' && !isFinalAssistant) return `messages.${index}: ${EMPTY_CONTENT}`;
    if (isFinalAssistant && /\s$/.test(content)) return 'final assistant content cannot end with trailing whitespace';
    return undefined;
  }
  if (!Array.isArray(content)) return `messages.${index}.content: Input should be a valid string or list`;
  if (content.length === 0 && !isFinalAssistant) return `messages.${index}: ${EMPTY_CONTENT}`;
  for (const [blockIndex, block] of content.entries()) {
    const problem = checkBlock(block, `messages.${index}.content.${blockIndex}`, message.role as string);
    if (problem) return problem;
  }
  const last = content.at(-1) as Json | undefined;
  if (isFinalAssistant && last?.type === 'text' && /\s$/.test(String(last.text))) {
    return 'final assistant content cannot end with trailing whitespace';
  }
  return undefined;
}

function checkBlock(block: unknown, at: string, role: string): string | undefined {
  if (!isObject(block)) return `${at}: Input should be a valid dictionary`;
  const type = block.type;
  if (typeof type !== 'string' || !(REQUEST_BLOCK_TYPES as readonly string[]).includes(type)) {
    const expected = REQUEST_BLOCK_TYPES.map((t) => `'${t}'`).join(', ');
    return `${at}: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${expected}`;
  }
  switch (type) {
    case 'text':
      if (typeof block.text !== 'string') return `${at}.text: Field required`;
      if (block.text === '') return `${at}.text: text content blocks must be non-empty`;
      if (block.text.trim() === '') return `${at}.text: text content blocks must contain non-whitespace text`;
      return undefined;
    case 'thinking':
      if (role !== 'assistant') return `${at}: thinking blocks can only appear in assistant messages`;
      if (typeof block.thinking !== 'string') return `${at}.thinking.thinking: Field required`;
      if (!isNonEmptyString(block.signature)) return `${at}.thinking.signature: Field required`;
      // The API checks the signature against the thinking text: changed thinking is refused.
      if (!isValidThinkingSignature(block.thinking, block.signature)) return `${at}: Invalid \`signature\` in \`thinking\` block`;
      return undefined;
    case 'redacted_thinking':
      if (role !== 'assistant') return `${at}: redacted_thinking blocks can only appear in assistant messages`;
      if (!isNonEmptyString(block.data)) return `${at}.redacted_thinking.data: Field required`;
      return undefined;
    case 'tool_use':
      if (role !== 'assistant') return `${at}: tool_use blocks can only appear in assistant messages`;
      if (!isNonEmptyString(block.id)) return `${at}.tool_use.id: Field required`;
      if (!isNonEmptyString(block.name)) return `${at}.tool_use.name: Field required`;
      if (!isObject(block.input)) return `${at}.tool_use.input: Input should be a valid dictionary`;
      return undefined;
    case 'tool_result':
      if (role !== 'user') return `${at}: tool_result blocks can only appear in user messages`;
      if (!isNonEmptyString(block.tool_use_id)) return `${at}.tool_result.tool_use_id: Field required`;
      if (block.content !== undefined && typeof block.content !== 'string' && !Array.isArray(block.content)) {
        return `${at}.tool_result.content: Input should be a valid string or list`;
      }
      return undefined;
    default:
      return undefined;
  }
}

function blocksOf(message: Json | undefined): Json[] {
  return Array.isArray(message?.content) ? (message.content as Json[]) : [];
}

/**
 * Every assistant `tool_use` must be answered by a `tool_result` in the very next user message, and
 * every `tool_result` must answer a `tool_use` of the assistant message just before it.
 */
function checkToolPairing(messages: Json[]): string | undefined {
  for (const [index, message] of messages.entries()) {
    if (message.role === 'assistant') {
      const toolUseIds = blocksOf(message).filter((b) => b.type === 'tool_use').map((b) => String(b.id));
      if (toolUseIds.length === 0) continue;
      const answered = new Set(
        blocksOf(messages[index + 1]).filter((b) => b.type === 'tool_result').map((b) => String(b.tool_use_id)),
      );
      const unanswered = toolUseIds.filter((id) => !answered.has(id));
      if (unanswered.length > 0) {
        return (
          `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ` +
          `${unanswered.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`
        );
      }
    } else {
      const asked = new Set(
        blocksOf(messages[index - 1]).filter((b) => b.type === 'tool_use').map((b) => String(b.id)),
      );
      for (const [blockIndex, block] of blocksOf(message).entries()) {
        if (block.type !== 'tool_result' || asked.has(String(block.tool_use_id))) continue;
        return (
          `messages.${index}.content.${blockIndex}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ` +
          `${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`
        );
      }
    }
  }
  return undefined;
}

/** The text of the last user message (string content, or its text blocks joined by newlines). */
export function lastUserMessage(body: Json): { text: string; hasToolResults: boolean } {
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  const last = [...messages].reverse().find((m) => isObject(m) && m.role === 'user');
  if (!last) return { text: '', hasToolResults: false };
  if (typeof last.content === 'string') return { text: last.content, hasToolResults: false };
  const blocks = blocksOf(last);
  return {
    text: blocks
      .filter((b) => b.type === 'text' && typeof b.text === 'string')
      .map((b) => b.text as string)
      .join('\n'),
    hasToolResults: blocks.some((b) => b.type === 'tool_result'),
  };
}
