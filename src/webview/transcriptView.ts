/**
 * The conversation: a scrolling region holding the `role="log"` list of turns. It stays scrolled
 * to the newest text while the user is at the bottom, and leaves them alone once they scroll up.
 */
import { assertNever } from '../shared/assertNever.js';
import type { AssistantTurnView, TurnView } from '../shared/transcript.js';
import { AssistantTurnElement } from './assistantTurn.js';
import { createElement } from './dom.js';
import { CODE_BLOCK_CLASS, COPY_BUTTON_CLASS } from './markdown/codeBlock.js';
import { OffscreenRenderer, type OffscreenRendererOptions } from './offscreenRenderer.js';
import type { RenderContext } from './renderContext.js';
import { createUserTurnElement } from './userTurn.js';

/** How close to the bottom (in pixels) still counts as "at the bottom". */
const PINNED_SLACK_PX = 24;
/**
 * While rendering is busy (text arrives faster than anyone reads: a burst, a fast local model),
 * the view follows the newest text this often rather than every frame. Laying out and painting
 * every screenful that flies past cost the panel half its time on a 1 MiB burst; text scrolled
 * past unseen is never laid out (its `content-visibility: auto` boxes are skipped).
 */
export const FOLLOW_INTERVAL_WHILE_BUSY_MS = 200;
const COPIED_FEEDBACK_MS = 1500;
/**
 * After a snapshot, the newest answers up to about this much text render at once (they fill the
 * view, which opens at the bottom); older ones render when scrolled near.
 */
const EAGER_SNAPSHOT_CHARS = 24_000;

export class TranscriptView {
  /** The scrolling container. */
  readonly element: HTMLElement;
  private log: HTMLElement;
  private readonly emptyHint: HTMLElement;
  private readonly assistantTurns = new Map<string, AssistantTurnElement>();
  private pinnedToBottom = true;
  private lastScrollTop = 0;
  private lastFollowedAt = -Infinity;
  private readonly scrollTask = (): void => this.keepPinned();
  /**
   * A new transcript (a snapshot) opens at its end, however busy rendering is: it is followed
   * after the frame that renders it, which clears this.
   */
  private followAfterFrame = false;
  private readonly afterFrame = (): void => {
    this.keepPinned();
    this.followAfterFrame = false;
  };
  private readonly frameAgain = (): void => undefined;
  private readonly resizeObserver: ResizeObserver | undefined;
  private readonly offscreen: OffscreenRenderer;
  /** For finished answers that may wait until they come near the viewport. */
  private readonly offscreenContext: RenderContext;
  /**
   * For answers streaming in, which may park text that arrives faster than it can be formatted
   * (ParkedText). A finished answer in a snapshot is shown formatted at once, or waits whole.
   */
  private readonly streamingContext: RenderContext;

  /** `timing`: idle time and a timer, for formatting parked markdown once the page is quiet. */
  constructor(
    private readonly context: RenderContext,
    timing: Pick<OffscreenRendererOptions, 'requestIdle' | 'after'>,
  ) {
    const doc = context.doc;
    this.emptyHint = createElement(doc, 'p', { className: 'empty-hint', text: 'Ask Claude about your code. Enter sends, Shift+Enter adds a line.' });
    this.log = createLog(doc);
    // Focusable so the transcript can be scrolled with the keyboard.
    this.element = createElement(doc, 'main', { className: 'transcript', attrs: { tabindex: '0' } }, [this.emptyHint, this.log]);
    this.offscreen = new OffscreenRenderer({
      IntersectionObserverClass: (doc.defaultView as (Window & typeof globalThis) | null)?.IntersectionObserver,
      root: this.element,
      frames: context.frames,
      ...timing,
    });
    this.offscreenContext = { ...context, offscreen: this.offscreen };
    this.streamingContext = this.offscreen.canDefer ? { ...context, later: this.offscreen } : context;
    this.element.addEventListener('scroll', () => this.onScroll());
    this.element.addEventListener('click', (event) => this.onClick(event));
    context.frames.afterEachFrame(this.afterFrame);
    // Blocks below the fold get their real height only when first laid out; following the size
    // of the conversation (not just our own frames) keeps the newest line in view.
    const ResizeObserverClass = doc.defaultView?.ResizeObserver;
    this.resizeObserver = ResizeObserverClass ? new ResizeObserverClass(this.scrollTask) : undefined;
    this.resizeObserver?.observe(this.log);
  }

