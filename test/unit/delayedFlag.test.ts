import * as assert from 'node:assert/strict';
import { delayedFlag } from '../../src/host/delayedFlag';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('delayedFlag', () => {
  it('turns on only after being wanted for the delay, and off at once', async () => {
    const applied: boolean[] = [];
    const flag = delayedFlag((on) => applied.push(on), 30);
    flag.set(true);
    flag.set(true);
    assert.equal(flag.on, false);
    await wait(60);
    assert.equal(flag.on, true);
    assert.deepEqual(applied, [true], 'applied once, however often it was wanted');
    flag.set(false);
    assert.equal(flag.on, false);
    assert.deepEqual(applied, [true, false]);
  });

  it('never shows what ends within the delay', async () => {
    const applied: boolean[] = [];
    const flag = delayedFlag((on) => applied.push(on), 30);
    flag.set(true);
    await wait(5);
    flag.set(false);
    await wait(60);
    assert.deepEqual(applied, []);
    assert.equal(flag.on, false);
  });

  it('dispose cancels a pending turn-on', async () => {
    const applied: boolean[] = [];
    const flag = delayedFlag((on) => applied.push(on), 20);
    flag.set(true);
    flag.dispose();
    await wait(50);
    assert.deepEqual(applied, []);
  });
});
