/**
 * Show diff: VS Code's diff editor between the file as it is now and the file as the proposal
 * would make it, served as a read-only virtual document. Nothing touches the real file.
 */
import * as vscode from 'vscode';
import type { Proposal } from '../core/edits/proposal';
import { reResolve } from '../core/edits/resolveProposal';
import { hashText, readSnapshot } from './workspaceFiles';

export const PROPOSAL_SCHEME = 'inkwell-proposal';

type ProposalLookup = (id: string) => Proposal | undefined;

export class ProposalContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly lookup: ProposalLookup) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const params = new URLSearchParams(uri.query);
    if (params.get('side') === 'empty') return '';
    const proposal = this.lookup(params.get('id') ?? '');
    if (!proposal?.absolutePath) return '';
    if (proposal.command === 'create') return proposal.change?.replacement ?? '';
    // Show the edit on top of the file as it is now, when it still applies there.
    const current = await readSnapshot(proposal.absolutePath);
    const change = reResolve(proposal, current, hashText);
    return change.ok ? change.newText : (proposal.newText ?? '');
  }
}

export function proposalUri(proposal: Proposal, side: 'proposed' | 'empty'): vscode.Uri {
  const name = proposal.path.split('/').pop() || 'proposal';
  return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${proposal.path || name}`, query: `id=${encodeURIComponent(proposal.id)}&side=${side}` });
}

export async function showProposalDiff(proposal: Proposal): Promise<void> {
  if (!proposal.absolutePath) {
    void vscode.window.showWarningMessage(`Inkwell: this proposal has no file to compare (${proposal.reason ?? 'invalid'}).`);
    return;
  }
  const left = proposal.command === 'create' ? proposalUri(proposal, 'empty') : vscode.Uri.file(proposal.absolutePath);
  const title = `${proposal.path} ↔ proposed edit`;
  await vscode.commands.executeCommand('vscode.diff', left, proposalUri(proposal, 'proposed'), title, { preview: true });
}
