/**
 * Inkwell activates on first use (its view opening or one of its commands; no startup event), and
 * activation does only what VS Code needs: it registers the chat view and every command as thin
 * forwarders and returns the API. Inkwell itself (src/inkwell.ts, a bundle of its own) starts
 * when one of them is first used, which is usually at once.
 */
import * as vscode from 'vscode';
import { loadInkwell } from './host/loadInkwell';
import type { InkwellApi, InkwellCore } from './inkwell';
import { CHAT_VIEW_ID, COMMANDS, INTERNAL_COMMANDS, type CommandId, type InternalCommandId } from './shared/contributions';

export type { ChatApi, InkwellApi } from './inkwell';

export function activate(context: vscode.ExtensionContext): InkwellApi {
  const inkwell = lazyInkwell(context);
  const view: vscode.WebviewViewProvider = {
    resolveWebviewView: (webviewView, resolveContext, token) => inkwell().view.resolveWebviewView(webviewView, resolveContext, token),
  };
  context.subscriptions.push(vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view));
  const ids: (CommandId | InternalCommandId)[] = [...Object.values(COMMANDS), ...Object.values(INTERNAL_COMMANDS)];
  for (const id of ids) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => inkwell().commands[id](...args)));
  }
  return {
    get chat() {
      return inkwell().api.chat;
    },
    editorChats: () => inkwell().api.editorChats(),
    streaming: () => inkwell().api.streaming(),
    statusBar: () => inkwell().api.statusBar(),
  };
}

/** Starts Inkwell once, when first asked; a failure is shown once and thrown to the caller. */
function lazyInkwell(context: vscode.ExtensionContext): () => InkwellCore {
  let core: InkwellCore | undefined;
  let reported = false;
  return () => {
    if (core) return core;
    try {
      const started = performance.now();
      core = loadInkwell().startInkwell(context, started);
      return core;
    } catch (error) {
      if (!reported) {
        reported = true;
        const message = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`Inkwell failed to start: ${message}`);
      }
      throw error;
    }
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; disposing the chat aborts any request in flight.
}
