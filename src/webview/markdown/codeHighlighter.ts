/**
 * Colours finished code blocks after their text is in the DOM, not while the answer renders:
 * highlighting is the most expensive part of rendering code (the tokenizer, then thousands of
 * token elements to sanitise and lay out), and a block nobody looks at never needs it.
 *
 * A block is queued when it is rendered and coloured in idle time once the page shows it, a
 * slice of blocks per idle callback so that no single task grows long. "Shows" is the browser's
 * own answer: answers are grouped in `content-visibility: auto` boxes, which the page skips while
 * they are far from the viewport. A fast answer scrolls dozens of blocks past before the page is
 * idle; they wait until they are scrolled back to. No block is watched on its own: observers
 * for blocks never scrolled to would pile up with the length of the chat. Where the page cannot
 * tell (tests in jsdom), every queued block is coloured in turn.
 */
import type { HtmlSanitizer } from '../sanitize.js';
import { canHighlight, highlightToHtml } from './highlight.js';

/** Runs `task` when the page is idle; `timeLeft` says whether it may do more work. */
export type RequestIdle = (task: (timeLeft: () => boolean) => void) => void;

/** Whether the page shows an element now, and news of anything coming into view. */
export interface PageRelevance {
  isShown(element: Element): boolean;
  onSomethingShown(listener: () => void): void;
}

const LANGUAGE_CLASS_PREFIX = 'language-';

export class CodeHighlighter {
  /** Blocks waiting to be coloured, oldest first. */
  private readonly queued = new Set<HTMLElement>();
  private idleRequested = false;

  constructor(
    private readonly sanitizer: HtmlSanitizer,
    private readonly requestIdle: RequestIdle,
    private readonly relevance: PageRelevance | undefined,
  ) {
    relevance?.onSomethingShown(() => this.scheduleRun());
  }

  /** Highlights this `<code>` (of a finished code block) later, if its language is known. */
  queue(code: HTMLElement): void {
    if (!canHighlight(code.textContent ?? '', languageOf(code))) return;
    this.queued.add(code);
    this.scheduleRun();
  }

  /** Forgets every queued block (the transcript was replaced). */
  reset(): void {
    this.queued.clear();
  }

  private scheduleRun(): void {
    if (this.idleRequested || this.queued.size === 0) return;
    this.idleRequested = true;
    this.requestIdle((timeLeft) => this.run(timeLeft));
  }

  private run(timeLeft: () => boolean): void {
    this.idleRequested = false;
    for (const code of this.queued) {
      // A block re-rendered (the open tail) or removed is gone for good.
      if (!code.isConnected) {
        this.queued.delete(code);
        continue;
      }
      if (this.relevance && !this.relevance.isShown(code)) continue;
      this.queued.delete(code);
      this.highlight(code);
      if (!timeLeft()) {
        this.scheduleRun();
        return;
      }
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

/**
 * The page's own view of what it shows: `content-visibility: auto` boxes that are skipped hide
 * what is in them, and each one coming into view fires an event (which does not bubble, so it is
 * caught on its way down). Undefined where the page cannot tell.
 */
export function contentVisibilityRelevance(window: Window): PageRelevance | undefined {
  const element = (window as unknown as typeof globalThis).Element?.prototype as (Element & { checkVisibility?: unknown }) | undefined;
  if (!('ContentVisibilityAutoStateChangeEvent' in window) || typeof element?.checkVisibility !== 'function') return undefined;
  return {
    isShown: (target) => target.checkVisibility({ contentVisibilityAuto: true }),
    onSomethingShown(listener) {
      window.document.addEventListener(
        'contentvisibilityautostatechange',
        (event) => {
          if (!(event as Event & { skipped: boolean }).skipped) listener();
        },
        { capture: true },
      );
    },
  };
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
