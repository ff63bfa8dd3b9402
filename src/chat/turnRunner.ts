/**
 * Runs one request of an answer (a step): sends it, folds each event into the step's state,
 * forwards the resulting deltas with the step's block offset, and ends exactly once — done,
 * stopped or failed. It owns the request's AbortController, so Stop and dispose close the
 * upstream HTTP request, and after Stop no late event can touch the turn.
 */
import type { ChatProvider } from '../core/chatProvider';
import { asInkwellError, type InkwellError } from '../core/errors';
import type { ChatRequest } from '../core/messages';
import type { TurnEvent } from '../core/turnEvents';
import { initialTurnState, reduceTurn, type TurnState } from '../core/turnReducer';
import type { TranscriptDelta } from '../shared/protocol';
import type { Disposable } from '../shared/lifecycle';

export interface TurnTimings {
  readonly startedAt: number;
  firstEventAt?: number;
  /** The first streamed token: text, thinking or tool input. */
  firstTextAt?: number;
  endedAt?: number;
  /** Times the request was sent again before it was answered (set by the retry logic; absent = 0). */
  retries?: number;
}

export type TurnOutcome =
  | { readonly status: 'done'; readonly state: TurnState; readonly timings: TurnTimings }
  | { readonly status: 'stopped'; readonly state: TurnState; readonly timings: TurnTimings }
  | { readonly status: 'error'; readonly state: TurnState; readonly timings: TurnTimings; readonly error: InkwellError };

export interface TurnSink {
  /** The step's state after an event (cheap: the conversation keeps the reference). */
  stateChanged(state: TurnState): void;
  deltas(deltas: readonly TranscriptDelta[]): void;
}

export class TurnRunner implements Disposable {
  private readonly controller = new AbortController();
  private state: TurnState;
  private outcome: TurnOutcome | undefined;
  /** Live: the conversation keeps this object with the step, so the details show it. */
  readonly timings: TurnTimings;
  private readonly finished: Promise<TurnOutcome>;
  private resolveFinished!: (outcome: TurnOutcome) => void;

  constructor(
    readonly turnId: string,
    private readonly provider: ChatProvider,
    private readonly request: ChatRequest,
    private readonly sink: TurnSink,
    /** View index of this step's first block: earlier steps of the answer come before it. */
    private readonly blockOffset = 0,
    private readonly now: () => number = Date.now,
  ) {
    this.state = initialTurnState(turnId);
    this.timings = { startedAt: now() };
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  get isRunning(): boolean {
    return this.outcome === undefined;
  }

  /** Starts the request; the promise settles when the turn has ended, however it ended. */
  run(): Promise<TurnOutcome> {
    this.provider.send(this.request, (event) => this.onEvent(event), this.controller.signal).then(
      () => this.end({ status: 'done', state: this.state, timings: this.timings }),
      (error: unknown) => {
        const failure = asInkwellError(error);
        if (failure.kind === 'aborted') this.end({ status: 'stopped', state: this.state, timings: this.timings });
        else this.end({ status: 'error', state: this.state, timings: this.timings, error: failure });
      },
    );
    return this.finished;
  }

  /** Ends the turn now, keeping what arrived, and closes the upstream request. */
  stop(): void {
    if (!this.isRunning) return;
    this.end({ status: 'stopped', state: this.state, timings: this.timings });
    this.controller.abort();
  }

  dispose(): void {
    this.stop();
  }

  private onEvent(event: TurnEvent): void {
    if (!this.isRunning) return;
    this.timings.firstEventAt ??= this.now();
    if (event.type === 'textDelta' || event.type === 'thinkingDelta' || event.type === 'toolInputDelta') this.timings.firstTextAt ??= this.now();
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
