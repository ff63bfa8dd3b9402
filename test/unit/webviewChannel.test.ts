import * as assert from 'node:assert/strict';
import { FRAME_MS, WebviewChannel, type Scheduler } from '../../src/chat/webviewChannel';
import type { HostToWebview } from '../../src/shared/protocol';
import type { ChatState } from '../../src/shared/transcript';

/** A manual clock: timers fire only when the test advances time. */
class ManualScheduler implements Scheduler {
  private time = 0;
  private timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  now() {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number) {
    const timer = { at: this.time + ms, callback, cancelled: false };
    this.timers.push(timer);
    return { dispose: () => (timer.cancelled = true) };
  }
  /** Like a microtask: runs at the next `advance`, even `advance(0)`, before time passes. */
  soon(callback: () => void) {
    return this.setTimeout(callback, 0);
  }
  /** Time passes while the event loop is too busy to run any timer. */
  busy(ms: number) {
    this.time += ms;
  }
  advance(ms: number) {
    this.time += ms;
    const due = this.timers.filter((t) => !t.cancelled && t.at <= this.time);
    this.timers = this.timers.filter((t) => !due.includes(t));
    for (const t of due) t.callback();
  }
}

const state: ChatState = { turns: [], keySource: 'secretStorage', model: 'm' };

function setup() {
  const scheduler = new ManualScheduler();
  const posted: HostToWebview[] = [];
  const port = { visible: true, postMessage: (m: HostToWebview) => posted.push(m) };
  const channel = new WebviewChannel(() => state, scheduler);
  channel.attach(port);
  return { scheduler, posted, port, channel };
}

const append = (text: string, index = 0) => ({ type: 'textAppended' as const, turnId: 't', index, text });

describe('WebviewChannel', () => {
  it('sends nothing before the webview is ready, then a snapshot', () => {
    const { channel, posted, scheduler } = setup();
    channel.push([append('lost')]);
    scheduler.advance(100);
    assert.equal(posted.length, 0);
    channel.sendSnapshot();
    assert.deepEqual(posted, [{ type: 'snapshot', seq: 1, state }]);
  });

  it('coalesces a burst into one post per frame, merging appends to the same block', () => {
    const { channel, posted, scheduler } = setup();
    channel.sendSnapshot();
    for (let i = 0; i < 100; i++) channel.push([append(String(i % 10))]);
    channel.push([append('x', 1)]);
    scheduler.advance(0);
    assert.equal(posted.length, 2);
    assert.deepEqual(posted[1], { type: 'deltas', seq: 2, deltas: [append('0123456789'.repeat(10)), append('x', 1)] });
    // The next burst waits for the frame to pass.
    channel.push([append('y')]);
    scheduler.advance(FRAME_MS - 1);
    assert.equal(posted.length, 2);
    scheduler.advance(1);
    assert.equal(posted.length, 3);
    assert.equal((posted[2] as { seq: number }).seq, 3);
  });

  it('drops deltas while hidden and sends a fresh snapshot when visible again', () => {
    const { channel, posted, scheduler, port } = setup();
    channel.sendSnapshot();
    port.visible = false;
    channel.push([append('unseen')]);
    scheduler.advance(50);
    assert.equal(posted.length, 1);
    port.visible = true;
    channel.visibilityChanged();
    assert.equal(posted.length, 2);
    assert.equal(posted[1]?.type, 'snapshot');
    assert.equal((posted[1] as { seq: number }).seq, 2);
  });

  it('flush posts pending deltas at once', () => {
    const { channel, posted } = setup();
    channel.sendSnapshot();
    channel.push([append('a')]);
    channel.flush();
    assert.equal(posted.length, 2);
  });

  it('posts the first text of an answer at once, even right after the post that added its turn', () => {
    const { channel, posted, scheduler } = setup();
    channel.sendSnapshot();
    channel.push([{ type: 'keySource', keySource: 'environment' }]);
    scheduler.advance(0);
    assert.equal(posted.length, 2);
    scheduler.advance(3);
    channel.push([append('Hello')]);
    scheduler.advance(0);
    assert.equal(posted.length, 3, 'the text did not wait for the rest of the frame');
    channel.push([append(' world')]);
    scheduler.advance(FRAME_MS - 1);
    assert.equal(posted.length, 3, 'later text is still held to one post per frame');
    scheduler.advance(1);
    assert.equal(posted.length, 4);
  });

  it('posts the first words while a stream read from a full buffer is still being processed', async () => {
    // The real scheduler: a buffered stream arrives as one chain of promises, with no timer in between.
    const posted: HostToWebview[] = [];
    const channel = new WebviewChannel(() => state);
    channel.attach({ visible: true, postMessage: (m: HostToWebview) => posted.push(m) });
    channel.sendSnapshot();
    let postedAtEvent: number | undefined;
    for (let event = 0; event < 200; event++) {
      channel.push([append('x')]);
      await Promise.resolve();
      if (postedAtEvent === undefined && posted.length > 1) postedAtEvent = event;
    }
    assert.equal(postedAtEvent, 0, 'the first text was posted before the next event was read');
    channel.dispose();
  });

  it('posts a new block together with its first words, and on its own only after a frame', () => {
    const { channel, posted, scheduler } = setup();
    channel.sendSnapshot();
    const block = { type: 'blockAdded' as const, turnId: 't', block: { kind: 'text' as const, text: '' } };
    channel.push([block]);
    channel.push([append('Hi')]);
    scheduler.advance(0);
    assert.deepEqual(posted.slice(1), [{ type: 'deltas', seq: 2, deltas: [block, append('Hi')] }]);
    scheduler.advance(FRAME_MS);
    channel.push([{ ...block, turnId: 'u' }]);
    scheduler.advance(FRAME_MS - 1);
    assert.equal(posted.length, 2, 'a block alone waits for its words');
    scheduler.advance(1);
    assert.equal(posted.length, 3);
  });

  it('keeps posting once a frame while a busy event loop runs no timers', () => {
    const { channel, posted, scheduler } = setup();
    channel.sendSnapshot();
    for (let i = 0; i < 40; i++) {
      channel.push([append(`${i},`)]);
      scheduler.busy(2);
    }
    // 80 ms of a stream without a single timer: about one post per 16 ms all the same.
    assert.ok(posted.length >= 1 + 4, `${posted.length - 1} posts`);
    scheduler.advance(FRAME_MS);
    const text = posted.flatMap((m) => (m.type === 'deltas' ? m.deltas : [])).map((d) => (d.type === 'textAppended' ? d.text : '')).join('');
    assert.equal(text, Array.from({ length: 40 }, (_, i) => `${i},`).join(''));
  });
});
