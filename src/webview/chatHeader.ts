/** The strip above the conversation: which model answers, where the key comes from, New Chat. */
import { assertNever } from '../shared/assertNever.js';
import type { KeySource } from '../shared/transcript.js';
import { createCodicon, createElement, createIconButton } from './dom.js';

export class ChatHeader {
  readonly element: HTMLElement;
  /** The endpoint's limits, under the header row; hidden when there are none. */
  readonly notesElement: HTMLElement;
  private readonly model: HTMLElement;
  private readonly keySource: HTMLElement;
  private readonly usage: HTMLElement;

  constructor(doc: Document, onNewChat: () => void) {
    this.model = createElement(doc, 'span', { className: 'header-model' });
    this.keySource = createElement(doc, 'span', { className: 'header-key-source' });
    this.usage = createElement(doc, 'span', { className: 'header-usage' });
    const newChat = createIconButton(doc, 'add', 'New Chat');
    newChat.addEventListener('click', onNewChat);
    this.element = createElement(doc, 'header', { className: 'chat-header' }, [this.model, this.keySource, this.usage, newChat]);
    this.notesElement = createElement(doc, 'div', { className: 'endpoint-notes', attrs: { role: 'note', 'aria-label': 'Endpoint limits' } });
    this.notesElement.hidden = true;
  }

  /** One line per limit of the endpoint in use ("This endpoint can’t propose edits (no tool use)"). */
  setNotes(notes: readonly string[] | undefined): void {
    const doc = this.element.ownerDocument;
    this.notesElement.replaceChildren(...(notes ?? []).map((note) => createElement(doc, 'div', { className: 'endpoint-note' }, [createCodicon(doc, 'info'), text(doc, note)])));
    this.notesElement.hidden = !notes || notes.length === 0;
  }

  setModel(model: string): void {
    this.model.textContent = model;
    this.model.title = model ? `Requests go to ${model}` : '';
  }

  /** The conversation's tokens and cost; the full line is in the tooltip when it does not fit. */
  setUsageTotals(totals: string | undefined): void {
    this.usage.textContent = totals ?? '';
    this.usage.title = totals ? `This conversation: ${totals}` : '';
    if (totals) this.usage.setAttribute('aria-label', `This conversation: ${totals}`);
    else this.usage.removeAttribute('aria-label');
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
