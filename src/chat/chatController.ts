/**
 * The chat's use cases: send, stop, retry, new chat, and deciding on proposals. It owns the
 * conversation and the running answers — several may stream at once (a chat message and an
 * Explain Selection, say), each with its own abort signal — and tells the webview what changed
 * through the channel.
 * No `vscode` here: the host glue (view, commands, secrets, settings, files) is injected, so the
 * whole flow runs in plain Node tests.
 */
import { Conversation, retryWaitView } from '../core/conversation';
import type { Proposal, ProposalStatus } from '../core/edits/proposal';
import { asInkwellError } from '../core/errors';
import { DEFAULT_MAX_RETRIES, DEFAULT_RETRY_POLICY } from '../core/retryPolicy';
import { bufferedStreamNote } from '../core/streamBuffering';
import { NO_PRICE_OVERRIDES, type PriceOverrides } from '../core/usage/prices';
import type { TranscriptDelta } from '../shared/protocol';
import type { ChatState } from '../shared/transcript';
import { Emitter, type Disposable } from '../shared/lifecycle';
import { proposalDeltas, runAnswer, type AnswerOutcome, type ToolHost } from './answerLoop';
import type { RetryWait } from './retryingRequest';
import { describeStep, describeStepContent } from './stepLog';
import type { TurnOutcome, TurnRunner } from './turnRunner';
import { WebviewChannel } from './webviewChannel';
import type { ChatControllerDeps, ResolvedProvider, SendOptions, StreamingAnswer, TurnEndedEvent } from './chatTypes';
import { SYSTEM_PROMPT, SYSTEM_PROMPT_WITHOUT_TOOLS } from './systemPrompts';

export { SYSTEM_PROMPT, SYSTEM_PROMPT_WITHOUT_TOOLS } from './systemPrompts';
export type { ChatControllerDeps, ProposalApplier, ResolvedProvider, SendOptions, StreamingAnswer, TurnEndedEvent } from './chatTypes';

/** An answer being produced: its id, its abort signal and the request running now. */
class ActiveAnswer implements Disposable {
  readonly abort = new AbortController();
  readonly startedAt = Date.now();
  runner: TurnRunner | undefined;
  constructor(readonly turnId: string) {}
  dispose(): void {
    this.abort.abort();
    this.runner?.stop();
  }
}

const NO_TOOLS: ToolHost = { handle: async () => ({ records: [], proposals: [] }) };

export class ChatController implements Disposable {
  readonly channel: WebviewChannel;
  private conversation: Conversation;
  /** The answers streaming now, by turn id, in the order they started. */
  private readonly active = new Map<string, ActiveAnswer>();
  private model = '';
  private prices: PriceOverrides = NO_PRICE_OVERRIDES;
  /** Proposals whose Accept is in progress. */
  private readonly applying = new Set<string>();
  /** Fires whenever an answer starts or ends, or begins or ends a wait to retry, with whether any is still streaming. */
  private readonly streamingEmitter = new Emitter<boolean>();
  private readonly turnEndedEmitter = new Emitter<TurnEndedEvent>();
  private readonly proposalsEmitter = new Emitter<void>();
  readonly onDidChangeStreaming = this.streamingEmitter.event;
  readonly onDidEndTurn = this.turnEndedEmitter.event;
  /** Proposals were added or decided (CodeLens, context keys). */
  readonly onDidChangeProposals = this.proposalsEmitter.event;

  constructor(private readonly deps: ChatControllerDeps) {
    this.conversation = Conversation.fromStored(deps.loadConversation()) ?? new Conversation(deps.newId());
    this.channel = new WebviewChannel(() => this.state(), deps.scheduler);
  }

  get isStreaming(): boolean {
    return this.active.size > 0;
  }

  /** The answers streaming now, oldest first. */
  streaming(): StreamingAnswer[] {
    return [...this.active.values()].map((active) => {
      const exchange = this.conversation.exchangeOf(active.turnId);
      const user = exchange?.user;
      const retryAt = exchange?.assistant?.retryWait?.retryAt;
      return {
        turnId: active.turnId,
        text: user?.text ?? '',
        ...(user?.context ? { context: user.context } : {}),
        startedAt: active.startedAt,
        ...(retryAt !== undefined ? { retryAt } : {}),
      };
    });
  }

