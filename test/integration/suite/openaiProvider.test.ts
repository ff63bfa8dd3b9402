// The same chat on an OpenAI-compatible endpoint: switching `inkwell.provider` changes nothing
// else for the user — a streamed answer, an edit proposal from tool-call fragments, and errors
// that lead to this endpoint's key.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InkwellApi } from '../../../src/extension';
import type { AssistantTurnView } from '../../../src/shared/transcript';
import type { TurnEndedEvent } from '../../../src/chat/chatController';
import { FakeServerClient } from '../../fake/fakeServerClient';
import { EXPECTED } from '../../fake/scenarioTexts';
import { activateInkwell, answerOf, fakeServerUrl, workspaceFolder, writeWorkspaceFile } from './helpers';

describe('chat on an OpenAI-compatible endpoint', function () {
  this.timeout(30_000);
  const config = () => vscode.workspace.getConfiguration('inkwell');
  let inkwell: InkwellApi;

  before(async () => {
    inkwell = (await activateInkwell()).exports as InkwellApi;
    await config().update('provider', 'openai-compatible', vscode.ConfigurationTarget.Global);
    await config().update('openai.baseUrl', `${fakeServerUrl()}/openai/v1`, vscode.ConfigurationTarget.Global);
    await config().update('openai.model', 'gpt-fake-1', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('inkwell.setProviderApiKey', 'sk-openai-test');
  });

  after(async () => {
    for (const key of ['provider', 'openai.baseUrl', 'openai.model']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  beforeEach(async () => {
    await new FakeServerClient(fakeServerUrl()!).reset();
    await vscode.commands.executeCommand('inkwell.newChat');
  });

  const ask = (prompt: string) => answerOf<TurnEndedEvent>(inkwell, () => vscode.commands.executeCommand('inkwell.ask', prompt));
  const last = () => inkwell.chat.state().turns.at(-1) as AssistantTurnView;

  it('tells the panel an endpoint is in use, so it does not ask for an Anthropic key', () => {
    assert.equal(inkwell.chat.state().keySource, 'endpoint');
  });

  it('streams an answer through the openai SDK with the endpoint key', async () => {
    const ended = await ask('[[scenario:text-with-pings]] hello');
    assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
    assert.equal(last().blocks.map((b) => (b.kind === 'text' ? b.text : '')).join(''), EXPECTED.textWithPings);
    const request = (await new FakeServerClient(fakeServerUrl()!).requests())[0]!;
    assert.match(request.path, /chat\/completions$/);
    assert.equal(request.body.model, 'gpt-fake-1');
    assert.equal(String(request.headers.authorization), 'Bearer sk-openai-test');
  });

  it('turns tool-call fragments into the same edit proposal, applied on Accept', async () => {
    const greet = vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'greet.ts');
    await writeWorkspaceFile(greet, EXPECTED.toolEdit.fileBefore);
    await ask('[[scenario:tool-edit]] friendlier');
    const proposal = inkwell.chat.proposals().at(-1);
    assert.deepEqual([proposal?.path, proposal?.status], ['src/greet.ts', 'pending']);
    assert.deepEqual(await vscode.commands.executeCommand('inkwell.acceptProposal', proposal!.id), ['accepted']);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(greet)), EXPECTED.toolEdit.fileAfter);
  });

  it('a rejected key points at this endpoint, not at Anthropic', async () => {
    await ask('[[scenario:unauthorized]] hi');
    const error = last().error;
    assert.ok(error, 'the turn shows an error');
    assert.deepEqual(error.actions.map((a) => a.id), ['setApiKey']);
    assert.doesNotMatch(error.detail, /Anthropic/);
  });
});
