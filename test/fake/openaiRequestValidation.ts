// Checks a Chat Completions request body the way the OpenAI API does, where that is cheap, and
// names the first problem in the API's own wording, `param` and `code`. As with the Messages fake,
// a client bug that would earn a 400 from a real endpoint must earn it here too — above all the
// tool pairing: every assistant `tool_calls` id answered by a `tool` message before the next
// user or assistant message, and no `tool` message that answers nothing.

import { invalidRequest, type OpenAIErrorDetails } from './openaiApiErrors';

type Json = Record<string, unknown>;

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function wrongType(param: string, expected: string, value: unknown): OpenAIErrorDetails {
  return invalidRequest(`Invalid type for '${param}': expected ${expected}, but got ${typeName(value)} instead.`, param, 'invalid_type');
}

/** The first problem with `body` as the API would report it, or undefined when it is acceptable. */
export function findOpenAIRequestProblem(body: unknown): OpenAIErrorDetails | undefined {
  if (!isObject(body)) return invalidRequest('We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.');
  return checkTopLevel(body) ?? checkMessages(body.messages) ?? checkTools(body.tools);
}

function checkTopLevel(body: Json): OpenAIErrorDetails | undefined {
  if (body.model === undefined || body.model === '') return invalidRequest('you must provide a model parameter');
  if (typeof body.model !== 'string') return wrongType('model', 'a string', body.model);
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') return wrongType('stream', 'a boolean', body.stream);
  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
    return invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  for (const field of ['max_tokens', 'max_completion_tokens']) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType(field, 'an integer', value);
    if (value < 1) {
      return invalidRequest(`Invalid '${field}': integer below minimum value. Expected a value >= 1, but got ${value} instead.`, field, 'integer_below_min_value');
    }
  }
  return undefined;
}

function checkMessages(messages: unknown): OpenAIErrorDetails | undefined {
  if (messages === undefined) return invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  if (!Array.isArray(messages)) return wrongType('messages', 'an array', messages);
  if (messages.length === 0) {
    return invalidRequest("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages', 'empty_array');
  }
  for (const [index, message] of messages.entries()) {
    const problem = checkMessage(message, index);
    if (problem) return problem;
  }
  return checkToolPairing(messages as Json[]);
}

function checkMessage(message: unknown, index: number): OpenAIErrorDetails | undefined {
  const at = `messages[${index}]`;
  if (!isObject(message)) return wrongType(at, 'an object', message);
  if (!(ROLES as readonly string[]).includes(String(message.role))) {
    return invalidRequest(
      `Invalid value: '${String(message.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
      `${at}.role`,
      'invalid_value',
    );
  }
  const content = message.content;
  const hasToolCalls = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
  if (message.role === 'assistant') {
    if ((content === undefined || content === null) && !hasToolCalls) {
      return invalidRequest(`Invalid value for 'content': expected a string, got null.`, `${at}.content`);
    }
  } else if (typeof content !== 'string' && !Array.isArray(content)) {
    return invalidRequest(`Invalid value for 'content': expected a string, got ${content === null ? 'null' : typeof content}.`, `${at}.content`);
  }
  if (message.role === 'tool' && typeof message.tool_call_id !== 'string') {
    return invalidRequest(`Missing required parameter: '${at}.tool_call_id'.`, `${at}.tool_call_id`, 'missing_required_parameter');
  }
  if (message.tool_calls !== undefined) {
    if (message.role !== 'assistant') return invalidRequest(`Invalid parameter: only assistant messages can have 'tool_calls'.`, `${at}.tool_calls`);
    if (!Array.isArray(message.tool_calls)) return wrongType(`${at}.tool_calls`, 'an array', message.tool_calls);
    for (const [callIndex, call] of message.tool_calls.entries()) {
      const problem = checkToolCall(call, `${at}.tool_calls[${callIndex}]`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function checkToolCall(call: unknown, at: string): OpenAIErrorDetails | undefined {
  if (!isObject(call)) return wrongType(at, 'an object', call);
  if (typeof call.id !== 'string' || call.id === '') return invalidRequest(`Missing required parameter: '${at}.id'.`, `${at}.id`, 'missing_required_parameter');
  if (call.type !== 'function') return invalidRequest(`Invalid value: '${String(call.type)}'. Supported values are: 'function'.`, `${at}.type`, 'invalid_value');
  const fn = call.function;
  if (!isObject(fn)) return invalidRequest(`Missing required parameter: '${at}.function'.`, `${at}.function`, 'missing_required_parameter');
  if (typeof fn.name !== 'string') return invalidRequest(`Missing required parameter: '${at}.function.name'.`, `${at}.function.name`, 'missing_required_parameter');
  // A client that sends the parsed object instead of the JSON text fails here, as with the API.
  if (typeof fn.arguments !== 'string') return wrongType(`${at}.function.arguments`, 'a string', fn.arguments);
  return undefined;
}

/**
 * The calls of an assistant message must all be answered by `tool` messages that follow it
 * directly; a `tool` message must answer a call of the assistant message before that run.
 */
function checkToolPairing(messages: Json[]): OpenAIErrorDetails | undefined {
  let open: { index: number; unanswered: Set<string>; asked: Set<string> } | undefined;
  for (const [index, message] of messages.entries()) {
    if (message.role === 'tool') {
      const id = String(message.tool_call_id);
      if (!open?.asked.has(id)) {
        return invalidRequest(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${index}].role`,
        );
      }
      open.unanswered.delete(id);
      continue;
    }
    if (open && open.unanswered.size > 0) {
      return invalidRequest(
        "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. " +
          `The following tool_call_ids did not have response messages: ${[...open.unanswered].join(', ')}`,
        `messages.[${open.index}].role`,
      );
    }
    open = undefined;
    if (message.role === 'assistant' && Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
      const ids = (message.tool_calls as Json[]).map((call) => String(call.id));
      open = { index, unanswered: new Set(ids), asked: new Set(ids) };
    }
  }
  if (open && open.unanswered.size > 0) {
    return invalidRequest(
      "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. " +
        `The following tool_call_ids did not have response messages: ${[...open.unanswered].join(', ')}`,
      `messages.[${open.index}].role`,
    );
  }
  return undefined;
}

