/**
 * The strip above the conversation: which model answers (a button that opens the model picker),
 * where the key comes from, New Chat, and below them the conversation's usage and context window.
 */
import { assertNever } from '../shared/assertNever.js';
import type { ContextView, KeySource } from '../shared/transcript.js';
import { ContextMeter } from './contextMeter.js';
import { createCodicon, createElement, createIconButton } from './dom.js';

export interface ChatHeaderActions {
  newChat(): void;
  chooseModel(): void;
}

export class ChatHeader {
  readonly element: HTMLElement;
  /** The endpoint's limits, under the header row; hidden when there are none. */
  readonly notesElement: HTMLElement;
  private readonly model: HTMLButtonElement;
  private readonly keySource: HTMLElement;
  private readonly usage: HTMLElement;
  private readonly context: ContextMeter;
  private readonly stats: HTMLElement;

  constructor(doc: Document, actions: ChatHeaderActions) {
    this.model = createElement(doc, 'button', { className: 'header-model', attrs: { type: 'button' } });
    this.model.addEventListener('click', () => actions.chooseModel());
    this.keySource = createElement(doc, 'span', { className: 'header-key-source' });
    this.usage = createElement(doc, 'span', { className: 'header-usage' });
    this.context = new ContextMeter(doc);
    const newChat = createIconButton(doc, 'add', 'New Chat');
    newChat.addEventListener('click', () => actions.newChat());
    this.stats = createElement(doc, 'div', { className: 'header-stats' }, [this.usage, this.context.element]);
    this.element = createElement(doc, 'header', { className: 'chat-header' }, [this.model, this.keySource, newChat, this.stats]);
    this.notesElement = createElement(doc, 'div', { className: 'endpoint-notes', attrs: { role: 'note', 'aria-label': 'Endpoint limits' } });
    this.notesElement.hidden = true;
    this.setModel('');
    this.updateStats();
  }

  /** One line per limit of the endpoint in use ("This endpoint can’t propose edits (no tool use)"). */
  setNotes(notes: readonly string[] | undefined): void {
    const doc = this.element.ownerDocument;
    this.notesElement.replaceChildren(...(notes ?? []).map((note) => createElement(doc, 'div', { className: 'endpoint-note' }, [createCodicon(doc, 'info'), text(doc, note)])));
    this.notesElement.hidden = !notes || notes.length === 0;
  }

  /** '' while the model is not known yet (an empty setting is resolved by the first request). */
  setModel(model: string): void {
    this.model.textContent = `Model: ${model || 'default'}`;
    this.model.title = model ? `Requests go to ${model}. Choose another model…` : 'The default model (the newest Sonnet). Choose a model…';
  }

  /** Context-window use after the last request; undefined hides it. */
  setContext(context: ContextView | undefined): void {
    this.context.set(context);
    this.updateStats();
  }

  private updateStats(): void {
    this.stats.hidden = this.usage.textContent === '' && this.context.element.hidden;
  }

  /** The conversation's tokens and cost; the full line is in the tooltip when it does not fit. */
  setUsageTotals(totals: string | undefined): void {
    this.usage.textContent = totals ?? '';
    this.usage.title = totals ? `This conversation: ${totals}` : '';
    if (totals) this.usage.setAttribute('aria-label', `This conversation: ${totals}`);
    else this.usage.removeAttribute('aria-label');
    this.updateStats();
  }

  setKeySource(keySource: KeySource): void {
    const doc = this.element.ownerDocument;
    this.keySource.className = `header-key-source key-source-${keySource}`;
    // The label is cut short in a narrow sidebar; the tooltip always has all of it.
    this.keySource.title = KEY_SOURCE_TOOLTIPS[keySource];
    switch (keySource) {
      case 'environment':
        this.keySource.replaceChildren(createCodicon(doc, 'terminal'), text(doc, 'Using ANTHROPIC_API_KEY from the environment'));
        break;
      case 'demo':
        this.keySource.replaceChildren(createCodicon(doc, 'beaker'), text(doc, 'Demo mode — answers come from a local fake server'));
        break;
      case 'secretStorage':
        this.keySource.replaceChildren(
          createElement(doc, 'span', {
            className: 'codicon codicon-key',
            attrs: { role: 'img', 'aria-label': 'Using the API key stored in VS Code', title: 'Using the API key stored in VS Code' },
          }),
        );
        break;
      case 'endpoint':
        this.keySource.replaceChildren(createCodicon(doc, 'plug'), text(doc, 'OpenAI-compatible endpoint'));
        break;
      case 'none':
        this.keySource.replaceChildren();
        break;
      default:
        assertNever(keySource, 'key source');
    }
  }
}

const KEY_SOURCE_TOOLTIPS: Record<KeySource, string> = {
  secretStorage: 'Using the API key stored in VS Code',
  environment: 'Using ANTHROPIC_API_KEY from the environment (no key stored in VS Code)',
  demo: 'Demo mode: answers come from a local fake server, not from Claude. Set an API key to talk to Claude.',
  endpoint: 'Using the OpenAI-compatible endpoint from the inkwell.openai settings',
  none: '',
};

function text(doc: Document, value: string): HTMLElement {
  return createElement(doc, 'span', { text: value });
}
