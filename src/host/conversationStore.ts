/**
 * Keeps the conversation across window reloads in the extension's workspace storage (a Memento),
 * never in settings. Written when a turn ends or a chat starts, not per delta; and a second
 * later, not at once: the Memento copies the whole conversation and sends it to the window, tens
 * of milliseconds for a long answer, on the same main thread that renders the panel. A fast
 * answer's last part is still being rendered for a few hundred milliseconds after the turn ended
 * (a 1 MiB burst: about half a second), and at 100 ms the copy landed in the middle of that.
 * Anything pending is written when the extension stops, and from then on every save at once (the
 * turns that stopping ends save after that). Only a crash can lose the last second.
 */
import type * as vscode from 'vscode';
import type { StoredConversation } from '../core/conversation';

const STORAGE_KEY = 'inkwell.conversation';
export const SAVE_DELAY_MS = 1_000;

export class MementoConversationStore implements vscode.Disposable {
  private pending: StoredConversation | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly delayMs = SAVE_DELAY_MS,
  ) {}

  load(): unknown {
    return this.pending ?? this.memento.get<unknown>(STORAGE_KEY);
  }

  save(conversation: StoredConversation): void {
    this.pending = conversation;
    if (this.disposed) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
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
    this.disposed = true;
    this.flush();
  }
}
