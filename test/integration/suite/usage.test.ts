// Honest numbers in a real VS Code: one conversation with a cache hit, a stopped answer and a
// thinking answer, on a priced model chosen with Inkwell: Choose Model. Every figure the chat
// state shows — per-request details, the line under each answer, the header's totals and context —
// is checked against the tokens the fake server reported and the built-in price table, computed
// here independently of the extension's arithmetic. The figures are written to the run's notes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { InkwellApi } from '../../../src/extension';
import type { AssistantTurnView, RequestDetailsView } from '../../../src/shared/transcript';
import type { TurnEndedEvent } from '../../../src/chat/chatController';
import { formatCost, formatTokens } from '../../../src/core/usage/cost';
import { FakeServerClient, type RecordedRequestJson } from '../../fake/fakeServerClient';
import { EXPECTED } from '../../fake/scenarioTexts';
import { activateInkwell, answerOf, fakeServerUrl, waitFor } from './helpers';

const MODEL = 'claude-sonnet-4-6';
/** The list price of Claude Sonnet 4.x in USD per million tokens, as Anthropic publishes it. */
const PRICE = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };
const BUDGET = 2048;

type Tokens = RequestDetailsView['tokens'];

const usd = (t: Tokens) => Math.round(((t.input * PRICE.input + t.output * PRICE.output + t.cacheWrite * PRICE.cacheWrite + t.cacheRead * PRICE.cacheRead) / 1e6) * 1e10) / 1e10;
const saved = (t: Tokens) => Math.round(((t.cacheRead * (PRICE.input - PRICE.cacheRead)) / 1e6) * 1e10) / 1e10;
const reported = (r: RecordedRequestJson): Tokens => ({
  input: r.reportedUsage!.input_tokens,
  output: r.reportedUsage!.output_tokens,
  cacheWrite: r.reportedUsage!.cache_creation_input_tokens,
  cacheRead: r.reportedUsage!.cache_read_input_tokens,
});
const sum = (all: Tokens[]): Tokens => all.reduce((a, t) => ({ input: a.input + t.input, output: a.output + t.output, cacheWrite: a.cacheWrite + t.cacheWrite, cacheRead: a.cacheRead + t.cacheRead }));
/** The answer line as the README describes it: "1.2k in · 340 out · 8k cached (saved $0.02) · $0.0123". */
const line = (t: Tokens, cost: number) =>
  [`${formatTokens(t.input + t.cacheWrite)} in`, `${formatTokens(t.output)} out`, ...(t.cacheRead > 0 ? [`${formatTokens(t.cacheRead)} cached (saved ${formatCost(saved(t))})`] : []), formatCost(cost)].join(' · ');

function note(text: string): void {
  console.log(text);
  const file = process.env.INKWELL_TEST_NOTES;
  if (file) fs.appendFileSync(file, `${text}\n`);
}

