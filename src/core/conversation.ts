/**
 * The conversation the host owns: every exchange, the steps of each answer (one request each; a
 * tool loop makes several), the tool calls' results and the edit proposals. The webview's
 * `ChatState` is projected from it on demand (snapshots), and each request's `messages` are built
 * from it. It changes only through these methods.
 */
import type { AssistantTurnView, BlockView, ChatState, CodeContext, ContextView, KeySource, ProposalView, RequestDetailsView, RetryWaitView, TurnErrorView, TurnNoteView, TurnStatus, TurnView, UserTurnView } from '../shared/transcript';
import type { ChatMessage } from './messages';
import { buildRequestMessages, type HistoryExchange, type ToolResult } from './history';
import { blockToView, initialTurnState, type TurnState } from './turnReducer';
import { toolResultFor, type Proposal } from './edits/proposal';
import { summarizeAnswerUsage, TOKENS_UNKNOWN, usageRecordsOf } from './usage/answerUsage';
import { formatTotals, formatUsageTokens, totalsOf } from './usage/cost';
import { NO_PRICE_OVERRIDES, type PriceOverrides } from './usage/prices';
import { conversationContextView } from './usage/conversationContext';
import { requestDetails, type StepTimings } from './usage/requestDetails';

export interface UserTurn {
  readonly id: string;
  /** What the transcript shows. */
  readonly text: string;
  /** What the API receives (the text plus any code context). */
  readonly prompt: string;
  readonly context?: CodeContext;
}

/** How one tool call was answered: a result (view, errors) or a proposal awaiting review. */
export interface ToolCallRecord {
  readonly toolUseId: string;
  readonly result?: ToolResult;
  readonly proposalId?: string;
}

export interface Step {
  state: TurnState;
  /** Set once the step's tool calls were handled. */
  toolCalls?: ToolCallRecord[];
  /** The request's timings and retries (the runner fills them in as the request goes). */
  timings?: StepTimings;
}

export interface AssistantTurn {
  readonly id: string;
  readonly steps: Step[];
  status: TurnStatus;
  error?: TurnErrorView;
  /** The model the requests asked for (prices a step that failed before the API named its model). */
  model?: string;
  /** Priced only from the user's settings: the answer came from an OpenAI-compatible endpoint. */
  settingsPricesOnly?: boolean;
  /** While a request waits to be retried: what failed and when (host clock) the next attempt goes. */
  retryWait?: Omit<RetryWaitView, 'retryInMs'> & { readonly retryAt: number };
  /** A note for the user that is not an error (a proxy buffering the stream). */
  note?: TurnNoteView;
  /**
   * The answers that were still streaming when this one began: its requests leave those exchanges
   * out, so every request is a valid, settled conversation and the context an answer started with
   * does not change between its tool steps. Stored, so the context meter can account for them.
   */
  leftOut?: readonly string[];
  /**
   * The answer that asked this exchange's question again (Retry). The exchange stays visible but
   * leaves the history, or the question would reach the API twice.
   */
  retriedBy?: string;
}

export interface Exchange {
  readonly user: UserTurn;
  assistant?: AssistantTurn;
}

/** What is persisted: plain JSON, versioned so a later format can migrate it. */
export interface StoredConversation {
  readonly version: 2;
  readonly id: string;
  readonly exchanges: readonly Exchange[];
  readonly proposals: readonly Proposal[];
}

const NOT_RUN: ToolResult = { content: 'This tool call was not run because the response was interrupted.', isError: true };

export class Conversation {
  private readonly exchanges: Exchange[];
  private readonly turns = new Map<string, AssistantTurn>();
  private readonly proposals = new Map<string, Proposal>();
  /** Prices the user set over the built-in table (from settings). */
  prices: PriceOverrides = NO_PRICE_OVERRIDES;

  constructor(
    readonly id: string,
    exchanges: readonly Exchange[] = [],
    proposals: readonly Proposal[] = [],
  ) {
    this.exchanges = exchanges.map((e) => ({ user: e.user, assistant: e.assistant && { ...e.assistant, steps: e.assistant.steps.map((s) => ({ ...s })) } }));
    for (const exchange of this.exchanges) {
      const answer = exchange.assistant;
      if (!answer) continue;
      // An answer still marked streaming was cut off by a reload; it is kept, as stopped.
      if (answer.status === 'streaming') answer.status = 'stopped';
      delete answer.retryWait;
      this.turns.set(answer.id, answer);
    }
    for (const proposal of proposals) this.proposals.set(proposal.id, { ...proposal });
  }

  static fromStored(stored: unknown): Conversation | undefined {
    if (typeof stored !== 'object' || stored === null) return undefined;
    const s = stored as Partial<StoredConversation>;
    if (s.version !== 2 || typeof s.id !== 'string' || !Array.isArray(s.exchanges)) return undefined;
    return new Conversation(s.id, s.exchanges, Array.isArray(s.proposals) ? s.proposals : []);
  }

  toStored(): StoredConversation {
    return { version: 2, id: this.id, exchanges: this.exchanges, proposals: [...this.proposals.values()] };
  }

