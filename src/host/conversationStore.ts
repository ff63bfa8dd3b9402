/**
 * Keeps the conversation across window reloads in the extension's workspace storage (a Memento),
 * never in settings. Written when a turn ends or a chat starts, not per delta.
 */
import type * as vscode from 'vscode';
import type { StoredConversation } from '../core/conversation';

const STORAGE_KEY = 'inkwell.conversation';

export class MementoConversationStore {
  constructor(private readonly memento: vscode.Memento) {}

  load(): unknown {
    return this.memento.get<unknown>(STORAGE_KEY);
  }

  save(conversation: StoredConversation): void {
    void this.memento.update(STORAGE_KEY, conversation);
  }
}