describe('usage, cost, cache and context in VS Code', function () {
  this.timeout(60_000);
  const config = () => vscode.workspace.getConfiguration('inkwell');
  const fake = () => new FakeServerClient(fakeServerUrl()!);
  let inkwell: InkwellApi;

  before(async () => {
    inkwell = (await activateInkwell()).exports as InkwellApi;
  });

  after(async () => {
    await vscode.commands.executeCommand('inkwell.chooseModel', '');
    await config().update('thinkingBudget', undefined, vscode.ConfigurationTarget.Global);
  });

  const ask = (prompt: string) => answerOf<TurnEndedEvent>(inkwell, () => vscode.commands.executeCommand('inkwell.ask', prompt));
  const answers = () => inkwell.chat.state().turns.filter((t): t is AssistantTurnView => t.role === 'assistant');

  it('Choose Model with an id writes inkwell.model to the user settings and the header shows it', async () => {
    await vscode.commands.executeCommand('inkwell.newChat');
    await vscode.commands.executeCommand('inkwell.chooseModel', MODEL);
    assert.equal(config().inspect<string>('model')?.globalValue, MODEL);
    assert.equal(config().inspect<string>('model')?.workspaceValue, undefined, 'nothing written into the workspace');
    await waitFor(() => inkwell.chat.state().model === MODEL, 5000, 'the header model');
  });

  it('a conversation with a cache hit, a stopped answer and a thinking answer: every figure matches the server and the price table', async () => {
    await fake().reset();
    await vscode.commands.executeCommand('inkwell.newChat');
    await vscode.commands.executeCommand('inkwell.chooseModel', MODEL);

    // 1. A cache hit: the server reports cache reads and writes.
    assert.equal((await ask('[[scenario:cached-answer]] Summarise the project.')).outcome.status, 'done');
    // 2. Stopped after two pieces.
    await vscode.commands.executeCommand('inkwell.ask', '[[scenario:slow-drip]] Tell me a long story.');
    const stoppedId = answers().at(-1)!.id;
    const stopped = new Promise<void>((resolve) => {
      const s = inkwell.chat.onDidEndTurn((e) => e.turnId === stoppedId && (s.dispose(), resolve()));
    });
    await waitFor(() => answers().at(-1)?.blocks.some((b) => b.kind === 'text' && b.text.includes('drip 2.')), 10_000, 'two pieces');
    await vscode.commands.executeCommand('inkwell.stop');
    await stopped;
    // 3. Thinking, with a budget.
    await config().update('thinkingBudget', BUDGET, vscode.ConfigurationTarget.Global);
    assert.equal((await ask('[[scenario:thinking]] What is 6 x 7?')).outcome.status, 'done');

    const requests = await fake().waitForOutcome(2, 5000).then(() => fake().requests());
    assert.deepEqual(requests.map((r) => [r.scenario, r.body.model, r.outcome]), [
      ['cached-answer', MODEL, 'completed'],
      ['slow-drip', MODEL, 'client-closed'],
      ['thinking', MODEL, 'completed'],
    ]);
    assert.equal(requests[0]!.body.thinking, undefined);
    assert.deepEqual(requests[2]!.body.thinking, { type: 'enabled', budget_tokens: BUDGET });
    assert.ok(requests[2]!.body.max_tokens > BUDGET);

    const state = inkwell.chat.state();
    const [cached, drip, thinking] = answers();
    assert.deepEqual([cached!.status, drip!.status, thinking!.status], ['done', 'stopped', 'done']);
    assert.deepEqual(thinking!.blocks.map((b) => b.kind), ['thinking', 'text']);
    assert.equal(thinking!.blocks[0]!.kind === 'thinking' && thinking!.blocks[0]!.text, EXPECTED.thinking.thinking);

    // What the server reported; for the stopped request only message_start's figures exist, and
    // its output is estimated from the streamed text at four characters a token (marked ≈).
    const dripText = drip!.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('');
    const expected: Tokens[] = [
      reported(requests[0]!),
      { ...reported(requests[1]!), output: Math.max(1, Math.ceil(dripText.length / 4)) },
      reported(requests[2]!),
    ];
    assert.ok(expected[0]!.cacheRead === 4096 && expected[0]!.cacheWrite === 1024, 'the cache hit was reported');
    assert.equal(expected[2]!.cacheRead, 1800);

    for (const [i, turn] of [cached!, drip!, thinking!].entries()) {
      const [details] = turn.details ?? [];
      assert.equal(turn.details?.length, 1, `answer ${i + 1} made one request`);
      assert.deepEqual(details!.tokens, expected[i], `tokens of answer ${i + 1}`);
      assert.equal(details!.requestId, requests[i]!.requestId);
      assert.equal(details!.model, MODEL);
      assert.equal(details!.retries, 0);
      assert.equal(details!.costUsd, usd(expected[i]!), `cost of answer ${i + 1}`);
      assert.equal(details!.cacheSavedUsd, saved(expected[i]!), `savings of answer ${i + 1}`);
      assert.equal(details!.outputEstimated, i === 1);
      assert.ok(details!.totalMs !== undefined && details!.firstTokenMs !== undefined && details!.firstTokenMs <= details!.totalMs);
    }
    assert.deepEqual(answers().map((a) => a.details![0]!.stopReason), ['end_turn', undefined, 'end_turn']);
    assert.equal(cached!.usageSummary, line(expected[0]!, usd(expected[0]!)));
    assert.equal(drip!.usageSummary, `stopped after ${formatTokens(expected[1]!.output)} tokens ≈ ${formatCost(usd(expected[1]!))}`);
    assert.equal(thinking!.usageSummary, line(expected[2]!, usd(expected[2]!)));

    const total = sum(expected);
    const totalUsd = Math.round(expected.reduce((a, t) => a + usd(t), 0) * 1e10) / 1e10;
    assert.equal(state.usageTotals, line(total, totalUsd));

    const last = expected[2]!;
    const used = last.input + last.cacheWrite + last.cacheRead + last.output;
    assert.deepEqual(state.context && { used: state.context.used, limit: state.context.limit, level: state.context.level, label: state.context.label }, {
      used,
      limit: 1_000_000,
      level: 'normal',
      label: `${formatTokens(used)} / 1M context`,
    });

    note('Usage figures of one conversation (fake server, claude-sonnet-4-6 at $3 / $15 / $3.75 / $0.30 per MTok):');
    for (const [i, turn] of answers().entries()) {
      const t = turn.details![0]!.tokens;
      note(
        `  answer ${i + 1} (${requests[i]!.scenario}, ${turn.status}): in ${t.input}, out ${t.output}${turn.details![0]!.outputEstimated ? ' (estimated)' : ''}, ` +
          `cache write ${t.cacheWrite}, cache read ${t.cacheRead}; cost $${usd(t).toFixed(6)}, saved $${saved(t).toFixed(6)} — shown: "${turn.usageSummary}"`,
      );
    }
    note(`  conversation: "${state.usageTotals}"; context "${state.context?.label}" (${state.context?.description})`);
  });
});
