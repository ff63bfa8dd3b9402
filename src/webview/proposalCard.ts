/**
 * An edit Claude proposed, as the group "Proposed edit: <path>": what it changes, its status, and
 * while it is pending the Accept / Reject / Show diff buttons. Nothing changes in the workspace
 * until the host applies an accepted proposal.
 */
import { assertNever } from '../shared/assertNever.js';
import type { WebviewToHost } from '../shared/protocol.js';
import type { ProposalStatusView, ProposalView } from '../shared/transcript.js';
import { createCodicon, createElement } from './dom.js';

export class ProposalCard {
  readonly element: HTMLElement;
  private view: ProposalView;

  constructor(
    private readonly doc: Document,
    private readonly post: (message: WebviewToHost) => void,
    view: ProposalView,
  ) {
    this.view = view;
    this.element = createElement(doc, 'div', { className: 'proposal', attrs: { role: 'group' } });
    this.update(view);
  }

  get isPending(): boolean {
    return this.view.status === 'pending';
  }

  update(view: ProposalView): void {
    this.view = view;
    const doc = this.doc;
    this.element.setAttribute('aria-label', `Proposed edit: ${view.path}`);
    this.element.className = `proposal proposal-${view.status}`;
    const summary = createElement(doc, 'div', { className: 'proposal-summary' }, [
      createCodicon(doc, view.command === 'create' ? 'new-file' : 'diff'),
      createElement(doc, 'span', { className: 'proposal-path', text: view.path }),
      createElement(doc, 'span', {
        className: 'proposal-counts',
        attrs: { title: `${view.added} lines added, ${view.removed} removed` },
      }, [
        createElement(doc, 'span', { className: 'proposal-added', text: `+${view.added}` }),
        ' ',
        createElement(doc, 'span', { className: 'proposal-removed', text: `−${view.removed}` }),
      ]),
      createElement(doc, 'span', { className: 'proposal-status', text: statusLabel(view.status) }),
    ]);
    const parts: Node[] = [summary];
    if (view.reason) parts.push(createElement(doc, 'div', { className: 'proposal-reason', text: view.reason }));
    if (view.status === 'pending') parts.push(this.actions(view.id));
    this.element.replaceChildren(...parts);
  }

  private actions(proposalId: string): HTMLElement {
    const button = (label: string, action: 'accept' | 'reject' | 'showDiff', className: string): HTMLButtonElement => {
      const element = createElement(this.doc, 'button', { className, text: label, attrs: { type: 'button' } });
      element.addEventListener('click', () => this.post({ type: 'proposalAction', action, proposalId }));
      return element;
    };
    return createElement(this.doc, 'div', { className: 'proposal-actions' }, [
      button('Accept', 'accept', 'button-primary'),
      button('Reject', 'reject', 'button-secondary'),
      button('Show diff', 'showDiff', 'button-secondary'),
    ]);
  }
}

function statusLabel(status: ProposalStatusView): string {
  switch (status) {
    case 'pending':
      return 'Pending';
    case 'accepted':
      return 'Accepted';
    case 'rejected':
      return 'Rejected';
    case 'stale':
      return 'Out of date';
    case 'invalid':
      return 'Cannot apply';
    case 'discarded':
      return 'Discarded';
    default:
      return assertNever(status, 'proposal status');
  }
}
