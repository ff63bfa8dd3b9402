/**
 * Resolves an edit call against the file as it is now, giving a pending proposal with its exact
 * change, or an invalid one that says why. `reResolve` does it again when the file changed before
 * Accept: an edit is re-applied only when it still means the same thing, else it goes stale.
 */
import type { ConfinedPath, RefusedPath } from './pathConfinement';
import { lineStats, type Proposal } from './proposal';
import { createFile, insertAfterLine, strReplace, type EditResult } from './textEdits';
import type { ToolCall } from './toolCalls';

export interface FileSnapshot {
  readonly exists: boolean;
  readonly isDirectory?: boolean;
  readonly text: string;
  /** The open document's version, when it is open. */
  readonly version?: number;
}

export interface ResolveArgs {
  readonly id: string;
  readonly turnId: string;
  readonly call: Extract<ToolCall, { kind: 'edit' }>;
  readonly path: ConfinedPath | RefusedPath;
  readonly file?: FileSnapshot;
  readonly hash: (text: string) => string;
}

export function resolveProposal({ id, turnId, call, path, file, hash }: ResolveArgs): Proposal {
  const base = { id, turnId, toolUseId: call.id, command: call.command, input: call.input, added: 0, removed: 0 };
  if (!path.ok) return { ...base, path: typeof call.input.path === 'string' ? call.input.path : '', status: 'invalid', reason: path.reason };
  const located = { ...base, path: path.relativePath, absolutePath: path.absolutePath };
  if (file?.isDirectory) return { ...located, status: 'invalid', reason: `${path.relativePath} is a directory.` };
  if (call.command !== 'create' && !file?.exists) {
    return { ...located, status: 'invalid', reason: `${path.relativePath} does not exist (use create for a new file).` };
  }
  const text = file?.exists ? file.text : '';
  const result = applyCall(call, text, file?.exists ?? false);
  if (!result.ok) return { ...located, status: 'invalid', reason: `${path.relativePath}: ${result.reason}` };
  return {
    ...located,
    ...lineStats(text.slice(result.start, result.end), result.replacement),
    baseVersion: file?.version,
    baseHash: file?.exists ? hash(text) : undefined,
    newText: result.newText,
    change: { start: result.start, end: result.end, replacement: result.replacement },
    status: 'pending',
  };
}

/**
 * The change to apply to `current`, the file's text at Accept. Unchanged text: the original
 * change. Changed text: `str_replace` again when `old_str` still matches exactly once; an insert
 * or a create cannot be re-anchored safely, so it is stale.
 */
export function reResolve(
  proposal: Proposal,
  current: { exists: boolean; text: string },
  hash: (text: string) => string,
): { ok: true; start: number; end: number; replacement: string; newText: string } | { ok: false; reason: string } {
  if (proposal.command === 'create') {
    if (current.exists) return { ok: false, reason: `${proposal.path} was created meanwhile; the proposal would overwrite it.` };
    return { ok: true, start: 0, end: 0, replacement: proposal.change!.replacement, newText: proposal.change!.replacement };
  }
  if (!current.exists) return { ok: false, reason: `${proposal.path} was deleted meanwhile.` };
  if (proposal.baseHash !== undefined && hash(current.text) === proposal.baseHash && proposal.change) {
    const { start, end, replacement } = proposal.change;
    return { ok: true, start, end, replacement, newText: current.text.slice(0, start) + replacement + current.text.slice(end) };
  }
  if (proposal.command === 'str_replace') {
    const again = strReplace(current.text, proposal.input.old_str, proposal.input.new_str);
    if (again.ok) return { ok: true, start: again.start, end: again.end, replacement: again.replacement, newText: again.newText };
    return { ok: false, reason: `${proposal.path} changed since the proposal and the text to replace ${again.reason.replace(/^old_str /, '')}` };
  }
  return { ok: false, reason: `${proposal.path} changed since the proposal, so the insertion point may have moved.` };
}

function applyCall(call: Extract<ToolCall, { kind: 'edit' }>, text: string, exists: boolean): EditResult {
  switch (call.command) {
    case 'str_replace':
      return strReplace(text, call.input.old_str, call.input.new_str);
    case 'insert':
      return insertAfterLine(text, call.input.insert_line, call.input.new_str ?? call.input.insert_text);
    case 'create':
      return createFile(exists, call.input.file_text);
  }
}
