/**
 * Renders one markdown text block while it streams, with work per delta bounded by the size of the
 * block being written rather than the answer:
 *
 * - `BlockScanner` reads each new line once and proposes where the text can be cut: everything
 *   before the cut is final. At the next frame the open tail is parsed once; the blocks before the
 *   cut are rendered, appended and never touched again, and the rest is the new open tail.
 * - The tail is re-rendered at most once per animation frame (all deltas of a frame together).
 * - When the tail is a fenced code block still streaming, new code is appended to its `<code>` as
 *   text: nothing is parsed until the fence closes (or the answer ends), then it is parsed and
 *   highlighted once.
 *
 * A proposed cut is only taken where marked's own parse of the tail has a block boundary too, so a
 * scanner mistake can cost speed but never correctness. The frozen nodes and the tail sit side by
 * side in `element` with no wrappers: the finished block is the same DOM as a one-shot render.
 */
import type { FrameScheduler } from '../frameScheduler.js';
import { BlockScanner } from './blockScanner.js';
import { LiveCodeBlock } from './codeBlock.js';
import { languageOfInfo } from './highlight.js';
import type { MarkdownBlock, MarkdownRenderer } from './markdownRenderer.js';

interface LiveFence {
  readonly block: LiveCodeBlock;
  readonly contentStart: number;
  /** Source offset up to which code has been appended. */
  appendedTo: number;
}

export class StreamingMarkdown {
  readonly element: HTMLElement;
  private source = '';
  /** A "\r" at the end of a delta, held until we know whether "\n" follows. */
  private heldCarriageReturn = false;
  private scanner = new BlockScanner();
  private linkDefinitionSeen = false;
  /** Source offset up to which markdown is rendered and frozen. */
  private frozenEnd = 0;
  private tailNodes: ChildNode[] = [];
  /** Source length when the tail was last rendered through markdown (-1: not rendered). */
  private tailRenderedThrough = -1;
  private liveFence: LiveFence | undefined;
  /** Set once a final whole render was needed (see `finish`); from then on the block renders whole. */
  private renderWhole = false;
  private wholeRenderedThrough = -1;
  private readonly renderTask = (): void => this.render(false);

  constructor(
    private readonly doc: Document,
    private readonly renderer: MarkdownRenderer,
    private readonly scheduler: FrameScheduler,
  ) {
    this.element = doc.createElement('div');
    this.element.className = 'markdown';
  }

  append(text: string): void {
    // marked reads "\r\n" and "\r" as "\n"; normalising here keeps source offsets equal to its own.
    let normalized = this.heldCarriageReturn ? `\r${text}` : text;
    this.heldCarriageReturn = normalized.endsWith('\r');
    if (this.heldCarriageReturn) normalized = normalized.slice(0, -1);
    normalized = normalized.replace(/\r\n?/g, '\n');
    if (normalized === '') return;
    this.source += normalized;
    this.scanner.feed(normalized);
    this.scheduler.schedule(this.renderTask);
  }

  /**
   * The block will not grow any more (or must show completely now): render the tail through
   * markdown even if it is an unclosed fence. Reference-style link definitions resolve across the
   * whole text, so a block that has any gets one final render as a whole.
   */
  finish(): void {
    if (this.heldCarriageReturn) {
      this.heldCarriageReturn = false;
      this.source += '\n';
      this.scanner.feed('\n');
    }
    if (this.linkDefinitionSeen || this.scanner.sawLinkDefinition) this.renderWhole = true;
    this.render(true);
  }

  private render(final: boolean): void {
    if (this.renderWhole) {
      if (this.wholeRenderedThrough !== this.source.length) this.renderEverything();
    } else if (!final && this.liveFenceStillOpen()) {
      this.appendLiveCode(this.liveFence!);
    } else if (this.liveFence || this.tailRenderedThrough !== this.source.length) {
      this.renderTail(final);
    }
  }

  private liveFenceStillOpen(): boolean {
    return this.liveFence !== undefined && this.scanner.openFence?.contentStart === this.liveFence.contentStart;
  }

