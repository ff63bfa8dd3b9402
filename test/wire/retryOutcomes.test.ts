/**
 * What retrying leaves behind, over real HTTP with the real SDKs: Retry never duplicates or
 * re-applies a proposal and sends the question once; retries inside a tool loop; non-streaming
 * mode through the same path; the buffered-stream note; the OpenAI-compatible provider; and the
 * per-request log line (no prompt or answer unless asked, never the key).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { EXPECTED } from '../fake/scenarioTexts';
import { useGreetWorkspace } from './support/greetWorkspace';
import { allProposals, deltasOf, errorOf, makeChat as harnessChat, stepsOf, textOf, view } from './support/retryHarness';
import type { TurnEndedEvent } from '../../src/chat/chatController';

describe('what retries leave behind over real HTTP (wire)', function () {
  let server: FakeAnthropicServer;
  const ws = useGreetWorkspace('inkwell-retry-');
  before(async () => (server = await startFakeAnthropicServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  const makeChat = (options: Parameters<typeof harnessChat>[2] = {}) => harnessChat(server, ws, options);

  it('a tool-use answer that fails, then Retry: one proposal, never a duplicate, applied once', async () => {
    const h = makeChat();
    server.enqueue('drop-mid-tool', 'tool-edit');
    const failed = await h.chat.send('make it friendlier');
    assert.equal(errorOf(failed)?.kind, 'dropped');
    assert.equal(server.requests.length, 1, 'a tool call cut off is not retried behind the user’s back');
    assert.deepEqual(allProposals(h), [], 'a cut-off tool call proposes nothing');

    const retried = new Promise<TurnEndedEvent>((resolve) => {
      const sub = h.chat.onDidEndTurn((e) => {
        if (e.turnId === failed.turnId) return;
        sub.dispose();
        resolve(e);
      });
    });
    h.chat.retry(failed.turnId);
    const second = await retried;
    assert.equal(second.outcome.status, 'done');
    const proposals = allProposals(h);
    assert.equal(proposals.length, 1, JSON.stringify(proposals));
    assert.equal(proposals[0]!.status, 'pending');
    assert.equal(await h.chat.acceptProposal(proposals[0]!.id), 'accepted');
    assert.equal(await h.chat.acceptProposal(proposals[0]!.id), 'accepted', 'a second Accept changes nothing');
    assert.equal(fs.readFileSync(ws.greet, 'utf8'), EXPECTED.toolEdit.fileAfter, 'the edit applied exactly once');
    // The retried exchange is a new request: the failed answer stays in view, but leaves the history.
    const sent = server.requests[1]!.body.messages as { role: string; content: { type: string; text?: string }[] }[];
    assert.deepEqual(sent.map((m) => [m.role, m.content.map((c) => c.text)]), [['user', ['make it friendlier']]]);
    assert.equal(h.chat.state().turns.filter((t) => t.role === 'user' && t.text === 'make it friendlier').length, 2, 'both exchanges shown');
  });

  it('Retry of an answer that failed before any text sends the question once, and later requests leave the failed exchange out', async () => {
    const h = makeChat({ maxRetries: 0 });
    server.enqueue('server-error', 'text-with-pings', 'text-with-pings');
    const failed = await h.chat.send('what is a monad?');
    assert.equal(errorOf(failed)?.kind, 'server');
    const retried = new Promise<TurnEndedEvent>((resolve) => {
      const sub = h.chat.onDidEndTurn((e) => {
        if (e.turnId === failed.turnId) return;
        sub.dispose();
        resolve(e);
      });
    });
    h.chat.retry(failed.turnId);
    assert.equal((await retried).outcome.status, 'done');
    const texts = (i: number) => server.requests[i]!.body.messages.flatMap((m: { content: { type: string; text?: string }[] }) => m.content.map((c) => c.text ?? c.type));
    assert.deepEqual(texts(1), ['what is a monad?'], 'the question once, not merged with its failed copy');
    await h.chat.send('thanks');
    assert.deepEqual(texts(2), ['what is a monad?', EXPECTED.textWithPings, 'thanks']);
    assert.equal(view(h, failed).error?.title, 'Anthropic server error', 'the failed answer stays as it was');
  });

  it('retries inside a tool loop neither repeat a tool call nor shift the blocks', async () => {
    const h = makeChat();
    server.enqueue('rate-limited:10', 'tool-edit');
    const first = await h.chat.send('edit please');
    assert.equal(first.outcome.status, 'done');
    const answer = view(h, first);
    assert.deepEqual(answer.blocks.map((b) => b.kind), ['text', 'toolUse']);
    assert.equal(allProposals(h).length, 1);

    server.enqueue('view-file', 'overloaded-once:10');
    const second = await h.chat.send('look first');
    assert.equal(second.outcome.status, 'done', JSON.stringify(second.outcome));
    assert.deepEqual(server.requests.slice(2).map((r) => r.scenario), ['view-file', 'overloaded-once', 'overloaded-once']);
    const steps = stepsOf(second);
    assert.deepEqual(steps.map((s) => s.timings.retries), [0, 1]);
    // The retried step-2 request carried the view result exactly once.
    const lastUser = server.requests[4]!.body.messages.at(-1);
    assert.equal(lastUser.content.filter((c: { type: string }) => c.type === 'tool_result').length, 1);
    assert.equal(allProposals(h).length, 1, 'no proposal added or repeated');
  });

  it('non-streaming: same answer, errors, usage, proposals and retries', async () => {
    const h = makeChat({ stream: false });
    server.enqueue('rate-limited:10', 'tool-edit');
    const ended = await h.chat.send('edit please');
    assert.equal(ended.outcome.status, 'done');
    assert.equal(server.requests.every((r) => r.body.stream !== true), true);
    const answer = view(h, ended);
    assert.equal(textOf(answer), EXPECTED.toolEdit.text);
    assert.equal(allProposals(h).length, 1);
    assert.match(answer.usageSummary ?? '', /\d+ in · \d+ out/);
    assert.equal(stepsOf(ended)[0]!.timings.retries, 1);
    assert.equal(answer.note, undefined, 'a whole answer at once is no sign of buffering when streaming is off');

    server.enqueue('drop-mid-stream', 'unauthorized');
    const failed = await h.chat.send('again');
    assert.equal(errorOf(failed)?.kind, 'auth', 'a dropped connection before any answer is retried, then the next failure shows');
  });

  it('a stream that a proxy buffered gets a note pointing at inkwell.stream; a real stream does not', async () => {
    const h = makeChat();
    server.enqueue('buffered-stream:1200', 'text-with-pings');
    const buffered = await h.chat.send('hi');
    assert.equal(buffered.outcome.status, 'done');
    assert.equal(textOf(view(h, buffered)), EXPECTED.bufferedStream);
    const note = view(h, buffered).note;
    assert.match(note?.text ?? '', /arrived all at once after 1 s.*inkwell\.stream/);
    assert.deepEqual(note?.actions.map((a) => a.id), ['openStreamSetting']);
    const endedDelta = deltasOf(h).find((d) => d.type === 'turnEnded' && d.turnId === buffered.turnId);
    assert.deepEqual(endedDelta?.type === 'turnEnded' && endedDelta.note, note, 'the webview gets the note with the end of the turn');

    const streamed = await h.chat.send('again');
    assert.equal(view(h, streamed).note, undefined);
  });

  it('the OpenAI-compatible provider goes through the same loop', async () => {
    const h = makeChat({ openai: true, maxRetries: 2 });
    server.enqueue('rate-limited:20', 'text-with-pings');
    const ended = await h.chat.send('go');
    assert.equal(ended.outcome.status, 'done', JSON.stringify(ended.outcome));
    assert.equal(stepsOf(ended)[0]!.retryLog[0]?.delayMs, 20);

    const exhausted = await h.chat.send('[[scenario:overloaded:10]] go');
    assert.equal(view(h, exhausted).error?.title, 'Still overloaded after 3 attempts');
    assert.equal(server.requests.length, 5);
  });

  it('logs no prompt or answer unless asked, and never the key', async () => {
    const quiet = makeChat();
    server.enqueue('text-with-pings');
    await quiet.chat.send('a secret question');
    assert.doesNotMatch(quiet.logs.join('\n'), /secret question|test-key/);
    assert.doesNotMatch(quiet.logs.join('\n'), new RegExp(EXPECTED.textWithPings.slice(0, 20)));

    const loud = makeChat({ logContent: true });
    server.enqueue('text-with-pings');
    await loud.chat.send('a secret question');
    const log = loud.logs.join('\n');
    assert.match(log, /prompt: "a secret question"/);
    assert.ok(log.includes(JSON.stringify(EXPECTED.textWithPings)), 'the answer is logged');
    assert.doesNotMatch(log, /test-key/);
  });
});
