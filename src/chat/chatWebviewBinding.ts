/**
 * Connects one chat webview — the sidebar view or a chat editor tab — to its chat controller:
 * HTML with a fresh nonce, the channel's port, and inbound messages validated and dispatched.
 * The view and the panel differ only in how they report visibility and disposal.
 */
import * as vscode from 'vscode';
import { packForWebview } from '../shared/packedMessage';
import { parseWebviewMessage, type WebviewToHost } from '../shared/protocol';
import { assertNever } from '../shared/assertNever';
import { COMMANDS } from '../shared/contributions';
import type { ChatController } from './chatController';
import { chatHtml, makeNonce } from './chatHtml';

export interface ErrorActionHandler {
  (chat: ChatController, action: Extract<WebviewToHost, { type: 'errorAction' }>): void;
}

export interface ChatWebviewOptions {
  readonly extensionUri: vscode.Uri;
  readonly chat: ChatController;
  readonly webview: vscode.Webview;
  isVisible(): boolean;
  readonly onErrorAction: ErrorActionHandler;
  /** Any message from this webview: the user is working in this chat. */
  onDidInteract?(): void;
}

/** Loads the chat into `webview`; the returned disposable stops listening to it. */
export function bindChatWebview(options: ChatWebviewOptions): vscode.Disposable {
  const { webview, chat } = options;
  const dist = vscode.Uri.joinPath(options.extensionUri, 'dist');
  webview.options = { enableScripts: true, localResourceRoots: [dist] };
  chat.channel.attach({
    postMessage: (message) => {
      // A webview being closed throws "Webview is disposed"; what it would have shown is lost
      // with it, and the answer ending must not fail because nobody is watching.
      try {
        return webview.postMessage(packForWebview(message));
      } catch {
        return false;
      }
    },
    get visible() {
      return options.isVisible();
    },
  });
  const subscription = webview.onDidReceiveMessage((raw) => {
    const message = parseWebviewMessage(raw);
    if (!message) return;
    options.onDidInteract?.();
    dispatch(options, message);
  });
  webview.html = chatHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview-style.css')).toString(),
  });
  return subscription;
}

function dispatch(options: ChatWebviewOptions, message: WebviewToHost): void {
  const { chat } = options;
  switch (message.type) {
    case 'ready':
    case 'resync':
      chat.channel.sendSnapshot();
      return;
    case 'send':
      void chat.send(message.text);
      return;
    case 'stop':
      chat.stop();
      return;
    case 'stopTurn':
      chat.stopTurn(message.turnId);
      return;
    case 'retryNow':
      chat.retryNow(message.turnId);
      return;
    case 'newChat':
      chat.newChat();
      return;
    case 'setApiKey':
      void vscode.commands.executeCommand(COMMANDS.setApiKey);
      return;
    case 'chooseModel':
      void vscode.commands.executeCommand(COMMANDS.chooseModel);
      return;
    case 'errorAction':
      options.onErrorAction(chat, message);
      return;
    case 'copy':
      void vscode.env.clipboard.writeText(message.text);
      return;
    case 'proposalAction':
      if (message.action === 'accept') void chat.acceptProposal(message.proposalId);
      else if (message.action === 'reject') chat.rejectProposal(message.proposalId);
      else void chat.showDiff(message.proposalId);
      return;
    case 'turnProposalsAction':
      void chat.decideAll(message.turnId, message.action);
      return;
    default:
      assertNever(message, 'webview message');
  }
}
