/**
 * The chat with an OpenAI-compatible endpoint, end to end without VS Code: ChatController →
 * answer loop → OpenAICompatibleProvider → the real `openai` SDK → real HTTP → the fake server's
 * Chat Completions endpoint. Tool-call fragments become proposals only after the stream finished,
 * and the next request answers every call with a `tool` message, which the fake validates as the
 * API does.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChatController, type TurnEndedEvent } from '../../src/chat/chatController';
import { OpenAICompatibleProvider } from '../../src/providers/openaiProvider';
import type { AssistantTurnView, ProposalView } from '../../src/shared/transcript';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { OPENAI_BASE_PATH } from '../fake/openaiEndpoint';
import { OPENAI_FAKE_TEST_MODEL } from '../fake/openaiModels';
import { EXPECTED } from '../fake/scenarioTexts';
import { workspaceChat } from './support/workspaceChat';
import { useGreetWorkspace } from './support/greetWorkspace';

describe('chat and tool loop with an OpenAI-compatible endpoint (wire)', function () {
  let server: FakeAnthropicServer;
  const ws = useGreetWorkspace('inkwell-oa-ws-');
  before(async () => (server = await startFakeAnthropicServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  function makeChat(stream = true): ChatController {
    const provider = new OpenAICompatibleProvider({ baseUrl: `${server.url}${OPENAI_BASE_PATH}`, apiKey: 'test-key', maxRetries: 0 });
    return workspaceChat(ws, async () => ({ provider, model: OPENAI_FAKE_TEST_MODEL, maxTokens: 1024, stream }));
  }

  const answerOf = (chat: ChatController, e: TurnEndedEvent) => chat.state().turns.find((t) => t.id === e.turnId) as AssistantTurnView;
  const proposalsOf = (view: AssistantTurnView): ProposalView[] => view.blocks.flatMap((b) => (b.kind === 'toolUse' && b.proposal ? [b.proposal] : []));
  const textOf = (view: AssistantTurnView): string => view.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('');

  for (const stream of [true, false]) {
    it(`tool-call fragments become one pending proposal; the next request carries the tool message (${stream ? 'streamed' : 'non-streaming'})`, async () => {
      const chat = makeChat(stream);
      server.enqueue('tool-edit');
      const ended = await chat.send('make it friendlier');
      assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
      const view = answerOf(chat, ended);
      assert.equal(view.stopReason, 'tool_use');
      const [proposal] = proposalsOf(view);
      assert.deepEqual(proposal && { path: proposal.path, status: proposal.status }, { path: 'src/greet.ts', status: 'pending' });
      assert.equal(fs.readFileSync(ws.greet, 'utf8'), EXPECTED.toolEdit.fileBefore, 'nothing changes before Accept');

      assert.equal(await chat.acceptProposal(proposal!.id), 'accepted');
      assert.equal(fs.readFileSync(ws.greet, 'utf8'), EXPECTED.toolEdit.fileAfter);

      server.enqueue('text-with-pings');
      const next = await chat.send('thanks');
      assert.equal(next.outcome.status, 'done', JSON.stringify(next.outcome));
      const messages = server.requests[1]!.body.messages;
      assert.deepEqual(messages.map((m: { role: string }) => m.role), ['system', 'user', 'assistant', 'tool', 'user']);
      const [, , assistant, tool, user] = messages;
      assert.equal(assistant.content, EXPECTED.toolEdit.text);
      assert.equal(assistant.tool_calls.length, 1);
      assert.deepEqual(JSON.parse(assistant.tool_calls[0].function.arguments), EXPECTED.toolEdit.input);
      assert.equal(tool.tool_call_id, assistant.tool_calls[0].id);
      assert.match(tool.content, /accepted/);
      assert.equal(user.content, 'thanks');
    });
  }

  it('view is answered by the host and the answer goes on by itself, after a request ending in a tool message', async () => {
    const chat = makeChat();
    server.enqueue('view-file', 'tool-edit');
    const ended = await chat.send('look, then fix');
    assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
    assert.equal(server.requests.length, 2);
    const second = server.requests[1]!.body.messages;
    assert.equal(second.at(-1).role, 'tool');
    assert.match(second.at(-1).content, /2\t {2}return 'Hello ' \+ name;/);
    const view = answerOf(chat, ended);
    assert.deepEqual(view.blocks.map((b) => b.kind), ['text', 'toolUse', 'text', 'toolUse']);
    assert.equal(proposalsOf(view)[0]?.status, 'pending');
  });

  it('two tool calls form a changeset; both are answered in the next request', async () => {
    const chat = makeChat();
    server.enqueue('two-tools', 'text-with-pings');
    const ended = await chat.send('two changes');
    const proposals = proposalsOf(answerOf(chat, ended));
    assert.deepEqual(proposals.map((p) => [p.path, p.status]), [['src/greet.ts', 'pending'], ['src/farewell.ts', 'pending']]);
    await chat.decideAll(ended.turnId, 'accept');
    assert.equal(fs.readFileSync(path.join(ws.root, 'src', 'farewell.ts'), 'utf8'), EXPECTED.twoTools.inputs[1]!.file_text);
    const next = await chat.send('ok');
    assert.equal(next.outcome.status, 'done', JSON.stringify(next.outcome));
    const tools = server.requests[1]!.body.messages.filter((m: { role: string }) => m.role === 'tool');
    assert.equal(tools.length, 2);
  });

  it('malformed tool JSON is never applied: the model gets an error result and goes on', async () => {
    const chat = makeChat();
    server.enqueue('bad-tool-json');
    const ended = await chat.send('edit');
    assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
    assert.equal(server.requests.length, 2);
    const messages = server.requests[1]!.body.messages;
    assert.equal(messages.at(-2).tool_calls[0].function.arguments, '{}');
    assert.match(messages.at(-1).content, /not valid JSON/);
    assert.equal(proposalsOf(answerOf(chat, ended)).length, 0);
    assert.equal(fs.readFileSync(ws.greet, 'utf8'), EXPECTED.toolEdit.fileBefore);
  });

  it('a connection dropped mid-tool proposes nothing, and the next request is still valid', async () => {
    const chat = makeChat();
    server.enqueue('drop-mid-tool', 'text-with-pings');
    const ended = await chat.send('edit');
    assert.equal(ended.outcome.status === 'error' && ended.outcome.error.kind, 'dropped');
    assert.equal(proposalsOf(answerOf(chat, ended)).length, 0);
    const next = await chat.send('again');
    assert.equal(next.outcome.status, 'done', JSON.stringify(next.outcome));
    assert.deepEqual(server.requests[1]!.body.messages.map((m: { role: string }) => m.role), ['system', 'user', 'assistant', 'user']);
  });

  it('reasoning shows as thinking, and is not sent back in the next request', async () => {
    const chat = makeChat();
    server.enqueue('thinking', 'text-with-pings');
    const first = await chat.send('what is 6 x 7?');
    assert.deepEqual(answerOf(chat, first).blocks, [
      { kind: 'thinking', text: EXPECTED.thinking.thinking, redacted: false },
      { kind: 'text', text: EXPECTED.thinking.text },
    ]);
    await chat.send('thanks');
    assert.deepEqual(server.requests[1]!.body.messages[2], { role: 'assistant', content: EXPECTED.thinking.text });
  });

  it('an error chunk mid-stream ends the turn with a clear error and keeps the partial answer', async () => {
    const chat = makeChat();
    server.enqueue('error-mid-stream');
    const ended = await chat.send('go');
    assert.equal(ended.outcome.status === 'error' && ended.outcome.error.kind, 'streamError');
    const view = answerOf(chat, ended);
    assert.equal(textOf(view), EXPECTED.errorMidStream);
    assert.ok(view.error?.actions.some((a) => a.id === 'retry'));
  });

  it('Stop ends the turn at once, keeps the partial answer and closes the upstream request', async () => {
    const chat = makeChat();
    server.enqueue('slow-drip');
    const endedPromise = chat.send('drip');
    const request = (await server.waitForRequests(1))[0]!;
    const turnId = chat.state().streamingTurnId!;
    const current = () => textOf(chat.state().turns.find((t) => t.id === turnId) as AssistantTurnView);
    while (!current().includes('drip 3.')) await new Promise((r) => setTimeout(r, 10));
    const stoppedAt = Date.now();
    chat.stop();
    const ended = await endedPromise;
    assert.equal(ended.outcome.status, 'stopped');
    assert.match(textOf(answerOf(chat, ended)), /^drip 1\. drip 2\. drip 3\. /);
    assert.equal(await request.ended, 'client-closed');
    assert.ok(request.endedAt! - stoppedAt < 500, `upstream closed ${request.endedAt! - stoppedAt} ms after Stop`);
  });
});
