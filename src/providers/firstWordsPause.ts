/**
 * Reading a response that is already buffered (a fast stream, a local server) is one unbroken
 * chain of promises: nothing else in the extension host runs until it ends. VS Code sends what the
 * extension posts to a webview from a timer, so the first words of an answer would leave only
 * once everything buffered behind them had been processed.
 *
 * The stream loops therefore let one timer turn pass after an answer's first text. The timer is
 * started from a microtask, so that it queues behind the timer the first words' post started
 * (equal timeouts fire in the order they were started).
 *
 * Only then: measured, pausing again every frame made a 1 MiB answer reach the panel later, not
 * sooner. The panel renders a steady trickle less efficiently than the same text in a few bursts.
 */
import type { TurnEvent } from '../core/turnEvents';

export class FirstWordsPause {
  private textSeen = false;

  /** Called after each event is handed on; a promise to await when the loop should pause now. */
  after(event: TurnEvent): Promise<void> | undefined {
    if (this.textSeen || event.type !== 'textDelta') return undefined;
    this.textSeen = true;
    return new Promise((resolve) => queueMicrotask(() => setTimeout(resolve, 0)));
  }

  /** `after` for several events handed on together. */
  afterAll(events: readonly TurnEvent[]): Promise<void> | undefined {
    for (const event of events) {
      const pause = this.after(event);
      if (pause) return pause;
    }
    return undefined;
  }
}
