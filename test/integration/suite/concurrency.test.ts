// Several answers at once in a real extension host: a chat answer on a slow scenario with Explain
// Selection beside it, the status-bar item following both, Stop of one answer closing only its
// upstream request (the fake server records which socket closed), and a chat in an editor tab
// that is independent of the sidebar's.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChatApi, InkwellApi } from '../../../src/extension';
import type { AssistantTurnView } from '../../../src/shared/transcript';
import type { TurnEndedEvent } from '../../../src/chat/chatController';
import { FakeServerClient } from '../../fake/fakeServerClient';
import { EXPECTED } from '../../fake/scenarioTexts';
import { activateInkwell, fakeServerUrl, waitFor, workspaceFolder } from './helpers';

async function api(): Promise<InkwellApi> {
  return (await activateInkwell()).exports as InkwellApi;
}

function fake(): FakeServerClient {
  const url = fakeServerUrl();
  if (!url) throw new Error('INKWELL_FAKE_URL is not set: the runner did not start the fake server');
  return new FakeServerClient(url);
}

const drips = (n: number) => Array.from({ length: n }, (_, i) => EXPECTED.slowDripPiece(i + 1)).join('');

function answer(chat: ChatApi, turnId: string): AssistantTurnView {
  const turn = chat.state().turns.find((t) => t.id === turnId);
  assert.ok(turn?.role === 'assistant', `answer ${turnId}`);
  return turn;
}

const textOf = (view: AssistantTurnView) => view.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('');

/**
 * Runs a command that starts one answer in `chat`; returns the new answer's id and its end. It
 * listens before the command runs, so an answer that ends at once is not missed.
 */
async function started(chat: ChatApi, run: () => Thenable<unknown> | void): Promise<{ turnId: string; ended: Promise<TurnEndedEvent> }> {
  const known = new Set(chat.state().turns.map((t) => t.id));
  const endings = new Map<string, TurnEndedEvent>();
  const waiters = new Set<() => void>();
  const subscription = chat.onDidEndTurn((event) => {
    endings.set(event.turnId, event);
    for (const wake of waiters) wake();
  });
  await run();
  const turnId: string = await waitFor(() => chat.state().turns.find((t) => t.role === 'assistant' && !known.has(t.id))?.id ?? '', 5000, 'the new answer to start');
  const ended = new Promise<TurnEndedEvent>((resolve) => {
    const check = () => {
      const event = endings.get(turnId);
      if (!event) return;
      waiters.delete(check);
      subscription.dispose();
      resolve(event);
    };
    waiters.add(check);
    check();
  });
  return { turnId, ended };
}

async function selectSample(): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'inkwell-concurrent-sample.ts');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('export function twice(n: number): number {\n  return n * 2;\n}\n'));
  const editor = await vscode.window.showTextDocument(uri);
  editor.selection = new vscode.Selection(0, 0, 2, 1);
  return uri;
}

