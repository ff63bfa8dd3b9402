/**
 * Batches DOM work to at most once per animation frame: however many deltas arrive within a frame,
 * each dirty view renders once. Tests drive frames by hand through `flush`.
 *
 * A frame has a time budget: work that can be split (a backlog of markdown) does slices while
 * `hasTimeLeft()` and leaves the rest to the next frame, so the panel keeps painting and no task
 * grows long, yet a burst is rendered as fast as the budget allows rather than a fixed amount per
 * frame.
 */

export type FrameTask = () => void;
export type RequestFrame = (callback: () => void) => void;
/** Runs a callback in a task of its own, as soon as the page gets to it. */
export type RequestTask = (callback: () => void) => void;

/**
 * Milliseconds of splittable work per frame. Style, layout and paint of what was added follow in
 * the same task, so this stays well below the 50 ms that makes a task "long".
 */
export const FRAME_BUDGET_MS = 12;

/**
 * A frame whose rendering work took at least this long is a busy one: text is arriving faster than
 * anyone reads (a slow stream costs well under a millisecond a frame).
 */
export const BUSY_FRAME_MS = 4;

/**
 * After text was parked (it arrived faster than it can be formatted; see ParkedText), rendering
 * counts as busy this long, however little work its frames took.
 */
export const BUSY_AFTER_BURST_MS = 250;

export class FrameScheduler {
  private readonly pending = new Set<FrameTask>();
  private readonly afterFrameListeners: FrameTask[] = [];
  private frameRequested = false;
  private taskRequested = false;
  /** Work ran between frames since the last frame: the next frame's listeners must run. */
  private workedBetweenFrames = false;
  private frameStart = 0;
  /** Rendering work since the last frame's listeners ran, and in the frame before them. */
  private workMs = 0;
  private lastFrameWorkMs = 0;
  /** Inside `flushAll`: no budget, everything renders now. */
  private unlimited = false;
  /** First words were rendered by `runNow`: the coming frame paints them and nothing else new. */
  private holdingForFirstPaint = false;
  private burstNotedAt = -Infinity;

  constructor(
    private readonly requestFrame: RequestFrame,
    private readonly now: () => number = () => performance.now(),
    private readonly budgetMs = FRAME_BUDGET_MS,
    private readonly requestTask: RequestTask = requestFrame,
  ) {}

  /**
   * Whether rendering is busy: the last frame (with the work between it and the one before) took
   * `BUSY_FRAME_MS` or more, or work is still queued after it, or a burst was noted lately.
   */
  get busy(): boolean {
    return this.pending.size > 0 || this.lastFrameWorkMs >= BUSY_FRAME_MS || this.now() - this.burstNotedAt < BUSY_AFTER_BURST_MS;
  }

  /**
   * Text arrives faster than anyone reads, though it costs little to show (it was parked): counts
   * as busy for `BUSY_AFTER_BURST_MS`, so that the transcript follows it a few times a second.
   */
  noteBurst(): void {
    this.burstNotedAt = this.now();
  }

  /** The scheduler's clock (milliseconds). */
  time(): number {
    return this.now();
  }

  /** Whether the current frame has budget left for another slice of work. */
  hasTimeLeft(): boolean {
    return this.unlimited || this.now() - this.frameStart < this.budgetMs;
  }

  /**
   * Runs pending work to the end now, whatever the budget (a snapshot must show complete), then
   * the after-frame listeners, even if nothing was pending.
   */
  flushAll(): void {
    this.holdingForFirstPaint = false;
    this.unlimited = true;
    try {
      for (let round = 0; round < 1000 && this.pending.size > 0; round++) this.runPending();
    } finally {
      this.unlimited = false;
    }
    // Once, as after a frame. A listener may ask for another frame (the transcript waits for a
    // burst to pass): the browser gives it in its time. Running frames here for it would spin,
    // and each would ask the browser for one more.
    this.workedBetweenFrames = false;
    this.endFrame();
  }

  /** Whether `task` waits to run, at a frame or sooner. */
  isScheduled(task: FrameTask): boolean {
    return this.pending.has(task);
  }

  /** Runs `task` in the next frame; scheduling the same task again before then is free. */
  schedule(task: FrameTask): void {
    this.pending.add(task);
    this.requestNextFrame();
  }

  /**
   * Runs `task` soon, in a task of its own with a fresh budget, rather than waiting for the next
   * frame: for work split into slices (a backlog) that should also use the time between frames.
   * The browser still paints between such tasks.
   */
  continueSoon(task: FrameTask): void {
    // One slice between two frames at most: the next frame then lays out only a little more
    // than its own slice, however busy the page is.
    if (this.workedBetweenFrames) {
      this.schedule(task);
      return;
    }
    this.pending.add(task);
    if (this.taskRequested) return;
    this.taskRequested = true;
    this.requestTask(() => this.runBetweenFrames());
  }

  private runBetweenFrames(): void {
    this.taskRequested = false;
    if (this.pending.size === 0 || this.holdingForFirstPaint) return;
    this.runPending();
    this.workedBetweenFrames = true;
    this.requestNextFrame();
  }

  /**
   * Runs `task` now, in the current task, with a fresh budget, instead of at the next frame: for
   * the first words of an answer, so they are laid out and painted by the very next frame rather
   * than rendered in it. The next frame's listeners (scrolling) still run, but work scheduled
   * meanwhile waits for the frame after: when the rest of an answer arrives right behind its
   * first words, rendering and laying it out would hold back their paint.
   */
  runNow(task: FrameTask): void {
    this.pending.delete(task);
    this.frameStart = this.now();
    runIsolated(task);
    this.workMs += this.now() - this.frameStart;
    this.holdingForFirstPaint = true;
    this.workedBetweenFrames = true;
    this.requestNextFrame();
  }

  /**
   * Runs `task` now, in the current task (it must be complete at once, e.g. a block that ended);
   * but while the coming frame paints first words (see `runNow`), in the frame after it.
   */
  runNowOrAfterFirstPaint(task: FrameTask): void {
    if (this.holdingForFirstPaint) this.schedule(task);
    else task();
  }

  /** Called after every frame's tasks, e.g. to keep the transcript scrolled to the bottom. */
  afterEachFrame(listener: FrameTask): void {
    this.afterFrameListeners.push(listener);
  }

  /** A frame: runs what is pending, within the budget, then the after-frame listeners. */
  flush(): void {
    this.frameRequested = false;
    if (this.pending.size === 0 && !this.workedBetweenFrames) return;
    this.workedBetweenFrames = false;
    if (this.holdingForFirstPaint) {
      this.holdingForFirstPaint = false;
      if (this.pending.size > 0) this.requestNextFrame();
    } else {
      this.runPending();
    }
    this.endFrame();
  }

  private endFrame(): void {
    this.lastFrameWorkMs = this.workMs;
    this.workMs = 0;
    for (const listener of this.afterFrameListeners) runIsolated(listener);
  }

  private requestNextFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    this.requestFrame(() => this.flush());
  }

  private runPending(): void {
    this.frameStart = this.now();
    const tasks = Array.from(this.pending);
    this.pending.clear();
    for (const task of tasks) runIsolated(task);
    this.workMs += this.now() - this.frameStart;
  }
}

// One view failing to render must not leave every other view stale.
function runIsolated(task: FrameTask): void {
  try {
    task();
  } catch (error) {
    console.error('Inkwell: rendering failed', error);
  }
}
