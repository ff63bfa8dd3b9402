/**
 * How the edit tools see the workspace: folders as confinement roots, real paths for symlink
 * checks, and a file's text as the user sees it — an open document's unsaved text wins over disk.
 */
import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { Realpath, WorkspaceRoot } from '../core/edits/pathConfinement';
import type { FileSnapshot } from '../core/edits/resolveProposal';

export function workspaceRoots(): WorkspaceRoot[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ path: f.uri.fsPath, name: f.name }));
}

export const realpath: Realpath = async (p) => {
  try {
    return await fs.promises.realpath(p);
  } catch {
    return undefined;
  }
};

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function openDocument(absolutePath: string): vscode.TextDocument | undefined {
  const uri = vscode.Uri.file(absolutePath).toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
}

export async function readSnapshot(absolutePath: string): Promise<FileSnapshot> {
  const open = openDocument(absolutePath);
  if (open) return { exists: true, text: open.getText(), version: open.version };
  try {
    const uri = vscode.Uri.file(absolutePath);
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return { exists: true, isDirectory: true, text: '' };
    return { exists: true, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
  } catch {
    return { exists: false, text: '' };
  }
}
