/**
 * The words the status-bar item uses for the answers streaming in this window. Pure (no
 * `vscode`), so the wording is tested in plain Node.
 */
import type { CodeContext } from '../shared/transcript';

export interface StreamingEntry {
  readonly chatName: string;
  readonly text: string;
  readonly context?: CodeContext;
  /** Set while the answer waits to retry a failed request: when the next attempt goes (epoch ms). */
  readonly retryAt?: number;
}

export interface StreamingSummary {
  readonly text: string;
  /** One line per answer, then what a click does. */
  readonly tooltip: string;
  /** What a screen reader announces for the item. */
  readonly accessibilityLabel: string;
  /** One line per answer, in the order given (also the QuickPick's labels). */
  readonly lines: readonly string[];
}

/** Longest question shown in a line before it is cut with an ellipsis. */
export const LINE_CHARS = 40;

/** One answer as a line: "Chat: how do I…", or for code from the editor "Explain src/a.ts:3–9". */
export function describeAnswer(entry: StreamingEntry): string {
  const oneLine = entry.text.replace(/\s+/g, ' ').trim();
  const { context } = entry;
  if (context) {
    // The command's verb ("Explain", "Edit") and where: the path is what tells two of them apart, so it is never cut.
    const lines = context.startLine === context.endLine ? `${context.startLine}` : `${context.startLine}–${context.endLine}`;
    return `${oneLine.split(' ')[0]} ${context.path}:${lines}`;
  }
  const short = oneLine.length > LINE_CHARS ? `${oneLine.slice(0, LINE_CHARS - 1).trimEnd()}…` : oneLine;
  return `${entry.chatName}: ${short}`;
}

/**
 * Undefined when nothing streams (the item is hidden then). An answer waiting to retry says so,
 * with the seconds left when the summary was made: the item is not redrawn every second.
 */
export function summarizeStreaming(entries: readonly StreamingEntry[], now: number = Date.now()): StreamingSummary | undefined {
  if (entries.length === 0) return undefined;
  const lines = entries.map((entry) => describeAnswer(entry) + (entry.retryAt === undefined ? '' : ` (retrying in ${Math.max(0, Math.ceil((entry.retryAt - now) / 1000))} s)`));
  const several = entries.length > 1;
  const waiting = !several && entries[0]!.retryAt !== undefined;
  const action = several ? 'Click to choose which to stop.' : 'Click to stop it.';
  const doing = several ? `Claude is writing ${entries.length} answers` : waiting ? 'Claude is waiting to retry' : 'Claude is answering';
  return {
    text: several ? `$(loading~spin) Claude: ${entries.length} answers` : waiting ? '$(clock) Claude: waiting to retry' : '$(loading~spin) Claude: answering',
    tooltip: [`${doing}:`, ...lines.map((l) => `• ${l}`), action].join('\n'),
    accessibilityLabel: `${doing}: ${sentence(lines.join('; '))} ${several ? 'Activate to choose which to stop.' : 'Activate to stop it.'}`,
    lines,
  };
}

/** Ends `text` with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  return /[.?!…]$/.test(text) ? text : `${text}.`;
}
