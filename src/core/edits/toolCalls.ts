/**
 * The tool calls of a finished step, read once, after the stop event, from the JSON text that
 * streamed in. Parsing is strict: a partial or malformed input is an error the model is told
 * about, never a guess (the SDK's own partial parser would silently drop an unfinished string).
 */
import type { TurnState } from '../turnReducer';

export const EDIT_TOOL_NAME = 'str_replace_based_edit_tool';
export const EDIT_COMMANDS = ['str_replace', 'create', 'insert'] as const;
export type EditCommand = (typeof EDIT_COMMANDS)[number];

export type ToolCall =
  | { readonly kind: 'view'; readonly id: string; readonly input: Record<string, unknown> }
  | { readonly kind: 'edit'; readonly id: string; readonly command: EditCommand; readonly input: Record<string, unknown> }
  /** Unusable: bad JSON, an unknown tool or command. Answered with an error result. */
  | { readonly kind: 'invalid'; readonly id: string; readonly input: Record<string, unknown>; readonly reason: string };

export function toolCallsOf(state: TurnState): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const block of state.blocks) {
    if (block.kind !== 'toolUse') continue;
    calls.push(classify(block.id, block.name, block.inputJson));
  }
  return calls;
}

export function parseToolInput(json: string): { ok: true; input: Record<string, unknown> } | { ok: false; reason: string } {
  // An empty input stream means `{}` (the API sends "" first, and nothing more for no arguments).
  if (json.trim() === '') return { ok: true, input: {} };
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'The tool input is not a JSON object.' };
    return { ok: true, input: value as Record<string, unknown> };
  } catch (error) {
    return { ok: false, reason: `The tool input is not valid JSON (${error instanceof Error ? error.message : 'parse error'}).` };
  }
}

function classify(id: string, name: string, json: string): ToolCall {
  const parsed = parseToolInput(json);
  if (!parsed.ok) return { kind: 'invalid', id, input: {}, reason: parsed.reason };
  const input = parsed.input;
  if (name !== EDIT_TOOL_NAME) return { kind: 'invalid', id, input, reason: `Unknown tool ${name}.` };
  const command = input.command;
  if (command === 'view') return { kind: 'view', id, input };
  if (typeof command === 'string' && (EDIT_COMMANDS as readonly string[]).includes(command)) {
    return { kind: 'edit', id, command: command as EditCommand, input };
  }
  return { kind: 'invalid', id, input, reason: `Unknown command ${JSON.stringify(command)}; use view, str_replace, create or insert.` };
}
