/**
 * A ChatController as the wire suites use it: over a temp workspace (the fs tool host and
 * applier), ids `id1`, `id2`, …, nothing persisted, nothing logged unless a suite says so.
 */
import { ChatController, type ChatControllerDeps } from '../../../src/chat/chatController';
import type { HostToWebview } from '../../../src/shared/protocol';
import { fsApplier, fsToolHost } from './fsToolHost';
import type { GreetWorkspace } from './greetWorkspace';

export function workspaceChat(ws: GreetWorkspace, resolveProvider: ChatControllerDeps['resolveProvider'], overrides: Partial<ChatControllerDeps> = {}): ChatController {
  let id = 0;
  const newId = () => `id${++id}`;
  return new ChatController({
    resolveProvider,
    keySource: () => 'secretStorage',
    loadConversation: () => undefined,
    saveConversation: () => {},
    newId,
    log: { info: () => {}, warn: () => {} },
    toolHost: fsToolHost({ path: ws.root, name: 'ws' }, newId),
    applier: fsApplier,
    ...overrides,
  });
}

/** Connects `chat` to a visible webview that records every post, and sends the first snapshot. */
export function recordPosts(chat: ChatController): HostToWebview[] {
  const posted: HostToWebview[] = [];
  chat.channel.attach({ visible: true, postMessage: (m) => posted.push(m) });
  chat.channel.sendSnapshot();
  return posted;
}
