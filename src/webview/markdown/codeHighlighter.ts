/**
 * Colours finished code blocks after their text is in the DOM, not while the answer renders:
 * highlighting is the most expensive part of rendering code (the tokenizer, then thousands of
 * token elements to sanitise and lay out), and a block nobody looks at never needs it.
 *
 * A block is queued when it is rendered; it is highlighted once it comes near the viewport (an
 * IntersectionObserver, where there is one) in idle time, a slice of blocks per idle callback so
 * that no single task grows long. Without an observer every queued block is highlighted in turn.
 */
import type { HtmlSanitizer } from '../sanitize.js';
import { canHighlight, highlightToHtml } from './highlight.js';
import { observeOnceNear } from '../nearViewport.js';

/** Runs `task` when the page is idle; `timeLeft` says whether it may do more work. */
export type RequestIdle = (task: (timeLeft: () => boolean) => void) => void;

const LANGUAGE_CLASS_PREFIX = 'language-';
/** Blocks this far outside the viewport are coloured in advance, so scrolling meets them done. */
const NEAR_VIEWPORT_MARGIN = '600px 0px';

export class CodeHighlighter {
  /** Blocks ready to be highlighted (near the viewport), oldest first. */
  private readonly ready = new Set<HTMLElement>();
  private observer: IntersectionObserver | undefined;
  private idleRequested = false;

  constructor(
    private readonly sanitizer: HtmlSanitizer,
    private readonly requestIdle: RequestIdle,
    private readonly IntersectionObserverClass: typeof IntersectionObserver | undefined,
  ) {
    this.observer = this.createObserver();
  }

  /** Highlights this `<code>` (of a finished code block) later, if its language is known. */
  queue(code: HTMLElement): void {
    if (!canHighlight(code.textContent ?? '', languageOf(code))) return;
    if (this.observer) this.observer.observe(code);
    else this.markReady(code);
  }

  /** Forgets every queued block (the transcript was replaced). */
  reset(): void {
    this.observer?.disconnect();
    this.observer = this.createObserver();
    this.ready.clear();
  }

  private createObserver(): IntersectionObserver | undefined {
    return observeOnceNear(this.IntersectionObserverClass, NEAR_VIEWPORT_MARGIN, (near) => {
      for (const code of near) this.markReady(code as HTMLElement);
    });
  }

  private markReady(code: HTMLElement): void {
    this.ready.add(code);
    if (this.idleRequested) return;
    this.idleRequested = true;
    this.requestIdle((timeLeft) => this.run(timeLeft));
  }

  private run(timeLeft: () => boolean): void {
    this.idleRequested = false;
    for (const code of this.ready) {
      this.ready.delete(code);
      this.highlight(code);
      if (!timeLeft()) break;
    }
    if (this.ready.size > 0 && !this.idleRequested) {
      this.idleRequested = true;
      this.requestIdle((more) => this.run(more));
    }
  }

  private highlight(code: HTMLElement): void {
    const language = languageOf(code);
    const text = code.textContent ?? '';
    if (!language || !canHighlight(text, language)) return;
    // highlight.js escapes the code itself; its markup still goes through the sanitiser, like all
    // markup in the panel.
    code.replaceChildren(this.sanitizer.toFragment(highlightToHtml(text, language)));
  }
}

function languageOf(code: HTMLElement): string | undefined {
  for (const name of Array.from(code.classList)) {
    if (name.startsWith(LANGUAGE_CLASS_PREFIX)) return name.slice(LANGUAGE_CLASS_PREFIX.length);
  }
  return undefined;
}

/**
 * The browser's idle callbacks (with a few milliseconds per slice even when the page is never
 * idle, e.g. a long answer streaming), or timers where there are none.
 */
export function browserIdle(window: Window): RequestIdle {
  const slice = (started: number, deadline?: IdleDeadline) => () =>
    deadline ? deadline.timeRemaining() > 1 : performance.now() - started < FALLBACK_SLICE_MS;
  if (typeof window.requestIdleCallback === 'function') {
    return (task) => window.requestIdleCallback((deadline) => task(slice(performance.now(), deadline.didTimeout ? undefined : deadline)), { timeout: IDLE_TIMEOUT_MS });
  }
  return (task) => window.setTimeout(() => task(slice(performance.now())), 0);
}

/**
 * How long a visible block may wait for an idle moment while the page stays busy (a fast stream
 * keeps it busy; colours can wait until the text is in).
 */
const IDLE_TIMEOUT_MS = 1500;
const FALLBACK_SLICE_MS = 8;
