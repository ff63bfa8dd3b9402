// Shared helpers for integration tests running inside the extension host.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'inkwell.inkwell';

/** Activates Inkwell (idempotent) and returns it; fails with a clear message if it is absent. */
export async function activateInkwell(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  await extension.activate();
  return extension;
}

/**
 * Base URL of the fake Anthropic server the runner started (also the extension's
 * ANTHROPIC_BASE_URL), or undefined when the run has none.
 */
export function fakeServerUrl(): string | undefined {
  return process.env.INKWELL_FAKE_URL || undefined;
}

/** The first workspace folder: the sample workspace the runner created for this run. */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test window has no workspace folder');
  return folder;
}

/** Polls `condition` until it returns a truthy value, for state that settles asynchronously. */
export async function waitFor<T>(condition: () => T | Promise<T>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What the tests need of the extension's API (see src/extension.ts). */
export interface ChatApi {
  chat: {
    state(): { turns: readonly { id: string; role: string }[] };
    onDidEndTurn(listener: (event: { turnId: string }) => void): { dispose(): void };
  };
}

/**
 * Runs `action` (which starts one answer) and resolves when THAT answer ends: the answer is the
 * last turn once the action returns, and events of other answers (one the action stopped, say)
 * are ignored.
 */
export async function answerOf<E extends { turnId: string }>(api: ChatApi, action: () => Thenable<unknown> | void): Promise<E> {
  const ended: E[] = [];
  const waiters: (() => void)[] = [];
  const subscription = api.chat.onDidEndTurn((event) => {
    ended.push(event as E);
    for (const wake of waiters.splice(0)) wake();
  });
  try {
    await action();
    const turns = api.chat.state().turns;
    const turnId = turns[turns.length - 1]?.id;
    if (!turnId) throw new Error('the action started no answer');
    for (;;) {
      const mine = ended.find((e) => e.turnId === turnId);
      if (mine) return mine;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  } finally {
    subscription.dispose();
  }
}

/**
 * Writes a workspace file on disk and waits until an open document of it shows the same text:
 * Inkwell reads open documents (the user's view), which follow the disk only after a moment.
 */
export async function writeWorkspaceFile(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) await waitFor(() => open.getText() === text, 5000, `${uri.path} to reload from disk`);
}
