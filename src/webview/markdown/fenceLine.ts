/** The syntax of fenced code block lines, matching marked's fence rule. */

export interface FenceOpener {
  /** Column of the fence marker, after any indentation and list markers on the same line. */
  readonly column: number;
  /** The exact opening marker, e.g. "```" or "~~~~". */
  readonly marker: string;
  readonly info: string;
}

const LIST_MARKER_PREFIX = /^(?: {0,3}(?:[-+*]|\d{1,9}[.)])[ \t]+)+/;
// Backtick fences may not have backticks in their info string.
const FENCE_OPENER = /^( {0,3})(`{3,}(?=[^`]*$)|~{3,})(.*)$/;

/** The fence a line opens (possibly right after a list marker, as in "1. ```sh"), if any. */
export function parseFenceOpener(line: string): FenceOpener | undefined {
  const listPrefix = LIST_MARKER_PREFIX.exec(line)?.[0] ?? '';
  const match = FENCE_OPENER.exec(line.slice(listPrefix.length));
  if (!match) return undefined;
  return { column: listPrefix.length + match[1]!.length, marker: match[2]!, info: match[3]!.trim() };
}

/** Recognises the line that closes a fence opened with `marker`. */
export class FenceLine {
  constructor(private readonly marker: string) {}

  /**
   * A closer repeats the opening marker (or more of the same character), indented at most three
   * columns past `baseColumn` (the content column of an enclosing list item), then only spaces.
   */
  closes(line: string, baseColumn: number): boolean {
    let indent = 0;
    while (line[indent] === ' ') indent++;
    if (indent < baseColumn || indent > baseColumn + 3) return false;
    const rest = line.slice(indent);
    if (!rest.startsWith(this.marker)) return false;
    let end = this.marker.length;
    while (rest[end] === this.marker[0]) end++;
    while (rest[end] === ' ') end++;
    return end === rest.length;
  }
}
