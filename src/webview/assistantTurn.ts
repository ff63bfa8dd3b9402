/**
 * One Claude turn: its blocks in order, then how it ended (a "Stopped" marker, the output-limit
 * note, or the error with its actions). `aria-busy` is set while it streams, and until text parked
 * in a burst is formatted too, so screen readers announce the finished answer instead of every
 * token or piece.
 */
import { assertNever } from '../shared/assertNever.js';
import type { AssistantTurnView, BlockView, ProposalView, RequestDetailsView, RetryWaitView, TurnErrorView, TurnNoteView, TurnStatus } from '../shared/transcript.js';
import { createBlockElement, type BlockElement } from './blockViews.js';
import { createCodicon, createElement } from './dom.js';
import type { RenderContext } from './renderContext.js';
import { createTurnDetails } from './turnDetails.js';
import { incompleteMark, RetryNotice, turnNote } from './turnNotices.js';

export type EndedStatus = Exclude<TurnStatus, 'streaming'>;

/** Stop reasons meaning the answer was cut off by the output token limit (Anthropic, OpenAI). */
const OUTPUT_LIMIT_STOP_REASONS: ReadonlySet<string> = new Set(['max_tokens', 'length']);

export class AssistantTurnElement {
  readonly element: HTMLElement;
  private readonly blocksElement: HTMLElement;
  private readonly endingElement: HTMLElement;
  /** "Accept all" / "Reject all", shown while more than one proposal of this turn is pending. */
  private readonly bulkProposalActions: HTMLElement;
  private readonly blocks: BlockElement[] = [];
  private readonly turnId: string;
  private readonly retryNotice: RetryNotice;

  constructor(private readonly context: RenderContext, view: AssistantTurnView) {
    this.turnId = view.id;
    const doc = context.doc;
    this.blocksElement = createElement(doc, 'div', { className: 'turn-blocks' });
    this.endingElement = createElement(doc, 'div', { className: 'turn-ending' });
    this.bulkProposalActions = this.createBulkProposalActions();
    this.retryNotice = new RetryNotice(doc, view.id, context.post);
    this.element = createElement(doc, 'article', { className: 'turn turn-assistant', attrs: { role: 'article', 'aria-label': 'Claude' } }, [
      createElement(doc, 'div', { className: 'turn-role', attrs: { 'aria-hidden': 'true' } }, [
        createCodicon(doc, 'sparkle'),
        createElement(doc, 'span', { text: 'Claude' }),
        createCodicon(doc, 'loading', 'codicon-modifier-spin turn-busy-indicator'),
      ]),
      this.blocksElement,
      this.bulkProposalActions,
      this.retryNotice.element,
      this.endingElement,
    ]);
    for (const block of view.blocks) this.addBlock(block);
    this.updateBulkProposalActions();
    if (view.status === 'streaming') {
      this.element.setAttribute('aria-busy', 'true');
      this.setRetryWait(view.retryWait);
    } else this.end(view.status, view.stopReason, view.error, view.usageSummary, view.details, view.note);
  }

  /** Shows the countdown to the next attempt, or (undefined) takes it away. */
  setRetryWait(wait: RetryWaitView | undefined): void {
    if (wait) this.retryNotice.show(wait);
    else this.retryNotice.hide();
  }

  addBlock(block: BlockView): void {
    const element = createBlockElement(this.context, block);
    this.blocks.push(element);
    this.blocksElement.append(element.element);
  }

  appendText(index: number, text: string): void {
    this.blocks[index]?.appendText(text);
  }

  setToolPreview(index: number, preview: string): void {
    this.blocks[index]?.setToolPreview(preview);
  }

  setProposal(index: number, proposal: ProposalView): void {
    this.blocks[index]?.setProposal(proposal);
    this.updateBulkProposalActions();
  }

