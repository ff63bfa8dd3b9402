/**
 * A short human line for a tool call whose JSON input is still streaming ("Proposing an edit to
 * src/a.ts…"). It reads the partial JSON text with two small patterns instead of parsing it: the
 * input is never parsed before the stop event, and re-parsing per fragment would be quadratic.
 */

/** Past this many characters the preview stops looking: `command` and `path` come first in practice. */
export const PREVIEW_SCAN_LIMIT = 4096;

const COMMAND = /"command"\s*:\s*"(\w+)"/;
const PATH = /"path"\s*:\s*"((?:[^"\\]|\\.)*)"/;

const VERBS: Record<string, string> = {
  view: 'Reading',
  str_replace: 'Proposing an edit to',
  create: 'Proposing a new file',
  insert: 'Proposing an insertion in',
};

/**
 * Returns the preview for the JSON seen so far; `undefined` when nothing useful is known yet.
 * Callers stop calling past `PREVIEW_SCAN_LIMIT` characters, which bounds the work per fragment.
 */
export function describeToolCall(name: string, partialJson: string): string | undefined {
  const command = COMMAND.exec(partialJson)?.[1];
  const rawPath = PATH.exec(partialJson)?.[1];
  const path = rawPath === undefined ? undefined : unescapeJsonString(rawPath);
  if (command === undefined && path === undefined) return undefined;
  const verb = (command && VERBS[command]) ?? `Using ${name}`;
  return path ? `${verb} ${path}…` : `${verb}…`;
}

function unescapeJsonString(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
