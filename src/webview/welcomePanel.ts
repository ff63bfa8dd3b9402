/** Shown instead of a failing first message when there is no API key at all. */
import { createElement } from './dom.js';

export class WelcomePanel {
  readonly element: HTMLElement;

  constructor(doc: Document, onSetApiKey: () => void) {
    const setKey = createElement(doc, 'button', { className: 'button-primary', text: 'Set API Key', attrs: { type: 'button' } });
    setKey.addEventListener('click', onSetApiKey);
    this.element = createElement(doc, 'section', { className: 'welcome', attrs: { 'aria-labelledby': 'welcome-title' } }, [
      createElement(doc, 'h2', { text: 'Inkwell needs an Anthropic API key', attrs: { id: 'welcome-title' } }),
      createElement(doc, 'p', { text: 'Add your key to chat with Claude. It is kept in VS Code’s secret storage, never in settings.' }),
      setKey,
      createElement(doc, 'p', { className: 'welcome-alternative' }, [
        'Setting ',
        createElement(doc, 'code', { text: 'ANTHROPIC_API_KEY' }),
        ' in the environment VS Code starts from works too.',
      ]),
    ]);
    this.element.hidden = true;
  }

  setVisible(visible: boolean): void {
    this.element.hidden = !visible;
  }
}
