/**
 * Batches DOM work to at most once per animation frame: however many deltas arrive within a frame,
 * each dirty view renders once. Tests drive frames by hand through `flush`.
 */

export type FrameTask = () => void;
export type RequestFrame = (callback: () => void) => void;

export class FrameScheduler {
  private readonly pending = new Set<FrameTask>();
  private readonly afterFrameListeners: FrameTask[] = [];
  private frameRequested = false;

  constructor(private readonly requestFrame: RequestFrame) {}

  /** Runs `task` in the next frame; scheduling the same task again before then is free. */
  schedule(task: FrameTask): void {
    this.pending.add(task);
    if (this.frameRequested) return;
    this.frameRequested = true;
    this.requestFrame(() => this.flush());
  }

  /** Called after every frame's tasks, e.g. to keep the transcript scrolled to the bottom. */
  afterEachFrame(listener: FrameTask): void {
    this.afterFrameListeners.push(listener);
  }

  /** Runs everything pending now (a frame, or a snapshot that must show at once). */
  flush(): void {
    this.frameRequested = false;
    if (this.pending.size === 0) return;
    const tasks = Array.from(this.pending);
    this.pending.clear();
    for (const task of tasks) runIsolated(task);
    for (const listener of this.afterFrameListeners) runIsolated(listener);
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
