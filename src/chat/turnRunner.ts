/**
 * Runs one request of an answer (a step): sends it, folds each event into the step's state,
 * forwards the resulting deltas with the step's block offset, and ends exactly once — done,
 * stopped or failed. It owns the request's AbortController, so Stop and dispose close the
 * upstream HTTP request, and after Stop no late event can touch the turn. A request that fails
 * before its answer starts is sent again by `RetryingRequest`, visibly (`TurnSink.retryWait`).
 */
import type { ChatProvider } from '../core/chatProvider';
import { asInkwellError, type InkwellError } from '../core/errors';
import type { ChatRequest } from '../core/messages';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../core/retryPolicy';
import type { TurnEvent } from '../core/turnEvents';
import { initialTurnState, reduceTurn, type TurnState } from '../core/turnReducer';
import type { TranscriptDelta } from '../shared/protocol';
import type { Disposable } from '../shared/lifecycle';
import { RetryingRequest, type RetryRecord, type RetryWait } from './retryingRequest';
import { TextDeltaBatch } from './textDeltaBatch';

export interface TurnTimings {
  /** When the first attempt was sent; `endedAt - startedAt` includes retry waits. */
  readonly startedAt: number;
  /** When the attempt that answered (the last one) was sent; time to first token counts from here. */
  attemptStartedAt: number;
  firstEventAt?: number;
  /** The first streamed token: text, thinking or tool input. */
  firstTextAt?: number;
  lastEventAt?: number;
  eventCount: number;
  endedAt?: number;
  /** How many times the request was sent again after failing before its answer started. */
  retries: number;
}

interface OutcomeBase {
  readonly state: TurnState;
  readonly timings: TurnTimings;
  /** Each retried failure, with its reason and wait. */
  readonly retryLog: readonly RetryRecord[];
}

export type TurnOutcome =
  | (OutcomeBase & { readonly status: 'done' })
  | (OutcomeBase & { readonly status: 'stopped' })
  | (OutcomeBase & { readonly status: 'error'; readonly error: InkwellError });

export interface TurnSink {
  /** The step's state after an event (cheap: the conversation keeps the reference). */
  stateChanged(state: TurnState): void;
  deltas(deltas: readonly TranscriptDelta[]): void;
  /** A wait before retrying began, or (`undefined`) ended. */
  retryWait?(wait: RetryWait | undefined): void;
}

export class TurnRunner implements Disposable {
  private readonly controller = new AbortController();
  private state: TurnState;
  private outcome: TurnOutcome | undefined;
  /** Live: the conversation keeps this object with the step, so the details show it. */
  readonly timings: TurnTimings;
  private readonly finished: Promise<TurnOutcome>;
  private resolveFinished!: (outcome: TurnOutcome) => void;
  private readonly sender: RetryingRequest;
  private readonly text: TextDeltaBatch;

  constructor(
    readonly turnId: string,
    provider: ChatProvider,
    request: ChatRequest,
    private readonly sink: TurnSink,
    /** View index of this step's first block: earlier steps of the answer come before it. */
    private readonly blockOffset = 0,
    private readonly now: () => number = Date.now,
    retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
    /** Resolves the provider afresh for a retry (see `RetryOptions.refreshProvider`). */
    refreshProvider?: () => Promise<ChatProvider>,
  ) {
    this.state = initialTurnState(turnId);
    this.text = new TextDeltaBatch(
      (event) => this.apply(event),
      now,
      (error) => this.fail(error),
    );
    const startedAt = now();
    this.timings = { startedAt, attemptStartedAt: startedAt, eventCount: 0, retries: 0 };
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    this.sender = new RetryingRequest(provider, request, {
      policy: retryPolicy,
      now,
      ...(refreshProvider ? { refreshProvider } : {}),
      onAttempt: (attempt) => {
        if (attempt > 1) this.timings.attemptStartedAt = now();
      },
      onWait: (wait) => {
        if (!this.isRunning) return;
        if (wait) this.timings.retries++;
        this.sink.retryWait?.(wait);
      },
    });
  }

  get isRunning(): boolean {
    return this.outcome === undefined;
  }

  /** Starts the request; the promise settles when the turn has ended, however it ended. */
  run(): Promise<TurnOutcome> {
    this.sender.send((event) => this.onEvent(event), this.controller.signal).then(
      () => {
        this.text.flush();
        this.end({ status: 'done', ...this.base() });
      },
      (error: unknown) => {
        // Text that arrived before the failure is kept.
        this.text.flush();
        const failure = asInkwellError(error);
        if (failure.kind === 'aborted') this.end({ status: 'stopped', ...this.base() });
        else this.end({ status: 'error', ...this.base(), error: failure });
      },
    );
    return this.finished;
  }

  /** Ends the turn now, keeping what arrived, and closes the upstream request (or ends a retry wait). */
  stop(): void {
    if (!this.isRunning) return;
    this.text.flush();
    this.end({ status: 'stopped', ...this.base() });
    this.controller.abort();
  }

  /** Skips the rest of a retry wait; nothing happens outside one. */
  retryNow(): void {
    if (this.isRunning) this.sender.retryNow();
  }

  /** Text folded in later failed to apply: the turn ends with that error, as a failing event would end it. */
  private fail(error: unknown): void {
    if (!this.isRunning) return;
    this.end({ status: 'error', ...this.base(), error: asInkwellError(error) });
    this.controller.abort();
  }

  private base(): OutcomeBase {
    return { state: this.state, timings: this.timings, retryLog: this.sender.retries };
  }

  dispose(): void {
    this.stop();
  }

  private onEvent(event: TurnEvent): void {
    if (!this.isRunning) return;
    const at = this.now();
    this.timings.firstEventAt ??= at;
    this.timings.lastEventAt = at;
    this.timings.eventCount++;
    if (event.type === 'textDelta' || event.type === 'thinkingDelta' || event.type === 'toolInputDelta') this.timings.firstTextAt ??= at;
    if (event.type === 'textDelta' || event.type === 'thinkingDelta') {
      this.text.add(event, at);
      return;
    }
    this.text.flush();
    this.apply(event);
  }

  private apply(event: TurnEvent): void {
    if (!this.isRunning) return;
    const { state, deltas } = reduceTurn(this.state, event);
    this.state = state;
    this.sink.stateChanged(state);
    if (deltas.length > 0) this.sink.deltas(this.blockOffset === 0 ? deltas : deltas.map((d) => this.shift(d)));
  }

  private shift(delta: TranscriptDelta): TranscriptDelta {
    return 'index' in delta ? { ...delta, index: delta.index + this.blockOffset } : delta;
  }

  private end(outcome: TurnOutcome): void {
    if (this.outcome) return;
    this.timings.endedAt = this.now();
    this.outcome = outcome;
    this.resolveFinished(outcome);
  }
}
