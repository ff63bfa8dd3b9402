/**
 * Finds where streamed markdown can be cut into blocks that later text can no longer change, by
 * looking at each line once as it completes. `stableEnd` only moves forward: everything before it
 * renders the same whether it is parsed alone or together with whatever follows.
 *
 * The rules follow CommonMark block structure (as marked implements it), erring on the side of not
 * cutting: a cut that is too late only costs a larger open tail. The renderer still checks every
 * cut against marked's own block boundaries before freezing anything (see StreamingMarkdown).
 */
import { FenceLine, parseFenceOpener, type FenceOpener } from './fenceLine.js';

/** A fenced code block that starts exactly at `stableEnd` and has not closed yet. */
export interface OpenFence {
  /** Offset of the first character after the opening fence line. */
  readonly contentStart: number;
  /** The info string after the fence marker (language and anything else). */
  readonly info: string;
}

interface FenceState {
  readonly closer: FenceLine;
  readonly contentStart: number;
  readonly info: string;
  /** The fence sits at column 0 and began the current segment, so closing it ends the segment. */
  readonly ownsSegment: boolean;
  /** Content column of the list item holding the fence; undefined at top level. */
  readonly itemColumn: number | undefined;
}

const BLANK = /^[ \t]*$/;
const LIST_MARKER = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
// An unfinished line that may still turn out to be a list marker ("1", "12.", "-").
const LIST_MARKER_START = /^(?:[-+*]|\d{1,9}[.)]?)$/;
const ANY_LIST_MARKER = /^([ \t]*)([-+*]|\d{1,9}[.)])([ \t]*)(.?)/;
// Lines that start a new block and so cannot be a lazy continuation of a list item's paragraph.
const BLOCK_START = /^ {0,3}(?:#{1,6}(?:[ \t]|$)|>|<[A-Za-z!?/]|(?:[-*_][ \t]*){3,}$)/;
// A thematic break ("* * *", "---") wins over a list marker.
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const INDENTED_CODE = /^(?: {4}| {0,3}\t)/;
const STARTS_INDENTED = /^[ \t]/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:/;
// Could the unfinished last line still become a closing fence?
const CLOSER_PREFIX = /^ *[`~]* *$/;

export class BlockScanner {
  private consumed: number;
  private pendingLine = '';
  private pendingLineStart: number;

  private segmentStart: number;
  private segmentHasContent = false;
  private segmentHasList = false;
  private segmentHasIndentedCode = false;
  /** The line being read follows a blank line inside the segment. */
  private afterBlankLine = false;
  /** Whether the line after the blank line was already judged from its first characters. */
  private blankLineJudged = false;
  /** Content columns of the list items that are open, outermost first (approximate). */
  private listItemColumns: number[] = [];
  private fence: FenceState | undefined;
  private linkDefinitionSeen = false;
  /** Offsets where segments began since the last `takeCuts`, oldest first. */
  private cuts: number[] = [];

  /** @param startOffset where in the whole text this scanner starts (a known block boundary) */
  constructor(startOffset = 0) {
    this.consumed = startOffset;
    this.pendingLineStart = startOffset;
    this.segmentStart = startOffset;
  }

  /** Everything before this offset is final markdown; the rest is the open tail. */
  get stableEnd(): number {
    return this.segmentStart;
  }

  /** The open tail is a fenced code block still streaming; its code can be appended as plain text. */
  get openFence(): OpenFence | undefined {
    return this.fence?.ownsSegment ? { contentStart: this.fence.contentStart, info: this.fence.info } : undefined;
  }

  /** Reference-style links resolve across blocks, so their presence means a final whole render. */
  get sawLinkDefinition(): boolean {
    return this.linkDefinitionSeen;
  }

  /**
   * Where text that is safe to show inside the open fence ends: the unfinished last line is held
   * back while it might still turn into the closing fence (and the newline before it, which the
   * finished code block does not show either).
   */
  get fenceSafeEnd(): number {
    if (!CLOSER_PREFIX.test(this.pendingLine)) return this.consumed;
    return Math.max(this.fence?.contentStart ?? 0, this.pendingLineStart - 1);
  }

  /** The offsets where new segments began since the last call (each one a possible cut). */
  takeCuts(): number[] {
    const cuts = this.cuts;
    this.cuts = [];
    return cuts;
  }

  /** Reads the next piece of the text. Only complete lines are classified, each exactly once. */
  feed(text: string): void {
    let from = 0;
    for (;;) {
      const newline = text.indexOf('\n', from);
      if (newline === -1) {
        this.pendingLine += text.slice(from);
        break;
      }
      const line = this.pendingLine + text.slice(from, newline);
      const lineStart = this.pendingLineStart;
      const nextLineStart = lineStart + line.length + 1;
      this.pendingLine = '';
      this.pendingLineStart = nextLineStart;
      this.processLine(line.endsWith('\r') ? line.slice(0, -1) : line, lineStart, nextLineStart);
      from = newline + 1;
    }
    this.consumed += text.length;
    if (this.afterBlankLine && !this.blankLineJudged) this.judgeLineAfterBlankEarly();
  }

  private processLine(line: string, lineStart: number, nextLineStart: number): void {
    if (this.fence && this.continuesFence(line, nextLineStart)) return;

    if (BLANK.test(line)) {
      // Blank lines belong to the block before them, so a segment always starts with content.
      if (this.segmentHasContent) this.afterBlankLine = true;
      else this.segmentStart = nextLineStart;
      return;
    }

    const opener = parseFenceOpener(line);
    const wasAfterBlankLine = this.afterBlankLine;
    if (this.afterBlankLine && !this.blankLineJudged && !this.continuesAfterBlankLine(line)) {
      this.startSegment(lineStart);
    } else if (opener?.column === 0 && this.segmentHasContent) {
      // An unindented fence interrupts paragraphs and ends lists, quotes and tables, so whatever
      // came before is complete; cutting here lets the code stream without re-parsing.
      this.startSegment(lineStart);
    }
    this.afterBlankLine = false;
    this.blankLineJudged = false;

    if (LIST_MARKER.test(line)) this.segmentHasList = true;
    if (INDENTED_CODE.test(line)) this.segmentHasIndentedCode = true;
    if (LINK_DEFINITION.test(line)) this.linkDefinitionSeen = true;
    this.trackListItems(line, wasAfterBlankLine || opener !== undefined);
    if (opener) this.beginFence(opener, nextLineStart);
    this.segmentHasContent = true;
  }

  private beginFence(opener: FenceOpener, contentStart: number): void {
    const itemColumn = this.listItemColumns.filter((column) => column <= opener.column).at(-1);
    this.fence = {
      closer: new FenceLine(opener.marker),
      contentStart,
      info: opener.info,
      ownsSegment: opener.column === 0 && !this.segmentHasContent,
      itemColumn,
    };
  }

  /** Handles a line while a fence is open; false when the line is not part of the fence after all. */
  private continuesFence(line: string, nextLineStart: number): boolean {
    const fence = this.fence!;
    const itemColumn = fence.itemColumn ?? 0;
    if (fence.closer.closes(line, itemColumn)) {
      this.fence = undefined;
      if (fence.ownsSegment) this.startSegment(nextLineStart);
      return true;
    }
    // A less indented line ends the list item, and with it the fence (code has no lazy lines).
    if (fence.itemColumn !== undefined && !BLANK.test(line) && leadingColumns(line) < fence.itemColumn) {
      this.fence = undefined;
      return false;
    }
    return true;
  }

  /** Keeps `listItemColumns` roughly in step with the list items a line belongs to. */
  private trackListItems(line: string, endsLazyContinuation: boolean): void {
    const indent = leadingColumns(line);
    const marker = this.listMarkerAt(line, indent);
    if (endsLazyContinuation || marker !== undefined || BLOCK_START.test(line)) {
      while ((this.listItemColumns.at(-1) ?? -1) > indent) this.listItemColumns.pop();
    }
    if (marker !== undefined) this.listItemColumns.push(marker);
  }

  /** The content column of the list item this line starts, if it starts one. */
  private listMarkerAt(line: string, indent: number): number | undefined {
    const match = ANY_LIST_MARKER.exec(line);
    if (!match || THEMATIC_BREAK.test(line)) return undefined;
    const container = this.listItemColumns.filter((column) => column <= indent).at(-1) ?? 0;
    const spacing = match[3]!.length;
    const rest = match[4]!;
    if (indent - container > 3 || (spacing === 0 && rest !== '')) return undefined;
    const markerEnd = indent + match[2]!.length;
    return spacing === 0 || spacing > 4 || rest === '' ? markerEnd + 1 : markerEnd + spacing;
  }

  /** After a blank line, can this line still belong to the block before it? */
  private continuesAfterBlankLine(line: string): boolean {
    if (STARTS_INDENTED.test(line)) return this.segmentHasList || this.segmentHasIndentedCode;
    return this.segmentHasList && LIST_MARKER.test(line);
  }

  /**
   * The first characters of the line after a blank line usually settle whether the block before
   * has ended, so it can freeze now instead of when that line is complete. Decides only what the
   * complete line would decide the same way.
   */
  private judgeLineAfterBlankEarly(): void {
    const line = this.pendingLine;
    if (BLANK.test(line)) return;
    let continues: boolean;
    if (STARTS_INDENTED.test(line)) continues = this.segmentHasList || this.segmentHasIndentedCode;
    else if (!this.segmentHasList) continues = false;
    else if (LIST_MARKER.test(line)) continues = true;
    else if (LIST_MARKER_START.test(line)) return;
    else continues = false;
    if (continues) {
      this.blankLineJudged = true;
    } else {
      // The line is the first of a new segment, which does not follow a blank line of its own.
      this.startSegment(this.pendingLineStart);
    }
  }

  private startSegment(offset: number): void {
    this.segmentStart = offset;
    this.cuts.push(offset);
    this.segmentHasContent = false;
    this.segmentHasList = false;
    this.segmentHasIndentedCode = false;
    this.afterBlankLine = false;
    this.blankLineJudged = false;
    this.listItemColumns = [];
  }
}

/** Indentation in columns, with tabs advancing to the next multiple of four. */
export function leadingColumns(line: string): number {
  let column = 0;
  for (const ch of line) {
    if (ch === ' ') column++;
    else if (ch === '\t') column += 4 - (column % 4);
    else break;
  }
  return column;
}
