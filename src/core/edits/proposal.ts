/**
 * A proposed edit: what the model asked for, resolved against the file as it was, waiting for the
 * user. It changes nothing until accepted, and it knows what to tell the model about its fate.
 */
import type { EditCommand } from './toolCalls';

export type ProposalStatus =
  /** Waiting for Accept or Reject. */
  | 'pending'
  | 'accepted'
  | 'rejected'
  /** The file changed so that the edit no longer applies; never applied over the user's work. */
  | 'stale'
  /** It could not be resolved at all (no match, several matches, a refused path…). */
  | 'invalid'
  /** Its turn failed or was stopped; never acceptable. */
  | 'discarded';

export interface Proposal {
  readonly id: string;
  readonly turnId: string;
  readonly toolUseId: string;
  readonly command: EditCommand;
  /** Workspace-relative, as shown; empty when the path itself was refused. */
  readonly path: string;
  /** Absolute file path once confined to the workspace. */
  readonly absolutePath?: string;
  /** The model's input (old_str/new_str, insert_line, file_text), to re-resolve on a changed file. */
  readonly input: Readonly<Record<string, unknown>>;
  /** Version of the open document it was resolved against (undefined: read from disk). */
  readonly baseVersion?: number;
  /** Hash of the text it was resolved against, which also survives reloads. */
  readonly baseHash?: string;
  /** The whole proposed file text (for Show diff and create). */
  readonly newText?: string;
  /** The change as offsets into the base text. */
  readonly change?: { readonly start: number; readonly end: number; readonly replacement: string };
  readonly added: number;
  readonly removed: number;
  status: ProposalStatus;
  reason?: string;
}

/** What the model is told in the `tool_result` for this proposal. */
export function toolResultFor(proposal: Proposal): { content: string; isError: boolean } {
  const where = proposal.path || 'the file';
  switch (proposal.status) {
    case 'pending':
      return { content: `The proposed edit to ${where} is waiting for the user's review; it has not been applied yet.`, isError: false };
    case 'accepted':
      return { content: `The user accepted the edit; it was applied to ${where}.`, isError: false };
    case 'rejected':
      return { content: `The user rejected the edit; ${where} was not changed.`, isError: false };
    case 'stale':
      return { content: `The edit was not applied: ${proposal.reason ?? `${where} changed since it was proposed`}`, isError: true };
    case 'invalid':
      return { content: `Error: ${proposal.reason ?? 'the edit could not be resolved.'}`, isError: true };
    case 'discarded':
      return { content: 'The response was interrupted, so this edit was discarded and not applied.', isError: true };
  }
}

/** Lines added and removed by replacing `removedText` with `addedText` (for the chat's "+3 −1"). */
export function lineStats(removedText: string, addedText: string): { added: number; removed: number } {
  const count = (t: string) => (t === '' ? 0 : t.split('\n').length - (t.endsWith('\n') ? 1 : 0));
  return { added: count(addedText), removed: count(removedText) };
}
