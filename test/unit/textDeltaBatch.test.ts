import * as assert from 'node:assert/strict';
import { TEXT_BATCH_MS, TextDeltaBatch, type TextEvent } from '../../src/chat/textDeltaBatch.js';

/** A batch with a hand-driven clock and "event loop is free" callbacks. */
function harness() {
  const applied: TextEvent[] = [];
  const errors: unknown[] = [];
  const soon: (() => void)[] = [];
  let now = 1000;
  let failNext = false;
  const batch = new TextDeltaBatch(
    (event) => {
      if (failNext) throw new Error('cannot apply');
      applied.push(event);
    },
    () => now,
    (error) => errors.push(error),
    (callback) => soon.push(callback),
  );
  return {
    batch,
    applied,
    errors,
    failApplying: () => (failNext = true),
    advance: (ms: number) => (now += ms),
    loopFree: () => soon.splice(0).forEach((callback) => callback()),
  };
}

const text = (index: number, value: string): TextEvent => ({ type: 'textDelta', index, text: value });

describe('TextDeltaBatch', () => {
  it('hands on an answer’s first text at once', () => {
    const { batch, applied } = harness();
    batch.add(text(0, 'Hello'));
    assert.deepEqual(applied, [text(0, 'Hello')]);
  });

  it('hands on the first thinking and the first words at once, each', () => {
    const { batch, applied } = harness();
    const thinking = (value: string): TextEvent => ({ type: 'thinkingDelta', index: 0, text: value });
    batch.add(thinking('Let me'));
    batch.add(thinking(' think'));
    assert.deepEqual(applied, [thinking('Let me')]);
    batch.add(text(1, 'Answer'));
    assert.deepEqual(applied, [thinking('Let me'), thinking(' think'), text(1, 'Answer')], 'the held thinking goes first, then the first words');
  });

  it('reports a failure to hand on held text, which nothing else would hear of', () => {
    const { batch, applied, errors, loopFree, failApplying } = harness();
    batch.add(text(0, 'a'));
    batch.add(text(0, 'b'));
    failApplying();
    loopFree();
    assert.deepEqual(applied, [text(0, 'a')]);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /cannot apply/);
  });

  it('folds the text that follows into one delta, handed on when the event loop is next free', () => {
    const { batch, applied, loopFree } = harness();
    batch.add(text(0, 'Hello'));
    batch.add(text(0, ' wide'));
    batch.add(text(0, ' world'));
    assert.equal(applied.length, 1);
    loopFree();
    assert.deepEqual(applied, [text(0, 'Hello'), text(0, ' wide world')]);
    loopFree();
    assert.equal(applied.length, 2, 'nothing is handed on twice');
  });

  it('keeps the order: text of another block, or thinking, first hands on what waits', () => {
    const { batch, applied } = harness();
    batch.add(text(0, 'a'));
    batch.add(text(0, 'b'));
    batch.add({ type: 'thinkingDelta', index: 0, text: 'hm' });
    batch.add(text(1, 'c'));
    batch.flush();
    assert.deepEqual(applied, [text(0, 'a'), text(0, 'b'), { type: 'thinkingDelta', index: 0, text: 'hm' }, text(1, 'c')]);
  });

  it(`holds text at most ${TEXT_BATCH_MS} ms while the event loop stays busy`, () => {
    const { batch, applied, advance } = harness();
    batch.add(text(0, 'first'));
    batch.add(text(0, ' a'));
    advance(TEXT_BATCH_MS - 1);
    batch.add(text(0, ' b'));
    assert.equal(applied.length, 1);
    advance(1);
    batch.add(text(0, ' c'));
    assert.deepEqual(applied, [text(0, 'first'), text(0, ' a b c')]);
    batch.add(text(0, ' d'));
    assert.equal(applied.length, 2, 'the next text starts a new batch');
  });

  it('flush hands on what waits, and only that', () => {
    const { batch, applied } = harness();
    batch.flush();
    assert.deepEqual(applied, []);
    batch.add(text(0, 'x'));
    batch.add(text(0, 'y'));
    batch.flush();
    batch.flush();
    assert.deepEqual(applied, [text(0, 'x'), text(0, 'y')]);
  });
});
