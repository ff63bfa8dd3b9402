/**
 * The `inkwell.chat` sidebar view. It connects one webview at a time to the sidebar's chat
 * controller (see `chatWebviewBinding.ts` for what travels between them).
 */
import * as vscode from 'vscode';
import type { ChatController } from './chatController';
import { bindChatWebview, type ErrorActionHandler } from './chatWebviewBinding';

export type { ErrorActionHandler } from './chatWebviewBinding';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private viewSubscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly chat: ChatController,
    private readonly onErrorAction: ErrorActionHandler,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.viewSubscriptions.push(
      bindChatWebview({
        extensionUri: this.extensionUri,
        chat: this.chat,
        webview: view.webview,
        isVisible: () => view.visible,
        onErrorAction: this.onErrorAction,
      }),
      view.onDidChangeVisibility(() => this.chat.channel.visibilityChanged()),
      view.onDidDispose(() => {
        // The panel is gone: nobody would see the rest of the answers, so stop paying for them.
        this.chat.channel.detach();
        this.chat.stop();
        this.disposeView();
      }),
    );
  }

  focusInput(): void {
    this.chat.channel.post({ type: 'focusInput' });
  }

  dispose(): void {
    this.disposeView();
  }

  private disposeView(): void {
    for (const d of this.viewSubscriptions) d.dispose();
    this.viewSubscriptions = [];
  }
}
