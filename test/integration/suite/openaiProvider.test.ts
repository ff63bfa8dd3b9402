// The same chat on an OpenAI-compatible endpoint: switching `inkwell.provider` changes nothing
// else for the user — a streamed answer, Stop, Explain Selection, edit proposals from tool-call
// fragments (from the chat and from Edit Selection), errors that lead to this endpoint's key — and
// an endpoint without tool use degrades with a note instead of failing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InkwellApi } from '../../../src/extension';
import type { AssistantTurnView } from '../../../src/shared/transcript';
import type { TurnEndedEvent } from '../../../src/chat/chatController';
import type { ProviderChoice } from '../../../src/commands/chooseProvider';
import { NO_TOOL_USE_NOTE } from '../../../src/core/providerPresets';
import { FakeServerClient } from '../../fake/fakeServerClient';
import { EXPECTED } from '../../fake/scenarioTexts';
import { activateInkwell, answerOf, fakeServerUrl, waitFor, workspaceFolder, writeWorkspaceFile } from './helpers';

const SETTING_KEYS = ['provider', 'openai.baseUrl', 'openai.model', 'openai.capabilities'];

describe('chat on an OpenAI-compatible endpoint', function () {
  this.timeout(30_000);
  const config = () => vscode.workspace.getConfiguration('inkwell');
  const fake = () => new FakeServerClient(fakeServerUrl()!);
  const endpoint = () => `${fakeServerUrl()}/openai/v1`;
  let inkwell: InkwellApi;

  before(async () => {
    inkwell = (await activateInkwell()).exports as InkwellApi;
    await config().update('provider', 'openai-compatible', vscode.ConfigurationTarget.Global);
    await config().update('openai.baseUrl', endpoint(), vscode.ConfigurationTarget.Global);
    await config().update('openai.model', 'gpt-fake-1', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('inkwell.setProviderApiKey', 'sk-openai-test');
  });

  after(async () => {
    for (const key of SETTING_KEYS) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  beforeEach(async () => {
    await fake().reset();
    await vscode.commands.executeCommand('inkwell.newChat');
  });

  const ask = (prompt: string) => answerOf<TurnEndedEvent>(inkwell, () => vscode.commands.executeCommand('inkwell.ask', prompt));
  const last = () => inkwell.chat.state().turns.at(-1) as AssistantTurnView;
  const textOf = (turn: AssistantTurnView) => turn.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('');
  const greet = () => vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'greet.ts');

  it('tells the panel an endpoint is in use, so it does not ask for an Anthropic key', () => {
    assert.equal(inkwell.chat.state().keySource, 'endpoint');
    assert.equal(inkwell.chat.state().notes, undefined, 'a full-featured endpoint has nothing to note');
  });

  it('a preset endpoint with no model set: the header names the preset’s model, which requests use', async () => {
    try {
      await config().update('openai.model', undefined, vscode.ConfigurationTarget.Global);
      await config().update('openai.baseUrl', 'https://api.openai.com/v1', vscode.ConfigurationTarget.Global);
      await waitFor(() => inkwell.chat.state().model === 'gpt-5.5', 5000, 'the header to name gpt-5.5');
    } finally {
      await config().update('openai.baseUrl', endpoint(), vscode.ConfigurationTarget.Global);
      await config().update('openai.model', 'gpt-fake-1', vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => inkwell.chat.state().model === 'gpt-fake-1', 5000, 'the header to name gpt-fake-1 again');
  });

  it('streams an answer through the openai SDK with the endpoint key', async () => {
    const ended = await ask('[[scenario:text-with-pings]] hello');
    assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
    assert.equal(textOf(last()), EXPECTED.textWithPings);
    const request = (await fake().requests())[0]!;
    assert.match(request.path, /chat\/completions$/);
    assert.equal(request.body.model, 'gpt-fake-1');
    assert.equal(String(request.headers.authorization), 'Bearer sk-openai-test');
    assert.match(last().usageSummary ?? '', /in · .* out .*cost unknown \(no price for gpt-fake-1\)/, 'tokens shown; no built-in price for an endpoint model');
  });

  it('prices the answer from inkwell.modelPrices', async () => {
    await config().update('modelPrices', { 'gpt-fake-1': { input: 2, output: 8, cacheRead: 0.5 } }, vscode.ConfigurationTarget.Global);
    try {
      await ask('[[scenario:text-with-pings]] hello');
      assert.match(last().usageSummary ?? '', / · \$0\.\d+$/);
    } finally {
      await config().update('modelPrices', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('inkwell.stop ends the turn, keeps the partial answer and closes the upstream request', async () => {
    await vscode.commands.executeCommand('inkwell.ask', '[[scenario:slow-drip]] drip');
    const turnId = last().id;
    const ended = new Promise<TurnEndedEvent>((resolve) => {
      const s = inkwell.chat.onDidEndTurn((e) => e.turnId === turnId && (s.dispose(), resolve(e)));
    });
    await waitFor(() => textOf(last()).includes('drip 2.'), 10_000, 'two pieces of the answer');
    await vscode.commands.executeCommand('inkwell.stop');
    assert.equal((await ended).outcome.status, 'stopped');
    assert.match(textOf(last()), /^drip 1\. drip 2\. /);
    assert.equal((await fake().waitForOutcome(0, 5000)).outcome, 'client-closed');
    assert.equal(inkwell.chat.isStreaming, false);
  });

  it('explain selection sends the code with path and lines to the endpoint', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'inkwell-oa-explain.ts');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('// sample\nexport const twice = (n: number) => n * 2;\n'));
    try {
      const editor = await vscode.window.showTextDocument(uri);
      editor.selection = new vscode.Selection(1, 0, 1, 42);
      await fake().enqueue('text-with-pings');
      const ended = await answerOf<TurnEndedEvent>(inkwell, () => vscode.commands.executeCommand('inkwell.explainSelection'));
      assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
      const user = (await fake().requests())[0]!.body.messages.at(-1);
      assert.equal(user.role, 'user');
      assert.match(user.content, /inkwell-oa-explain\.ts/);
      assert.match(user.content, /n \* 2/);
      assert.equal(textOf(last()), EXPECTED.textWithPings);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('turns tool-call fragments into the same edit proposal, applied on Accept', async () => {
    await writeWorkspaceFile(greet(), EXPECTED.toolEdit.fileBefore);
    await ask('[[scenario:tool-edit]] friendlier');
    const proposal = inkwell.chat.proposals().at(-1);
    assert.deepEqual([proposal?.path, proposal?.status], ['src/greet.ts', 'pending']);
    assert.deepEqual(await vscode.commands.executeCommand('inkwell.acceptProposal', proposal!.id), ['accepted']);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(greet())), EXPECTED.toolEdit.fileAfter);
  });

  it('Edit Selection ends in a proposal from this endpoint, accepted like Claude’s', async () => {
    await writeWorkspaceFile(greet(), EXPECTED.toolEdit.fileBefore);
    const editor = await vscode.window.showTextDocument(greet());
    editor.selection = new vscode.Selection(1, 0, 1, 5);
    const ended = await answerOf<TurnEndedEvent>(inkwell, () => vscode.commands.executeCommand('inkwell.editSelection', 'friendlier [[scenario:tool-edit]]'));
    assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
    const request = (await fake().requests())[0]!;
    assert.match(request.path, /\/openai\/v1\/chat\/completions$/);
    assert.equal(request.body.tools[0].function.name, 'str_replace_based_edit_tool');
    const proposal = inkwell.chat.proposals().at(-1)!;
    assert.deepEqual(await vscode.commands.executeCommand('inkwell.acceptProposal', proposal.id), ['accepted']);
    assert.equal(editor.document.getText(), EXPECTED.toolEdit.fileAfter);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a rejected key shows Set API Key for this endpoint; the endpoint key it sets is the one sent next', async () => {
    await vscode.commands.executeCommand('inkwell.setProviderApiKey', 'bad-endpoint-key');
    try {
      await ask('hi');
      const error = last().error;
      assert.ok(error, 'the turn shows an error');
      assert.deepEqual(error.actions.map((a) => a.id), ['setApiKey']);
      assert.doesNotMatch(error.detail, /Anthropic/);
      assert.doesNotMatch(JSON.stringify(error), /bad-endpoint-key/);
    } finally {
      await vscode.commands.executeCommand('inkwell.setProviderApiKey', 'sk-openai-test');
    }
    const ended = await ask('[[scenario:text-with-pings]] again');
    assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
    const requests = await fake().requests();
    assert.equal(String(requests.at(-1)!.headers.authorization), 'Bearer sk-openai-test');
    assert.equal(inkwell.chat.state().keySource, 'endpoint');
  });

  describe('an endpoint without tool use', () => {
    const refusing = () => `${fakeServerUrl()}/openai/refuses/tools/v1`;

    before(async () => {
      const choice = (await vscode.commands.executeCommand('inkwell.chooseProvider', { preset: 'custom', baseUrl: refusing() })) as ProviderChoice;
      assert.equal(choice.provider, 'openai-compatible');
      await vscode.commands.executeCommand('inkwell.setProviderApiKey', 'sk-openai-test');
      await config().update('openai.model', 'gpt-fake-1', vscode.ConfigurationTarget.Global);
      await config().update('openai.capabilities', { toolUse: false }, vscode.ConfigurationTarget.Global);
    });

    after(async () => {
      await config().update('openai.capabilities', undefined, vscode.ConfigurationTarget.Global);
      await config().update('openai.baseUrl', endpoint(), vscode.ConfigurationTarget.Global);
    });

    it('the header says it cannot propose edits', async () => {
      await waitFor(() => inkwell.chat.state().notes?.includes(NO_TOOL_USE_NOTE), 5000, 'the note');
    });

    it('a chat turn works: the edit tool is not declared, so the endpoint does not refuse', async () => {
      const ended = await ask('[[scenario:text-with-pings]] hello');
      assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
      const request = (await fake().requests())[0]!;
      assert.match(request.path, /refuses\/tools\/v1\/chat\/completions$/);
      assert.equal(request.body.tools, undefined);
    });

    it('Edit Selection explains instead of sending a request', async () => {
      const editor = await vscode.window.showTextDocument(greet());
      editor.selection = new vscode.Selection(1, 0, 1, 5);
      assert.equal(await vscode.commands.executeCommand('inkwell.editSelection', 'anything'), undefined);
      assert.deepEqual(inkwell.chat.state().turns, []);
      assert.deepEqual(await fake().requests(), []);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  });

  describe('Choose Provider…', () => {
    after(async () => {
      await config().update('provider', 'openai-compatible', vscode.ConfigurationTarget.Global);
      await config().update('openai.baseUrl', endpoint(), vscode.ConfigurationTarget.Global);
      await config().update('openai.model', 'gpt-fake-1', vscode.ConfigurationTarget.Global);
    });

    it('a preset writes provider, base URL and its default model, and says so', async () => {
      const choice = (await vscode.commands.executeCommand('inkwell.chooseProvider', 'gemini')) as ProviderChoice;
      assert.equal(config().get('provider'), 'openai-compatible');
      assert.equal(config().get('openai.baseUrl'), 'https://generativelanguage.googleapis.com/v1beta/openai/');
      assert.equal(config().get('openai.model'), 'gemini-3.5-flash');
      assert.equal(choice.modelSource, 'preset');
      assert.equal(choice.keyOffered, true, 'Gemini needs a key and none is stored for it');
      assert.match(choice.message, /Google Gemini .* with model gemini-3\.5-flash, its default/);
    });

    it('a local server needs no key and takes the newest model it lists', async () => {
      const choice = (await vscode.commands.executeCommand('inkwell.chooseProvider', 'ollama')) as ProviderChoice;
      assert.equal(config().get('openai.baseUrl'), 'http://localhost:11434/v1');
      assert.equal(config().get('openai.model'), '');
      assert.equal(choice.keyOffered, false);
    });

    it('going back to an endpoint brings back the model last used there', async () => {
      await vscode.commands.executeCommand('inkwell.chooseProvider', 'gemini');
      await config().update('openai.model', 'gemini-3.8-flash', vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('inkwell.chooseProvider', 'lmstudio');
      const back = (await vscode.commands.executeCommand('inkwell.chooseProvider', 'gemini')) as ProviderChoice;
      assert.deepEqual([back.model, back.modelSource], ['gemini-3.8-flash', 'remembered']);
    });

    it('Anthropic switches the family back; the panel then uses the Anthropic key', async () => {
      await vscode.commands.executeCommand('inkwell.chooseProvider', 'anthropic');
      assert.equal(config().get('provider'), 'anthropic');
      await waitFor(() => inkwell.chat.state().keySource !== 'endpoint', 5000, 'the key source to change');
      const ended = await ask('[[scenario:text-with-pings]] hello');
      assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
      assert.match((await fake().requests())[0]!.path, /^\/v1\/messages$/);
    });
  });
});
