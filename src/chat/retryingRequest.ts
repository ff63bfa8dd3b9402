/**
 * Sends one request, and sends it again when it failed before its answer started and the retry
 * policy says another attempt may work (rate limits, overload, server and network trouble). Each
 * wait is announced with its deadline, so the chat can count down, and can be cut short ("Retry
 * now") or cancelled through the signal (Stop). Once an event of the answer has arrived, a failure
 * is final: the partial answer stays, and Retry in the chat asks again as a new request.
 */
import type { ChatProvider } from '../core/chatProvider';
import { abortedError, asInkwellError, retriesExhaustedError, type ErrorKind } from '../core/errors';
import type { ChatRequest } from '../core/messages';
import { decideRetry, type RetryPolicy } from '../core/retryPolicy';
import type { TurnEvent } from '../core/turnEvents';

/** One retried failure, for the log and the turn's details. */
export interface RetryRecord {
  /** The attempt that failed (1 = the first request). */
  readonly attempt: number;
  readonly kind: ErrorKind;
  readonly delayMs: number;
  /** Whether the server said how long to wait (`retry-after`), rather than the backoff. */
  readonly fromServer: boolean;
  readonly requestId?: string;
}

/** A wait before the next attempt; `retryAt` is on the host's clock (`now`). */
export interface RetryWait {
  /** The failure as the error would be titled ("Rate limited", "Anthropic is overloaded"). */
  readonly title: string;
  readonly kind: ErrorKind;
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly retryAt: number;
}

export interface RetryOptions {
  readonly policy: RetryPolicy;
  /** Told when a wait begins, and with `undefined` when it is over (before the next attempt). */
  readonly onWait?: (wait: RetryWait | undefined) => void;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Told as each attempt starts (1 = the first), so timings can be taken per attempt. */
  readonly onAttempt?: (attempt: number) => void;
  /**
   * The provider for each attempt after the first, resolved afresh: a key, settings or proxy
   * changed during a wait apply to the attempts that remain. The request (model, max tokens) stays.
   */
  readonly refreshProvider?: () => Promise<ChatProvider>;
}

export class RetryingRequest {
  readonly retries: RetryRecord[] = [];
  private wake: (() => void) | undefined;

  constructor(
    private readonly provider: ChatProvider,
    private readonly request: ChatRequest,
    private readonly options: RetryOptions,
  ) {}

  /** As `ChatProvider.send`, with retries; rejects with the last attempt's `InkwellError`. */
  async send(onEvent: (event: TurnEvent) => void, signal: AbortSignal): Promise<void> {
    const { policy } = this.options;
    const now = this.options.now ?? Date.now;
    let provider = this.provider;
    for (let attempt = 1; ; attempt++) {
      let started = false;
      // A failure to resolve (the key was removed meanwhile) is final, and says what to do itself.
      if (attempt > 1 && this.options.refreshProvider) provider = await this.options.refreshProvider();
      if (signal.aborted) throw abortedError();
      this.options.onAttempt?.(attempt);
      try {
        await provider.send(
          this.request,
          (event) => {
            started = true;
            onEvent(event);
          },
          signal,
        );
        return;
      } catch (error) {
        const failure = asInkwellError(error);
        if (started || signal.aborted || failure.kind === 'aborted') throw failure;
        const decision = decideRetry(failure, this.retries.length, policy, this.options.random);
        if (!decision.retry) throw retriesExhaustedError(failure, attempt);
        this.retries.push({ attempt, kind: failure.kind, delayMs: decision.delayMs, fromServer: decision.fromServer, ...(failure.requestId ? { requestId: failure.requestId } : {}) });
        this.options.onWait?.({ title: failure.title, kind: failure.kind, attempt: attempt + 1, maxAttempts: policy.maxRetries + 1, retryAt: now() + decision.delayMs });
        try {
          await this.sleep(decision.delayMs, signal);
        } finally {
          this.options.onWait?.(undefined);
        }
      }
    }
  }

  /** Ends the current wait at once (the user chose "Retry now"); nothing happens outside a wait. */
  retryNow(): void {
    this.wake?.();
  }

  get isWaiting(): boolean {
    return this.wake !== undefined;
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', aborted);
        this.wake = undefined;
      };
      const aborted = (): void => {
        done();
        reject(abortedError());
      };
      const timer = setTimeout(() => {
        done();
        resolve();
      }, ms);
      this.wake = () => {
        done();
        resolve();
      };
      if (signal.aborted) aborted();
      else signal.addEventListener('abort', aborted, { once: true });
    });
  }
}
