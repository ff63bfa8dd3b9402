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

export class OffscreenRenderer implements LaterFormatting {
  private observer: IntersectionObserver | undefined;
  private readonly renders = new WeakMap<Element, () => void>();
  /** Answers that came near the viewport, rendered a frame's budget at a time. */
  private readonly due: (() => void)[] = [];
  private readonly renderDue = (): void => this.runDue();
  /** Parked groups in the order they were parked; idle time formats them from the end. */
  private readonly idleQueue: Element[] = [];
  private idleRequested = false;
  private lastParkedAt = -Infinity;

  constructor(
    private readonly IntersectionObserverClass: typeof IntersectionObserver | undefined,
    private readonly frames: FrameScheduler,
    private readonly requestIdle: RequestIdle,
  ) {
    this.observer = this.createObserver();
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

  formatLater(group: HTMLElement, format: () => void): void {
    if (!this.observer) {
      // Never at once: the caller is still filling the group.
      this.frames.schedule(format);
      return;
    }
    this.renders.set(group, format);
    this.observer.observe(group);
    this.idleQueue.push(group);
    this.lastParkedAt = this.frames.time();
    this.requestIdleFormatting();
  }

  forget(group: HTMLElement): void {
    this.renders.delete(group);
    this.observer?.unobserve(group);
  }

  /** Forgets every deferred element (the transcript was replaced). */
  reset(): void {
    this.observer?.disconnect();
    this.observer = this.createObserver();
    this.due.length = 0;
    this.idleQueue.length = 0;
  }

  private requestIdleFormatting(): void {
    if (this.idleRequested) return;
    this.idleRequested = true;
    this.requestIdle((timeLeft) => this.formatInIdleTime(timeLeft));
  }

  private formatInIdleTime(timeLeft: () => boolean): void {
    this.idleRequested = false;
    const quiet = this.frames.time() - this.lastParkedAt >= QUIET_BEFORE_IDLE_FORMATTING_MS;
    while (quiet && this.idleQueue.length > 0 && timeLeft()) {
      const group = this.idleQueue.pop()!;
      const format = this.renders.get(group);
      if (!format) continue;
      this.renders.delete(group);
      this.observer?.unobserve(group);
      format();
    }
    if (this.idleQueue.length > 0) this.requestIdleFormatting();
  }

  private runDue(): void {
    while (this.due.length > 0) {
      this.due.shift()!();
      if (!this.frames.hasTimeLeft()) break;
    }
    if (this.due.length > 0) this.frames.schedule(this.renderDue);
  }

  private createObserver(): IntersectionObserver | undefined {
    return observeOnceNear(this.IntersectionObserverClass, NEAR_VIEWPORT_MARGIN, (near) => {
      for (const element of near) {
        const render = this.renders.get(element);
        this.renders.delete(element);
        if (render) this.due.push(render);
      }
      if (this.due.length > 0) this.frames.schedule(this.renderDue);
    });
  }
}
