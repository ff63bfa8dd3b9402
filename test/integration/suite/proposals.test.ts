// Edit proposals in a real VS Code: nothing changes before Accept, Accept applies exactly one
// undoable edit, Reject and stale files leave the user's text alone, unsafe paths are refused.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InkwellApi } from '../../../src/extension';
import type { ProposalView } from '../../../src/shared/transcript';
import type { TurnEndedEvent } from '../../../src/chat/chatController';
import { FakeServerClient } from '../../fake/fakeServerClient';
import { EXPECTED } from '../../fake/scenarioTexts';
import { activateInkwell, answerOf, fakeServerUrl, waitFor, workspaceFolder, writeWorkspaceFile } from './helpers';

const decoder = new TextDecoder();

async function api(): Promise<InkwellApi> {
  return (await activateInkwell()).exports as InkwellApi;
}

function ask(inkwell: InkwellApi, prompt: string): Promise<TurnEndedEvent> {
  return answerOf<TurnEndedEvent>(inkwell, () => vscode.commands.executeCommand('inkwell.ask', prompt));
}

function latestProposal(inkwell: InkwellApi): ProposalView {
  const all = inkwell.chat.proposals();
  const last = all[all.length - 1];
  assert.ok(last, 'a proposal exists');
  return last;
}

describe('edit proposals in VS Code', function () {
  this.timeout(30_000);
  let greet: vscode.Uri;

  beforeEach(async () => {
    await new FakeServerClient(fakeServerUrl()!).reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('inkwell.newChat');
    greet = vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'greet.ts');
    await writeWorkspaceFile(greet, EXPECTED.toolEdit.fileBefore);
  });

  const disk = async () => decoder.decode(await vscode.workspace.fs.readFile(greet));

  it('Accept applies exactly the proposed text, and one undo reverts it', async () => {
    const inkwell = await api();
    const ended = await ask(inkwell, '[[scenario:tool-edit]] friendlier greeting');
    assert.equal(ended.outcome.status, 'done');
    const proposal = latestProposal(inkwell);
    assert.deepEqual([proposal.path, proposal.status], ['src/greet.ts', 'pending']);
    assert.equal(await disk(), EXPECTED.toolEdit.fileBefore, 'nothing on disk changes before Accept');

    const statuses = await vscode.commands.executeCommand<string[]>('inkwell.acceptProposal', proposal.id);
    assert.deepEqual(statuses, ['accepted']);
    assert.equal(await disk(), EXPECTED.toolEdit.fileAfter);
    const document = await vscode.workspace.openTextDocument(greet);
    assert.equal(document.getText(), EXPECTED.toolEdit.fileAfter);
    assert.equal(latestProposal(inkwell).status, 'accepted');

    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), EXPECTED.toolEdit.fileBefore, 'one undo step reverts the whole edit');
  });

  it('Reject changes nothing', async () => {
    const inkwell = await api();
    await ask(inkwell, '[[scenario:tool-edit]] edit');
    const proposal = latestProposal(inkwell);
    assert.deepEqual(await vscode.commands.executeCommand('inkwell.rejectProposal', proposal.id), ['rejected']);
    assert.equal(latestProposal(inkwell).status, 'rejected');
    assert.equal(await disk(), EXPECTED.toolEdit.fileBefore);
  });

  it('respects unsaved changes: applies into the open buffer and leaves it unsaved', async () => {
    const inkwell = await api();
    await ask(inkwell, '[[scenario:tool-edit]] edit');
    const editor = await vscode.window.showTextDocument(greet);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// unsaved note\n'));
    await vscode.commands.executeCommand('inkwell.acceptProposal');
    assert.equal(editor.document.getText(), `// unsaved note\n${EXPECTED.toolEdit.fileAfter}`);
    assert.equal(editor.document.isDirty, true);
    assert.equal(await disk(), EXPECTED.toolEdit.fileBefore);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('a file the user changed so the edit no longer applies goes stale and is never clobbered', async () => {
    const inkwell = await api();
    await ask(inkwell, '[[scenario:tool-edit]] edit');
    const editor = await vscode.window.showTextDocument(greet);
    const line = editor.document.lineAt(1);
    await editor.edit((b) => b.replace(line.range, "  return 'Hi ' + name;"));
    const userText = editor.document.getText();
    const statuses = await vscode.commands.executeCommand<string[]>('inkwell.acceptProposal', latestProposal(inkwell).id);
    assert.deepEqual(statuses, ['stale']);
    assert.equal(editor.document.getText(), userText);
    const stale = latestProposal(inkwell);
    assert.equal(stale.status, 'stale');
    assert.match(stale.reason ?? '', /changed since the proposal/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('Show diff opens the diff editor with the proposed text, without touching the file', async () => {
    const inkwell = await api();
    await ask(inkwell, '[[scenario:tool-edit]] edit');
    await vscode.commands.executeCommand('inkwell.showProposalDiff', latestProposal(inkwell).id);
    const input = await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab?.input, 5000, 'a diff tab');
    assert.ok(input instanceof vscode.TabInputTextDiff, 'the active tab is a diff');
    assert.equal(input.original.toString(), greet.toString());
    assert.equal(input.modified.scheme, 'inkwell-proposal', input.modified.toString());
    const proposed = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(proposed.getText(), EXPECTED.toolEdit.fileAfter, `content of ${input.modified.toString()} (query ${input.modified.query})`);
    assert.equal(await disk(), EXPECTED.toolEdit.fileBefore);
  });

  it('Edit Selection proposes an edit shown with CodeLens in the editor', async () => {
    const inkwell = await api();
    const editor = await vscode.window.showTextDocument(greet);
    editor.selection = new vscode.Selection(1, 0, 1, editor.document.lineAt(1).text.length);
    await answerOf(inkwell, () => vscode.commands.executeCommand('inkwell.editSelection', 'use a template literal [[scenario:tool-edit]]'));
    const user = inkwell.chat.state().turns[0];
    assert.ok(user?.role === 'user');
    assert.deepEqual(user.context, { path: 'src/greet.ts', language: 'typescript', startLine: 2, endLine: 2 });
    const lenses = await waitFor(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', greet);
        return found.some((l) => l.command?.command === 'inkwell.acceptProposal') ? found : undefined;
      },
      5000,
      'the Accept CodeLens',
    );
    assert.deepEqual((lenses ?? []).filter((l) => l.command?.title.includes('Accept')).map((l) => l.range.start.line), [1]);
  });

  it('refuses a path outside the workspace with a visible reason', async () => {
    const inkwell = await api();
    await ask(inkwell, '[[scenario:tool-edit:../outside.ts]] edit');
    const proposal = latestProposal(inkwell);
    assert.equal(proposal.status, 'invalid');
    assert.match(proposal.reason ?? '', /outside the workspace/);
  });
});
