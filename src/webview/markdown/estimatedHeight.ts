/** A sidebar line holds about this many characters of answer text; used only to estimate heights. */
const ESTIMATED_CHARS_PER_LINE = 60;
const LINE_HEIGHT_EM = 1.45;

/** About how tall `text` (markdown) will be once rendered, in em: a placeholder's height. */
export function estimatedHeightEm(text: string): number {
  const lines = text.length / ESTIMATED_CHARS_PER_LINE + countNewlines(text) / 2;
  return Math.ceil(lines * LINE_HEIGHT_EM);
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
