import * as assert from 'node:assert/strict';
import type { TurnView } from '../../../src/shared/transcript.js';
import { assistantTurn, chatState, createTestApp, FakeIntersectionObservers, userTurn } from './helpers.js';

/** A finished exchange whose answer is `chars` long and says which one it is. */
function exchange(i: number, chars: number): TurnView[] {
  const text = `## Answer ${i}\n\n${'Words of a long answer. '.repeat(Math.ceil(chars / 24))}\n`;
  return [userTurn(`u${i}`, `question ${i}`), assistantTurn(`a${i}`, { status: 'done', blocks: [{ kind: 'text', text }] })];
}

function answers(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>('article[aria-label="Claude"] .markdown'));
}

describe('A long chat from a snapshot', () => {
  it('renders the newest answers at once and older ones when they come near the viewport', () => {
    const observers = new FakeIntersectionObservers();
    const t = createTestApp({ intersectionObservers: observers });
    const turns = Array.from({ length: 40 }, (_, i) => exchange(i, 4000)).flat();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns }) });

    const markdown = answers(t.root);
    assert.equal(markdown.length, 40, 'every turn is in the transcript');
    const rendered = markdown.filter((m) => m.querySelector('h2'));
    assert.ok(rendered.length >= 3 && rendered.length <= 10, `${rendered.length} answers rendered at once`);
    assert.equal(rendered.at(-1), markdown.at(-1), 'the newest answer is among them');
    const oldest = markdown[0]!;
    assert.equal(oldest.childElementCount, 0, 'the oldest answer waits');
    assert.match(oldest.style.minHeight, /^\d+em$/, 'with an estimated height');
    assert.ok(observers.watches(oldest));

    observers.show(oldest);
    assert.equal(oldest.childElementCount, 0, 'rendering waits for a frame');
    t.runFrames();
    assert.equal(oldest.querySelector('h2')?.textContent, 'Answer 0');
    assert.equal(oldest.style.minHeight, '');
    assert.ok(!observers.watches(oldest));
  });

  it('renders a deferred answer exactly like one rendered at once', () => {
    const observers = new FakeIntersectionObservers();
    const deferred = createTestApp({ intersectionObservers: observers });
    const eager = createTestApp();
    const turns = Array.from({ length: 12 }, (_, i) => exchange(i, 6000)).flat();
    deferred.send({ type: 'snapshot', seq: 1, state: chatState({ turns }) });
    eager.send({ type: 'snapshot', seq: 1, state: chatState({ turns }) });
    const waiting = answers(deferred.root).filter((m) => m.childElementCount === 0);
    assert.ok(waiting.length > 0);
    for (const element of waiting) observers.show(element);
    deferred.runFrames();
    assert.deepEqual(
      answers(deferred.root).map((m) => m.innerHTML),
      answers(eager.root).map((m) => m.innerHTML),
    );
  });

  it('forgets deferred answers of a replaced transcript', () => {
    const observers = new FakeIntersectionObservers();
    const t = createTestApp({ intersectionObservers: observers });
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: Array.from({ length: 20 }, (_, i) => exchange(i, 6000)).flat() }) });
    const old = answers(t.root)[0]!;
    t.send({ type: 'snapshot', seq: 2, state: chatState({ turns: [] }) });
    assert.ok(!observers.watches(old));
  });
});
