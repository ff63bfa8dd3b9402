/**
 * What a turn says besides its blocks and errors: the countdown while a request waits to be
 * retried, the mark on an answer cut short, and notes such as a proxy that buffers streams.
 */
import type { WebviewToHost } from '../shared/protocol.js';
import type { RetryWaitView, TurnNoteView } from '../shared/transcript.js';
import { createCodicon, createElement } from './dom.js';

/** How often the countdown is redrawn; the deadline itself is exact. */
const TICK_MS = 250;

/**
 * "Rate limited — retrying in 3 s", counting down on this side: the host posts the wait once, and
 * the webview turns its `retryInMs` into a deadline on its own clock. Retry now and Cancel act on it.
 */
export class RetryNotice {
  readonly element: HTMLElement;
  private readonly message: HTMLElement;
  private readonly attempt: HTMLElement;
  private deadline = 0;
  private title = '';
  private timer: number | undefined;

  constructor(
    private readonly doc: Document,
    private readonly turnId: string,
    private readonly post: (message: WebviewToHost) => void,
  ) {
    // The countdown ticks every second: kept out of the live region, which announces the attempt once.
    this.message = createElement(doc, 'span', { className: 'turn-retry-message', attrs: { 'aria-live': 'off' } });
    this.attempt = createElement(doc, 'span', { className: 'turn-retry-attempt' });
    const button = (label: string, onClick: () => void, className: string) => {
      const element = createElement(doc, 'button', { className, text: label, attrs: { type: 'button' } });
      element.addEventListener('click', onClick);
      return element;
    };
    this.element = createElement(doc, 'div', { className: 'turn-retry', attrs: { role: 'status' } }, [
      createElement(doc, 'div', { className: 'turn-retry-title' }, [createCodicon(doc, 'sync', 'codicon-modifier-spin'), this.message]),
      this.attempt,
      createElement(doc, 'div', { className: 'turn-retry-actions' }, [
        button('Retry now', () => this.post({ type: 'retryNow', turnId: this.turnId }), 'button-secondary'),
        // Cancels this answer only: another answer of the chat may be streaming beside it.
        button('Cancel', () => this.post({ type: 'stopTurn', turnId: this.turnId }), 'button-secondary'),
      ]),
    ]);
    this.element.hidden = true;
  }

  show(wait: RetryWaitView): void {
    this.title = wait.title;
    this.deadline = Date.now() + wait.retryInMs;
    this.attempt.textContent = `Attempt ${wait.attempt} of ${wait.maxAttempts}`;
    this.element.hidden = false;
    this.render();
    const view = this.doc.defaultView;
    if (this.timer === undefined && view) this.timer = view.setInterval(() => this.render(), TICK_MS);
  }

  hide(): void {
    if (this.timer !== undefined) this.doc.defaultView?.clearInterval(this.timer);
    this.timer = undefined;
    this.element.hidden = true;
  }

  /** Seconds left, rounded up, so "in 0 s" never shows while a wait remains. */
  get secondsLeft(): number {
    return Math.max(0, Math.ceil((this.deadline - Date.now()) / 1000));
  }

  private render(): void {
    // A snapshot replaced this turn's element: stop ticking for it.
    if (this.timer !== undefined && !this.element.isConnected) return this.hide();
    const seconds = this.secondsLeft;
    const text = seconds > 0 ? `${this.title} — retrying in ${seconds} s` : `${this.title} — retrying now…`;
    if (this.message.textContent !== text) this.message.textContent = text;
  }
}

/** The mark under an answer that failed partway: what is above it is not the whole answer. */
export function incompleteMark(doc: Document): HTMLElement {
  return createElement(doc, 'div', { className: 'turn-note turn-incomplete-mark' }, [
    createCodicon(doc, 'warning'),
    createElement(doc, 'span', { text: 'Incomplete answer: it was cut off here.' }),
  ]);
}

/** A note that is not an error, with its actions (answered by the host like error actions). */
export function turnNote(doc: Document, note: TurnNoteView, turnId: string, post: (message: WebviewToHost) => void): HTMLElement {
  const actions = note.actions.map((action) => {
    const button = createElement(doc, 'button', { className: 'button-secondary', text: action.label, attrs: { type: 'button' } });
    button.addEventListener('click', () => post({ type: 'errorAction', action: action.id, turnId }));
    return button;
  });
  return createElement(doc, 'div', { className: 'turn-info', attrs: { role: 'note' } }, [
    createElement(doc, 'div', { className: 'turn-info-text' }, [createCodicon(doc, 'info'), createElement(doc, 'span', { text: note.text })]),
    ...(actions.length > 0 ? [createElement(doc, 'div', { className: 'turn-error-actions' }, actions)] : []),
  ]);
}
