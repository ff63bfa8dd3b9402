/**
 * Reading a response that is already buffered (a fast stream, a local server) is one unbroken
 * chain of promises: nothing else in the extension host runs until it ends. VS Code sends what the
 * extension posts to a webview from a timer, and where the extension host talks to the window over
 * a WebSocket (a remote or browser VS Code), it compresses each message on Node's thread pool
 * first and writes it from that callback. So the first words of an answer would leave only once
 * everything buffered behind them had been processed.
 *
 * The stream loops therefore pause briefly after an answer's first text: long enough for the
 * writer's timer and the compression (the socket write came 0.7–1.7 ms after the post), short
 * enough that the rest of a long answer is not held back noticeably. A best effort: a thread
 * pool busy with other work may still finish the compression later. Measured in code-server
 * with a 4 KB answer: the write came before the rest of the answer was read instead of after it
 * (2–4 ms sooner), and the first words reached the panel 9 ms sooner (median of 15 runs).
 *
 * Only then: measured, pausing again every frame made a 1 MiB answer reach the panel later, not
 * sooner. The panel renders a steady trickle less efficiently than the same text in a few bursts.
 */
import type { TurnEvent } from '../core/turnEvents';

/** How long the stream waits after its first words (milliseconds). */
export const FIRST_WORDS_PAUSE_MS = 4;

export class FirstWordsPause {
  private textSeen = false;

  /** Called after each event is handed on; a promise to await when the loop should pause now. */
  after(event: TurnEvent): Promise<void> | undefined {
    if (this.textSeen || event.type !== 'textDelta') return undefined;
    this.textSeen = true;
    return new Promise((resolve) => setTimeout(resolve, FIRST_WORDS_PAUSE_MS));
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
