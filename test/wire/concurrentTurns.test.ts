/**
 * Several answers of one chat streaming at once, over real HTTP against the fake server: each
 * answer gets its own request, its own text, its own proposals and its own Stop; a request never
 * carries an exchange that is still streaming (the fake server validates alternation like the API).
 */
import * as assert from 'node:assert/strict';
import { ChatController, type TurnEndedEvent } from '../../src/chat/chatController';
import { ChatRegistry } from '../../src/chat/chatRegistry';
import { AnthropicProvider } from '../../src/providers/anthropicProvider';
import type { HostToWebview, TranscriptDelta } from '../../src/shared/protocol';
import type { AssistantTurnView, ProposalView } from '../../src/shared/transcript';
import { startFakeAnthropicServer, type FakeAnthropicServer, type RecordedRequest } from '../fake/fakeAnthropicServer';
import { EXPECTED } from '../fake/scenarioTexts';
import { recordPosts, workspaceChat } from './support/workspaceChat';
import { useGreetWorkspace } from './support/greetWorkspace';

interface Harness {
  chat: ChatController;
  posted: HostToWebview[];
}

const DRIP_TEXT = (n: number) => Array.from({ length: n }, (_, i) => EXPECTED.slowDripPiece(i + 1)).join('');

describe('concurrent answers over real HTTP (wire)', function () {
  let server: FakeAnthropicServer;
  const ws = useGreetWorkspace('inkwell-concurrent-');
  before(async () => (server = await startFakeAnthropicServer()));
  after(() => server.close());
  beforeEach(() => server.reset());
  // A failed test must not leave answers streaming into the next one.
  const chats: ChatController[] = [];
  afterEach(() => chats.splice(0).forEach((chat) => chat.dispose()));

  function makeChat(): Harness {
    const provider = new AnthropicProvider({ apiKey: 'test-key', baseUrl: server.url, maxRetries: 0 });
    const chat = workspaceChat(ws, async () => ({ provider, model: 'claude-fake-1', maxTokens: 1024, stream: true }));
    const posted = recordPosts(chat);
    chats.push(chat);
    return { chat, posted };
  }

  const view = (h: Harness, turnId: string) => h.chat.state().turns.find((t) => t.id === turnId) as AssistantTurnView;
  const textOf = (v: AssistantTurnView) => v.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('');
  const proposalsOf = (v: AssistantTurnView): ProposalView[] => v.blocks.flatMap((b) => (b.kind === 'toolUse' && b.proposal ? [b.proposal] : []));
  const allDeltas = (h: Harness) => h.posted.flatMap((m) => (m.type === 'deltas' ? m.deltas : [])) as TranscriptDelta[];
  const textFromDeltas = (h: Harness, turnId: string) =>
    allDeltas(h).map((d) => (d.type === 'textAppended' && d.turnId === turnId ? d.text : '')).join('');

  /** Starts an answer and returns its turn id (the newest streaming one) with its end. */
  function start(h: Harness, text: string, options?: Parameters<ChatController['send']>[1]): { turnId: string; ended: Promise<TurnEndedEvent> } {
    const ended = h.chat.send(text, options);
    const streaming = h.chat.streaming();
    return { turnId: streaming[streaming.length - 1]!.turnId, ended };
  }

  async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  function requestFor(marker: string): RecordedRequest {
    const request = server.requests.find((r) => JSON.stringify(r.body.messages[r.body.messages.length - 1]).includes(marker));
    assert.ok(request, `a request whose last message carries ${marker}`);
    return request;
  }

  it('two answers on different scenarios stream at once, each into its own turn, and a request never carries one still streaming', async () => {
    const h = makeChat();
    const first = await h.chat.send('[[scenario:text-with-pings]] earlier question');
    assert.equal(first.outcome.status, 'done');

    const chat = start(h, '[[scenario:slow-drip:30]] a chat question');
    await until(() => textFromDeltas(h, chat.turnId).includes('drip 2.'), 'the chat answer to stream');
    const explain = start(h, 'Explain src/greet.ts, lines 1–3', {
      prompt: '[[scenario:text-with-pings]] Explain this code',
      context: { path: 'src/greet.ts', language: 'typescript', startLine: 1, endLine: 3 },
    });
    assert.notEqual(explain.turnId, chat.turnId);
    assert.deepEqual(h.chat.streaming().map((s) => [s.turnId, s.text]), [
      [chat.turnId, '[[scenario:slow-drip:30]] a chat question'],
      [explain.turnId, 'Explain src/greet.ts, lines 1–3'],
    ]);
    assert.deepEqual(h.chat.streaming()[1]!.context, { path: 'src/greet.ts', language: 'typescript', startLine: 1, endLine: 3 });

    const explained = await explain.ended;
    assert.equal(explained.outcome.status, 'done', JSON.stringify(explained.outcome));
    assert.equal(h.chat.isStreaming, true, 'the chat answer goes on after the explanation finished');
    assert.deepEqual(h.chat.streaming().map((s) => s.turnId), [chat.turnId]);
    const chatEnded = await chat.ended;
    assert.equal(chatEnded.outcome.status, 'done');
    assert.equal(h.chat.isStreaming, false);
    assert.deepEqual(h.chat.streaming(), []);

    // Each turn holds its own scenario's text, in the conversation and in what the webview received.
    assert.equal(textOf(view(h, explain.turnId)), EXPECTED.textWithPings);
    assert.equal(textOf(view(h, chat.turnId)), DRIP_TEXT(30));
    assert.equal(textFromDeltas(h, explain.turnId), EXPECTED.textWithPings);
    assert.equal(textFromDeltas(h, chat.turnId), DRIP_TEXT(30));
    // The two answers really interleaved on the way to the webview: chat text before and after the explanation's.
    const order = allDeltas(h).flatMap((d) => (d.type === 'textAppended' ? [d.turnId] : []));
    const firstExplain = order.indexOf(explain.turnId);
    assert.ok(firstExplain > 0 && order.slice(0, firstExplain).includes(chat.turnId) && order.slice(order.lastIndexOf(explain.turnId)).includes(chat.turnId),
      `interleaved: ${order.join(' ')}`);

    // The explanation's request had the finished exchange but not the chat answer still streaming.
    const explainMessages = requestFor('Explain this code').body.messages;
    assert.deepEqual(explainMessages.map((m: { role: string }) => m.role), ['user', 'assistant', 'user']);
    assert.equal(explainMessages[1].content[0].text, EXPECTED.textWithPings);
    assert.doesNotMatch(JSON.stringify(explainMessages), /drip|a chat question/);

    // Once both finished, the next request carries all of them, in the order they were asked, alternating.
    const next = await h.chat.send('[[scenario:text-with-pings]] and now?');
    assert.equal(next.outcome.status, 'done', JSON.stringify(next.outcome));
    const messages = requestFor('and now?').body.messages;
    assert.deepEqual(messages.map((m: { role: string }) => m.role), ['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    assert.equal(messages[3].content[0].text, DRIP_TEXT(30));
    assert.match(messages[4].content[0].text, /Explain this code/);
  });

  it('stopping one answer closes only its request; the other streams on to its end', async () => {
    const h = makeChat();
    const a = start(h, '[[scenario:slow-drip]] first');
    const b = start(h, '[[scenario:slow-drip:40]] second');
    await server.waitForRequests(2);
    await until(() => textFromDeltas(h, a.turnId).includes('drip 3.') && textFromDeltas(h, b.turnId).includes('drip 3.'), 'both answers to stream');

    assert.equal(h.chat.stopTurn(a.turnId), true);
    const stopped = await a.ended;
    assert.equal(stopped.outcome.status, 'stopped');
    assert.equal(view(h, a.turnId).status, 'stopped');
    assert.equal(await requestFor('first').ended, 'client-closed');
    assert.equal(requestFor('second').outcome, undefined, 'the other request is still open');
    assert.equal(view(h, b.turnId).status, 'streaming');
    assert.equal(h.chat.stopTurn(a.turnId), false, 'a stopped answer cannot be stopped again');
    const aText = textOf(view(h, a.turnId));

    const finished = await b.ended;
    assert.equal(finished.outcome.status, 'done');
    assert.equal(textOf(view(h, b.turnId)), DRIP_TEXT(40));
    assert.equal(await requestFor('second').ended, 'completed');
    assert.equal(textOf(view(h, a.turnId)), aText, 'nothing reached the stopped answer afterwards');
    const endedTurns = allDeltas(h).flatMap((d) => (d.type === 'turnEnded' ? [[d.turnId, d.status]] : []));
    assert.deepEqual(endedTurns, [[a.turnId, 'stopped'], [b.turnId, 'done']]);
  });

  it('Stop for the whole chat stops every answer and closes every request', async () => {
    const h = makeChat();
    const a = start(h, '[[scenario:slow-drip]] one');
    const b = start(h, '[[scenario:slow-drip]] two');
    await server.waitForRequests(2);
    h.chat.stop();
    assert.deepEqual([(await a.ended).outcome.status, (await b.ended).outcome.status], ['stopped', 'stopped']);
    assert.deepEqual(await Promise.all(server.requests.map((r) => r.ended)), ['client-closed', 'client-closed']);
    assert.equal(h.chat.isStreaming, false);
  });

  it('a proposal belongs to its own answer: another answer streaming or stopped leaves it alone', async () => {
    const h = makeChat();
    const drip = start(h, '[[scenario:slow-drip]] keep talking');
    await server.waitForRequests(1);
    const edit = start(h, '[[scenario:tool-edit]] make it friendlier');
    const edited = await edit.ended;
    assert.equal(edited.outcome.status, 'done', JSON.stringify(edited.outcome));
    const [proposal] = proposalsOf(view(h, edit.turnId));
    assert.equal(proposal?.status, 'pending');
    assert.deepEqual(proposalsOf(view(h, drip.turnId)), [], 'no proposal leaked into the other answer');
    const updates = allDeltas(h).filter((d) => d.type === 'proposalUpdated');
    assert.ok(updates.length > 0 && updates.every((d) => d.type === 'proposalUpdated' && d.turnId === edit.turnId));
    assert.deepEqual(h.chat.pendingProposals().map((p) => p.id), [proposal!.id], 'the finished answer\'s proposal is reviewable while the other streams');

    // Stopping the other answer discards only that answer's (none) proposals.
    h.chat.stopTurn(drip.turnId);
    assert.equal((await drip.ended).outcome.status, 'stopped');
    assert.equal(proposalsOf(view(h, edit.turnId))[0]?.status, 'pending');
    assert.equal(await h.chat.acceptProposal(proposal!.id), 'accepted');
  });

  it('two chats (sidebar and an editor tab) are independent: the window list shows both, Stop in one leaves the other', async () => {
    const sidebar = makeChat();
    const editor = makeChat();
    const registry = new ChatRegistry();
    let changes = 0;
    registry.onDidChangeStreaming(() => changes++);
    registry.add({ name: 'Chat', chat: sidebar.chat });
    const editorEntry = registry.add({ name: 'Editor chat', chat: editor.chat });

    const inSidebar = start(sidebar, '[[scenario:slow-drip]] sidebar question');
    const inEditor = start(editor, '[[scenario:slow-drip:40]] editor question');
    await server.waitForRequests(2);
    assert.deepEqual(registry.streaming().map((a) => [a.chatName, a.text]), [
      ['Chat', '[[scenario:slow-drip]] sidebar question'],
      ['Editor chat', '[[scenario:slow-drip:40]] editor question'],
    ]);
    // Each chat's request is its own conversation: one question each.
    assert.equal(requestFor('editor question').body.messages.length, 1);

    // The composer Stop of the editor chat stops that chat only.
    editor.chat.stop();
    assert.equal((await inEditor.ended).outcome.status, 'stopped');
    assert.equal(await requestFor('editor question').ended, 'client-closed');
    assert.equal(sidebar.chat.isStreaming, true);
    assert.deepEqual(registry.streaming().map((a) => a.chatName), ['Chat']);

    // Stopping from the window list (the status bar) stops exactly that answer.
    registry.streaming()[0]!.stop();
    assert.equal((await inSidebar.ended).outcome.status, 'stopped');
    assert.deepEqual(registry.streaming(), []);
    assert.ok(changes >= 6, `every start and end was announced (${changes})`);

    // A closed tab leaves the list.
    const again = start(editor, '[[scenario:slow-drip]] after');
    assert.deepEqual(registry.streaming().map((a) => a.chatName), ['Editor chat']);
    editorEntry.dispose();
    assert.deepEqual(registry.streaming(), []);
    editor.chat.dispose();
    assert.equal((await again.ended).outcome.status, 'stopped');
    registry.dispose();
  });

  it('finds the chat that owns a proposal, across chats', async () => {
    const sidebar = makeChat();
    const editor = makeChat();
    const registry = new ChatRegistry();
    registry.add({ name: 'Chat', chat: sidebar.chat });
    registry.add({ name: 'Editor chat', chat: editor.chat });
    const ended = await editor.chat.send('[[scenario:tool-edit]] make it friendlier');
    const [proposal] = proposalsOf(view(editor, ended.turnId));
    assert.ok(proposal);
    assert.deepEqual(registry.pendingProposals().map((p) => p.id), [proposal.id]);
    assert.equal(sidebar.chat.proposal(proposal.id), undefined);
    assert.equal(registry.proposal(proposal.id)?.turnId, ended.turnId);
    assert.equal(await registry.acceptProposal(proposal.id), 'accepted');
    assert.equal(proposalsOf(view(editor, ended.turnId))[0]?.status, 'accepted');
    assert.equal(registry.rejectProposal('no-such-proposal'), undefined);
    registry.dispose();
  });
});
