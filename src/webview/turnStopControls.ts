/**
 * "Stop this answer" buttons inside the turns that stream. They appear only while two or more
 * answers of this chat stream at once: with one, the composer's Stop already means that answer,
 * and a second button named "Stop…" would only make "Stop" ambiguous for keyboard and screen
 * reader users (and for anything finding the composer's button by name).
 */
import { createCodicon, createElement } from './dom.js';

export const TURN_STOP_LABEL = 'Stop this answer';

export class TurnStopControls {
  private readonly buttons = new Map<string, HTMLButtonElement>();

  constructor(
    private readonly doc: Document,
    private readonly stop: (turnId: string) => void,
    /** Where keyboard focus goes when the focused button disappears. */
    private readonly focusFallback: () => void,
  ) {}

  /**
   * Shows a button in each streaming turn when several stream, none otherwise. `turnElement`
   * finds a turn's article; after a snapshot the articles are new, so call `reset` first.
   */
  update(streaming: ReadonlySet<string>, turnElement: (turnId: string) => HTMLElement | undefined): void {
    const wanted = streaming.size >= 2 ? streaming : new Set<string>();
    for (const [turnId, button] of this.buttons) {
      if (!wanted.has(turnId)) this.remove(turnId, button);
    }
    for (const turnId of wanted) {
      if (this.buttons.has(turnId)) continue;
      const article = turnElement(turnId);
      if (!article) continue;
      const button = this.create(turnId);
      this.buttons.set(turnId, button);
      // Right under the turn's (aria-hidden) heading: it stays put while the text below grows.
      const heading = article.firstElementChild;
      if (heading) heading.after(button);
      else article.prepend(button);
    }
  }

  /** The transcript was rebuilt: forget buttons of articles that no longer exist. */
  reset(): void {
    this.buttons.clear();
  }

  private create(turnId: string): HTMLButtonElement {
    const button = createElement(this.doc, 'button', { className: 'turn-stop button-secondary', attrs: { type: 'button' } }, [
      createCodicon(this.doc, 'debug-stop'),
      createElement(this.doc, 'span', { text: TURN_STOP_LABEL }),
    ]);
    button.addEventListener('click', () => this.stop(turnId));
    return button;
  }

  private remove(turnId: string, button: HTMLButtonElement): void {
    const hadFocus = button === this.doc.activeElement;
    button.remove();
    this.buttons.delete(turnId);
    // Do not strand keyboard focus on a button that just disappeared.
    if (hadFocus) this.focusFallback();
  }
}
