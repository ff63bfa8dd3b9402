/**
 * Answers the edit tool's `view` command, read-only: a file with line numbers (optionally a
 * `view_range`), or a directory listing. Large results are cut with a note, not silently.
 */
import * as vscode from 'vscode';
import { confinePath } from '../core/edits/pathConfinement';
import type { ToolResult } from '../core/history';
import { readSnapshot, realpath, workspaceRoots } from './workspaceFiles';

export const VIEW_MAX_LINES = 2000;
export const VIEW_MAX_CHARS = 200_000;
export const VIEW_MAX_ENTRIES = 500;
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

export async function viewPath(input: Record<string, unknown>): Promise<ToolResult> {
  const confined = await confinePath(input.path ?? '.', workspaceRoots(), realpath);
  if (!confined.ok) return { content: `Error: ${confined.reason}`, isError: true };
  const snapshot = await readSnapshot(confined.absolutePath);
  if (!snapshot.exists) return { content: `Error: ${confined.relativePath} does not exist.`, isError: true };
  if (snapshot.isDirectory) return listDirectory(confined.absolutePath, confined.relativePath);

  const lines = snapshot.text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const range = input.view_range;
  let first = 1;
  let last = lines.length;
  if (range !== undefined) {
    if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isInteger(n))) {
      return { content: 'Error: view_range must be [start, end] with whole numbers (end -1 = to the end).', isError: true };
    }
    first = Math.max(1, range[0] as number);
    last = (range[1] as number) === -1 ? lines.length : Math.min(lines.length, range[1] as number);
    if (first > last) return { content: `Error: view_range [${range.join(', ')}] is empty; the file has ${lines.length} lines.`, isError: true };
  }
  let body = '';
  let n = first;
  for (; n <= last && n - first < VIEW_MAX_LINES && body.length < VIEW_MAX_CHARS; n++) body += `${String(n).padStart(6)}\t${lines[n - 1]}\n`;
  const lastShown = n - 1;
  const note = lastShown < last ? `\n[Shown lines ${first}–${lastShown} of ${lines.length}; use view_range to see more.]` : '';
  return { content: body + note, isError: false };
}

async function listDirectory(absolutePath: string, relativePath: string): Promise<ToolResult> {
  const entries: string[] = [];
  let cut = false;
  const walk = async (dir: vscode.Uri, prefix: string, depth: number) => {
    let children: [string, vscode.FileType][];
    try {
      children = (await vscode.workspace.fs.readDirectory(dir)).sort(([a], [b]) => a.localeCompare(b));
    } catch {
      entries.push(`${prefix}(cannot be read)`);
      return;
    }
    for (const [name, type] of children) {
      if (entries.length >= VIEW_MAX_ENTRIES) {
        cut = true;
        return;
      }
      if (name.startsWith('.') && name !== '.github') continue;
      const isDir = (type & vscode.FileType.Directory) !== 0;
      // Linked folders may lead outside the workspace: listed, never entered.
      const isLink = (type & vscode.FileType.SymbolicLink) !== 0;
      entries.push(`${prefix}${name}${isDir ? '/' : ''}`);
      if (isDir && !isLink && depth < 1 && !SKIPPED_DIRECTORIES.has(name)) await walk(vscode.Uri.joinPath(dir, name), `${prefix}${name}/`, depth + 1);
    }
  };
  await walk(vscode.Uri.file(absolutePath), '', 0);
  const header = `Files in ${relativePath === '.' ? 'the workspace' : relativePath} (two levels, hidden files left out):\n`;
  const note = cut ? `\n[Listing cut at ${VIEW_MAX_ENTRIES} entries; view a subfolder to see more.]` : '';
  return { content: header + (entries.length ? entries.join('\n') : '(empty)') + note, isError: false };
}
