/**
 * The `inkwell.chat` sidebar view. It connects one webview at a time to the chat controller:
 * inbound messages are validated and dispatched; outbound state goes through the channel.
 */
import * as vscode from 'vscode';
import { parseWebviewMessage, type WebviewToHost } from '../shared/protocol';
import { assertNever } from '../shared/assertNever';
import { COMMANDS } from '../shared/contributions';
import type { ChatController } from './chatController';
import { chatHtml, makeNonce } from './chatHtml';

export interface ErrorActionHandler {
  (action: Extract<WebviewToHost, { type: 'errorAction' }>): void;
}

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private viewSubscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly chat: ChatController,
    private readonly onErrorAction: ErrorActionHandler,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    this.chat.channel.attach({
      postMessage: (message) => view.webview.postMessage(message),
      get visible() {
        return view.visible;
      },
    });
    this.viewSubscriptions.push(
      view.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      view.onDidChangeVisibility(() => this.chat.channel.visibilityChanged()),
      view.onDidDispose(() => {
        // The panel is gone: nobody would see the rest of the answer, so stop paying for it.
        this.chat.stop();
        this.chat.channel.detach();
        this.disposeView();
      }),
    );
    view.webview.html = chatHtml({
      cspSource: view.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview-style.css')).toString(),
    });
  }

  focusInput(): void {
    this.chat.channel.post({ type: 'focusInput' });
  }

  dispose(): void {
    this.disposeView();
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
      case 'resync':
        this.chat.channel.sendSnapshot();
        return;
      case 'send':
        void this.chat.send(message.text);
        return;
      case 'stop':
        this.chat.stop();
        return;
      case 'retryNow':
        this.chat.retryNow(message.turnId);
        return;
      case 'newChat':
        this.chat.newChat();
        return;
      case 'setApiKey':
        void vscode.commands.executeCommand(COMMANDS.setApiKey);
        return;
      case 'errorAction':
        this.onErrorAction(message);
        return;
      case 'copy':
        void vscode.env.clipboard.writeText(message.text);
        return;
      case 'proposalAction':
        if (message.action === 'accept') void this.chat.acceptProposal(message.proposalId);
        else if (message.action === 'reject') this.chat.rejectProposal(message.proposalId);
        else void this.chat.showDiff(message.proposalId);
        return;
      case 'turnProposalsAction':
        void this.chat.decideAll(message.turnId, message.action);
        return;
      default:
        assertNever(message, 'webview message');
    }
  }

  private disposeView(): void {
    for (const d of this.viewSubscriptions) d.dispose();
    this.viewSubscriptions = [];
  }
}
