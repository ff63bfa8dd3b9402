/**
 * The message box and its buttons. Enter sends, Shift+Enter starts a new line, and nothing fires
 * while an input method is composing (Enter then confirms the composition). While answers
 * stream, Stop (or Escape in the box) ends every answer of this chat; each turn has its own
 * "Stop this answer" when several stream. The box sends one message at a time: answers started
 * from the editor (Explain Selection…) may run alongside, but not two typed questions.
 */
import { createElement, createIconButton } from './dom.js';

export interface ComposerActions {
  send(text: string): void;
  stop(): void;
  /** The unsent text changed (kept so it survives the view being hidden). */
  draftChanged(text: string): void;
}

/** keyCode browsers report for keys pressed during IME composition, even when isComposing lags. */
const IME_PROCESS_KEY_CODE = 229;

export class Composer {
  readonly element: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private streaming = false;
  private canSend = true;

  constructor(doc: Document, private readonly actions: ComposerActions, draft = '') {
    this.input = createElement(doc, 'textarea', {
      className: 'composer-input',
      attrs: { 'aria-label': 'Message', 'aria-describedby': 'composer-hint', rows: '1', placeholder: 'Ask Claude…' },
    });
    this.input.value = draft;
    this.sendButton = createIconButton(doc, 'send', 'Send', 'composer-send');
    this.sendButton.title = 'Send (Enter)';
    this.stopButton = createIconButton(doc, 'debug-stop', 'Stop', 'composer-stop');
    this.stopButton.title = 'Stop (Escape)';
    this.stopButton.hidden = true;
    this.element = createElement(doc, 'div', { className: 'composer' }, [
      this.input,
      createElement(doc, 'div', { className: 'composer-actions' }, [this.stopButton, this.sendButton]),
      createElement(doc, 'span', { className: 'visually-hidden', text: 'Enter sends, Shift+Enter adds a new line.', attrs: { id: 'composer-hint' } }),
    ]);

    this.input.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.input.addEventListener('input', () => {
      this.actions.draftChanged(this.input.value);
      this.updateButtons();
    });
    this.sendButton.addEventListener('click', () => this.trySend());
    this.stopButton.addEventListener('click', () => this.actions.stop());
    this.updateButtons();
  }

  /** False while there is no API key: typing is fine, sending is not. */
  setCanSend(canSend: boolean): void {
    this.canSend = canSend;
    this.input.placeholder = canSend ? 'Ask Claude…' : 'Set an API key to start chatting';
    this.updateButtons();
  }

  /** How many answers of this chat stream now. */
  setStreaming(count: number): void {
    const streaming = count > 0;
    const stopHadFocus = this.stopButton === this.element.ownerDocument.activeElement;
    this.streaming = streaming;
    // The accessible name stays "Stop"; the tooltip says that it stops them all.
    this.stopButton.title = count > 1 ? `Stop all ${count} answers (Escape)` : 'Stop (Escape)';
    this.updateButtons();
    // Do not strand keyboard focus on a button that just disappeared.
    if (stopHadFocus && !streaming) this.input.focus();
  }

  focus(): void {
    this.input.focus();
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.isComposing || event.keyCode === IME_PROCESS_KEY_CODE) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      this.trySend();
    } else if (event.key === 'Escape' && this.streaming) {
      event.preventDefault();
      this.actions.stop();
    }
  }

  private trySend(): void {
    const text = this.input.value;
    if (!this.canSend || this.streaming || text.trim() === '') return;
    this.actions.send(text);
    this.input.value = '';
    this.actions.draftChanged('');
    this.updateButtons();
  }

  private updateButtons(): void {
    // An empty box has nothing to send: the button says so instead of ignoring the click.
    this.sendButton.disabled = !this.canSend || this.streaming || this.input.value.trim() === '';
    this.stopButton.hidden = !this.streaming;
  }
}