  reset(turns: readonly TurnView[]): void {
    // A new live region, filled before it is shown: screen readers announce what is added to a
    // live region, not what it starts with, so a snapshot does not read the chat out again.
    const previous = this.log;
    this.log = createLog(this.context.doc);
    this.assistantTurns.clear();
    this.offscreen.reset();
    const firstEager = firstEagerTurn(turns);
    turns.forEach((turn, index) => this.addTurn(turn, index < firstEager ? this.offscreenContext : undefined));
    previous.replaceWith(this.log);
    this.resizeObserver?.unobserve(previous);
    this.resizeObserver?.observe(this.log);
    this.pinnedToBottom = true;
    this.followAfterFrame = true;
    // The shorter content may clamp scrollTop; that is no sign of the user scrolling up.
    this.lastScrollTop = 0;
    this.updateEmptyHint();
  }

  addTurn(turn: TurnView, context?: RenderContext): void {
    switch (turn.role) {
      case 'user':
        this.log.append(createUserTurnElement(this.context.doc, turn));
        break;
      case 'assistant': {
        const element = new AssistantTurnElement(context ?? (turn.status === 'streaming' ? this.streamingContext : this.context), turn);
        this.assistantTurns.set(turn.id, element);
        this.log.append(element.element);
        break;
      }
      default:
        assertNever(turn, 'turn role');
    }
    this.updateEmptyHint();
    this.context.frames.schedule(this.scrollTask);
  }

  assistantTurn(turnId: string): AssistantTurnElement | undefined {
    return this.assistantTurns.get(turnId);
  }

  /** Follow the conversation again (the user just sent a message). */
  pinToBottom(): void {
    this.pinnedToBottom = true;
    this.context.frames.schedule(this.scrollTask);
  }

  /**
   * Only the user scrolls up; our own scrolling and late layout only move down. So scrolling up
   * unpins, and reaching the bottom again pins.
   */
  private onScroll(): void {
    const { scrollHeight, scrollTop, clientHeight } = this.element;
    if (scrollTop < this.lastScrollTop - 1) this.pinnedToBottom = false;
    else if (scrollHeight - scrollTop - clientHeight <= PINNED_SLACK_PX) this.pinnedToBottom = true;
    this.lastScrollTop = scrollTop;
  }

  private keepPinned(): void {
    if (!this.pinnedToBottom) return;
    const { frames } = this.context;
    const now = frames.time();
    if (!this.followAfterFrame && frames.busy && now - this.lastFollowedAt < FOLLOW_INTERVAL_WHILE_BUSY_MS) {
      // Another frame, so that this runs again after it: the newest text must come into view
      // once the burst is over.
      frames.schedule(this.frameAgain);
      return;
    }
    this.lastFollowedAt = now;
    this.element.scrollTop = this.element.scrollHeight;
    this.lastScrollTop = this.element.scrollTop;
  }

  private updateEmptyHint(): void {
    this.emptyHint.hidden = this.log.childElementCount > 0;
  }

  private onClick(event: Event): void {
    const target = event.target as Element | null;
    const button = target?.closest?.(`.${COPY_BUTTON_CLASS}`);
    if (!button) return;
    const code = button.closest(`.${CODE_BLOCK_CLASS}`)?.querySelector('code');
    if (!code) return;
    // The clipboard belongs to the host: webviews cannot always write to it themselves.
    this.context.post({ type: 'copy', text: code.textContent ?? '' });
    showCopied(button as HTMLElement);
  }
}

/** Index of the first turn of a snapshot that renders at once; earlier finished answers may wait. */
function firstEagerTurn(turns: readonly TurnView[]): number {
  let chars = 0;
  for (let index = turns.length - 1; index >= 0; index--) {
    const turn = turns[index]!;
    if (turn.role !== 'assistant') continue;
    if (turn.status === 'streaming') continue;
    chars += answerLength(turn);
    if (chars >= EAGER_SNAPSHOT_CHARS) return index;
  }
  return 0;
}

function answerLength(turn: AssistantTurnView): number {
  let length = 0;
  for (const block of turn.blocks) if (block.kind !== 'toolUse') length += block.text.length;
  return length;
}

function createLog(doc: Document): HTMLElement {
  return createElement(doc, 'div', { className: 'turns', attrs: { role: 'log', 'aria-label': 'Conversation', 'aria-relevant': 'additions' } });
}

function showCopied(button: HTMLElement): void {
  const icon = button.querySelector('.codicon');
  icon?.classList.replace('codicon-copy', 'codicon-check');
  button.title = 'Copied';
  button.ownerDocument.defaultView?.setTimeout(() => {
    icon?.classList.replace('codicon-check', 'codicon-copy');
    button.title = 'Copy code';
  }, COPIED_FEEDBACK_MS);
}
