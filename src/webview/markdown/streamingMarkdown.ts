/**
 * Renders one markdown text block while it streams, with work per delta bounded by the size of the
 * block being written rather than the answer:
 *
 * - The source is split by `BlockScanner` into a frozen prefix and one open tail. Frozen markdown
 *   is rendered exactly once, appended, and its nodes are never touched again.
 * - The tail is re-rendered at most once per animation frame (all deltas of a frame together).
 * - When the tail is a fenced code block still streaming, new code is appended to its `<code>` as
 *   text; it is parsed and highlighted once, when the fence closes (or the answer ends).
 *
 * The nodes of the frozen prefix and the tail sit side by side in `element` with no wrappers, so the
 * finished block is the same DOM as rendering the whole text at once.
 */
import type { FrameScheduler } from '../frameScheduler.js';
import { BlockScanner, type OpenFence } from './blockScanner.js';
import { LiveCodeBlock } from './codeBlock.js';
import { languageOfInfo } from './highlight.js';
import type { MarkdownRenderer } from './markdownRenderer.js';

interface LiveFence {
  readonly block: LiveCodeBlock;
  /** Where in the source this fence's segment starts (to notice a different fence). */
  readonly segmentStart: number;
  /** Source offset up to which code has been appended. */
  appendedTo: number;
}

export class StreamingMarkdown {
  readonly element: HTMLElement;
  private source = '';
  private readonly scanner = new BlockScanner();
  /** Source offset up to which markdown is rendered and frozen. */
  private frozenEnd = 0;
  private tailNodes: ChildNode[] = [];
  /** Source length when the tail was last rendered through markdown (-1: not rendered). */
  private tailRenderedThrough = -1;
  private liveFence: LiveFence | undefined;
  /** Set once a final whole render was needed (see `finish`); from then on the block renders whole. */
  private renderWhole = false;
  private readonly renderTask = (): void => this.render(false);

  constructor(
    private readonly doc: Document,
    private readonly renderer: MarkdownRenderer,
    private readonly scheduler: FrameScheduler,
  ) {
    this.element = doc.createElement('div');
    this.element.className = 'markdown';
  }

  get text(): string {
    return this.source;
  }

  append(text: string): void {
    if (text === '') return;
    this.source += text;
    this.scanner.feed(text);
    this.scheduler.schedule(this.renderTask);
  }

  /**
   * The block will not grow any more (or must show completely now): render the tail through
   * markdown even if it is an unclosed fence. Reference-style link definitions resolve across the
   * whole text, so a block that has any gets one final render as a whole.
   */
  finish(): void {
    if (this.scanner.sawLinkDefinition) this.renderWhole = true;
    this.render(true);
  }

  private render(final: boolean): void {
    if (this.renderWhole) {
      this.renderEverything();
      return;
    }
    this.freezeStablePrefix();
    const fence = this.scanner.openFence;
    if (fence && !final) {
      this.renderLiveFence(fence);
    } else if (this.liveFence || this.tailRenderedThrough !== this.source.length) {
      this.renderTail();
    }
  }

  private freezeStablePrefix(): void {
    const stableEnd = this.scanner.stableEnd;
    if (stableEnd <= this.frozenEnd) return;
    this.clearTail();
    this.element.append(this.renderer.render(this.source.slice(this.frozenEnd, stableEnd)));
    this.frozenEnd = stableEnd;
  }

  private renderTail(): void {
    this.clearTail();
    const tail = this.source.slice(this.frozenEnd);
    if (tail !== '') {
      const fragment = this.renderer.render(tail);
      this.tailNodes = Array.from(fragment.childNodes);
      this.element.append(fragment);
    }
    this.tailRenderedThrough = this.source.length;
  }

  private renderLiveFence(fence: OpenFence): void {
    if (this.liveFence?.segmentStart !== this.frozenEnd) {
      this.clearTail();
      const block = new LiveCodeBlock(this.doc, languageOfInfo(fence.info));
      this.element.append(block.element);
      this.tailNodes = [block.element];
      this.liveFence = { block, segmentStart: this.frozenEnd, appendedTo: fence.contentStart };
    }
    const live = this.liveFence;
    const safeEnd = this.scanner.fenceSafeEnd;
    if (safeEnd > live.appendedTo) {
      live.block.append(this.source.slice(live.appendedTo, safeEnd));
      live.appendedTo = safeEnd;
    }
  }

  private renderEverything(): void {
    this.clearTail();
    this.element.replaceChildren(this.renderer.render(this.source));
    this.frozenEnd = this.source.length;
  }

  private clearTail(): void {
    for (const node of this.tailNodes) node.remove();
    this.tailNodes = [];
    this.tailRenderedThrough = -1;
    this.liveFence = undefined;
  }
}
