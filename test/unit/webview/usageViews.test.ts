import * as assert from 'node:assert/strict';
import type { ContextView, RequestDetailsView } from '../../../src/shared/transcript.js';
import { assistantTurn, chatState, createTestApp, type TestApp } from './helpers.js';

const CONTEXT: ContextView = { used: 30_600, limit: 200_000, level: 'normal', label: '31k / 200k context', description: '31k of 200k context (15%) in use after the last request' };

function details(requestId: string, stopReason = 'end_turn'): RequestDetailsView {
  return {
    model: 'claude-sonnet-4-6',
    requestId,
    firstTokenMs: 420,
    totalMs: 1830,
    tokens: { input: 1200, output: 340, cacheWrite: 2048, cacheRead: 8000 },
    outputEstimated: false,
    costUsd: 0.01878,
    cacheSavedUsd: 0.0216,
    retries: 0,
    stopReason,
    rows: [
      { label: 'Model', value: 'claude-sonnet-4-6' },
      { label: 'Request id', value: requestId },
      { label: 'Stop reason', value: stopReason },
    ],
  };
}

function modelButton(t: TestApp): HTMLButtonElement {
  return t.root.querySelector<HTMLButtonElement>('header button.header-model')!;
}

function meter(t: TestApp): HTMLElement {
  return t.root.querySelector<HTMLElement>('.context-meter')!;
}

describe('header model picker and context meter', () => {
  it('the model is a button "Model: <name>" that asks the host for the picker', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ model: 'claude-sonnet-4-6' }) });
    assert.equal(modelButton(t).textContent, 'Model: claude-sonnet-4-6');
    assert.equal(modelButton(t).type, 'button');
    modelButton(t).click();
    assert.deepEqual(t.host.postedOfType('chooseModel'), [{ type: 'chooseModel' }]);
  });

  it('before the first request resolves an empty setting it reads "Model: default"', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ model: '' }) });
    assert.equal(modelButton(t).textContent, 'Model: default');
  });

  it('shows no meter before any request used tokens', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState() });
    assert.equal(meter(t).hidden, true);
    assert.equal(meter(t).getAttribute('role'), null);
    assert.equal(t.root.querySelector<HTMLElement>('.header-stats')!.hidden, true);
  });

  it('a snapshot shows the context as a meter with its value for screen readers', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ context: CONTEXT, usageTotals: '1.2k in · 340 out · $0.01' }) });
    const m = meter(t);
    assert.equal(m.hidden, false);
    assert.equal(m.getAttribute('role'), 'meter');
    assert.equal(m.getAttribute('aria-label'), 'Context window');
    assert.deepEqual(['aria-valuemin', 'aria-valuemax', 'aria-valuenow'].map((a) => m.getAttribute(a)), ['0', '200000', '30600']);
    assert.equal(m.getAttribute('aria-valuetext'), CONTEXT.description);
    assert.equal(m.querySelector('.context-meter-label')!.textContent, '31k / 200k context');
    assert.equal(m.querySelector<HTMLElement>('.context-meter-fill')!.style.width, '15.3%');
    assert.equal(m.dataset.level, 'normal');
    assert.equal(t.root.querySelector<HTMLElement>('.header-stats')!.hidden, false);
  });

  it('a context delta updates it and warns visibly near the limit', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ context: CONTEXT }) });
    const warning: ContextView = { ...CONTEXT, used: 170_000, level: 'warning', label: '170k / 200k context', description: '170k of 200k … nearly full' };
    t.send({ type: 'deltas', seq: 2, deltas: [{ type: 'context', context: warning }] });
    assert.equal(meter(t).dataset.level, 'warning');
    assert.equal(meter(t).querySelector('.context-meter-label')!.textContent, '170k / 200k context — nearly full');
    assert.equal(meter(t).getAttribute('aria-valuenow'), '170000');
    const over: ContextView = { ...CONTEXT, used: 210_000, level: 'critical', label: '210k / 200k context', description: 'over' };
    t.send({ type: 'deltas', seq: 3, deltas: [{ type: 'context', context: over }] });
    assert.equal(meter(t).dataset.level, 'critical');
    assert.equal(meter(t).getAttribute('aria-valuenow'), '200000', 'the meter value stays within its range');
    assert.equal(meter(t).querySelector<HTMLElement>('.context-meter-fill')!.style.width, '100%');
  });

  it('without a known window: the count only, no bar and no meter role', () => {
    const t = createTestApp();
    const unknown: ContextView = { used: 1500, level: 'normal', label: '1.5k context', description: '1.5k context in use (window size unknown for this model)' };
    t.send({ type: 'snapshot', seq: 1, state: chatState({ context: unknown }) });
    assert.equal(meter(t).getAttribute('role'), null);
    assert.equal(meter(t).querySelector<HTMLElement>('.context-meter-bar')!.hidden, true);
    assert.equal(meter(t).getAttribute('aria-label'), unknown.description);
  });
});

describe('turn details disclosure', () => {
  function toggle(t: TestApp): HTMLButtonElement {
    return t.root.querySelector<HTMLButtonElement>('article[aria-label="Claude"] button.turn-details-toggle')!;
  }

  it('a finished answer from a snapshot has a collapsed "Details" button that expands its region', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1', { status: 'done', details: [details('req_1')] })] }) });
    const button = toggle(t);
    assert.equal(button.textContent, 'Details');
    assert.equal(button.getAttribute('aria-expanded'), 'false');
    const panel = t.root.querySelector<HTMLElement>(`#${button.getAttribute('aria-controls')}`)!;
    assert.equal(panel.getAttribute('role'), 'region');
    assert.equal(panel.hidden, true);
    button.click();
    assert.equal(button.getAttribute('aria-expanded'), 'true');
    assert.equal(panel.hidden, false);
    assert.deepEqual([...panel.querySelectorAll('dt')].map((e) => e.textContent), ['Model', 'Request id', 'Stop reason']);
    assert.deepEqual([...panel.querySelectorAll('dd')].map((e) => e.textContent), ['claude-sonnet-4-6', 'req_1', 'end_turn']);
    button.click();
    assert.equal(panel.hidden, true);
    assert.equal(button.getAttribute('aria-expanded'), 'false');
  });

  it('is a real button in the tab order (Enter and Space work natively)', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1', { status: 'done', details: [details('req_1')] })] }) });
    const button = toggle(t);
    assert.equal(button.tagName, 'BUTTON');
    assert.equal(button.type, 'button');
    assert.equal(button.tabIndex, 0);
    button.focus();
    assert.equal(t.win.document.activeElement, button);
  });

  it('arrives with turnEnded, one section per request of a tool loop', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1')] }) });
    assert.equal(toggle(t), null, 'nothing while streaming');
    t.send({ type: 'deltas', seq: 2, deltas: [{ type: 'turnEnded', turnId: 'a1', status: 'done', stopReason: 'end_turn', details: [details('req_1', 'tool_use'), details('req_2')] }] });
    const panel = t.root.querySelector<HTMLElement>('.turn-details-panel')!;
    assert.deepEqual([...panel.querySelectorAll('.turn-details-heading')].map((e) => e.textContent), ['Request 1 of 2', 'Request 2 of 2']);
    assert.equal(panel.querySelectorAll('dl').length, 2);
  });

  it('no details, no button (an answer that failed before any request)', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1', { status: 'error', error: { title: 'No API key', detail: '', actions: [] } })] }) });
    assert.equal(toggle(t), null);
  });
});
