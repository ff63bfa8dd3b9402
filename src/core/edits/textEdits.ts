/**
 * The text editor tool's edits as pure functions over a file's text: each either produces the new
 * text and the changed range, or says exactly why it cannot apply. Line endings follow the file:
 * in a CRLF file, the model's LF text is matched and inserted as CRLF.
 */

export interface TextChange {
  readonly ok: true;
  readonly newText: string;
  /** Offsets in the old text of the replaced range, and the text that replaces it. */
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

export interface EditFailure {
  readonly ok: false;
  readonly reason: string;
}

export type EditResult = TextChange | EditFailure;

/** The file's line ending, judged by its first line break. */
export function lineEnding(text: string): '\r\n' | '\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

function toFileEndings(text: string, eol: '\r\n' | '\n'): string {
  return eol === '\n' ? text.replace(/\r\n/g, '\n') : text.replace(/\r?\n/g, '\r\n');
}

/** Counts matches without overlapping, stopping at `limit`. */
function occurrences(haystack: string, needle: string, limit = 2): number[] {
  const found: number[] = [];
  let from = 0;
  while (found.length < limit) {
    const at = haystack.indexOf(needle, from);
    if (at === -1) break;
    found.push(at);
    from = at + needle.length;
  }
  return found;
}

export function strReplace(text: string, oldStr: unknown, newStr: unknown): EditResult {
  if (typeof oldStr !== 'string' || oldStr === '') return { ok: false, reason: 'old_str is missing or empty.' };
  if (newStr !== undefined && typeof newStr !== 'string') return { ok: false, reason: 'new_str must be a string.' };
  const eol = lineEnding(text);
  const needle = toFileEndings(oldStr, eol);
  const replacement = toFileEndings(newStr ?? '', eol);
  const found = occurrences(text, needle);
  if (found.length === 0) return { ok: false, reason: 'old_str was not found in the file (it must match exactly, including whitespace).' };
  if (found.length > 1) {
    const lines = found.map((at) => lineOf(text, at)).join(' and ');
    return { ok: false, reason: `old_str matches more than once (lines ${lines}); include more context to make it unique.` };
  }
  const start = found[0]!;
  const end = start + needle.length;
  return { ok: true, newText: text.slice(0, start) + replacement + text.slice(end), start, end, replacement };
}

/** Inserts `newStr` after line `insertLine` (1-based; 0 = at the top). */
export function insertAfterLine(text: string, insertLine: unknown, newStr: unknown): EditResult {
  if (typeof newStr !== 'string') return { ok: false, reason: 'new_str (the text to insert) is missing.' };
  if (typeof insertLine !== 'number' || !Number.isInteger(insertLine) || insertLine < 0) {
    return { ok: false, reason: 'insert_line must be a whole number, 0 or more.' };
  }
  const eol = lineEnding(text);
  const starts = lineStarts(text);
  const lineCount = text.endsWith('\n') ? starts.length - 1 : starts.length;
  if (insertLine > lineCount) return { ok: false, reason: `insert_line ${insertLine} is past the end of the file (${lineCount} lines).` };
  let inserted = toFileEndings(newStr, eol);
  if (!inserted.endsWith(eol)) inserted += eol;
  const at = insertLine === 0 ? 0 : (starts[insertLine] ?? text.length);
  // After a last line without a line break, the insertion starts on a line of its own.
  const needsBreak = at === text.length && text.length > 0 && !text.endsWith('\n');
  const replacement = (needsBreak ? eol : '') + inserted;
  return { ok: true, newText: text.slice(0, at) + replacement + text.slice(at), start: at, end: at, replacement };
}

export function createFile(exists: boolean, fileText: unknown): EditResult {
  if (exists) return { ok: false, reason: 'the file already exists; create never overwrites (use str_replace to change it).' };
  if (typeof fileText !== 'string') return { ok: false, reason: 'file_text is missing.' };
  return { ok: true, newText: fileText, start: 0, end: 0, replacement: fileText };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
