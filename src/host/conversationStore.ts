/**
 * Keeps the conversation across window reloads in the extension's workspace storage (a Memento),
 * never in settings. Written when a turn ends or a chat starts, not per delta; and a moment
 * later, not at once: the Memento copies the whole conversation and sends it to the window, tens
 * of milliseconds for a long answer, which would otherwise hold back the answer's last message to
 * the panel and then compete with its rendering. Anything pending is written when the extension
 * stops.
 */
import type * as vscode from 'vscode';
import type { StoredConversation } from '../core/conversation';

const STORAGE_KEY = 'inkwell.conversation';
export const SAVE_DELAY_MS = 100;

export class MementoConversationStore implements vscode.Disposable {
  private pending: StoredConversation | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly delayMs = SAVE_DELAY_MS,
  ) {}

  load(): unknown {
    return this.pending ?? this.memento.get<unknown>(STORAGE_KEY);
  }

  save(conversation: StoredConversation): void {
    this.pending = conversation;
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  /** Writes what is pending now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const conversation = this.pending;
    this.pending = undefined;
    if (conversation) void this.memento.update(STORAGE_KEY, conversation);
  }

  dispose(): void {
    this.flush();
  }
}