  /** Adds the user's turn and an empty streaming answer; returns both views for the webview. */
  begin(user: UserTurn, assistantId: string): { user: UserTurnView; assistant: AssistantTurnView } {
    const streaming = [...this.turns.values()].filter((t) => t.status === 'streaming').map((t) => t.id);
    const assistant: AssistantTurn = { id: assistantId, steps: [], status: 'streaming', ...(streaming.length > 0 ? { leftOut: streaming } : {}) };
    this.exchanges.push({ user, assistant });
    this.turns.set(assistantId, assistant);
    return { user: userView(user), assistant: this.assistantView(assistant) };
  }

  /** The exchange of `failedTurnId` was asked again as the answer `retryTurnId`. */
  markRetried(failedTurnId: string, retryTurnId: string): void {
    const failed = this.turns.get(failedTurnId);
    if (failed && failed.status !== 'streaming' && failedTurnId !== retryTurnId) failed.retriedBy = retryTurnId;
  }

  assistant(turnId: string): AssistantTurn | undefined {
    return this.turns.get(turnId);
  }

  exchangeOf(turnId: string): Exchange | undefined {
    return this.exchanges.find((e) => e.assistant?.id === turnId);
  }

  /** Starts the next step of an answer; returns it and the view index its first block will take. */
  beginStep(turnId: string): { step: Step; blockOffset: number } {
    const turn = this.turns.get(turnId);
    if (!turn) throw new Error(`no answer ${turnId}`);
    const blockOffset = turn.steps.reduce((n, s) => n + s.state.blocks.length, 0);
    const step: Step = { state: initialTurnState(turnId) };
    turn.steps.push(step);
    return { step, blockOffset };
  }

  /** The view index of a tool call's block within its answer. */
  blockIndexOfTool(turnId: string, toolUseId: string): number | undefined {
    let index = 0;
    for (const step of this.turns.get(turnId)?.steps ?? []) {
      for (const block of step.state.blocks) {
        if (block.kind === 'toolUse' && block.id === toolUseId) return index;
        index++;
      }
    }
    return undefined;
  }

  addProposal(proposal: Proposal): void {
    this.proposals.set(proposal.id, proposal);
  }

  proposal(id: string): Proposal | undefined {
    return this.proposals.get(id);
  }

  proposalsOf(turnId: string): Proposal[] {
    return [...this.proposals.values()].filter((p) => p.turnId === turnId);
  }

  /** Marks the answer's pending proposals discarded (it did not finish); returns them. */
  discardPending(turnId: string, reason: string): Proposal[] {
    const discarded = this.proposalsOf(turnId).filter((p) => p.status === 'pending');
    for (const p of discarded) {
      p.status = 'discarded';
      p.reason = reason;
    }
    return discarded;
  }

  pendingProposals(): Proposal[] {
    return [...this.proposals.values()].filter((p) => p.status === 'pending');
  }

  /**
   * The request messages for the answer `turnId`: the exchanges before it (except those still
   * streaming when it began, and those asked again by a Retry), its prompt and its steps so far.
   */
  requestMessagesFor(turnId: string): ChatMessage[] {
    const history: HistoryExchange[] = [];
    const leftOut = new Set(this.turns.get(turnId)?.leftOut ?? []);
    for (const exchange of this.exchanges) {
      if (exchange.assistant && (leftOut.has(exchange.assistant.id) || exchange.assistant.retriedBy)) continue;
      history.push({ prompt: exchange.user.prompt, steps: exchange.assistant ? this.historySteps(exchange.assistant) : [] });
      if (exchange.assistant?.id === turnId) break;
    }
    return buildRequestMessages(history, (toolUseId) => this.resultFor(toolUseId));
  }

  snapshot(keySource: KeySource, model: string): ChatState {
    const turns: TurnView[] = [];
    let streamingTurnId: string | undefined;
    for (const exchange of this.exchanges) {
      turns.push(userView(exchange.user));
      if (exchange.assistant) {
        turns.push(this.assistantView(exchange.assistant));
        if (exchange.assistant.status === 'streaming') streamingTurnId = exchange.assistant.id;
      }
    }
    const context = this.contextView();
    return { turns, keySource, model, streamingTurnId, ...this.totalsField(), ...(context ? { context } : {}) };
  }

  /** Gives the newest step of `turnId` its request timings (live: the runner keeps filling them in). */
  attachTimings(turnId: string, timings: StepTimings): void {
    const step = this.turns.get(turnId)?.steps.at(-1);
    if (step) step.timings = timings;
  }

  /** Context-window use after the conversation's last request, for the header (see `conversationContextView`). */
  contextView(): ContextView | undefined {
    return conversationContextView(
      this.exchanges.flatMap((e) => {
        const answer = e.assistant;
        // An exchange asked again is no longer sent: its retry counts instead.
        if (!answer || answer.retriedBy) return [];
        const requests = answer.steps.map((s) => ({ step: s.state, requestedModel: answer.model ?? '' }));
        return [{ id: answer.id, prompt: e.user.prompt, requests, ...(answer.leftOut ? { leftOut: answer.leftOut } : {}) }];
      }),
    );
  }

