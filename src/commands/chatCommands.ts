/** Commands that talk to the chat: ask, stop, new chat, explain selection. */
import * as vscode from 'vscode';
import type { ChatController } from '../chat/chatController';
import { buildExplainPrompt } from '../core/codePrompt';
import { CHAT_VIEW_ID } from '../shared/contributions';
import { selectedLines } from './selection';

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
  const lines = selectedLines(editor);
  const request = buildExplainPrompt({
    path: lines.path,
    language: editor.document.languageId,
    startLine: lines.first + 1,
    endLine: lines.last + 1,
    code: editor.document.getText(editor.selection),
  });
  await revealChat();
  void chat.send(request.text, { prompt: request.prompt, context: request.context });
}