describe('concurrent answers in VS Code', function () {
  this.timeout(30_000);
  let sample: vscode.Uri | undefined;

  beforeEach(async () => {
    await fake().reset();
    await vscode.commands.executeCommand('inkwell.newChat');
  });

  afterEach(async () => {
    const inkwell = await api();
    inkwell.chat.stop();
    for (const chat of inkwell.editorChats()) chat.stop();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (sample) await vscode.workspace.fs.delete(sample);
    sample = undefined;
  });

  it('Explain Selection while a chat answer streams: both finish with their own text; the status bar shows two, then none', async () => {
    const inkwell = await api();
    // The editor first: opening the first TypeScript file of a cold window can take seconds.
    sample = await selectSample();
    const chat = await started(inkwell.chat, () => vscode.commands.executeCommand('inkwell.ask', '[[scenario:slow-drip:200]] chat question'));
    await fake().waitForRequests(1);
    await waitFor(() => textOf(answer(inkwell.chat, chat.turnId)).includes('drip 2.'), 10_000, 'the chat answer to stream');
    // The item appears once answering has lasted a moment (host/delayedFlag.ts).
    await waitFor(() => inkwell.statusBar().visible, 2000, 'the status bar item to show');
    assert.deepEqual(inkwell.statusBar().text, '$(loading~spin) Claude: answering');

    await fake().enqueue('text-with-pings');
    const explain = await started(inkwell.chat, () => vscode.commands.executeCommand('inkwell.explainSelection'));
    const chatNow = answer(inkwell.chat, chat.turnId);
    assert.equal(chatNow.status, 'streaming', `the chat answer goes on beside the explanation (${chatNow.status}: ${JSON.stringify(chatNow.error)})`);
    assert.deepEqual(inkwell.streaming().map((s) => s.turnId), [chat.turnId, explain.turnId]);
    const status = inkwell.statusBar();
    assert.equal(status.visible, true);
    assert.equal(status.text, '$(loading~spin) Claude: 2 answers');
    assert.match(status.tooltip, /• Chat: \[\[scenario:slow-drip:200\]\] chat question\n• Explain inkwell-concurrent-sample\.ts:1–3\n/);

    const explained = await explain.ended;
    assert.equal(explained.outcome.status, 'done');
    assert.equal(textOf(answer(inkwell.chat, explain.turnId)), EXPECTED.textWithPings);
    assert.equal(answer(inkwell.chat, chat.turnId).status, 'streaming', 'the chat answer was not stopped by the explanation');
    assert.equal(inkwell.statusBar().text, '$(loading~spin) Claude: answering');

    assert.equal((await chat.ended).outcome.status, 'done');
    assert.equal(textOf(answer(inkwell.chat, chat.turnId)), drips(200));
    await waitFor(() => !inkwell.statusBar().visible, 2000, 'the status bar item to hide');
    assert.deepEqual(inkwell.streaming(), []);
    // The explanation's request did not carry the chat answer that was still streaming.
    const requests = await fake().requests();
    assert.equal(requests[1]!.body.messages.length, 1);
    assert.match(JSON.stringify(requests[1]!.body.messages), /inkwell-concurrent-sample\.ts/);
  });

  it('stopping one answer closes only its upstream request; Stop Response then stops the other', async () => {
    const inkwell = await api();
    const chat = await started(inkwell.chat, () => vscode.commands.executeCommand('inkwell.ask', '[[scenario:slow-drip]] long chat'));
    await fake().waitForRequests(1);
    sample = await selectSample();
    await fake().enqueue('slow-drip');
    const explain = await started(inkwell.chat, () => vscode.commands.executeCommand('inkwell.explainSelection'));
    await fake().waitForRequests(2);
    await waitFor(() => textOf(answer(inkwell.chat, explain.turnId)).includes('drip 2.'), 10_000, 'the explanation to stream');

    inkwell.chat.stop(chat.turnId);
    assert.equal((await chat.ended).outcome.status, 'stopped');
    assert.equal((await fake().waitForOutcome(0, 5000)).outcome, 'client-closed');
    const [, explainRequest] = await fake().requests();
    assert.equal(explainRequest!.outcome, undefined, "the explanation's request is still open");
    assert.deepEqual(inkwell.streaming().map((s) => s.turnId), [explain.turnId]);
    const grown = textOf(answer(inkwell.chat, explain.turnId)).length;
    await waitFor(() => textOf(answer(inkwell.chat, explain.turnId)).length > grown, 5000, 'the explanation to keep streaming');

    await vscode.commands.executeCommand('inkwell.stop');
    assert.equal((await explain.ended).outcome.status, 'stopped');
    assert.equal((await fake().waitForOutcome(1, 5000)).outcome, 'client-closed');
    assert.equal(inkwell.chat.isStreaming, false);
    await waitFor(() => !inkwell.statusBar().visible, 2000, 'the status bar item to hide');
  });

  it('a chat in an editor tab has its own conversation, and its Stop leaves the sidebar answer running', async () => {
    const inkwell = await api();
    const before = inkwell.editorChats().length;
    await vscode.commands.executeCommand('inkwell.openChatInEditor');
    const editorChats = inkwell.editorChats();
    assert.equal(editorChats.length, before + 1);
    const tab = editorChats[editorChats.length - 1]!;
    assert.deepEqual(tab.state().turns, [], 'a new tab starts empty');

    const inSidebar = await started(inkwell.chat, () => vscode.commands.executeCommand('inkwell.ask', '[[scenario:slow-drip]] sidebar'));
    await fake().waitForRequests(1);
    const inTab = await started(tab, () => void tab.send('[[scenario:slow-drip]] in the tab'));
    await fake().waitForRequests(2);
    assert.deepEqual(inkwell.streaming().map((s) => [s.turnId, s.text]), [
      [inSidebar.turnId, '[[scenario:slow-drip]] sidebar'],
      [inTab.turnId, '[[scenario:slow-drip]] in the tab'],
    ]);
    await waitFor(() => inkwell.statusBar().visible, 2000, 'the status bar item to show');
    assert.equal(inkwell.statusBar().text, '$(loading~spin) Claude: 2 answers');
    assert.match(inkwell.statusBar().tooltip, /• Editor chat( \d+)?: \[\[scenario:slow-drip\]\] in the tab/);
    assert.equal(inkwell.chat.state().turns.length, 2, 'the tab\'s question is not in the sidebar chat');
    assert.equal((await fake().requests())[1]!.body.messages.length, 1, 'the tab sends its own conversation');

    tab.stop();
    assert.equal((await inTab.ended).outcome.status, 'stopped');
    assert.equal((await fake().waitForOutcome(1, 5000)).outcome, 'client-closed');
    assert.equal(inkwell.chat.isStreaming, true, 'Stop in the tab did not stop the sidebar');
    assert.equal((await fake().requests())[0]!.outcome, undefined);

    // Closing the tab ends its chat; the sidebar's answer goes on until its own Stop.
    const again = await started(tab, () => void tab.send('[[scenario:slow-drip]] again'));
    await fake().waitForRequests(3);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal((await again.ended).outcome.status, 'stopped');
    assert.equal((await fake().waitForOutcome(2, 5000)).outcome, 'client-closed');
    assert.equal(inkwell.editorChats().length, before);
    assert.equal(inkwell.chat.isStreaming, true);
    await vscode.commands.executeCommand('inkwell.stop');
    assert.equal((await inSidebar.ended).outcome.status, 'stopped');
  });
});
