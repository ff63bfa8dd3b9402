/** Edit Selection with Claude…: an instruction for the selected code, answered as a proposal. */
import * as vscode from 'vscode';
import type { ChatController, TurnEndedEvent } from '../chat/chatController';
import { buildEditPrompt } from '../core/codePrompt';
import { NO_TOOL_USE_NOTE } from '../core/providerPresets';
import { COMMANDS } from '../shared/contributions';
import { revealChat } from './chatCommands';
import { selectedLines } from './selection';

/** Lines of context sent on each side of the selection. */
export const EDIT_CONTEXT_LINES = 20;

/** Said when the endpoint in use has no tool use, instead of sending a request that cannot end in a proposal. */
export const NO_EDITS_MESSAGE = `Inkwell: ${NO_TOOL_USE_NOTE}, so Edit Selection is not available. Choose a provider with tool use, or ask in the chat and copy the answer.`;

export async function editSelection(chat: ChatController, instruction?: unknown, canProposeEdits: () => boolean = () => true): Promise<TurnEndedEvent | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('Inkwell: select the code to edit first.');
    return undefined;
  }
  if (!canProposeEdits()) {
    void vscode.window.showInformationMessage(NO_EDITS_MESSAGE, 'Choose Provider…').then((choice) => {
      if (choice) void vscode.commands.executeCommand(COMMANDS.chooseProvider);
    });
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Inkwell: edits are disabled in Restricted Mode. Trust this workspace to use Edit Selection.');
    return undefined;
  }
  const text =
    typeof instruction === 'string'
      ? instruction
      : await vscode.window.showInputBox({ title: 'Edit Selection with Claude', prompt: 'What should change?', placeHolder: 'e.g. handle the empty case', ignoreFocusOut: true });
  if (!text || text.trim() === '') return undefined;

  const { document, selection } = editor;
  const { last: lastLine, path } = selectedLines(editor);
  const whole = new vscode.Range(selection.start.line, 0, lastLine, document.lineAt(lastLine).text.length);
  const beforeStart = Math.max(0, selection.start.line - EDIT_CONTEXT_LINES);
  const afterEnd = Math.min(document.lineCount - 1, lastLine + EDIT_CONTEXT_LINES);
  const request = buildEditPrompt({
    path,
    language: document.languageId,
    startLine: selection.start.line + 1,
    endLine: lastLine + 1,
    code: document.getText(whole),
    before: selection.start.line > 0 ? document.getText(new vscode.Range(beforeStart, 0, selection.start.line, 0)).replace(/\r?\n$/, '') : '',
    after: lastLine < afterEnd ? document.getText(new vscode.Range(lastLine + 1, 0, afterEnd, document.lineAt(afterEnd).text.length)) : '',
    instruction: text.trim(),
  });
  await revealChat();
  return chat.send(request.text, { prompt: request.prompt, context: request.context });
}
