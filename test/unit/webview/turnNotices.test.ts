import * as assert from 'node:assert/strict';
import type { TranscriptDelta } from '../../../src/shared/protocol.js';
import { assistantTurn, chatState, createTestApp, type TestApp } from './helpers.js';

function deltas(t: TestApp, seq: number, ...items: TranscriptDelta[]): void {
  t.send({ type: 'deltas', seq, deltas: items });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function notice(t: TestApp): HTMLElement {
  return t.root.querySelector<HTMLElement>('article[aria-label="Claude"] .turn-retry')!;
}

function button(root: ParentNode, name: string): HTMLButtonElement {
  const found = Array.from(root.querySelectorAll('button')).find((b) => b.textContent === name);
  assert.ok(found, `a button "${name}"`);
  return found;
}

describe('turn notices', () => {
  it('a retry wait shows what failed, a countdown, the attempt, Retry now and Cancel', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1')], streamingTurnId: 'a1' }) });
    assert.equal(notice(t).hidden, true, 'no notice before a wait');
    deltas(t, 2, { type: 'retryWait', turnId: 'a1', wait: { title: 'Rate limited', retryInMs: 2500, attempt: 2, maxAttempts: 5 } });
    const shown = notice(t);
    assert.equal(shown.hidden, false);
    assert.equal(shown.getAttribute('role'), 'status');
    assert.equal(shown.querySelector('.turn-retry-message')!.textContent, 'Rate limited — retrying in 3 s');
    assert.equal(shown.querySelector('.turn-retry-attempt')!.textContent, 'Attempt 2 of 5');
    button(shown, 'Retry now').click();
    button(shown, 'Cancel').click();
    assert.deepEqual(t.host.postedOfType('retryNow'), [{ type: 'retryNow', turnId: 'a1' }]);
    assert.deepEqual(t.host.postedOfType('stopTurn'), [{ type: 'stopTurn', turnId: 'a1' }]);
    deltas(t, 3, { type: 'retryWait', turnId: 'a1' });
    assert.equal(notice(t).hidden, true, 'gone when the next attempt starts');
  });

  it('counts down on its own clock, without messages from the host', async () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1')], streamingTurnId: 'a1' }) });
    deltas(t, 2, { type: 'retryWait', turnId: 'a1', wait: { title: 'Anthropic is overloaded', retryInMs: 1150, attempt: 3, maxAttempts: 5 } });
    const message = notice(t).querySelector('.turn-retry-message')!;
    assert.equal(message.textContent, 'Anthropic is overloaded — retrying in 2 s');
    await sleep(500);
    assert.equal(message.textContent, 'Anthropic is overloaded — retrying in 1 s');
    await sleep(1000);
    assert.equal(message.textContent, 'Anthropic is overloaded — retrying now…');
    deltas(t, 3, { type: 'turnEnded', turnId: 'a1', status: 'stopped' });
    assert.equal(notice(t).hidden, true, 'the end of the turn takes it away');
  });

  it('a snapshot taken during a wait shows it', () => {
    const t = createTestApp();
    const turn = { ...assistantTurn('a1'), retryWait: { title: 'Rate limited', retryInMs: 4000, attempt: 2, maxAttempts: 3 } };
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [turn], streamingTurnId: 'a1' }) });
    assert.equal(notice(t).querySelector('.turn-retry-message')!.textContent, 'Rate limited — retrying in 4 s');
    assert.equal(notice(t).hidden, false);
    // A snapshot without the wait replaces the turn; its countdown stops at its next tick.
    t.send({ type: 'snapshot', seq: 2, state: chatState({ turns: [assistantTurn('a1')], streamingTurnId: 'a1' }) });
    assert.equal(notice(t).hidden, true);
  });

  it('an answer that failed partway is marked incomplete; one that failed before any text is not', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1', { blocks: [{ kind: 'text', text: 'Half an ans' }] }), assistantTurn('a2')] }) });
    const error = { title: 'Connection dropped', detail: 'The partial answer is kept.', actions: [{ id: 'retry', label: 'Retry' }] } as const;
    deltas(t, 2, { type: 'turnEnded', turnId: 'a1', status: 'error', error }, { type: 'turnEnded', turnId: 'a2', status: 'error', error });
    const [partial, empty] = Array.from(t.root.querySelectorAll<HTMLElement>('article[aria-label="Claude"]'));
    assert.equal(partial!.classList.contains('turn-incomplete'), true);
    assert.equal(partial!.querySelector('.turn-incomplete-mark')!.textContent, 'Incomplete answer: it was cut off here.');
    assert.ok(partial!.querySelector('[role="alert"]'), 'the error itself still shows');
    assert.equal(empty!.classList.contains('turn-incomplete'), false);
    assert.equal(empty!.querySelector('.turn-incomplete-mark'), null);
  });

  it('a note (a buffering proxy) shows under the answer with its action, and is no alert', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1', { blocks: [{ kind: 'text', text: 'All at once.' }] })], streamingTurnId: 'a1' }) });
    const note = { text: 'This answer arrived all at once after 4 s…', actions: [{ id: 'openStreamSetting', label: 'Open Stream Setting' }] } as const;
    deltas(t, 2, { type: 'turnEnded', turnId: 'a1', status: 'done', note });
    const shown = t.root.querySelector<HTMLElement>('article[aria-label="Claude"] [role="note"]')!;
    assert.match(shown.textContent!, /arrived all at once after 4 s/);
    assert.equal(t.root.querySelector('[role="alert"]'), null);
    button(shown, 'Open Stream Setting').click();
    assert.deepEqual(t.host.postedOfType('errorAction'), [{ type: 'errorAction', action: 'openStreamSetting', turnId: 'a1' }]);
  });
});
