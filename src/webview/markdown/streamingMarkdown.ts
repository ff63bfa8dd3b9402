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
 * scanner mistake can cost speed but never correctness (parked text is checked later, see below).
 * A large backlog is frozen in slices of about `FREEZE_BUDGET_CHARS`, cut by cut, as many per
 * frame as the frame's time budget allows.
 *
 * Frozen nodes live in `BlockGroups`, the open tail after them. Once finished, a block is exactly
 * a one-shot render of its whole text, grouped the same way (but see parking).
 *
 * Parking: when text arrives much faster than it can be formatted (a burst), the backlog far before
 * the newest text is not even parsed: it waits in the DOM unrendered, and is formatted when it comes
 * near the view or the page is idle (ParkedText). Text already shown formatted is never parked. A
 * parked piece, once formatted, is one group: the block equals a one-shot render but for grouping.
 */
import type { FrameScheduler } from '../frameScheduler.js';
import { blocksBeforeCut, sourceLength } from './blockBoundaries.js';
import { BlockGroups } from './blockGroups.js';
import { BlockScanner } from './blockScanner.js';
import { LiveCodeBlock, type LiveFence } from './codeBlock.js';
import { SourceText } from './sourceText.js';
import { languageOfInfo } from './highlight.js';
import type { MarkdownBlock, MarkdownRenderer } from './markdownRenderer.js';
import { ParkedText, piecesToPark, type LaterFormatting } from './parkedText.js';

/**
 * Newly final markdown is rendered in slices of about this size, as many per frame as its time
 * budget allows. A burst (a whole answer arriving at once) then appears over several frames
 * instead of freezing the panel, and a slice is small enough to fit a frame on a slow machine.
 */
export const FREEZE_BUDGET_CHARS = 4_000;

/**
 * New text is only stored when it arrives; the scanner reads it when rendering, in pieces of this
 * size within the frame's budget, so one huge delta cannot make one long task.
 */
export const SCAN_SLICE_CHARS = 16_000;

/**
 * A first delta up to this size is rendered as soon as it arrives rather than at the next frame;
 * a larger one (a burst) waits for the frame and its budget like any other text.
 */
export const FIRST_WORDS_MAX_CHARS = 2_000;

export class StreamingMarkdown {
  readonly element: HTMLElement;
  private readonly groups: BlockGroups;
  private source = new SourceText();
  /** A "\r" at the end of a delta, held until we know whether "\n" follows. */
  private heldCarriageReturn = false;
  private scanner = new BlockScanner();
  /** Source offset up to which the scanner has read. */
  private scannedTo = 0;
  private linkDefinitionSeen = false;
  /** Cuts the scanner proposed that are not frozen yet, oldest first. */
  private pendingCuts: number[] = [];
  /** Source offset up to which markdown is rendered and frozen. */
  private frozenEnd = 0;
  private tailNodes: ChildNode[] = [];
  /** Source length when the tail was last rendered through markdown (-1: not rendered). */
  private tailRenderedThrough = -1;
  private liveFence: LiveFence | undefined;
  /** The block is complete: no live fence any more, the tail renders in its final form. */
  private finished = false;
  /** Set once a final whole render was needed (see `finish`); from then on the block renders whole. */
  private renderWhole = false;
  private wholeRenderedThrough = -1;
  private readonly renderTask = (): void => this.render();
  /** Undefined where nothing may be parked, or no longer after a parked piece's cut was wrong. */
  private parked: ParkedText | undefined;
  /** Waiting for nothing of the block to wait for formatting any more (see `whenFormatted`). */
  private formattedCallbacks: (() => void)[] = [];
  /** Whether parking was ever possible: only then may formatting lag behind the text. */
  private readonly mayPark: boolean;
  /** Text up to here was shown formatted: it is frozen as it is, never parked. */
  private keepFormattedThrough = 0;

  constructor(
    private readonly doc: Document,
    private readonly renderer: MarkdownRenderer,
    private readonly scheduler: FrameScheduler,
    later?: LaterFormatting,
  ) {
    this.element = doc.createElement('div');
    this.element.className = 'markdown';
    this.groups = new BlockGroups(this.element);
    this.mayPark = later !== undefined;
    if (later) {
      this.parked = new ParkedText(this.groups, renderer, later, {
        formatted: () => this.notifyIfFormatted(),
        mismatch: () => this.renderAgainWithoutParking(),
      });
    }
  }

  append(text: string): void {
    // marked reads "\r\n" and "\r" as "\n"; normalising here keeps source offsets equal to its own.
    let normalized = this.heldCarriageReturn ? `\r${text}` : text;
    this.heldCarriageReturn = normalized.endsWith('\r');
    if (this.heldCarriageReturn) normalized = normalized.slice(0, -1);
    normalized = normalized.replace(/\r\n?/g, '\n');
    if (normalized === '') return;
    const firstWords = this.source.length === 0 && normalized.length <= FIRST_WORDS_MAX_CHARS;
    this.source.append(normalized);
    // Time to first token: the first words render at once, so the coming frame paints them
    // rather than rendering them first.
    if (firstWords && !this.finished) this.scheduler.runNow(this.renderTask);
    else this.scheduler.schedule(this.renderTask);
  }