  private renderTail(final: boolean): void {
    const tail = this.source.slice(this.frozenEnd);
    const blocks = this.renderer.parse(tail);
    const frozenCount = this.countFreezableBlocks(blocks, tail.length);
    this.clearTail();
    if (frozenCount > 0) {
      const frozen = blocks.slice(0, frozenCount);
      this.element.append(this.renderer.render(frozen));
      this.frozenEnd += sourceLength(frozen);
    }
    const open = blocks.slice(frozenCount);
    if (!final && this.startsLiveFence(open)) return;
    const fragment = this.renderer.render(open);
    this.tailNodes = Array.from(fragment.childNodes);
    this.element.append(fragment);
    this.tailRenderedThrough = this.source.length;
  }

  /**
   * How many leading blocks of the tail to freeze: those before the scanner's cut, provided marked
   * agrees a block starts there. If it does not, the scanner lost step with marked (an unusual
   * construct); marked's structure wins and the scanner restarts at the last block.
   */
  private countFreezableBlocks(blocks: readonly MarkdownBlock[], tailLength: number): number {
    const cut = this.scanner.stableEnd - this.frozenEnd;
    if (cut <= 0 || sourceLength(blocks) !== tailLength) return 0;
    let offset = 0;
    for (let index = 0; index < blocks.length; index++) {
      if (offset === cut) return index;
      const end = offset + blocks[index]!.raw.length;
      // Blank lines render nothing, so cutting inside them is the same as cutting before them.
      if (end > cut) return blocks[index]!.type === 'space' ? index : this.restartScanner(blocks);
      offset = end;
    }
    return blocks.length;
  }

  private restartScanner(blocks: readonly MarkdownBlock[]): number {
    (globalThis as any).__restarts = ((globalThis as any).__restarts ?? 0) + 1; if (process.env.SHOW_RESTART) console.log('RESTART', JSON.stringify(this.source));
    let lastBlock = blocks.length - 1;
    while (lastBlock > 0 && blocks[lastBlock]!.type === 'space') lastBlock--;
    const restartAt = this.frozenEnd + sourceLength(blocks.slice(0, lastBlock));
    this.linkDefinitionSeen ||= this.scanner.sawLinkDefinition;
    this.scanner = new BlockScanner(restartAt);
    this.scanner.feed(this.source.slice(restartAt));
    return lastBlock;
  }

  /** Switches to appending code as text when the open tail is exactly one unclosed fence. */
  private startsLiveFence(open: readonly MarkdownBlock[]): boolean {
    const fence = this.scanner.openFence;
    const first = open[0];
    if (!fence || this.scanner.stableEnd !== this.frozenEnd || first?.type !== 'code' || first.codeBlockStyle === 'indented') {
      return false;
    }
    const block = new LiveCodeBlock(this.doc, languageOfInfo(fence.info));
    this.element.append(block.element);
    this.tailNodes = [block.element];
    this.liveFence = { block, contentStart: fence.contentStart, appendedTo: fence.contentStart };
    this.appendLiveCode(this.liveFence);
    return true;
  }

  private appendLiveCode(live: LiveFence): void {
    const safeEnd = this.scanner.fenceSafeEnd;
    if (safeEnd <= live.appendedTo) return;
    live.block.append(this.source.slice(live.appendedTo, safeEnd));
    live.appendedTo = safeEnd;
  }

  private renderEverything(): void {
    this.clearTail();
    const blocks = this.renderer.parse(this.source);
    this.element.replaceChildren(this.renderer.render(blocks));
    this.frozenEnd = this.source.length;
    this.wholeRenderedThrough = this.source.length;
  }

  private clearTail(): void {
    for (const node of this.tailNodes) node.remove();
    this.tailNodes = [];
    this.tailRenderedThrough = -1;
    this.liveFence = undefined;
  }
}

function sourceLength(blocks: readonly MarkdownBlock[]): number {
  let length = 0;
  for (const block of blocks) length += block.raw.length;
  return length;
}