  end(status: EndedStatus, stopReason?: string, error?: TurnErrorView, usageSummary?: string, details?: readonly RequestDetailsView[], note?: TurnNoteView): void {
    for (const block of this.blocks) block.finish();
    this.whenFormatted(() => this.element.removeAttribute('aria-busy'));
    this.retryNotice.hide();
    const doc = this.context.doc;
    const usage = usageSummary ? [createElement(doc, 'div', { className: 'turn-usage', text: usageSummary })] : [];
    const detailsView = details && details.length > 0 ? [createTurnDetails(doc, this.turnId, details)] : [];
    // A failure after some of the answer arrived leaves it cut short: say so where it stops.
    const cutShort = status === 'error' && this.blocks.length > 0;
    this.element.classList.toggle('turn-incomplete', cutShort);
    const notes = note ? [turnNote(doc, note, this.turnId, this.context.post)] : [];
    this.endingElement.replaceChildren(...(cutShort ? [incompleteMark(doc)] : []), ...this.endingContent(status, stopReason, error), ...notes, ...usage, ...detailsView);
  }

  /** Calls back once every block is shown in its final form. */
  private whenFormatted(callback: () => void): void {
    let waiting = this.blocks.length + 1;
    const oneDone = (): void => {
      if (--waiting === 0) callback();
    };
    for (const block of this.blocks) {
      if (block.whenFormatted) block.whenFormatted(oneDone);
      else oneDone();
    }
    oneDone();
  }

  private endingContent(status: EndedStatus, stopReason: string | undefined, error: TurnErrorView | undefined): Node[] {
    const doc = this.context.doc;
    switch (status) {
      case 'done':
        return stopReason && OUTPUT_LIMIT_STOP_REASONS.has(stopReason)
          ? [note(doc, 'warning', 'The answer hit the output limit (setting inkwell.maxTokens) and is cut off here.')]
          : [];
      case 'stopped':
        return [note(doc, 'debug-stop', 'Stopped', 'turn-stopped')];
      case 'error':
        return [this.errorAlert(error ?? { title: 'Something went wrong', detail: '', actions: [] })];
      default:
        return assertNever(status, 'turn status');
    }
  }

  private createBulkProposalActions(): HTMLElement {
    const doc = this.context.doc;
    const button = (label: string, action: 'accept' | 'reject', className: string): HTMLButtonElement => {
      const element = createElement(doc, 'button', { className, text: label, attrs: { type: 'button' } });
      element.addEventListener('click', () => this.context.post({ type: 'turnProposalsAction', action, turnId: this.turnId }));
      return element;
    };
    const actions = createElement(doc, 'div', { className: 'turn-proposal-actions' }, [
      button('Accept all', 'accept', 'button-primary'),
      button('Reject all', 'reject', 'button-secondary'),
    ]);
    actions.hidden = true;
    return actions;
  }

  private updateBulkProposalActions(): void {
    const pending = this.blocks.filter((block) => block.hasPendingProposal).length;
    this.bulkProposalActions.hidden = pending < 2;
  }

  private errorAlert(error: TurnErrorView): HTMLElement {
    const doc = this.context.doc;
    const turnId = this.turnId;
    const actions = error.actions.map((action) => {
      const button = createElement(doc, 'button', { className: 'button-secondary', text: action.label, attrs: { type: 'button' } });
      button.addEventListener('click', () => this.context.post({ type: 'errorAction', action: action.id, turnId }));
      return button;
    });
    return createElement(doc, 'div', { className: 'turn-error', attrs: { role: 'alert' } }, [
      createElement(doc, 'div', { className: 'turn-error-title' }, [createCodicon(doc, 'error'), createElement(doc, 'span', { text: error.title })]),
      ...(error.detail ? [createElement(doc, 'div', { className: 'turn-error-detail', text: error.detail })] : []),
      ...(actions.length > 0 ? [createElement(doc, 'div', { className: 'turn-error-actions' }, actions)] : []),
    ]);
  }
}

function note(doc: Document, icon: string, text: string, extraClass = ''): HTMLElement {
  return createElement(doc, 'div', { className: `turn-note${extraClass ? ` ${extraClass}` : ''}` }, [
    createCodicon(doc, icon),
    createElement(doc, 'span', { text }),
  ]);
}