  /**
   * The block will not grow any more (or must show completely now): render the tail through
   * markdown even if it is an unclosed fence. Reference-style link definitions resolve across the
   * whole text, so a block that has any gets one final render as a whole.
   */
  finish(): void {
    if (this.heldCarriageReturn) {
      this.heldCarriageReturn = false;
      this.source.append('\n');
    }
    this.finished = true;
    // The first words go on screen first, even when the rest arrived right behind them.
    this.scheduler.runNowOrAfterFirstPaint(this.renderTask);
  }

  /**
   * Calls `callback` once no text of the finished block waits to be formatted any more (parked, or
   * about to be): at once if none does.
   */
  whenFormatted(callback: () => void): void {
    this.formattedCallbacks.push(callback);
    this.notifyIfFormatted();
  }

  private notifyIfFormatted(): void {
    if (this.formattedCallbacks.length === 0) return;
    // A render still due may yet park text, or is rendering the block again from its start.
    if (this.mayPark && (this.scheduler.isScheduled(this.renderTask) || (this.parked?.waiting ?? 0) > 0)) return;
    const callbacks = this.formattedCallbacks;
    this.formattedCallbacks = [];
    for (const callback of callbacks) callback();
  }

  private render(): void {
    this.renderSlice();
    this.notifyIfFormatted();
  }

  private renderSlice(): void {
    if (!this.scanNewText()) {
      this.scheduler.continueSoon(this.renderTask);
      return;
    }
    if (this.finished && (this.linkDefinitionSeen || this.scanner.sawLinkDefinition)) this.renderWhole = true;
    if (this.renderWhole) {
      if (this.wholeRenderedThrough !== this.source.length) this.renderEverything();
    } else if (!this.finished && this.liveFenceStillOpen()) {
      this.appendLiveCode(this.liveFence!);
    } else if (this.liveFence || this.tailRenderedThrough !== this.source.length || this.hasUnfrozenFinalText()) {
      this.renderTail();
    }
  }

  /** Lets the scanner read the text that arrived; false when the frame's budget ran out first. */
  private scanNewText(): boolean {
    while (this.scannedTo < this.source.length) {
      const end = Math.min(this.source.length, this.scannedTo + SCAN_SLICE_CHARS);
      this.scanner.feed(this.source.slice(this.scannedTo, end));
      this.scannedTo = end;
      if (this.scannedTo < this.source.length && !this.scheduler.hasTimeLeft()) return false;
    }
    return true;
  }

  /** A finished block's tail still waits to be frozen into the groups. */
  private hasUnfrozenFinalText(): boolean {
    return this.finished && this.frozenEnd !== this.source.length;
  }

  private liveFenceStillOpen(): boolean {
    return this.liveFence !== undefined && this.scanner.openFence?.contentStart === this.liveFence.contentStart;
  }

  private renderTail(): void {
    this.pendingCuts = this.pendingCuts.concat(this.scanner.takeCuts());
    // What is on screen formatted already stays so: it is frozen as it is before anything is parked.
    this.keepFormattedThrough = Math.max(this.keepFormattedThrough, this.shownEnd());
    while (this.frozenEnd < this.keepFormattedThrough && this.freezeBacklogSlice()) {
      if (!this.scheduler.hasTimeLeft()) {
        this.scheduler.continueSoon(this.renderTask);
        return;
      }
    }
    this.parkFarBacklog();
    while (this.freezeBacklogSlice()) {
      if (!this.scheduler.hasTimeLeft()) {
        this.scheduler.continueSoon(this.renderTask);
        return;
      }
    }
    const tail = this.source.slice(this.frozenEnd);
    const blocks = this.renderer.parse(tail);
    const frozenCount = this.countFreezableBlocks(blocks, tail.length);
    this.clearTail();
    this.freeze(blocks.slice(0, frozenCount));
    const open = blocks.slice(frozenCount);
    if (this.finished) {
      // Nothing follows any more, so the tail is final too.
      this.freeze(open);
      this.tailRenderedThrough = this.source.length;
      return;
    }
    if (this.startsLiveFence(open)) return;
    const fragment = this.renderer.render(open);
    this.tailNodes = Array.from(fragment.childNodes);
    this.element.append(fragment);
    this.tailRenderedThrough = this.source.length;
  }

  /**
   * When more final text waits than one frame should render, freezes the part up to the last cut
   * within the budget (parsing one line past it, so marked can confirm the boundary). Returns
   * false when there is no backlog, or marked disagrees and the regular path has to decide.
   */
  private freezeBacklogSlice(): boolean {
    this.dropFrozenCuts();
    const stableEnd = this.scanner.stableEnd;
    if (stableEnd - this.frozenEnd <= FREEZE_BUDGET_CHARS) return false;
    let target = this.pendingCuts[0];
    for (const cut of this.pendingCuts) {
      if (cut - this.frozenEnd > FREEZE_BUDGET_CHARS) break;
      target = cut;
    }
    if (target === undefined || target >= stableEnd) return false;
    const slice = this.source.slice(this.frozenEnd, this.endOfLineAt(target));
    const blocks = this.renderer.parse(slice);
    const count = blocksBeforeCut(blocks, slice.length, target - this.frozenEnd);
    if (count === undefined || count === 0) return false;
    this.clearTail();
    this.freeze(blocks.slice(0, count));
    return true;
  }