function checkTools(tools: unknown): OpenAIErrorDetails | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) return wrongType('tools', 'an array', tools);
  for (const [index, tool] of tools.entries()) {
    const at = `tools[${index}]`;
    if (!isObject(tool)) return wrongType(at, 'an object', tool);
    if (tool.type !== 'function') return invalidRequest(`Invalid value: '${String(tool.type)}'. Supported values are: 'function' and 'custom'.`, `${at}.type`, 'invalid_value');
    const fn = tool.function;
    if (!isObject(fn)) return invalidRequest(`Missing required parameter: '${at}.function'.`, `${at}.function`, 'missing_required_parameter');
    if (typeof fn.name !== 'string' || !TOOL_NAME.test(fn.name)) {
      return invalidRequest(
        `Invalid '${at}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        `${at}.function.name`,
        'invalid_value',
      );
    }
    if (fn.parameters !== undefined && !isObject(fn.parameters)) return wrongType(`${at}.function.parameters`, 'an object', fn.parameters);
  }
  return undefined;
}

/**
 * The text of the last user message (string content or its text parts), and whether the request
 * ends with tool results — what picks a default scenario.
 */
export function lastOpenAIUserMessage(body: Json): { text: string; hasToolResults: boolean } {
  const messages = Array.isArray(body.messages) ? (body.messages as unknown[]).filter(isObject) : [];
  if (messages.at(-1)?.role === 'tool') return { text: '', hasToolResults: true };
  const last = [...messages].reverse().find((m) => m.role === 'user');
  if (!last) return { text: '', hasToolResults: false };
  if (typeof last.content === 'string') return { text: last.content, hasToolResults: false };
  const parts = Array.isArray(last.content) ? (last.content as unknown[]).filter(isObject) : [];
  const text = parts
    .filter((p) => p.type === 'text' && typeof p.text === 'string')
    .map((p) => p.text as string)
    .join('\n');
  return { text, hasToolResults: false };
}
