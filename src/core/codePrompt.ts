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