  /** One entry per request of a finished answer (empty while it streams). */
  details(turn: AssistantTurn): RequestDetailsView[] {
    if (turn.status === 'streaming') return [];
    const answerStatus = turn.status;
    const settingsPricesOnly = turn.settingsPricesOnly === true;
    return turn.steps.map((s) => requestDetails(s.state, { requestedModel: turn.model ?? '', overrides: this.prices, settingsPricesOnly, timings: s.timings, answerStatus }));
  }

  /** The line under a finished answer: tokens, cache use and cost (undefined while it streams or used nothing). */
  usageSummary(turn: AssistantTurn): string | undefined {
    if (turn.status === 'streaming') return undefined;
    return summarizeAnswerUsage(
      turn.steps.map((s) => s.state),
      { stopped: turn.status !== 'done', requestedModel: turn.model ?? '', overrides: this.prices, settingsPricesOnly: turn.settingsPricesOnly === true },
    );
  }

  /** Tokens and cost of the whole conversation so far, for the header. */
  usageTotals(): string | undefined {
    const turns = [...this.turns.values()];
    const records = turns.flatMap((turn) => usageRecordsOf(turn.steps.map((s) => s.state), turn.model ?? '', turn.settingsPricesOnly === true));
    const unknown = turns.some((turn) => turn.steps.some((s) => s.state.usageUnknown));
    const totals = totalsOf(records, this.prices);
    const { usage } = totals;
    if (usage.input + usage.output + usage.cacheRead + usage.cacheWrite === 0) return unknown ? TOKENS_UNKNOWN : undefined;
    return unknown ? `${formatUsageTokens(usage)} · more ${TOKENS_UNKNOWN}` : formatTotals(totals);
  }

  private totalsField(): { usageTotals?: string } {
    const totals = this.usageTotals();
    return totals ? { usageTotals: totals } : {};
  }

  proposalView(proposal: Proposal): ProposalView {
    return {
      id: proposal.id,
      path: proposal.path,
      command: proposal.command,
      status: proposal.status,
      added: proposal.added,
      removed: proposal.removed,
      ...(proposal.reason ? { reason: proposal.reason } : {}),
    };
  }

  assistantView(turn: AssistantTurn, now: number = Date.now()): AssistantTurnView {
    const blocks: BlockView[] = [];
    for (const step of turn.steps) {
      for (const block of step.state.blocks) {
        const view = blockToView(block);
        if (view.kind === 'toolUse' && block.kind === 'toolUse') {
          const proposalId = step.toolCalls?.find((c) => c.toolUseId === block.id)?.proposalId;
          const proposal = proposalId ? this.proposals.get(proposalId) : undefined;
          if (proposal) view.proposal = this.proposalView(proposal);
        }
        blocks.push(view);
      }
    }
    const last = turn.steps[turn.steps.length - 1]?.state;
    const usageSummary = this.usageSummary(turn);
    const details = this.details(turn);
    return {
      id: turn.id,
      role: 'assistant',
      blocks,
      status: turn.status,
      ...(turn.error ? { error: turn.error } : {}),
      ...(last?.stopReason && turn.status === 'done' ? { stopReason: last.stopReason } : {}),
      ...(last?.model ? { model: last.model } : {}),
      ...(usageSummary ? { usageSummary } : {}),
      ...(details.length > 0 ? { details } : {}),
      ...(turn.retryWait && turn.status === 'streaming' ? { retryWait: retryWaitView(turn.retryWait, now) } : {}),
      ...(turn.note ? { note: turn.note } : {}),
    };
  }

  private historySteps(turn: AssistantTurn): HistoryExchange['steps'] {
    return turn.steps.map((step) => ({
      // A step is complete once its stop event arrived, whatever became of the turn afterwards.
      finalContent: step.state.finalContent,
      partialText: step.state.blocks
        .map((b) => (b.kind === 'text' ? b.text : ''))
        .filter((t) => t !== '')
        .join('\n\n'),
    }));
  }

  private resultFor(toolUseId: string): ToolResult {
    for (const turn of this.turns.values()) {
      for (const step of turn.steps) {
        const record = step.toolCalls?.find((c) => c.toolUseId === toolUseId);
        if (!record) continue;
        if (record.result) return record.result;
        const proposal = record.proposalId ? this.proposals.get(record.proposalId) : undefined;
        if (proposal) return toolResultFor(proposal);
      }
    }
    return NOT_RUN;
  }
}

/** The wait as the webview gets it: the time left from now, since the webview's clock may differ. */
export function retryWaitView(wait: NonNullable<AssistantTurn['retryWait']>, now: number): RetryWaitView {
  const { retryAt, ...rest } = wait;
  return { ...rest, retryInMs: Math.max(0, retryAt - now) };
}

function userView(user: UserTurn): UserTurnView {
  return { id: user.id, role: 'user', text: user.text, ...(user.context ? { context: user.context } : {}) };
}
