// Restricted Mode: in a folder the user has not trusted, the chat works but nothing is edited,
// and the user is told why. Runs in the runner's untrusted pass; skipped in the trusted one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InkwellApi } from '../../../src/extension';
import type { TurnEndedEvent } from '../../../src/chat/chatController';
import { FakeServerClient } from '../../fake/fakeServerClient';
import { EXPECTED } from '../../fake/scenarioTexts';
import { activateInkwell, answerOf, fakeServerUrl, workspaceFolder, writeWorkspaceFile } from './helpers';

(vscode.workspace.isTrusted ? describe.skip : describe)('Restricted Mode', function () {
  this.timeout(30_000);
  let inkwell: InkwellApi;
  const greet = () => vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'greet.ts');

  beforeEach(async () => {
    inkwell = (await activateInkwell()).exports as InkwellApi;
    await new FakeServerClient(fakeServerUrl()!).reset();
    await vscode.commands.executeCommand('inkwell.newChat');
    await writeWorkspaceFile(greet(), EXPECTED.toolEdit.fileBefore);
  });

  it('chats normally', async () => {
    const ended = await answerOf<TurnEndedEvent>(inkwell, () => vscode.commands.executeCommand('inkwell.ask', '[[scenario:text-with-pings]] hi'));
    assert.equal(ended.outcome.status, 'done');
  });

  it('turns an edit into a refused proposal that says why, and changes nothing', async () => {
    await answerOf(inkwell, () => vscode.commands.executeCommand('inkwell.ask', '[[scenario:tool-edit]] edit'));
    const proposal = inkwell.chat.proposals().at(-1);
    assert.equal(proposal?.status, 'invalid');
    assert.match(proposal?.reason ?? '', /Restricted Mode/);
    assert.deepEqual(await vscode.commands.executeCommand('inkwell.acceptProposal', proposal!.id), ['invalid']);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(greet())), EXPECTED.toolEdit.fileBefore);
  });

  it('Edit Selection does not start a request', async () => {
    const editor = await vscode.window.showTextDocument(greet());
    editor.selection = new vscode.Selection(1, 0, 1, 5);
    const result = await vscode.commands.executeCommand('inkwell.editSelection', 'anything');
    assert.equal(result, undefined);
    assert.deepEqual(inkwell.chat.state().turns, []);
  });
});
