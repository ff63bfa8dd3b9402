/**
 * The one path from the host's conversation to the webview. A snapshot when the webview is ready
 * (or asks to resync, or comes back from hidden), then append-only deltas numbered by `seq`,
 * coalesced so at most one message is posted per frame. It never awaits `postMessage`: a slow
 * webview must not slow the stream.
 */
import type { HostToWebview, TranscriptDelta } from '../shared/protocol';
import type { ChatState } from '../shared/transcript';
import type { Disposable } from '../shared/lifecycle';

/** About one display frame. */
export const FRAME_MS = 16;

export interface WebviewPort {
  postMessage(message: HostToWebview): unknown;
  readonly visible: boolean;
}

export interface Scheduler {
  now(): number;
  setTimeout(callback: () => void, ms: number): Disposable;
  /** Runs `callback` once the current task's synchronous work is done, before any timer. */
  soon(callback: () => void): Disposable;
}

export const realScheduler: Scheduler = {
  now: () => performance.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(handle) };
  },
  soon(callback) {
    let cancelled = false;
    queueMicrotask(() => cancelled || callback());
    return { dispose: () => (cancelled = true) };
  },
};

export class WebviewChannel implements Disposable {
  private port: WebviewPort | undefined;
  private seq = 0;
  private pending: TranscriptDelta[] = [];
  private timer: Disposable | undefined;
  /** When the pending timer posts. */
  private timerAt = 0;
  /**
   * When text was last posted. Only streaming text is held to one post per frame: the first
   * words of an answer do not wait behind the post that added its turn.
   */
  private lastTextFlushAt = -Infinity;
  /** When the oldest pending delta was queued. */
  private pendingSince = 0;
  /** Deltas were dropped while the view was hidden; it gets a fresh snapshot when it returns. */
  private stale = true;

  constructor(
    private readonly snapshot: () => ChatState,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  /** A (new) webview is listening; it will say `ready` when its script runs. */
  attach(port: WebviewPort): void {
    this.port = port;
    this.stale = true;
    this.dropPending();
  }

  detach(): void {
    this.port = undefined;
    this.stale = true;
    this.dropPending();
  }

  /** The webview loaded or saw a gap in `seq`. */
  sendSnapshot(): void {
    if (!this.port) return;
    this.dropPending();
    this.stale = false;
    this.post({ type: 'snapshot', seq: ++this.seq, state: this.snapshot() });
  }

  visibilityChanged(): void {
    if (this.port?.visible && this.stale) this.sendSnapshot();
  }

  post(message: HostToWebview): void {
    void this.port?.postMessage(message);
  }

  push(deltas: readonly TranscriptDelta[]): void {
    if (!this.port || !this.port.visible || this.stale) {
      // Nobody is watching: the next snapshot carries the state, never a replay of deltas.
      this.stale = true;
      this.dropPending();
      return;
    }
    const now = this.scheduler.now();
    if (this.pending.length === 0) this.pendingSince = now;
    for (const delta of deltas) this.enqueue(delta);
    // A fast stream can keep the event loop so busy that no timer runs until it ends, which would
    // make the whole answer one post at the end. Text that has waited a frame goes now.
    if (this.timer && now - this.pendingSince >= FRAME_MS) {
      this.flush();
      return;
    }
    // A block added on its own (an empty text block) waits up to a frame for its first words, so
    // that both go in one post.
    const wait = deltas.every((delta) => delta.type === 'blockAdded') ? FRAME_MS : this.lastTextFlushAt + FRAME_MS - now;
    const at = now + Math.max(0, wait);
    if (this.timer && this.timerAt <= at) return;
    this.timer?.dispose();
    this.timerAt = at;
    // Nothing was posted for a frame (the first words of an answer, a turn added): post as soon
    // as this burst of synchronous pushes is done. Not after a timer: a stream read from a full
    // buffer runs as one chain of promises, and a timer would wait for all of it.
    this.timer = wait <= 0 ? this.scheduler.soon(() => this.flush()) : this.scheduler.setTimeout(() => this.flush(), wait);
  }

  /** Posts what is pending now (a turn ended: its last words should not wait for a frame). */
  flush(): void {
    this.timer?.dispose();
    this.timer = undefined;
    if (this.pending.length === 0 || !this.port) return;
    const deltas = this.pending;
    this.pending = [];
    if (deltas.some((delta) => delta.type === 'textAppended')) this.lastTextFlushAt = this.scheduler.now();
    this.post({ type: 'deltas', seq: ++this.seq, deltas });
  }

  dispose(): void {
    this.detach();
  }

  /** Consecutive appends to the same block merge into one, so a frame carries one string per block. */
  private enqueue(delta: TranscriptDelta): void {
    const last = this.pending[this.pending.length - 1];
    if (
      delta.type === 'textAppended' &&
      last?.type === 'textAppended' &&
      last.turnId === delta.turnId &&
      last.index === delta.index
    ) {
      // Built field by field: this runs for every token of a fast stream.
      this.pending[this.pending.length - 1] = { type: 'textAppended', turnId: last.turnId, index: last.index, text: last.text + delta.text };
    } else {
      this.pending.push(delta);
    }
  }

  private dropPending(): void {
    this.timer?.dispose();
    this.timer = undefined;
    this.pending = [];
  }
}
