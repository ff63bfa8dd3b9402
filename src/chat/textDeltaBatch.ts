/**
 * A fast stream delivers thousands of text deltas a second, and folding each into the turn's state
 * (a new state, a transcript delta, a push to the webview channel) cost the extension host about
 * as much as the SDK's own parsing of them. Consecutive deltas of one block are therefore folded
 * in together: they wait until the event loop is next free (a slow stream: at once), or at most
 * `TEXT_BATCH_MS` while a buffered response is being read without a break.
 *
 * The first delta of each kind (the answer's first words, its first thinking) is never held: it
 * goes on as soon as it is read.
 */
import type { TurnEvent } from '../core/turnEvents';

export type TextEvent = Extract<TurnEvent, { type: 'textDelta' | 'thinkingDelta' }>;

/** Longest a delta waits while the stream keeps the event loop busy (milliseconds). */
export const TEXT_BATCH_MS = 8;

export type ScheduleSoon = (callback: () => void) => void;

interface PendingText {
  readonly type: TextEvent['type'];
  readonly index: number;
  readonly since: number;
  text: string;
}

export class TextDeltaBatch {
  private pending: PendingText | undefined;
  private flushScheduled = false;
  private readonly kindsSeen = new Set<TextEvent['type']>();

  constructor(
    private readonly apply: (event: TextEvent) => void,
    private readonly now: () => number,
    /** A deferred hand-on failed: nothing else would hear of it. */
    private readonly onError: (error: unknown) => void,
    private readonly scheduleSoon: ScheduleSoon = (callback) => setImmediate(callback),
  ) {}

  /** Holds `event` (after handing on older text of another block), or hands it on at once. */
  add(event: TextEvent, at = this.now()): void {
    if (!this.kindsSeen.has(event.type)) {
      this.kindsSeen.add(event.type);
      this.flush();
      this.apply(event);
      return;
    }
    const pending = this.pending;
    if (pending && pending.type === event.type && pending.index === event.index) {
      pending.text += event.text;
      if (at - pending.since >= TEXT_BATCH_MS) this.flush();
      return;
    }
    this.flush();
    this.pending = { type: event.type, index: event.index, since: at, text: event.text };
    this.scheduleFlush();
  }

  /** Hands on whatever waits: before any other event, and before the turn ends. */
  flush(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    this.apply({ type: pending.type, index: pending.index, text: pending.text });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.scheduleSoon(() => {
      this.flushScheduled = false;
      try {
        this.flush();
      } catch (error) {
        this.onError(error);
      }
    });
  }
}
