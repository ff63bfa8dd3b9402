// The chat inside a real VS Code extension host, against the fake Anthropic server the runner
// started: a full turn, the key's round trip through SecretStorage, explain selection, Stop and
// the error states, all through the commands users and scripts call.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { InkwellApi } from '../../../src/extension';
import type { AssistantTurnView } from '../../../src/shared/transcript';
import type { TurnEndedEvent } from '../../../src/chat/chatController';
import { FakeServerClient } from '../../fake/fakeServerClient';
import { EXPECTED } from '../../fake/scenarioTexts';
import { activateInkwell, answerOf, fakeServerUrl, waitFor, workspaceFolder } from './helpers';

async function api(): Promise<InkwellApi> {
  return (await activateInkwell()).exports as InkwellApi;
}

function fake(): FakeServerClient {
  const url = fakeServerUrl();
  if (!url) throw new Error('INKWELL_FAKE_URL is not set: the runner did not start the fake server');
  return new FakeServerClient(url);
}

function lastAnswer(inkwell: InkwellApi): AssistantTurnView {
  const last = latestAnswer(inkwell);
  assert.ok(last, 'the last turn is an answer');
  return last;
}

function latestAnswer(inkwell: InkwellApi): AssistantTurnView | undefined {
  const turns = inkwell.chat.state().turns;
  const last = turns[turns.length - 1];
  return last?.role === 'assistant' ? last : undefined;
}

function textOf(view: AssistantTurnView): string {
  return view.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('');
}

function nextTurnEnd(inkwell: InkwellApi, action: () => Thenable<unknown> | void): Promise<TurnEndedEvent> {
  return answerOf<TurnEndedEvent>(inkwell, action);
}

/** Appends a figure for the closing note when the runner asks for metrics. */
function recordMetric(name: string, value: number): void {
  const file = process.env.INKWELL_METRICS_FILE;
  if (file) fs.appendFileSync(file, `${JSON.stringify({ name, value })}\n`);
}

