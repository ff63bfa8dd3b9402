/**
 * The header's context-window figure: "31k / 200k context" with a small bar, coloured as the
 * conversation nears the model's limit. Without a known limit only the count is shown (no bar:
 * a bar against a guessed window would mislead).
 */
import type { ContextView } from '../shared/transcript.js';
import { createElement } from './dom.js';

export class ContextMeter {
  readonly element: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly label: HTMLElement;

  constructor(doc: Document) {
    this.fill = createElement(doc, 'span', { className: 'context-meter-fill' });
    this.bar = createElement(doc, 'span', { className: 'context-meter-bar', attrs: { 'aria-hidden': 'true' } }, [this.fill]);
    this.label = createElement(doc, 'span', { className: 'context-meter-label' });
    this.element = createElement(doc, 'span', { className: 'context-meter' }, [this.bar, this.label]);
    this.set(undefined);
  }

  set(context: ContextView | undefined): void {
    const el = this.element;
    el.hidden = context === undefined;
    for (const name of ['role', 'aria-label', 'aria-valuemin', 'aria-valuemax', 'aria-valuenow', 'aria-valuetext']) el.removeAttribute(name);
    if (!context) {
      el.removeAttribute('data-level');
      this.label.textContent = '';
      el.title = '';
      return;
    }
    el.dataset.level = context.level;
    el.title = context.description;
    this.label.textContent = context.level === 'normal' ? context.label : `${context.label} — nearly full`;
    this.bar.hidden = context.limit === undefined;
    if (context.limit === undefined) {
      el.setAttribute('aria-label', context.description);
      return;
    }
    this.fill.style.width = `${Math.min(100, (context.used / context.limit) * 100).toFixed(1)}%`;
    el.setAttribute('role', 'meter');
    el.setAttribute('aria-label', 'Context window');
    el.setAttribute('aria-valuemin', '0');
    el.setAttribute('aria-valuemax', String(context.limit));
    el.setAttribute('aria-valuenow', String(Math.min(context.used, context.limit)));
    el.setAttribute('aria-valuetext', context.description);
  }
}
