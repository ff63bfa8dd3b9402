/**
 * Markdown parked as plain text (see StreamingMarkdown): the source between two of the scanner's
 * cuts, shown as it is in a group of its own and formatted later, when it comes near the viewport
 * or the page is idle (`LaterFormatting`). It is not even parsed until then.
 *
 * The scanner's cuts are checked when the text is formatted: marked parses it with the line after
 * it, as for any cut. If marked's blocks do not end where the text does, everything rendered after
 * that cut began in the wrong place, so the owner renders the whole block again (`onMismatch`).
 */
import type { BlockGroups } from './blockGroups.js';
import { blocksBeforeCut } from './blockBoundaries.js';
import { estimatedHeightEm } from './estimatedHeight.js';
import type { MarkdownRenderer } from './markdownRenderer.js';

export const PARKED_CLASS = 'markdown-parked';

/** Formats parked text when it comes near the viewport, or else when the page is idle. */
export interface LaterFormatting {
  formatLater(group: HTMLElement, format: () => void): void;
  /** `group` is gone: forget it. */
  forget(group: HTMLElement): void;
}

export class ParkedText {
  /** Groups waiting to be formatted. */
  private readonly waiting = new Set<HTMLElement>();

  constructor(
    private readonly groups: BlockGroups,
    private readonly renderer: MarkdownRenderer,
    private readonly later: LaterFormatting,
    private readonly onMismatch: () => void,
  ) {}

  /** Parks `text`, which ends at a cut; `nextLine` is the line after it, to check the cut with. */
  park(text: string, nextLine: string): void {
    const group = this.groups.appendOwnGroup();
    group.classList.add(PARKED_CLASS);
    group.style.containIntrinsicSize = `auto ${estimatedHeightEm(text)}em`;
    group.append(group.ownerDocument.createTextNode(text));
    this.waiting.add(group);
    this.later.formatLater(group, () => this.format(group, text, nextLine));
  }

  /** Forgets every group still waiting: they are gone (the block is rendered again). */
  forgetAll(): void {
    for (const group of this.waiting) this.later.forget(group);
    this.waiting.clear();
  }

  private format(group: HTMLElement, text: string, nextLine: string): void {
    if (!this.waiting.delete(group)) return;
    const blocks = this.renderer.parse(text + nextLine);
    const count = blocksBeforeCut(blocks, text.length + nextLine.length, text.length);
    if (count === undefined || (count === 0 && text.trim() !== '')) {
      this.onMismatch();
      return;
    }
    group.classList.remove(PARKED_CLASS);
    group.replaceChildren(this.renderer.render(blocks.slice(0, count)));
  }
}