  /** Where the text shown formatted (frozen, or the open tail) ends. */
  private shownEnd(): number {
    if (this.liveFence) return this.liveFence.appendedTo;
    return this.tailNodes.length > 0 ? this.tailRenderedThrough : this.frozenEnd;
  }

  /** Parks the final text far enough before the end (see above). */
  private parkFarBacklog(): void {
    // Until what was shown is frozen (the regular path below), nothing after it is parked either.
    if (!this.parked || this.renderWhole || this.frozenEnd < this.keepFormattedThrough) return;
    this.dropFrozenCuts();
    const pieces = piecesToPark(this.pendingCuts, this.frozenEnd, this.source.length);
    for (const end of pieces) this.park(end);
    if (pieces.length > 0) this.scheduler.noteBurst();
  }

  private park(end: number): void {
    this.clearTail();
    this.parked!.park(this.source.slice(this.frozenEnd, end), this.source.slice(end, this.endOfLineAt(end)));
    this.countFrozen(end - this.frozenEnd);
    this.frozenEnd = end;
    this.source.release(end);
  }

  /** The offset just after the line that `offset` is in (its newline), or the end of the text. */
  private endOfLineAt(offset: number): number {
    const lineEnd = this.source.indexOf('\n', offset);
    return lineEnd === -1 ? this.source.length : lineEnd + 1;
  }

  /**
   * A parked piece did not end where marked's blocks do, so the text after it was rendered from the
   * wrong place: renders the block again from its start, parking nothing any more.
   */
  private renderAgainWithoutParking(): void {
    const text = this.source.whole();
    this.discardRendered();
    this.parked = undefined;
    this.source = new SourceText();
    this.source.append(text);
    this.scanner = new BlockScanner();
    this.scannedTo = 0;
    this.pendingCuts = [];
    this.linkDefinitionSeen = false;
    this.wholeRenderedThrough = -1;
    this.scheduler.schedule(this.renderTask);
  }

  /** Takes everything rendered (or parked) out, to render the block again from its start. */
  private discardRendered(): void {
    this.clearTail();
    this.parked?.forgetAll();
    this.groups.clear();
    this.countFrozen(-this.frozenEnd);
    this.frozenEnd = 0;
    this.keepFormattedThrough = 0;
  }

  private countFrozen(chars: number): void {
    if (this.renderer.counters) this.renderer.counters.markdownCharsFrozen += chars;
  }

  /** Forgets the cuts already frozen past (they are in order: only the first few go). */
  private dropFrozenCuts(): void {
    let frozen = 0;
    while (frozen < this.pendingCuts.length && this.pendingCuts[frozen]! <= this.frozenEnd) frozen++;
    if (frozen > 0) this.pendingCuts.splice(0, frozen);
  }

  private freeze(blocks: readonly MarkdownBlock[]): void {
    if (blocks.length === 0) return;
    this.groups.append(Array.from(this.renderer.render(blocks).childNodes));
    const length = sourceLength(blocks);
    this.frozenEnd += length;
    this.source.release(this.frozenEnd);
    this.countFrozen(length);
  }

  /**
   * How many leading blocks of the tail to freeze: those before the scanner's cut, provided marked
   * agrees a block starts there. If it does not, the scanner lost step with marked (an unusual
   * construct); marked's structure wins and the scanner restarts at the last block.
   */
  private countFreezableBlocks(blocks: readonly MarkdownBlock[], tailLength: number): number {
    const cut = this.scanner.stableEnd - this.frozenEnd;
    if (cut <= 0) return 0;
    return blocksBeforeCut(blocks, tailLength, cut) ?? this.restartScanner(blocks);
  }

  private restartScanner(blocks: readonly MarkdownBlock[]): number {
    let lastBlock = blocks.length - 1;
    while (lastBlock > 0 && blocks[lastBlock]!.type === 'space') lastBlock--;
    const restartAt = this.frozenEnd + sourceLength(blocks.slice(0, lastBlock));
    this.linkDefinitionSeen ||= this.scanner.sawLinkDefinition;
    this.scanner = new BlockScanner(restartAt);
    // The new scanner proposes its own cuts from there; keeping the lost one's would leave them unordered.
    this.pendingCuts = [];
    this.scanner.feed(this.source.slice(restartAt, this.scannedTo));
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
    this.discardRendered();
    this.freeze(this.renderer.parse(this.source.whole()));
    this.wholeRenderedThrough = this.source.length;
  }

  private clearTail(): void {
    for (const node of this.tailNodes) node.remove();
    this.tailNodes = [];
    this.tailRenderedThrough = -1;
    this.liveFence = undefined;
  }
}
