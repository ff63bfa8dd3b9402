/** Accept / Reject from the palette, keybindings, CodeLens and scripts. */
import * as vscode from 'vscode';
import type { ProposalOwner } from '../chat/chatRegistry';
import type { Proposal } from '../core/edits/proposal';
import { sameFile } from './selection';

/** The proposals a command acts on: the one named, else every pending one of the focused file. */
function targets(chat: ProposalOwner, proposalId: unknown): Proposal[] {
  if (typeof proposalId === 'string') {
    const proposal = chat.proposal(proposalId);
    return proposal ? [proposal] : [];
  }
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri ? chat.pendingProposals().filter((p) => sameFile(p.absolutePath, uri)) : [];
}

export async function acceptProposal(chat: ProposalOwner, proposalId?: unknown): Promise<string[]> {
  const proposals = targets(chat, proposalId);
  if (proposals.length === 0) {
    void vscode.window.showInformationMessage('Inkwell: no pending proposed edit here.');
    return [];
  }
  const statuses: string[] = [];
  for (const p of proposals) {
    const status = (await chat.acceptProposal(p.id)) ?? 'missing';
    statuses.push(status);
    if (status === 'stale' || status === 'invalid') void vscode.window.showWarningMessage(`Inkwell: not applied — ${p.reason ?? status}`);
  }
  return statuses;
}

export function rejectProposal(chat: ProposalOwner, proposalId?: unknown): string[] {
  return targets(chat, proposalId).map((p) => chat.rejectProposal(p.id) ?? 'missing');
}
