/** One turn of the user: their text as plain text, and the code it refers to, if any. */
import type { CodeContext, UserTurnView } from '../shared/transcript.js';
import { createCodicon, createElement } from './dom.js';

export function createUserTurnElement(doc: Document, view: UserTurnView): HTMLElement {
  return createElement(doc, 'article', { className: 'turn turn-user', attrs: { role: 'article', 'aria-label': 'You' } }, [
    createElement(doc, 'div', { className: 'turn-role', attrs: { 'aria-hidden': 'true' } }, [
      createCodicon(doc, 'account'),
      createElement(doc, 'span', { text: 'You' }),
    ]),
    ...(view.context ? [codeContextChip(doc, view.context)] : []),
    createElement(doc, 'div', { className: 'user-text', text: view.text }),
  ]);
}

function codeContextChip(doc: Document, context: CodeContext): HTMLElement {
  const lines = context.startLine === context.endLine ? `${context.startLine}` : `${context.startLine}-${context.endLine}`;
  const label = `${context.path}:${lines}`;
  return createElement(doc, 'div', { className: 'code-context', attrs: { title: `${label} (${context.language})` } }, [
    createCodicon(doc, 'file-code'),
    createElement(doc, 'span', { text: label }),
  ]);
}
