/**
 * The conversation the host owns: every exchange with the state of its answer. The webview's
 * `ChatState` is projected from it on demand (snapshots), and the API's `messages` are built from
 * it for each request. It changes only through these methods, never per delta from outside.
 */
import type { AssistantTurnView, ChatState, CodeContext, KeySource, TurnErrorView, TurnStatus, TurnView, UserTurnView } from '../shared/transcript';
import type { ChatMessage } from './messages';
import { buildRequestMessages, type HistoryExchange } from './history';
import { blockToView, initialTurnState, type TurnState } from './turnReducer';

export interface UserTurn {
  readonly id: string;
  /** What the transcript shows. */
  readonly text: string;
  /** What the API receives (the text plus any code context). */
  readonly prompt: string;
  readonly context?: CodeContext;
}

export interface AssistantTurn {
  readonly id: string;
  state: TurnState;
  status: TurnStatus;
  error?: TurnErrorView;
}

export interface Exchange {
  readonly user: UserTurn;
  assistant?: AssistantTurn;
}

/** What is persisted: plain JSON, versioned so a later format can migrate it. */
export interface StoredConversation {
  readonly version: 1;
  readonly id: string;
  readonly exchanges: readonly Exchange[];
}

export class Conversation {
  private readonly exchanges: Exchange[];
  private readonly byTurnId = new Map<string, AssistantTurn>();

  constructor(
    readonly id: string,
    exchanges: readonly Exchange[] = [],
  ) {
    this.exchanges = exchanges.map((e) => ({ user: e.user, assistant: e.assistant && { ...e.assistant } }));
    for (const exchange of this.exchanges) {
      const answer = exchange.assistant;
      if (!answer) continue;
      // An answer still marked streaming was cut off by a reload; it is kept, as stopped.
      if (answer.status === 'streaming') answer.status = 'stopped';
      this.byTurnId.set(answer.id, answer);
    }
  }

  static fromStored(stored: unknown): Conversation | undefined {
    if (typeof stored !== 'object' || stored === null) return undefined;
    const s = stored as Partial<StoredConversation>;
    if (s.version !== 1 || typeof s.id !== 'string' || !Array.isArray(s.exchanges)) return undefined;
    return new Conversation(s.id, s.exchanges);
  }

  toStored(): StoredConversation {
    return { version: 1, id: this.id, exchanges: this.exchanges };
  }

  get isEmpty(): boolean {
    return this.exchanges.length === 0;
  }

  /** Adds the user's turn and an empty streaming answer; returns both views for the webview. */
  begin(user: UserTurn, assistantId: string): { user: UserTurnView; assistant: AssistantTurnView } {
    const assistant: AssistantTurn = { id: assistantId, state: initialTurnState(assistantId), status: 'streaming' };
    this.exchanges.push({ user, assistant });
    this.byTurnId.set(assistantId, assistant);
    return { user: userView(user), assistant: assistantView(assistant) };
  }

  assistant(turnId: string): AssistantTurn | undefined {
    return this.byTurnId.get(turnId);
  }

  exchangeOf(turnId: string): Exchange | undefined {
    return this.exchanges.find((e) => e.assistant?.id === turnId);
  }

  /** The request messages for the answer `turnId`: everything before it plus its user turn. */
  requestMessagesFor(turnId: string): ChatMessage[] {
    const history: HistoryExchange[] = [];
    for (const exchange of this.exchanges) {
      const isTarget = exchange.assistant?.id === turnId;
      history.push({ prompt: exchange.user.prompt, answer: isTarget ? undefined : historyAnswer(exchange.assistant) });
      if (isTarget) break;
    }
    return buildRequestMessages(history);
  }

  snapshot(keySource: KeySource, model: string): ChatState {
    const turns: TurnView[] = [];
    let streamingTurnId: string | undefined;
    for (const exchange of this.exchanges) {
      turns.push(userView(exchange.user));
      if (exchange.assistant) {
        turns.push(assistantView(exchange.assistant));
        if (exchange.assistant.status === 'streaming') streamingTurnId = exchange.assistant.id;
      }
    }
    return { turns, keySource, model, streamingTurnId };
  }
}

function userView(user: UserTurn): UserTurnView {
  return { id: user.id, role: 'user', text: user.text, ...(user.context ? { context: user.context } : {}) };
}

export function assistantView(turn: AssistantTurn): AssistantTurnView {
  return {
    id: turn.id,
    role: 'assistant',
    blocks: turn.state.blocks.map(blockToView),
    status: turn.status,
    ...(turn.error ? { error: turn.error } : {}),
    ...(turn.state.stopReason && turn.status === 'done' ? { stopReason: turn.state.stopReason } : {}),
    ...(turn.state.model ? { model: turn.state.model } : {}),
  };
}

function historyAnswer(turn: AssistantTurn | undefined): HistoryExchange['answer'] {
  if (!turn) return undefined;
  const partialText = turn.state.blocks
    .map((b) => (b.kind === 'text' ? b.text : ''))
    .filter((t) => t !== '')
    .join('\n\n');
  return { finalContent: turn.status === 'done' ? turn.state.finalContent : undefined, partialText };
}
