/**
 * Tool use over real HTTP: streamed tool JSON becomes proposals only after the stop event, the
 * loop answers `view` by itself, every tool call gets its result in the next request (the fake
 * server rejects a request that breaks this, as the API does), and nothing touches a file
 * before Accept.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChatController, ChatControllerDeps, TurnEndedEvent } from '../../src/chat/chatController';
import { AnthropicProvider } from '../../src/providers/anthropicProvider';
import type { AssistantTurnView, ProposalView } from '../../src/shared/transcript';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { EXPECTED } from '../fake/scenarioTexts';
import { fsApplier } from './support/fsToolHost';
import { workspaceChat } from './support/workspaceChat';
import { useGreetWorkspace } from './support/greetWorkspace';

describe('tool loop over real HTTP (wire)', function () {
  let server: FakeAnthropicServer;
  const ws = useGreetWorkspace('inkwell-ws-');
  before(async () => (server = await startFakeAnthropicServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  function makeChat(overrides: Partial<ChatControllerDeps> = {}): ChatController {
    const resolveProvider = async () => ({
      provider: new AnthropicProvider({ apiKey: 'test-key', baseUrl: server.url, maxRetries: 0 }),
      model: 'claude-fake-1',
      maxTokens: 1024,
      stream: true,
    });
    return workspaceChat(ws, resolveProvider, overrides);
  }

  const answerOf = (chat: ChatController, e: TurnEndedEvent) => chat.state().turns.find((t) => t.id === e.turnId) as AssistantTurnView;
  const proposalsOf = (view: AssistantTurnView): ProposalView[] => view.blocks.flatMap((b) => (b.kind === 'toolUse' && b.proposal ? [b.proposal] : []));

  it('tool input in many fragments becomes one pending proposal; the file is untouched until Accept', async () => {
    const chat = makeChat();
    server.enqueue('tool-edit');
    const ended = await chat.send('make it friendlier');
    assert.equal(ended.outcome.status, 'done');
    const view = answerOf(chat, ended);
    assert.equal(view.stopReason, 'tool_use');
    const [proposal] = proposalsOf(view);
    assert.deepEqual(proposal && { path: proposal.path, status: proposal.status, added: proposal.added, removed: proposal.removed },
      { path: 'src/greet.ts', status: 'pending', added: 1, removed: 1 });
    assert.equal(fs.readFileSync(ws.greet, 'utf8'), EXPECTED.toolEdit.fileBefore);

    assert.equal(await chat.acceptProposal(proposal!.id), 'accepted');
    assert.equal(fs.readFileSync(ws.greet, 'utf8'), EXPECTED.toolEdit.fileAfter);

    // The next request answers the tool call first, and the server (validating like the API) accepts it.
    server.enqueue('text-with-pings');
    const next = await chat.send('thanks');
    assert.equal(next.outcome.status, 'done', JSON.stringify(next.outcome));
    const content = server.requests[1]!.body.messages[2].content;
    assert.equal(content[0].type, 'tool_result');
    assert.match(content[0].content, /accepted/);
    assert.equal(content[1].text, 'thanks');
  });

  it('two tool calls form a changeset; Accept all applies both', async () => {
    const chat = makeChat();
    server.enqueue('two-tools');
    const ended = await chat.send('two changes');
    const proposals = proposalsOf(answerOf(chat, ended));
    assert.deepEqual(proposals.map((p) => [p.path, p.status]), [['src/greet.ts', 'pending'], ['src/farewell.ts', 'pending']]);
    assert.equal(fs.existsSync(path.join(ws.root, 'src', 'farewell.ts')), false);
    await chat.decideAll(ended.turnId, 'accept');
    assert.equal(fs.readFileSync(ws.greet, 'utf8'), EXPECTED.toolEdit.fileAfter);
    assert.equal(fs.readFileSync(path.join(ws.root, 'src', 'farewell.ts'), 'utf8'), EXPECTED.twoTools.inputs[1]!.file_text);
    assert.deepEqual(proposalsOf(answerOf(chat, ended)).map((p) => p.status), ['accepted', 'accepted']);
  });

  it('view is answered by the host and the answer continues by itself, visible in the same turn', async () => {
    const chat = makeChat();
    server.enqueue('view-file', 'tool-edit');
    const ended = await chat.send('look, then fix');
    assert.equal(ended.outcome.status, 'done');
    assert.equal(server.requests.length, 2);
    const second = server.requests[1]!.body.messages;
    const result = second[2].content[0];
    assert.equal(result.type, 'tool_result');
    assert.match(result.content, /2\t {2}return 'Hello ' \+ name;/);
    const view = answerOf(chat, ended);
    assert.deepEqual(view.blocks.map((b) => b.kind), ['text', 'toolUse', 'text', 'toolUse']);
    assert.equal(proposalsOf(view)[0]?.status, 'pending');
  });

  it('a connection dropped mid-tool fails the turn and proposes nothing; the next request is valid', async () => {
    const chat = makeChat();
    server.enqueue('drop-mid-tool', 'text-with-pings');
    const ended = await chat.send('edit');
    assert.equal(ended.outcome.status === 'error' && ended.outcome.error.kind, 'dropped');
    const view = answerOf(chat, ended);
    assert.equal(proposalsOf(view).length, 0);
    assert.ok(view.blocks.some((b) => b.kind === 'toolUse'), 'the half-streamed call stays visible');
    assert.equal(fs.readFileSync(ws.greet, 'utf8'), EXPECTED.toolEdit.fileBefore);
    const next = await chat.send('again');
    assert.equal(next.outcome.status, 'done', JSON.stringify(next.outcome));
  });

  it('malformed tool JSON is never applied: the model gets an error result and goes on', async () => {
    const chat = makeChat();
    server.enqueue('bad-tool-json');
    const ended = await chat.send('edit');
    assert.equal(ended.outcome.status, 'done');
    assert.equal(server.requests.length, 2);
    const result = server.requests[1]!.body.messages[2].content[0];
    assert.equal(result.is_error, true);
    assert.match(result.content, /not valid JSON/);
    assert.equal(proposalsOf(answerOf(chat, ended)).length, 0);
    assert.equal(fs.readFileSync(ws.greet, 'utf8'), EXPECTED.toolEdit.fileBefore);
  });

  it('Reject leaves the file alone and tells the model', async () => {
    const chat = makeChat();
    server.enqueue('tool-edit', 'text-with-pings');
    const ended = await chat.send('edit');
    const [proposal] = proposalsOf(answerOf(chat, ended));
    assert.equal(chat.rejectProposal(proposal!.id), 'rejected');
    assert.equal(await chat.acceptProposal(proposal!.id), 'rejected', 'a decided proposal stays decided');
    await chat.send('ok');
    assert.match(server.requests[1]!.body.messages[2].content[0].content, /rejected/);
    assert.equal(fs.readFileSync(ws.greet, 'utf8'), EXPECTED.toolEdit.fileBefore);
  });

  it('a file changed meanwhile: re-resolved when old_str still matches once, stale otherwise — never clobbered', async () => {
    const chat = makeChat();
    server.enqueue('tool-edit', 'tool-edit');
    const first = await chat.send('edit');
    const [movable] = proposalsOf(answerOf(chat, first));
    fs.writeFileSync(ws.greet, `// a comment the user added\n${EXPECTED.toolEdit.fileBefore}`);
    assert.equal(await chat.acceptProposal(movable!.id), 'accepted');
    assert.equal(fs.readFileSync(ws.greet, 'utf8'), `// a comment the user added\n${EXPECTED.toolEdit.fileAfter}`);

    fs.writeFileSync(ws.greet, EXPECTED.toolEdit.fileBefore);
    const second = await chat.send('edit again');
    const [stale] = proposalsOf(answerOf(chat, second));
    const userVersion = EXPECTED.toolEdit.fileBefore.replace("'Hello '", "'Hi '");
    fs.writeFileSync(ws.greet, userVersion);
    assert.equal(await chat.acceptProposal(stale!.id), 'stale');
    assert.equal(fs.readFileSync(ws.greet, 'utf8'), userVersion);
    assert.match(proposalsOf(answerOf(chat, second))[0]!.reason ?? '', /changed since the proposal/);
  });

  it('applies a proposal once however often Accept is pressed, and a Reject during Accept does not undo the record', async () => {
    let calls = 0;
    const slowApplier = {
      async accept(p: Parameters<typeof fsApplier.accept>[0]) {
        calls++;
        await new Promise((r) => setTimeout(r, 50));
        return fsApplier.accept(p);
      },
      showDiff: fsApplier.showDiff,
    };
    const chat = makeChat({ applier: slowApplier });
    server.enqueue('tool-edit');
    const ended = await chat.send('edit');
    const [proposal] = proposalsOf(answerOf(chat, ended));
    const first = chat.acceptProposal(proposal!.id);
    const second = chat.acceptProposal(proposal!.id);
    assert.equal(chat.rejectProposal(proposal!.id), 'pending', 'Reject waits out an Accept in progress');
    assert.deepEqual(await Promise.all([first, second]), ['accepted', 'pending']);
    assert.equal(calls, 1);
    assert.equal(fs.readFileSync(ws.greet, 'utf8'), EXPECTED.toolEdit.fileAfter);
    assert.equal(proposalsOf(answerOf(chat, ended))[0]!.status, 'accepted');
  });

  it('a tool host that fails ends the answer with an error instead of leaving it streaming', async () => {
    const chat = makeChat({ toolHost: { handle: async () => Promise.reject(new Error('EACCES: permission denied')) } });
    server.enqueue('view-file');
    const ended = await chat.send('look');
    assert.equal(ended.outcome.status, 'error');
    assert.match(ended.outcome.status === 'error' ? ended.outcome.error.detail : '', /EACCES/);
    assert.equal(chat.isStreaming, false);
    assert.equal(answerOf(chat, ended).status, 'error');
  });
});