describe('chat in VS Code', function () {
  this.timeout(30_000);

  beforeEach(async () => {
    await fake().reset();
    await vscode.commands.executeCommand('inkwell.newChat');
  });

  it('inkwell.ask streams a whole answer into the chat', async () => {
    const inkwell = await api();
    const started = performance.now();
    const ended = await nextTurnEnd(inkwell, () => vscode.commands.executeCommand('inkwell.ask', '[[scenario:text-with-pings]] Hello?'));
    recordMetric('chatTurnMs', performance.now() - started);
    assert.equal(ended.outcome.status, 'done');
    const turns = inkwell.chat.state().turns;
    assert.equal(turns.length, 2);
    assert.equal(turns[0]?.role === 'user' && turns[0].text, '[[scenario:text-with-pings]] Hello?');
    assert.equal(textOf(lastAnswer(inkwell)), EXPECTED.textWithPings);
    // The empty model setting chose a model from the Models API list.
    const request = (await fake().requests())[0]!;
    assert.match(String(request.body.model), /^claude-/);
    assert.equal(request.body.stream, true);
  });

  it('keeps the API key in SecretStorage only, and clearing it falls back to the environment', async () => {
    const inkwell = await api();
    const key = 'sk-ant-roundtrip-0123456789';
    await vscode.commands.executeCommand('inkwell.setApiKey', key);
    await waitFor(() => inkwell.chat.state().keySource === 'secretStorage', 5000, 'key source secretStorage');
    await nextTurnEnd(inkwell, () => vscode.commands.executeCommand('inkwell.ask', '[[scenario:text-with-pings]] with my key'));
    const request = (await fake().requests())[0]!;
    const auth = String(request.headers['authorization'] ?? request.headers['x-api-key']);
    assert.ok(auth.endsWith(key), 'the request carried the stored key');
    // Nowhere else: not in the chat state the webview receives, not in the settings.
    assert.doesNotMatch(JSON.stringify(inkwell.chat.state()), /roundtrip/);
    assert.doesNotMatch(JSON.stringify(vscode.workspace.getConfiguration('inkwell')), /roundtrip/);

    await vscode.commands.executeCommand('inkwell.clearApiKey');
    await waitFor(() => inkwell.chat.state().keySource === 'environment', 5000, 'key source environment');
    await nextTurnEnd(inkwell, () => vscode.commands.executeCommand('inkwell.ask', '[[scenario:text-with-pings]] env key'));
    const second = (await fake().requests())[1]!;
    assert.ok(String(second.headers['authorization'] ?? second.headers['x-api-key']).endsWith('test-key'));
  });

  it('explain selection sends the code with path, language and line numbers', async () => {
    const inkwell = await api();
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'inkwell-explain-sample.ts');
    const source = ['// sample', 'export function add(a: number, b: number): number {', '  return a + b;', '}', ''].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(source));
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(1, 0, 3, 1);
    await fake().enqueue('text-with-pings');
    const ended = await nextTurnEnd(inkwell, () => vscode.commands.executeCommand('inkwell.explainSelection'));
    assert.equal(ended.outcome.status, 'done');
    const user = inkwell.chat.state().turns[0];
    assert.ok(user?.role === 'user');
    assert.deepEqual(user.context, { path: 'inkwell-explain-sample.ts', language: 'typescript', startLine: 2, endLine: 4 });
    const prompt = JSON.stringify((await fake().requests())[0]!.body.messages);
    assert.match(prompt, /inkwell-explain-sample\.ts/);
    assert.match(prompt, /lines 2–4/);
    assert.match(prompt, /return a \+ b;/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  it('inkwell.stop ends the turn, keeps the partial answer and closes the upstream request', async () => {
    const inkwell = await api();
    await vscode.commands.executeCommand('inkwell.ask', '[[scenario:slow-drip]] drip');
    const turnId = lastAnswer(inkwell).id;
    const ended = new Promise<TurnEndedEvent>((resolve) => {
      const s = inkwell.chat.onDidEndTurn((e) => e.turnId === turnId && (s.dispose(), resolve(e)));
    });
    await waitFor(() => textOf(lastAnswer(inkwell)).includes('drip 2.'), 10_000, 'two pieces of the answer');
    await vscode.commands.executeCommand('inkwell.stop');
    const outcome = await ended;
    assert.equal(outcome.outcome.status, 'stopped');
    assert.equal(lastAnswer(inkwell).status, 'stopped');
    assert.match(textOf(lastAnswer(inkwell)), /^drip 1\. drip 2\. /);
    const request = await fake().waitForOutcome(0, 5000);
    assert.equal(request.outcome, 'client-closed');
    assert.equal(inkwell.chat.isStreaming, false);
  });

  it('a rejected key shows an error with the Set API Key action', async () => {
    const inkwell = await api();
    await nextTurnEnd(inkwell, () => vscode.commands.executeCommand('inkwell.ask', '[[scenario:unauthorized]] hi'));
    const answer = lastAnswer(inkwell);
    assert.equal(answer.status, 'error');
    assert.equal(answer.error?.title, 'API key rejected');
    assert.deepEqual(answer.error?.actions.map((a) => a.id), ['setApiKey']);
  });

  it('an unknown model setting gives the model-not-found message with a way to fix it', async () => {
    const inkwell = await api();
    const config = vscode.workspace.getConfiguration('inkwell');
    await config.update('model', 'claude-no-such-model', vscode.ConfigurationTarget.Global);
    try {
      await nextTurnEnd(inkwell, () => vscode.commands.executeCommand('inkwell.ask', 'hi'));
      const answer = lastAnswer(inkwell);
      assert.equal(answer.error?.title, 'Model not found');
      assert.match(answer.error?.detail ?? '', /claude-no-such-model/);
      assert.deepEqual(answer.error?.actions.map((a) => a.id), ['openModelSetting']);
    } finally {
      await config.update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('New Chat starts an empty conversation', async () => {
    const inkwell = await api();
    await nextTurnEnd(inkwell, () => vscode.commands.executeCommand('inkwell.ask', '[[scenario:text-with-pings]] one'));
    assert.equal(inkwell.chat.state().turns.length, 2);
    await vscode.commands.executeCommand('inkwell.newChat');
    assert.deepEqual(inkwell.chat.state().turns, []);
  });
});
