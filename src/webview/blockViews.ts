/**
 * The views of the blocks inside a Claude turn: answer text (streamed markdown), thinking (plain
 * text, collapsed, apart from the answer) and tool calls (one line with the preview).
 */
import { assertNever } from '../shared/assertNever.js';
import type { BlockView, ProposalView } from '../shared/transcript.js';
import { ChunkedText } from './chunkedText.js';
import { createCodicon, createElement } from './dom.js';
import { estimatedHeightEm } from './markdown/estimatedHeight.js';
import { StreamingMarkdown } from './markdown/streamingMarkdown.js';
import { ProposalCard } from './proposalCard.js';
import type { RenderContext } from './renderContext.js';

export interface BlockElement {
  readonly element: HTMLElement;
  /** More text for a text or thinking block; other blocks ignore it. */
  appendText(text: string): void;
  /** A new preview line for a tool call; other blocks ignore it. */
  setToolPreview(preview: string): void;
  /** The edit proposal of a tool call appeared or changed; other blocks ignore it. */
  setProposal(proposal: ProposalView): void;
  /** Whether the block holds an edit proposal still waiting for the user's decision. */
  readonly hasPendingProposal: boolean;
  /** The turn ended: show everything in its final form. */
  finish(): void;
  /** Calls back once the block is shown in its final form (text parked in a burst may wait). */
  whenFormatted?(callback: () => void): void;
}

export function createBlockElement(context: RenderContext, block: BlockView): BlockElement {
  switch (block.kind) {
    case 'text':
      return new TextBlockElement(context, block.text);
    case 'thinking':
      return new ThinkingBlockElement(context.doc, block.text, block.redacted);
    case 'toolUse':
      return new ToolUseBlockElement(context, block.name, block.preview, block.proposal);
    default:
      return assertNever(block, 'block kind');
  }
}

class TextBlockElement implements BlockElement {
  private readonly markdown: StreamingMarkdown;
  /** Text of a finished answer that waits to be rendered until it comes near the viewport. */
  private deferredText: string | undefined;
  private finishedWhileDeferred = false;

  constructor(context: RenderContext, text: string) {
    this.markdown = new StreamingMarkdown(context.doc, context.markdown, context.frames, context.later);
    if (context.offscreen && text !== '') {
      this.deferredText = text;
      context.offscreen.defer(this.markdown.element, estimatedHeightEm(text), () => this.renderDeferred());
    } else {
      this.markdown.append(text);
    }
  }

  get element(): HTMLElement {
    return this.markdown.element;
  }

  appendText(text: string): void {
    this.renderDeferred();
    this.markdown.append(text);
  }

  setToolPreview(): void {}

  setProposal(): void {}

  readonly hasPendingProposal = false;

  finish(): void {
    if (this.deferredText !== undefined) this.finishedWhileDeferred = true;
    else this.markdown.finish();
  }

  whenFormatted(callback: () => void): void {
    this.markdown.whenFormatted(callback);
  }

  private renderDeferred(): void {
    const text = this.deferredText;
    if (text === undefined) return;
    this.deferredText = undefined;
    this.markdown.append(text);
    if (this.finishedWhileDeferred) this.markdown.finish();
  }
}

class ThinkingBlockElement implements BlockElement {
  static readonly LINES_PER_CHUNK = 20;
  readonly element: HTMLDetailsElement;
  private readonly text: ChunkedText;

  constructor(doc: Document, text: string, private readonly redacted: boolean) {
    const body = createElement(doc, 'div', { className: 'thinking-text' });
    // Plain text, appended in place: thinking can be long and is never parsed.
    this.text = new ChunkedText(body, ThinkingBlockElement.LINES_PER_CHUNK, 'text-chunk');
    this.text.append(redacted ? 'This reasoning is encrypted by the API and not shown.' : text);
    const summary = createElement(doc, 'summary', {}, [
      createCodicon(doc, 'lightbulb'),
      createElement(doc, 'span', { text: redacted ? 'Thinking (redacted)' : 'Thinking' }),
    ]);
    this.element = createElement(doc, 'details', { className: 'thinking' }, [summary, body]);
  }

  appendText(text: string): void {
    if (!this.redacted) this.text.append(text);
  }

  setToolPreview(): void {}

  setProposal(): void {}

  readonly hasPendingProposal = false;

  finish(): void {}
}

const EDIT_TOOL_NAME = 'str_replace_based_edit_tool';

class ToolUseBlockElement implements BlockElement {
  readonly element: HTMLElement;
  private readonly preview: HTMLElement;
  private proposal: ProposalCard | undefined;

  constructor(private readonly context: RenderContext, private readonly name: string, preview: string, proposal?: ProposalView) {
    const doc = context.doc;
    this.preview = createElement(doc, 'span', { className: 'tool-preview' });
    this.element = createElement(doc, 'div', { className: 'tool-use' }, [
      createElement(doc, 'div', { className: 'tool-line', attrs: { title: name } }, [
        createCodicon(doc, name === EDIT_TOOL_NAME ? 'edit' : 'tools'),
        this.preview,
      ]),
    ]);
    this.setToolPreview(preview);
    if (proposal) this.setProposal(proposal);
  }

  get hasPendingProposal(): boolean {
    return this.proposal?.isPending ?? false;
  }

  appendText(): void {}

  setToolPreview(preview: string): void {
    this.preview.textContent = preview || this.name;
  }

  setProposal(proposal: ProposalView): void {
    if (this.proposal) {
      this.proposal.update(proposal);
    } else {
      this.proposal = new ProposalCard(this.context.doc, this.context.post, proposal);
      this.element.append(this.proposal.element);
    }
  }

  finish(): void {}
}
