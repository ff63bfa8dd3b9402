/**
 * Markdown parked during a burst (see StreamingMarkdown): the source between two of the scanner's
 * cuts, kept in the DOM but not rendered (`content-visibility: hidden`, an estimated height) in a
 * section of its own, and formatted later, when it comes near the viewport or the page is idle
 * (`LaterFormatting`). It is not even parsed until then.
 *
 * The scanner's cuts are checked when the text is formatted: marked parses it with the line after
 * it, as for any cut. If marked's blocks do not end where the text does, everything rendered after
 * that cut began in the wrong place, so the owner renders the whole block again (`mismatch`).
 */
import type { BlockGroups } from './blockGroups.js';
import { blocksBeforeCut } from './blockBoundaries.js';
import { estimatedHeightEm } from './estimatedHeight.js';
import type { MarkdownRenderer } from './markdownRenderer.js';

export const PARKED_CLASS = 'markdown-parked';

/**
 * Final text this far before the end of the text received so far may be parked: more than a
 * screen of a sidebar, so a reader following the answer sees it formatted; parked text a taller
 * panel shows is formatted in the next frame. A stream at reading pace is never this far ahead of
 * rendering.
 */
export const PARK_DISTANCE_CHARS = 4_000;

/**
 * Parked text goes in pieces of up to about this size (a single block may be larger), and only
 * when at least half of it can be parked at once: less is quicker formatted than waited for.
 */
export const PARKED_PIECE_CHARS = 8_000;

/** Formats parked text when it comes near the viewport, or else when the page is idle. */
export interface LaterFormatting {
  /** Calls `format` later, never from within this call. */
  formatLater(element: HTMLElement, format: () => void): void;
  /** `element` is gone: forget it. */
  forget(element: HTMLElement): void;
}

/**
 * Where to cut the final text from `frozenEnd` into pieces to park, at the scanner's `cuts`
 * (ascending, all after `frozenEnd`), given the text received so far ends at `end`.
 */
export function piecesToPark(cuts: readonly number[], frozenEnd: number, end: number): number[] {
  const parkBefore = end - PARK_DISTANCE_CHARS;
  const pieceEnds: number[] = [];
  let pieceStart = frozenEnd;
  let pieceEnd: number | undefined;
  for (const cut of cuts) {
    if (cut > parkBefore) break;
    // A piece that would be less than half the size grows past it instead (one large block).
    if (pieceEnd !== undefined && cut - pieceStart > PARKED_PIECE_CHARS && pieceEnd - pieceStart >= PARKED_PIECE_CHARS / 2) {
      pieceEnds.push(pieceEnd);
      pieceStart = pieceEnd;
    }
    pieceEnd = cut;
  }
  if (pieceEnd !== undefined && pieceEnd - pieceStart >= PARKED_PIECE_CHARS / 2) pieceEnds.push(pieceEnd);
  return pieceEnds;
}

export class ParkedText {
  /** Sections waiting to be formatted. */
  private readonly parked = new Set<HTMLElement>();

  constructor(
    private readonly groups: BlockGroups,
    private readonly renderer: MarkdownRenderer,
    private readonly later: LaterFormatting,
    private readonly on: { formatted(): void; mismatch(): void },
  ) {}

  /** How many pieces wait to be formatted. */
  get waiting(): number {
    return this.parked.size;
  }

  /** Parks `text`, which ends at a cut; `nextLine` is the line after it, to check the cut with. */
  park(text: string, nextLine: string): void {
    const { section, group } = this.groups.appendOwnSection();
    // A skipped section's height is its own estimate, not that of the groups inside it.
    section.style.containIntrinsicSize = group.style.containIntrinsicSize = `auto ${estimatedHeightEm(text)}em`;
    section.classList.add(PARKED_CLASS);
    group.append(group.ownerDocument.createTextNode(text));
    this.parked.add(section);
    this.later.formatLater(section, () => this.format(section, group, nextLine));
  }

  /** Forgets every piece still waiting: they are gone (the block is rendered again). */
  forgetAll(): void {
    for (const section of this.parked) this.later.forget(section);
    this.parked.clear();
  }

  private format(section: HTMLElement, group: HTMLElement, nextLine: string): void {
    if (!this.parked.delete(section)) return;
    // The text is read back from the page rather than kept a second time meanwhile.
    const text = group.textContent ?? '';
    const blocks = this.renderer.parse(text + nextLine);
    const count = blocksBeforeCut(blocks, text.length + nextLine.length, text.length);
    if (count === undefined || (count === 0 && text.trim() !== '')) {
      this.on.mismatch();
      return;
    }
    section.classList.remove(PARKED_CLASS);
    group.replaceChildren(this.renderer.render(blocks.slice(0, count)));
    this.on.formatted();
  }
}
