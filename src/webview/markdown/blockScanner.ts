/**
 * Finds where streamed markdown can be cut into blocks that later text can no longer change, by
 * looking at each line once as it completes. `stableEnd` only moves forward: everything before it
 * renders the same whether it is parsed alone or together with whatever follows.
 *
 * The rules follow CommonMark block structure (as marked implements it), erring on the side of not
 * cutting: a cut that is too late only costs a larger open tail, a cut that is too early would
 * render wrongly forever.
 */

/** A fenced code block that starts exactly at `stableEnd` and has not closed yet. */
export interface OpenFence {
  /** Offset of the first character after the opening fence line. */
  readonly contentStart: number;
  /** The info string after the fence marker (language and anything else). */
  readonly info: string;
}

interface FenceState {
  /** The exact opening marker (e.g. "```" or "~~~~"); a closer starts with it. */
  readonly marker: string;
  readonly contentStart: number;
  readonly info: string;
  /** The fence sits at column 0 and began the current segment, so closing it ends the segment. */
  readonly ownsSegment: boolean;
  /**
   * The fence belongs to a list item: its closer may be indented like the item's content, and an
   * unindented line ends the item (and with it the fence).
   */
  readonly inListItem: boolean;
}

const BLANK = /^[ \t]*$/;
const LIST_MARKER = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
// An unfinished line that may still turn out to be a list marker ("1", "12.", "-").
const LIST_MARKER_START = /^(?:[-+*]|\d{1,9}[.)]?)$/;
const LIST_MARKER_PREFIX = /^(?: {0,3}(?:[-+*]|\d{1,9}[.)])[ \t]+)+/;
// Same shape as marked's fence rule: backtick fences may not have backticks in their info string.
const FENCE_OPENER = /^( {0,3})(`{3,}(?=[^`]*$)|~{3,})(.*)$/;
const INDENTED_CODE = /^(?: {4}| {0,3}\t)/;
const STARTS_INDENTED = /^[ \t]/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:/;
// Could the unfinished last line still become a closing fence?
const CLOSER_PREFIX = /^ *[`~]* *$/;

export class BlockScanner {
  private consumed = 0;
  private pendingLine = '';
  private pendingLineStart = 0;

  private segmentStart = 0;
  private segmentHasContent = false;
  private segmentHasList = false;
  private segmentHasIndentedCode = false;
  private afterBlankLine = false;
  private fence: FenceState | undefined;
  private linkDefinitionSeen = false;

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
    if (this.afterBlankLine) this.decideEarlyAfterBlankLine();
  }

  /**
   * The first characters of the line after a blank line usually settle whether the block before
   * has ended, so it can freeze now instead of when that line is complete. Decides only what the
   * complete line would decide the same way.
   */
  private decideEarlyAfterBlankLine(): void {
    const line = this.pendingLine;
    if (BLANK.test(line)) return;
    let continues: boolean;
    if (STARTS_INDENTED.test(line)) continues = this.segmentHasList || this.segmentHasIndentedCode;
    else if (!this.segmentHasList) continues = false;
    else if (LIST_MARKER.test(line)) continues = true;
    else if (LIST_MARKER_START.test(line)) return;
    else continues = false;
    if (!continues) this.startSegment(this.pendingLineStart);
    this.afterBlankLine = false;
  }

  private processLine(line: string, lineStart: number, nextLineStart: number): void {
    if (this.fence && this.continuesFence(line, nextLineStart)) return;

    if (BLANK.test(line)) {
      if (this.segmentHasContent) this.afterBlankLine = true;
      return;
    }

    const opener = parseFenceOpener(line);
    if (this.afterBlankLine && !this.continuesAfterBlankLine(line)) {
      this.startSegment(lineStart);
    } else if (opener?.column === 0 && this.segmentHasContent) {
      // An unindented fence interrupts paragraphs and ends lists, quotes and tables, so whatever
      // came before is complete; cutting here lets the code stream without re-parsing.
      this.startSegment(lineStart);
    }
    this.afterBlankLine = false;

    if (LIST_MARKER.test(line)) this.segmentHasList = true;
    if (INDENTED_CODE.test(line)) this.segmentHasIndentedCode = true;
    if (LINK_DEFINITION.test(line)) this.linkDefinitionSeen = true;
    if (opener) {
      this.fence = {
        marker: opener.marker,
        contentStart: nextLineStart,
        info: opener.info,
        ownsSegment: opener.column === 0 && !this.segmentHasContent,
        inListItem: this.segmentHasList && (opener.column > 0 || opener.afterListMarker),
      };
    }
    this.segmentHasContent = true;
  }

  /** Handles a line while a fence is open; false when the line is not part of the fence after all. */
  private continuesFence(line: string, nextLineStart: number): boolean {
    const fence = this.fence!;
    if (isFenceCloser(line, fence)) {
      this.fence = undefined;
      if (fence.ownsSegment) this.startSegment(nextLineStart);
      return true;
    }
    if (fence.inListItem && !BLANK.test(line) && !STARTS_INDENTED.test(line)) {
      this.fence = undefined;
      return false;
    }
    return true;
  }

  /** After a blank line, can this line still belong to the block before it? */
  private continuesAfterBlankLine(line: string): boolean {
    if (STARTS_INDENTED.test(line)) return this.segmentHasList || this.segmentHasIndentedCode;
    return this.segmentHasList && LIST_MARKER.test(line);
  }

  private startSegment(offset: number): void {
    this.segmentStart = offset;
    this.segmentHasContent = false;
    this.segmentHasList = false;
    this.segmentHasIndentedCode = false;
    this.afterBlankLine = false;
  }
}

interface FenceOpener {
  readonly column: number;
  readonly marker: string;
  readonly info: string;
  readonly afterListMarker: boolean;
}

function parseFenceOpener(line: string): FenceOpener | undefined {
  const listPrefix = LIST_MARKER_PREFIX.exec(line)?.[0] ?? '';
  const match = FENCE_OPENER.exec(line.slice(listPrefix.length));
  if (!match) return undefined;
  return {
    column: listPrefix.length + match[1]!.length,
    marker: match[2]!,
    info: match[3]!.trim(),
    afterListMarker: listPrefix.length > 0,
  };
}

function isFenceCloser(line: string, fence: FenceState): boolean {
  let indent = 0;
  while (line[indent] === ' ') indent++;
  if (!fence.inListItem && indent > 3) return false;
  const rest = line.slice(indent);
  if (!rest.startsWith(fence.marker)) return false;
  const char = fence.marker[0];
  let end = fence.marker.length;
  while (rest[end] === char) end++;
  while (rest[end] === ' ') end++;
  return end === rest.length;
}
