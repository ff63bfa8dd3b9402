/**
 * The "Details" disclosure under a finished answer: per request, the model, request id, time to
 * first token, total time, tokens, cache savings, cost, retries and stop reason, as the host
 * formatted them. A real button with `aria-expanded`, so it works with the keyboard (Enter,
 * Space) and screen readers announce its state; collapsed by default.
 */
import type { RequestDetailsView } from '../shared/transcript.js';
import { createCodicon, createElement } from './dom.js';

export function createTurnDetails(doc: Document, turnId: string, details: readonly RequestDetailsView[]): HTMLElement {
  const panelId = `turn-details-${turnId}`;
  const panel = createElement(
    doc,
    'div',
    { className: 'turn-details-panel', attrs: { id: panelId, role: 'region', 'aria-label': 'Answer details' } },
    details.map((request, index) => requestSection(doc, request, index, details.length)),
  );
  panel.hidden = true;
  const chevron = createCodicon(doc, 'chevron-right');
  const button = createElement(doc, 'button', { className: 'turn-details-toggle', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': panelId } }, [
    chevron,
    createElement(doc, 'span', { text: 'Details' }),
  ]);
  button.addEventListener('click', () => {
    const open = panel.hidden;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    chevron.className = `codicon codicon-chevron-${open ? 'down' : 'right'}`;
  });
  return createElement(doc, 'div', { className: 'turn-details' }, [button, panel]);
}

function requestSection(doc: Document, request: RequestDetailsView, index: number, count: number): HTMLElement {
  const list = createElement(
    doc,
    'dl',
    { className: 'turn-details-rows' },
    request.rows.flatMap((row) => [createElement(doc, 'dt', { text: row.label }), createElement(doc, 'dd', { text: row.value })]),
  );
  const heading = count > 1 ? [createElement(doc, 'div', { className: 'turn-details-heading', text: `Request ${index + 1} of ${count}` })] : [];
  return createElement(doc, 'section', { className: 'turn-details-request' }, [...heading, list]);
}