  state(): ChatState {
    const notes = this.deps.endpointNotes?.() ?? [];
    return { ...this.conversation.snapshot(this.deps.keySource(), this.model), ...(notes.length > 0 ? { notes } : {}) };
  }

  pendingProposals(): Proposal[] {
    return this.conversation.pendingProposals().filter((p) => this.conversation.assistant(p.turnId)?.status === 'done');
  }

  proposal(id: string): Proposal | undefined {
    return this.conversation.proposal(id);
  }

  /**
   * Starts a new exchange; answers already streaming go on (their exchanges are left out of this
   * one's history until they have finished). Resolves when the answer ended.
   */
  async send(text: string, options: SendOptions = {}): Promise<TurnEndedEvent> {
    const turnId = this.deps.newId();
    const { user, assistant } = this.conversation.begin(
      { id: this.deps.newId(), text, prompt: options.prompt ?? text, ...(options.context ? { context: options.context } : {}) },
      turnId,
    );
    if (options.retryOf) this.conversation.markRetried(options.retryOf, turnId);
    this.channel.push([{ type: 'turnAdded', turn: user }, { type: 'turnAdded', turn: assistant }]);
    const active = new ActiveAnswer(turnId);
    this.active.set(turnId, active);
    this.streamingEmitter.fire(true);
    const ended = this.nextEnd(turnId);

    let resolved: ResolvedProvider;
    try {
      resolved = await this.deps.resolveProvider();
    } catch (error) {
      this.finish(turnId, { status: 'error', error: asInkwellError(error) });
      return ended;
    }
    if (active.abort.signal.aborted) return ended; // stopped while resolving
    const turn = this.conversation.assistant(turnId);
    if (turn) {
      turn.model = resolved.model;
      if (resolved.settingsPricesOnly) turn.settingsPricesOnly = true;
    }
    const editTool = resolved.editTool ?? true;
    if (resolved.model !== this.model) {
      this.model = resolved.model;
      this.channel.push([{ type: 'model', model: this.model }]);
    }
    let outcome: AnswerOutcome;
    try {
      outcome = await runAnswer({
        turnId,
        provider: resolved.provider,
        // Each retry goes through the current settings and key; the turn keeps its model and limits.
        refreshProvider: async () => (await this.deps.resolveProvider()).provider,
        request: {
          model: resolved.model,
          maxTokens: resolved.maxTokens,
          stream: resolved.stream,
          system: editTool ? SYSTEM_PROMPT : SYSTEM_PROMPT_WITHOUT_TOOLS,
          editTool,
          promptCaching: resolved.promptCaching ?? true,
          ...(resolved.thinkingBudget ? { thinkingBudget: resolved.thinkingBudget } : {}),
        },
        conversation: this.conversation,
        toolHost: this.deps.toolHost ?? NO_TOOLS,
        signal: active.abort.signal,
        push: (deltas) => this.channel.push(deltas),
        onStep: (runner) => {
          active.runner = runner;
          this.conversation.attachTimings(turnId, runner.timings);
        },
        onStepEnded: (n, step) => this.stepEnded(turnId, n, step, resolved),
        retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: resolved.maxRetries ?? DEFAULT_MAX_RETRIES },
        onRetryWait: (wait) => this.retryWaitChanged(turnId, wait),
      });
    } catch (error) {
      // A tool call that failed unexpectedly (a directory that cannot be read…) ends the answer, visibly.
      outcome = { status: 'error', error: asInkwellError(error), steps: [] };
    }
    this.finish(turnId, outcome);
    return ended;
  }

  /** Stops every answer of this chat at once; their partial text stays, marked stopped. */
  stop(): void {
    for (const turnId of [...this.active.keys()]) this.finish(turnId, { status: 'stopped' });
  }

  /** Stops one answer, leaving the others running. False when it is not streaming (any more). */
  stopTurn(turnId: string): boolean {
    if (!this.active.has(turnId)) return false;
    this.finish(turnId, { status: 'stopped' });
    return true;
  }

  /** Ends the retry wait of the answer `turnId` now ("Retry now"). */
  retryNow(turnId: string): void {
    this.active.get(turnId)?.runner?.retryNow();
  }

  /**
   * Asks again for the exchange whose answer is `turnId`, as a new exchange. The failed one stays
   * in view but leaves the history, so the question is sent once.
   */
  retry(turnId: string): void {
    const exchange = this.conversation.exchangeOf(turnId);
    if (!exchange) return;
    void this.send(exchange.user.text, { prompt: exchange.user.prompt, ...(exchange.user.context ? { context: exchange.user.context } : {}), retryOf: turnId });
  }

  newChat(): void {
    this.stop();
    this.conversation = new Conversation(this.deps.newId());
    this.conversation.prices = this.prices;
    this.deps.saveConversation(this.conversation.toStored());
    this.channel.sendSnapshot();
    this.proposalsEmitter.fire();
  }

  /** Applies a pending proposal of a finished answer. Returns its status afterwards. */
  async acceptProposal(id: string): Promise<ProposalStatus | undefined> {
    const proposal = this.conversation.proposal(id);
    if (!proposal || proposal.status !== 'pending' || !this.deps.applier) return proposal?.status;
    // Nothing is applied before the answer's stop event: an answer still running may yet fail.
    if (this.conversation.assistant(proposal.turnId)?.status !== 'done') return proposal.status;
    // One Accept at a time per proposal: a second click (CodeLens, panel, Accept all) must not apply it twice.
    if (this.applying.has(id)) return proposal.status;
    this.applying.add(id);
    try {
      const result = await this.deps.applier.accept(proposal);
      this.decide(proposal, result.status, result.reason);
    } catch (error) {
      this.decide(proposal, 'stale', `The edit could not be applied: ${asInkwellError(error).detail}`);
    } finally {
      this.applying.delete(id);
    }
    return proposal.status;
  }

  rejectProposal(id: string): ProposalStatus | undefined {
    const proposal = this.conversation.proposal(id);
    // A proposal being applied is past the point of rejecting.
    if (proposal?.status === 'pending' && !this.applying.has(id)) this.decide(proposal, 'rejected');
    return proposal?.status;
  }

  async showDiff(id: string): Promise<void> {
    const proposal = this.conversation.proposal(id);
    if (proposal && this.deps.applier) await this.deps.applier.showDiff(proposal);
  }

  /** Accept all / Reject all of one answer, one proposal after the other (one undo step each). */
  async decideAll(turnId: string, action: 'accept' | 'reject'): Promise<void> {
    for (const proposal of this.conversation.proposalsOf(turnId)) {
      if (proposal.status !== 'pending') continue;
      if (action === 'accept') await this.acceptProposal(proposal.id);
      else this.rejectProposal(proposal.id);
    }
  }

  /** Prices from settings changed: later summaries use them. */
  setPrices(prices: PriceOverrides): void {
    this.prices = prices;
    this.conversation.prices = prices;
  }

  /** The header's model ('' = not known until the next request resolves the default). */
  showModel(model: string): void {
    if (model === this.model) return;
    this.model = model;
    this.channel.push([{ type: 'model', model }]);
  }

  /** The key or settings changed: the webview's first-run state and header (key source, endpoint notes) may differ. */
  keySourceChanged(): void {
    this.channel.push([
      { type: 'keySource', keySource: this.deps.keySource() },
      { type: 'notes', notes: this.deps.endpointNotes?.() ?? [] },
    ]);
  }

  dispose(): void {
    this.stop();
    this.channel.dispose();
    this.streamingEmitter.dispose();
    this.turnEndedEmitter.dispose();
    this.proposalsEmitter.dispose();
  }

  private decide(proposal: Proposal, status: ProposalStatus, reason?: string): void {
    proposal.status = status;
    if (reason) proposal.reason = reason;
    this.channel.push(proposalDeltas(this.conversation, proposal.turnId, [proposal]));
    this.deps.saveConversation(this.conversation.toStored());
    this.proposalsEmitter.fire();
  }

  private retryWaitChanged(turnId: string, wait: RetryWait | undefined): void {
    const turn = this.conversation.assistant(turnId);
    if (turn?.status !== 'streaming') return;
    if (!wait) {
      delete turn.retryWait;
      this.channel.push([{ type: 'retryWait', turnId }]);
      this.streamingEmitter.fire(this.isStreaming);
      return;
    }
    turn.retryWait = { title: wait.title, attempt: wait.attempt, maxAttempts: wait.maxAttempts, retryAt: wait.retryAt };
    this.channel.push([{ type: 'retryWait', turnId, wait: retryWaitView(turn.retryWait, Date.now()) }]);
    // The status bar says which answers wait rather than answer.
    this.streamingEmitter.fire(this.isStreaming);
    this.deps.log.info(`turn ${turnId}: ${wait.kind}, attempt ${wait.attempt} of ${wait.maxAttempts} in ${Math.max(0, wait.retryAt - Date.now())}ms`);
  }

  /** Logs the request; notes an answer that a proxy held back and delivered at once. */
  private stepEnded(turnId: string, stepNumber: number, outcome: TurnOutcome, resolved: ResolvedProvider): void {
    this.deps.log.info(describeStep(turnId, stepNumber, outcome));
    if (resolved.logContent) {
      const prompt = stepNumber === 1 ? this.conversation.exchangeOf(turnId)?.user.prompt : undefined;
      this.deps.log.info(describeStepContent(turnId, stepNumber, prompt, outcome));
    }
    const { timings } = outcome;
    const turn = this.conversation.assistant(turnId);
    if (!resolved.stream || outcome.status !== 'done' || !turn || turn.note) return;
    const note = bufferedStreamNote({ startedAt: timings.attemptStartedAt, firstEventAt: timings.firstEventAt, lastEventAt: timings.lastEventAt, eventCount: timings.eventCount });
    if (note) turn.note = note;
  }

  private nextEnd(turnId: string): Promise<TurnEndedEvent> {
    return new Promise((resolve) => {
      const listener = this.onDidEndTurn((event) => {
        if (event.turnId !== turnId) return;
        listener.dispose();
        resolve(event);
      });
    });
  }

  /** Ends the answer once: status, error, discarded proposals, webview, storage, events. */
  private finish(turnId: string, outcome: TurnEndedEvent['outcome']): void {
    const turn = this.conversation.assistant(turnId);
    if (!turn || turn.status !== 'streaming') return;
    // Disposing the active answer closes its upstream request if it is still open; other answers go on.
    const active = this.active.get(turnId);
    this.active.delete(turnId);
    active?.dispose();
    turn.status = outcome.status;
    delete turn.retryWait;
    const error = outcome.status === 'error' ? outcome.error.toView() : undefined;
    if (error) turn.error = error;
    const deltas: TranscriptDelta[] = [];
    if (outcome.status !== 'done') {
      // An answer that did not finish cannot have its edits applied.
      const discarded = this.conversation.discardPending(turnId, outcome.status === 'stopped' ? 'The answer was stopped.' : 'The answer failed before it finished.');
      deltas.push(...proposalDeltas(this.conversation, turnId, discarded));
    }
    const stopReason = turn.steps[turn.steps.length - 1]?.state.stopReason;
    const usageSummary = this.conversation.usageSummary(turn);
    const totals = this.conversation.usageTotals();
    const details = this.conversation.details(turn);
    const context = this.conversation.contextView();
    deltas.push({
      type: 'turnEnded',
      turnId,
      status: outcome.status,
      ...(outcome.status === 'done' && stopReason ? { stopReason } : {}),
      ...(error ? { error } : {}),
      ...(usageSummary ? { usageSummary } : {}),
      ...(details.length > 0 ? { details } : {}),
      ...(turn.note ? { note: turn.note } : {}),
    });
    if (totals) deltas.push({ type: 'usageTotals', totals });
    if (context) deltas.push({ type: 'context', context });
    this.channel.push(deltas);
    this.channel.flush();
    this.deps.saveConversation(this.conversation.toStored());
    if (outcome.status === 'error') this.deps.log.warn(`turn ${turnId} failed: ${outcome.error.kind}: ${outcome.error.detail}`);
    this.streamingEmitter.fire(this.isStreaming);
    this.turnEndedEmitter.fire({ turnId, outcome } as TurnEndedEvent);
    this.proposalsEmitter.fire();
  }
}
