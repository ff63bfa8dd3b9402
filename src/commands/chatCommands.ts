/** Commands that talk to the chat: ask, stop, new chat, explain selection. */
import * as vscode from 'vscode';
import type { ChatController } from '../chat/chatController';
import { buildExplainPrompt } from '../core/codePrompt';
import { CHAT_VIEW_ID } from '../shared/contributions';

export function revealChat(): Thenable<unknown> {
  return vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
}

export async function ask(chat: ChatController, prompt?: unknown): Promise<void> {
  const text =
    typeof prompt === 'string'
      ? prompt
      : await vscode.window.showInputBox({ title: 'Ask Claude', prompt: 'Your question', ignoreFocusOut: true });
  if (!text || text.trim() === '') return;
  await revealChat();
  void chat.send(text);
}

export async function explainSelection(chat: ChatController): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('Inkwell: select some code to explain.');
    return;
  }
  const { selection, document } = editor;
  // A selection ending at column 0 of a line does not include that line.
  const lastLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  const request = buildExplainPrompt({
    path: vscode.workspace.asRelativePath(document.uri, false),
    language: document.languageId,
    startLine: selection.start.line + 1,
    endLine: lastLine + 1,
    code: document.getText(selection),
  });
  await revealChat();
  void chat.send(request.text, { prompt: request.prompt, context: request.context });
}
