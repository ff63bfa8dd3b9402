import * as assert from 'node:assert/strict';
import { assistantTurn, chatState, createTestApp, keyDown, userTurn, type TestApp } from './helpers.js';

function claude(t: TestApp, index: number): HTMLElement {
  return Array.from(t.root.querySelectorAll<HTMLElement>('[role="log"] > article[aria-label="Claude"]'))[index]!;
}

function buttonsNamed(scope: ParentNode, name: string): HTMLButtonElement[] {
  return Array.from(scope.querySelectorAll<HTMLButtonElement>('button')).filter(
    (b) => !b.hidden && (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
  );
}

const composerStop = (t: TestApp) => t.root.querySelector<HTMLButtonElement>('.composer button[aria-label="Stop"]')!;

/** A chat with answer a1 streaming, then a2 (an explanation) added beside it. */
function twoStreaming(): TestApp {
  const t = createTestApp();
  t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [userTurn('u1', 'question'), assistantTurn('a1')] }) });
  t.send({ type: 'deltas', seq: 2, deltas: [{ type: 'turnAdded', turn: userTurn('u2', 'Explain src/a.ts, lines 3–9') }, { type: 'turnAdded', turn: assistantTurn('a2') }] });
  return t;
}

describe('ChatApp with several answers streaming', () => {
  it('puts interleaved deltas into the turn each one names', () => {
    const t = twoStreaming();
    t.send({ type: 'deltas', seq: 3, deltas: [
      { type: 'blockAdded', turnId: 'a1', block: { kind: 'text', text: '' } },
      { type: 'blockAdded', turnId: 'a2', block: { kind: 'text', text: '' } },
      { type: 'textAppended', turnId: 'a2', index: 0, text: 'It adds ' },
      { type: 'textAppended', turnId: 'a1', index: 0, text: 'drip 1. ' },
      { type: 'textAppended', turnId: 'a2', index: 0, text: 'two numbers.' },
      { type: 'textAppended', turnId: 'a1', index: 0, text: 'drip 2.' },
    ] });
    t.send({ type: 'deltas', seq: 4, deltas: [{ type: 'turnEnded', turnId: 'a2', status: 'done' }] });
    t.runFrames();
    assert.equal(claude(t, 0).querySelector('.markdown')!.textContent!.trim(), 'drip 1. drip 2.');
    assert.equal(claude(t, 1).querySelector('.markdown')!.textContent!.trim(), 'It adds two numbers.');
    assert.equal(claude(t, 0).getAttribute('aria-busy'), 'true', 'the first answer still streams');
    assert.equal(claude(t, 1).hasAttribute('aria-busy'), false);
    assert.equal(composerStop(t).hidden, false, 'Stop stays while one answer streams');
  });

  it('shows "Stop this answer" in each streaming turn only while two or more stream', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1')] }) });
    assert.equal(buttonsNamed(t.root, 'Stop this answer').length, 0, 'one answer: the composer Stop is enough');
    assert.deepEqual(buttonsNamed(t.root, 'Stop').map((b) => b.className.includes('composer-stop')), [true]);

    t.send({ type: 'deltas', seq: 2, deltas: [{ type: 'turnAdded', turn: assistantTurn('a2') }] });
    assert.equal(buttonsNamed(claude(t, 0), 'Stop this answer').length, 1);
    assert.equal(buttonsNamed(claude(t, 1), 'Stop this answer').length, 1);
    assert.equal(composerStop(t).title, 'Stop all 2 answers (Escape)');

    buttonsNamed(claude(t, 1), 'Stop this answer')[0]!.click();
    assert.deepEqual(t.host.postedOfType('stopTurn'), [{ type: 'stopTurn', turnId: 'a2' }]);
    assert.equal(t.host.postedOfType('stop').length, 0, 'only that answer, not the chat');

    t.send({ type: 'deltas', seq: 3, deltas: [{ type: 'turnEnded', turnId: 'a2', status: 'stopped' }] });
    assert.equal(buttonsNamed(t.root, 'Stop this answer').length, 0, 'back to one answer');
    assert.equal(composerStop(t).hidden, false);
    assert.equal(composerStop(t).title, 'Stop (Escape)');
    t.send({ type: 'deltas', seq: 4, deltas: [{ type: 'turnEnded', turnId: 'a1', status: 'done' }] });
    assert.equal(composerStop(t).hidden, true);
  });

  it('the composer Stop and Escape stop the whole chat', () => {
    const t = twoStreaming();
    composerStop(t).click();
    keyDown(t.win, t.root.querySelector('textarea')!, 'Escape');
    assert.deepEqual(t.host.postedOfType('stop'), [{ type: 'stop' }, { type: 'stop' }]);
    assert.equal(t.host.postedOfType('stopTurn').length, 0);
  });

  it('a snapshot with two streaming answers shows both buttons, in the new articles', () => {
    const t = twoStreaming();
    t.send({ type: 'snapshot', seq: 7, state: chatState({ turns: [assistantTurn('a1'), assistantTurn('a2'), assistantTurn('a3', { status: 'done' })] }) });
    assert.equal(buttonsNamed(claude(t, 0), 'Stop this answer').length, 1);
    assert.equal(buttonsNamed(claude(t, 1), 'Stop this answer').length, 1);
    assert.equal(buttonsNamed(claude(t, 2), 'Stop this answer').length, 0);
    assert.equal(buttonsNamed(t.root, 'Stop this answer').length, 2);
  });

  it('keyboard focus on a Stop this answer button that disappears goes to the message box', () => {
    const t = twoStreaming();
    const button = buttonsNamed(claude(t, 0), 'Stop this answer')[0]!;
    button.focus();
    assert.equal(t.win.document.activeElement, button);
    t.send({ type: 'deltas', seq: 3, deltas: [{ type: 'turnEnded', turnId: 'a1', status: 'stopped' }] });
    assert.equal(t.win.document.activeElement, t.root.querySelector('textarea'));
  });
});
