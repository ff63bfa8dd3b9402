/** Prompts that carry code from the editor: the shown text stays short, the prompt has the code. */
import type { CodeContext } from '../shared/transcript';

export interface CodeSelection extends CodeContext {
  readonly code: string;
}

/** A fence longer than any backtick run inside the code, so code containing ``` stays intact. */
export function fenceFor(code: string): string {
  const longest = Math.max(0, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

export function lineRange(context: CodeContext): string {
  return context.startLine === context.endLine ? `line ${context.startLine}` : `lines ${context.startLine}–${context.endLine}`;
}

export function buildExplainPrompt(selection: CodeSelection): { text: string; prompt: string; context: CodeContext } {
  const { code, ...context } = selection;
  const fence = fenceFor(code);
  const where = `\`${context.path}\` (${lineRange(context)}, ${context.language})`;
  return {
    text: `Explain ${context.path}, ${lineRange(context)}`,
    prompt:
      `Explain what this code from ${where} does, step by step, and point out anything surprising or risky.\n\n` +
      `${fence}${context.language}\n${code}\n${fence}`,
    context,
  };
}

export interface EditRequest extends CodeSelection {
  readonly instruction: string;
  /** A few lines before and after the selection, so the edit fits its surroundings. */
  readonly before: string;
  readonly after: string;
}

export function buildEditPrompt(request: EditRequest): { text: string; prompt: string; context: CodeContext } {
  const { code, before, after, instruction, ...context } = request;
  const fence = fenceFor(before + code + after);
  const block = (body: string) => `${fence}${context.language}\n${body}\n${fence}`;
  return {
    text: `Edit ${context.path}, ${lineRange(context)}: ${instruction}`,
    prompt:
      `Edit the selected code in \`${context.path}\` (${lineRange(context)}, ${context.language}) as follows: ${instruction}\n\n` +
      `Propose the change with the str_replace_based_edit_tool (command str_replace, path \`${context.path}\`); ` +
      `copy old_str exactly from the selection and change only what the instruction needs.\n\n` +
      (before ? `Lines before the selection:\n${block(before)}\n\n` : '') +
      `The selection:\n${block(code)}` +
      (after ? `\n\nLines after the selection:\n${block(after)}` : ''),
    context,
  };
}
