/**
 * Applies an accepted proposal as one WorkspaceEdit — one undo step — against the file as it is
 * at that moment (unsaved changes included). If the file changed since the proposal, the edit is
 * re-resolved when that is safe; otherwise it goes stale and nothing is written.
 */
import * as vscode from 'vscode';
import type { ProposalApplier } from '../chat/chatController';
import type { Proposal } from '../core/edits/proposal';
import { reResolve } from '../core/edits/resolveProposal';
import { RESTRICTED_MODE_REASON } from './vscodeToolHost';
import { hashText, readSnapshot } from './workspaceFiles';
import { showProposalDiff } from './proposalDiff';

export class WorkspaceEditApplier implements ProposalApplier {
  async accept(proposal: Proposal): Promise<{ status: 'accepted' | 'stale' | 'invalid'; reason?: string }> {
    if (!vscode.workspace.isTrusted) return { status: 'invalid', reason: RESTRICTED_MODE_REASON };
    if (!proposal.absolutePath || !proposal.change) return { status: 'invalid', reason: proposal.reason ?? 'The proposal has nothing to apply.' };
    const uri = vscode.Uri.file(proposal.absolutePath);
    const edit = new vscode.WorkspaceEdit();

    if (proposal.command === 'create') {
      const snapshot = await readSnapshot(proposal.absolutePath);
      const change = reResolve(proposal, snapshot, hashText);
      if (!change.ok) return { status: 'stale', reason: change.reason };
      edit.createFile(uri, { overwrite: false, ignoreIfExists: false });
      edit.insert(uri, new vscode.Position(0, 0), change.replacement);
      const applied = await vscode.workspace.applyEdit(edit);
      if (!applied) return { status: 'stale', reason: `VS Code could not create ${proposal.path}.` };
      await vscode.workspace.openTextDocument(uri).then((d) => d.save());
      return { status: 'accepted' };
    }

    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch {
      return { status: 'stale', reason: `${proposal.path} can no longer be opened (deleted or moved?).` };
    }
    // Read and edit in the same tick: no await between the text we resolve against and the edit.
    const change = reResolve(proposal, { exists: true, text: document.getText() }, hashText);
    if (!change.ok) return { status: 'stale', reason: change.reason };
    const wasDirty = document.isDirty;
    edit.replace(uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.replacement);
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) return { status: 'stale', reason: `VS Code refused the edit to ${proposal.path} (is it read-only?).` };
    // A file the user had not touched is saved, so disk matches what they accepted; unsaved work stays unsaved.
    if (!wasDirty) await document.save();
    return { status: 'accepted' };
  }

  showDiff(proposal: Proposal): Promise<void> {
    return showProposalDiff(proposal);
  }
}
