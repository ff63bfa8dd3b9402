// Failures the network brings, in a real VS Code against the fake server: a rate limit waited out
// visibly and retried, an overload that outlasts every retry, and non-streaming mode giving the
// same answer, usage, proposal and errors as streaming.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InkwellApi } from '../../../src/extension';
import type { AssistantTurnView, RetryWaitView } from '../../../src/shared/transcript';
import type { TurnEndedEvent } from '../../../src/chat/chatController';
import { FakeServerClient } from '../../fake/fakeServerClient';
import { EXPECTED } from '../../fake/scenarioTexts';
import { activateInkwell, answerOf, fakeServerUrl, waitFor, workspaceFolder, writeWorkspaceFile } from './helpers';

async function api(): Promise<InkwellApi> {
  return (await activateInkwell()).exports as InkwellApi;
}

function fake(): FakeServerClient {
  return new FakeServerClient(fakeServerUrl()!);
}

function ask(inkwell: InkwellApi, prompt: string): Promise<TurnEndedEvent> {
  return answerOf<TurnEndedEvent>(inkwell, () => vscode.commands.executeCommand('inkwell.ask', prompt));
}

function lastAnswer(inkwell: InkwellApi): AssistantTurnView {
  const turns = inkwell.chat.state().turns;
  const last = turns[turns.length - 1];
  assert.ok(last?.role === 'assistant', 'the last turn is an answer');
  return last;
}

const textOf = (view: AssistantTurnView) => view.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('');

/** Runs `body` with `inkwell.<key>` set, and puts the setting back whatever happens. */
async function withSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('inkwell');
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    await config.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
}

describe('resilience in VS Code', function () {
  this.timeout(30_000);

  beforeEach(async () => {
    await fake().reset();
    await vscode.commands.executeCommand('inkwell.newChat');
  });

  it('a rate limit shows the wait with its countdown deadline, then the answer arrives', async () => {
    const inkwell = await api();
    let seen: RetryWaitView | undefined;
    const ended = await answerOf<TurnEndedEvent>(inkwell, async () => {
      await vscode.commands.executeCommand('inkwell.ask', '[[scenario:rate-limited-once:700]] hello');
      seen = await waitFor(() => lastAnswer(inkwell).retryWait, 5000, 'the retry wait in the turn');
    });
    assert.equal(seen?.title, 'Rate limited');
    assert.deepEqual([seen?.attempt, seen?.maxAttempts], [2, 5]);
    assert.ok(seen!.retryInMs > 0 && seen!.retryInMs <= 700, String(seen!.retryInMs));
    assert.equal(ended.outcome.status, 'done');
    const answer = lastAnswer(inkwell);
    assert.equal(textOf(answer), EXPECTED.rateLimitedOnce);
    assert.equal(answer.retryWait, undefined, 'the wait is gone once the answer came');
    const requests = await fake().requests();
    assert.deepEqual(requests.map((r) => r.scenario), ['rate-limited-once', 'rate-limited-once']);
    assert.ok(requests[1]!.receivedAt - requests[0]!.receivedAt >= 700, 'retried only after the wait the server asked for');
  });

  it('an overload that outlasts inkwell.maxRetries names the attempts and offers Retry', async () => {
    const inkwell = await api();
    await withSetting('maxRetries', 2, async () => {
      const ended = await ask(inkwell, '[[scenario:overloaded:20]] hello');
      assert.equal(ended.outcome.status, 'error');
      const answer = lastAnswer(inkwell);
      assert.equal(answer.error?.title, 'Still overloaded after 3 attempts');
      assert.deepEqual(answer.error?.actions.map((a) => a.id), ['retry']);
      assert.equal((await fake().requests()).length, 3);
    });
  });

  it('non-streaming mode: the same answer, usage, proposal and errors', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    const inkwell = await api();
    const greet = vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'greet.ts');
    await writeWorkspaceFile(greet, EXPECTED.toolEdit.fileBefore);
    await withSetting('stream', false, async () => {
      const plain = await ask(inkwell, '[[scenario:text-with-pings]] hi');
      assert.equal(plain.outcome.status, 'done');
      assert.equal(textOf(lastAnswer(inkwell)), EXPECTED.textWithPings);
      assert.match(lastAnswer(inkwell).usageSummary ?? '', /\d+ in · \d+ out/);

      const edit = await ask(inkwell, '[[scenario:tool-edit]] friendlier');
      assert.equal(edit.outcome.status, 'done');
      const proposals = inkwell.chat.proposals();
      assert.deepEqual(proposals.map((p) => [p.path, p.status]), [['src/greet.ts', 'pending']]);

      const failed = await ask(inkwell, '[[scenario:unauthorized]] hi');
      assert.equal(failed.outcome.status, 'error');
      assert.equal(lastAnswer(inkwell).error?.title, 'API key rejected');

      const requests = await fake().requests();
      assert.ok(requests.length >= 3 && requests.every((r) => r.body.stream !== true), 'every request was non-streaming');
      await vscode.commands.executeCommand('inkwell.rejectProposal', proposals[0]!.id);
    });
  });
});
