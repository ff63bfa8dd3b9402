/**
 * Defers rendering of finished answers that are far from the viewport. A long chat restored from a
 * snapshot then builds only what is on screen (the newest turns, where the transcript opens), and
 * an older answer is rendered when the user scrolls near it. Until then it keeps an estimated
 * height, so the scrollbar stays roughly right.
 */

import type { FrameScheduler } from './frameScheduler.js';
import { observeOnceNear } from './nearViewport.js';

/** How far outside the viewport an answer is rendered in advance. */
const NEAR_VIEWPORT_MARGIN = '1500px 0px';

export class OffscreenRenderer {
  private observer: IntersectionObserver | undefined;
  private readonly renders = new WeakMap<Element, () => void>();
  /** Answers that came near the viewport, rendered a frame's budget at a time. */
  private readonly due: (() => void)[] = [];
  private readonly renderDue = (): void => this.runDue();

  constructor(
    private readonly IntersectionObserverClass: typeof IntersectionObserver | undefined,
    private readonly frames: FrameScheduler,
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

  /** Forgets every deferred element (the transcript was replaced). */
  reset(): void {
    this.observer?.disconnect();
    this.observer = this.createObserver();
    this.due.length = 0;
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
