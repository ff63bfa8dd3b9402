/**
 * Defers rendering of finished answers that are far from the viewport. A long chat restored from a
 * snapshot then builds only what is on screen (the newest turns, where the transcript opens), and
 * an older answer is rendered when the user scrolls near it. Until then it keeps an estimated
 * height, so the scrollbar stays roughly right.
 *
 * It also formats markdown parked as plain text during a burst (see ParkedText): when it comes near
 * the viewport, like an answer, and otherwise in idle time, newest first, so an answer does not
 * stay part plain text for long.
 */

import type { FrameScheduler } from './frameScheduler.js';
import type { LaterFormatting } from './markdown/parkedText.js';
import type { RequestIdle } from './markdown/codeHighlighter.js';
import { observeOnceNear } from './nearViewport.js';

/**
 * Idle time formats parked markdown only once nothing was parked for this long: while a burst goes
 * on, the page's idle moments are short gaps before the next text, which they would delay.
 */
export const QUIET_BEFORE_IDLE_FORMATTING_MS = 500;

/** How far outside the viewport an answer is rendered in advance. */
const NEAR_VIEWPORT_MARGIN = '1500px 0px';

export interface OffscreenRendererOptions {
  /** Undefined where the page has none (tests): everything then renders at once. */
  readonly IntersectionObserverClass: typeof IntersectionObserver | undefined;
  /**
   * The scrolling element: the margin is applied around it. (Around the implicit root, the
   * top-level page, it would not be: the webview is a frame of another origin.)
   */
  readonly root: Element;
  readonly frames: FrameScheduler;
  readonly requestIdle: RequestIdle;
  /** Calls back after `ms` (a timer). */
  readonly after: (ms: number, callback: () => void) => void;
}

export class OffscreenRenderer implements LaterFormatting {
  private observer: IntersectionObserver | undefined;
  private readonly renders = new WeakMap<Element, () => void>();
  /** Answers that came near the viewport, rendered a frame's budget at a time. */
  private readonly due: (() => void)[] = [];
  private readonly renderDue = (): void => this.runDue();
  private readonly frames: FrameScheduler;
  /** Parked text in the order it was parked; idle time formats it from the end. */
  private readonly idleQueue = new Set<Element>();
  private idleFormattingRequested = false;
  private lastParkedAt = -Infinity;

  constructor(private readonly options: OffscreenRendererOptions) {
    this.frames = options.frames;
    this.observer = this.createObserver();
  }

  /** Whether rendering can wait for the viewport at all (not where the page cannot tell). */
  get canDefer(): boolean {
    return this.observer !== undefined;
  }

  /**
   * Renders `element`'s content with `render` once it comes near the viewport; at once where the
   * browser cannot tell (no IntersectionObserver).
   */
  defer(element: HTMLElement, estimatedHeightEm: number, render: () => void): void {
    if (!this.observer) {
      render();
      return;
    }
    element.style.minHeight = `${estimatedHeightEm}em`;
    this.renders.set(element, () => {
      element.style.minHeight = '';
      render();
    });
    this.observer.observe(element);
  }

  /** Only where `canDefer`. */
  formatLater(element: HTMLElement, format: () => void): void {
    this.renders.set(element, format);
    this.observer?.observe(element);
    this.idleQueue.add(element);
    this.lastParkedAt = this.frames.time();
    this.formatWhenQuiet();
  }

  forget(element: Element): void {
    this.take(element);
  }

  /** Stops waiting to render `element`, and returns what would have rendered it. */
  private take(element: Element): (() => void) | undefined {
    const render = this.renders.get(element);
    this.renders.delete(element);
    this.observer?.unobserve(element);
    this.idleQueue.delete(element);
    return render;
  }

  /** Forgets every deferred element (the transcript was replaced). */
  reset(): void {
    this.observer?.disconnect();
    this.observer = this.createObserver();
    this.due.length = 0;
    this.idleQueue.clear();
  }

  /** Asks for idle time once nothing was parked for `QUIET_BEFORE_IDLE_FORMATTING_MS`. */
  private formatWhenQuiet(): void {
    if (this.idleFormattingRequested || this.idleQueue.size === 0) return;
    this.idleFormattingRequested = true;
    const wait = this.lastParkedAt + QUIET_BEFORE_IDLE_FORMATTING_MS - this.frames.time();
    const requestIdle = (): void => this.options.requestIdle((timeLeft) => this.formatInIdleTime(timeLeft));
    if (wait > 0) this.options.after(wait, requestIdle);
    else requestIdle();
  }

  private formatInIdleTime(timeLeft: () => boolean): void {
    this.idleFormattingRequested = false;
    const quiet = this.frames.time() - this.lastParkedAt >= QUIET_BEFORE_IDLE_FORMATTING_MS;
    // Newest first: that is where a reader who followed the answer is.
    const newestFirst = quiet ? Array.from(this.idleQueue).reverse() : [];
    try {
      for (const element of newestFirst) {
        if (!timeLeft()) break;
        const format = this.take(element);
        // Text of an answer no longer shown (the transcript was replaced) is not worth formatting.
        if (element.isConnected) format?.();
      }
    } finally {
      this.formatWhenQuiet();
    }
  }

  private runDue(): void {
    try {
      while (this.due.length > 0) {
        this.due.shift()!();
        if (!this.frames.hasTimeLeft()) break;
      }
    } finally {
      // One that failed does not hold up the others.
      if (this.due.length > 0) this.frames.schedule(this.renderDue);
    }
  }

  private createObserver(): IntersectionObserver | undefined {
    return observeOnceNear(this.options.IntersectionObserverClass, this.options.root, NEAR_VIEWPORT_MARGIN, (near) => {
      for (const element of near) {
        const render = this.take(element);
        if (render) this.due.push(render);
      }
      if (this.due.length > 0) this.frames.schedule(this.renderDue);
    });
  }
}
