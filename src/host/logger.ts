/** The "Inkwell" log channel (a LogOutputChannel, so users pick the level). */
import * as vscode from 'vscode';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Inkwell', { log: true });
}
