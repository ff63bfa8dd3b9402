/**
 * "Open Chat in Editor": a chat in an editor tab, with its own conversation and controller, so
 * its answers, Stop and proposals never touch the sidebar's or another tab's. It reuses the
 * sidebar's webview code. Editor chats are scratch conversations: they are not saved, and a tab
 * is not restored after a reload (the sidebar chat is the one that persists).
 */
import * as vscode from 'vscode';
import type { Disposable } from '../shared/lifecycle';
import type { ChatController } from './chatController';
import type { ChatRegistry } from './chatRegistry';
import { bindChatWebview, type ErrorActionHandler } from './chatWebviewBinding';

export const CHAT_PANEL_VIEW_TYPE = 'inkwell.chatPanel';

export interface ChatPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly registry: ChatRegistry;
  /** A controller with a fresh conversation that is not persisted. */
  createController(): ChatController;
  readonly onErrorAction: ErrorActionHandler;
}

export class ChatPanel {
  private readonly subscriptions: Disposable[] = [];

  constructor(
    readonly name: string,
    readonly panel: vscode.WebviewPanel,
    readonly chat: ChatController,
    deps: ChatPanelDeps,
    onClosed: (panel: ChatPanel) => void,
  ) {
    this.subscriptions.push(
      deps.registry.add({ name, chat }),
      bindChatWebview({ extensionUri: deps.extensionUri, chat, webview: panel.webview, isVisible: () => panel.visible, onErrorAction: deps.onErrorAction }),
      panel.onDidChangeViewState(() => chat.channel.visibilityChanged()),
      panel.onDidDispose(() => {
        // The tab is closed: its answers stop (closing their requests) and its conversation ends.
        for (const d of this.subscriptions.splice(0)) d.dispose();
        chat.channel.detach();
        chat.dispose();
        onClosed(this);
      }),
    );
  }
}

export class ChatPanels implements vscode.Disposable {
  private readonly panels = new Set<ChatPanel>();
  /** Numbers tabs so two editor chats can be told apart (in the status bar, too). */
  private opened = 0;

  constructor(private readonly deps: ChatPanelDeps) {}

  open(): ChatPanel {
    const n = ++this.opened;
    const panel = vscode.window.createWebviewPanel(
      CHAT_PANEL_VIEW_TYPE,
      n === 1 ? 'Inkwell Chat' : `Inkwell Chat ${n}`,
      { viewColumn: vscode.ViewColumn.Active },
      { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'dist')] },
    );
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'inkwell.svg');
    const chatPanel = new ChatPanel(n === 1 ? 'Editor chat' : `Editor chat ${n}`, panel, this.deps.createController(), this.deps, (closed) =>
      this.panels.delete(closed),
    );
    this.panels.add(chatPanel);
    return chatPanel;
  }

  all(): ChatPanel[] {
    return [...this.panels];
  }

  dispose(): void {
    for (const chatPanel of [...this.panels]) chatPanel.panel.dispose();
  }
}
