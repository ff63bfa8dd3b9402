/** The editor selection as whole lines, as the explain and edit commands send it. */
import * as vscode from 'vscode';

export interface SelectedLines {
  /** 0-based first and last line; a selection ending at column 0 does not include that line. */
  readonly first: number;
  readonly last: number;
  /** Workspace-relative path, with the folder name in a multi-root workspace. */
  readonly path: string;
}

export function selectedLines(editor: vscode.TextEditor): SelectedLines {
  const { selection, document } = editor;
  const last = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return { first: selection.start.line, last, path: vscode.workspace.asRelativePath(document.uri) };
}

/** Same file, compared the way VS Code compares URIs (drive-letter case and all). */
export function sameFile(absolutePath: string | undefined, uri: vscode.Uri): boolean {
  return absolutePath !== undefined && vscode.Uri.file(absolutePath).toString() === uri.toString();
}
