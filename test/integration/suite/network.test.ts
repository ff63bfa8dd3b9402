// Networking in a real VS Code: with the user setting `http.proxy` pointing at a local CONNECT
// proxy, chat requests and Test Connection go through it. The base URL names api.inkwell.test,
// which resolves nowhere: only the proxy (which maps it to the fake server) can reach it. VS Code
// leaves requests to 127.0.0.1 alone, so the proxying seen here is Inkwell's own.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InkwellApi } from '../../../src/extension';
import type { TurnEndedEvent } from '../../../src/chat/chatController';
import type { ConnectionTestResult } from '../../../src/commands/testConnection';
import type { AssistantTurnView } from '../../../src/shared/transcript';
import { startConnectProxy, type ConnectProxy } from '../../fake/connectProxy';
import { FakeServerClient } from '../../fake/fakeServerClient';
import { EXPECTED } from '../../fake/scenarioTexts';
import { activateInkwell, answerOf, fakeServerUrl } from './helpers';

const API_HOST = 'api.inkwell.test';

describe('networking through http.proxy', function () {
  this.timeout(30_000);
  const inkwell = () => vscode.workspace.getConfiguration('inkwell');
  const http = () => vscode.workspace.getConfiguration('http');
  let api: InkwellApi;
  let proxy: ConnectProxy;

  before(async () => {
    api = (await activateInkwell()).exports as InkwellApi;
    const fake = new URL(fakeServerUrl()!);
    proxy = await startConnectProxy({ hosts: { [API_HOST]: fake.host } });
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    await inkwell().update('anthropic.baseUrl', `http://${API_HOST}`, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await inkwell().update('anthropic.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await proxy?.close();
  });

  beforeEach(async () => {
    await new FakeServerClient(fakeServerUrl()!).reset();
    proxy.records.length = 0;
    await vscode.commands.executeCommand('inkwell.newChat');
  });

  it('a chat turn goes through the proxy', async () => {
    const ended = await answerOf<TurnEndedEvent>(api, () => vscode.commands.executeCommand('inkwell.ask', '[[scenario:text-with-pings]] hello'));
    assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
    const turn = api.chat.state().turns.at(-1) as AssistantTurnView;
    assert.equal(turn.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join(''), EXPECTED.textWithPings);
    const targets = proxy.records.map((r) => `${r.method} ${r.target} ${r.status}`);
    assert.ok(targets.includes(`POST http://${API_HOST}/v1/messages 200`), targets.join('\n'));
    assert.equal((await new FakeServerClient(fakeServerUrl()!).requests()).length, 1);
  });

  it('Test Connection reports success with the route, the model and each step’s latency', async () => {
    const result = await vscode.commands.executeCommand<ConnectionTestResult>('inkwell.testConnection');
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.provider, 'anthropic');
    assert.equal(result.host, API_HOST);
    assert.equal(result.route, `via proxy 127.0.0.1:${proxy.port} (http.proxy)`);
    assert.deepEqual(result.steps.map((s) => [s.step, s.ok]), [['settings', true], ['models', true], ['message', true]]);
    for (const step of result.steps) assert.ok(step.latencyMs >= 0 && step.latencyMs < 20_000, `${step.step}: ${step.latencyMs} ms`);
    const targets = proxy.records.map((r) => `${r.method} ${r.target}`);
    assert.ok(targets.includes(`GET http://${API_HOST}/v1/models?limit=100`), targets.join('\n'));
    assert.ok(targets.includes(`POST http://${API_HOST}/v1/messages`), targets.join('\n'));
    const request = (await new FakeServerClient(fakeServerUrl()!).requests()).at(-1)!;
    assert.equal(request.body.max_tokens, 1);
  });

  it('Test Connection names a rejected key (401) with the Set API Key action', async () => {
    await vscode.commands.executeCommand('inkwell.setApiKey', 'bad-key-for-test');
    try {
      const result = await vscode.commands.executeCommand<ConnectionTestResult>('inkwell.testConnection');
      assert.equal(result.ok, false);
      assert.equal(result.error?.kind, 'auth');
      assert.match(result.error!.detail, /401/);
      assert.deepEqual(result.error!.actions, ['setApiKey']);
      assert.deepEqual(result.steps.map((s) => [s.step, s.ok]), [['settings', true], ['models', false], ['message', false]]);
      assert.doesNotMatch(JSON.stringify(result), /bad-key-for-test/);
    } finally {
      await vscode.commands.executeCommand('inkwell.clearApiKey');
    }
  });

  it('a proxy that refuses connections is named in the turn and in Test Connection', async () => {
    const gone = await startConnectProxy();
    await gone.close();
    await http().update('proxy', gone.url, vscode.ConfigurationTarget.Global);
    try {
      const result = await vscode.commands.executeCommand<ConnectionTestResult>('inkwell.testConnection');
      assert.equal(result.ok, false);
      assert.equal(result.error?.title, 'Proxy refused the connection');
      assert.equal(result.error?.detail, `Proxy 127.0.0.1:${gone.port} refused the connection (ECONNREFUSED). Check http.proxy and that the proxy is running.`);
      assert.deepEqual(result.steps.map((s) => s.step), ['settings', 'models']);
      const ended = await answerOf<TurnEndedEvent>(api, () => vscode.commands.executeCommand('inkwell.ask', '[[scenario:text-with-pings]] hello'));
      assert.equal(ended.outcome.status, 'error');
      const error = (api.chat.state().turns.at(-1) as AssistantTurnView).error;
      assert.equal(error?.title, 'Proxy refused the connection');
      assert.deepEqual(error?.actions.map((a) => a.id), ['retry', 'openNetworkSettings']);
    } finally {
      await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    }
  });
});
