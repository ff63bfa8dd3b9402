/**
 * Every chat of this window: the sidebar's and those opened in editor tabs, each with its own
 * controller and conversation. What spans them lives here — the list of answers streaming
 * anywhere (for the status bar) and finding the chat that owns a proposal (CodeLens, palette).
 * No `vscode`: it runs in plain Node tests.
 */
import type { Proposal, ProposalStatus } from '../core/edits/proposal';
import { Emitter, type Disposable } from '../shared/lifecycle';
import type { ChatController, StreamingAnswer } from './chatController';

export interface RegisteredChat {
  /** How the status bar names it: "Chat" for the sidebar, "Editor chat 2" for a tab. */
  readonly name: string;
  readonly chat: ChatController;
}

/** An answer streaming in one of the window's chats. */
export interface WindowStreamingAnswer extends StreamingAnswer {
  readonly chatName: string;
  stop(): void;
}

/** What the proposal commands and the CodeLens need, across every chat. */
export type ProposalOwner = Pick<ChatController, 'proposal' | 'pendingProposals' | 'acceptProposal' | 'rejectProposal' | 'showDiff'>;

export class ChatRegistry implements Disposable, ProposalOwner {
  private readonly chats = new Map<RegisteredChat, Disposable[]>();
  private readonly streamingEmitter = new Emitter<void>();
  private readonly proposalsEmitter = new Emitter<void>();
  /** An answer started or ended in some chat, or a chat came or went. */
  readonly onDidChangeStreaming = this.streamingEmitter.event;
  readonly onDidChangeProposals = this.proposalsEmitter.event;

  /** Tracks a chat until the returned disposable is disposed (its tab closed). */
  add(entry: RegisteredChat): Disposable {
    this.chats.set(entry, [
      entry.chat.onDidChangeStreaming(() => this.streamingEmitter.fire()),
      entry.chat.onDidChangeProposals(() => this.proposalsEmitter.fire()),
    ]);
    this.streamingEmitter.fire();
    return {
      dispose: () => {
        const subscriptions = this.chats.get(entry);
        if (!subscriptions) return;
        this.chats.delete(entry);
        for (const s of subscriptions) s.dispose();
        this.streamingEmitter.fire();
        this.proposalsEmitter.fire();
      },
    };
  }

  all(): RegisteredChat[] {
    return [...this.chats.keys()];
  }

  /** Every answer streaming in this window, chat by chat, oldest first within each. */
  streaming(): WindowStreamingAnswer[] {
    return this.all().flatMap(({ name, chat }) =>
      chat.streaming().map((answer) => ({ ...answer, chatName: name, stop: () => void chat.stopTurn(answer.turnId) })),
    );
  }

  proposal(id: string): Proposal | undefined {
    return this.ownerOf(id)?.proposal(id);
  }

  pendingProposals(): Proposal[] {
    return this.all().flatMap(({ chat }) => chat.pendingProposals());
  }

  acceptProposal(id: string): Promise<ProposalStatus | undefined> {
    return this.ownerOf(id)?.acceptProposal(id) ?? Promise.resolve(undefined);
  }

  rejectProposal(id: string): ProposalStatus | undefined {
    return this.ownerOf(id)?.rejectProposal(id);
  }

  showDiff(id: string): Promise<void> {
    return this.ownerOf(id)?.showDiff(id) ?? Promise.resolve();
  }

  dispose(): void {
    for (const subscriptions of this.chats.values()) for (const s of subscriptions) s.dispose();
    this.chats.clear();
    this.streamingEmitter.dispose();
    this.proposalsEmitter.dispose();
  }

  private ownerOf(proposalId: string): ChatController | undefined {
    return this.all().find(({ chat }) => chat.proposal(proposalId) !== undefined)?.chat;
  }
}
