import * as assert from 'node:assert/strict';
import { BUSY_AFTER_BURST_MS, BUSY_FRAME_MS } from '../../../src/webview/frameScheduler.js';
import { FOLLOW_INTERVAL_WHILE_BUSY_MS, TranscriptView } from '../../../src/webview/transcriptView.js';
import { createCountingRenderer, createTestWindow, ManualFrames, ManualIdle, userTurn } from './helpers.js';

/** A transcript with a clock the test moves and a fake layout: the content is `height` tall. */
function setup() {
  const win = createTestWindow();
  let clock = 0;
  const frames = new ManualFrames(() => clock, 12);
  const view = new TranscriptView({ doc: win.document, markdown: createCountingRenderer(win).renderer, frames: frames.scheduler, post: () => undefined }, { requestIdle: new ManualIdle().request, after: () => undefined });
  win.document.body.append(view.element);
  const layout = { height: 1000, top: 0 };
  Object.defineProperty(view.element, 'scrollHeight', { get: () => layout.height });
  Object.defineProperty(view.element, 'clientHeight', { get: () => 500 });
  Object.defineProperty(view.element, 'scrollTop', { get: () => layout.top, set: (value: number) => (layout.top = Math.min(value, layout.height - 500)) });
  /** One frame in which rendering takes `workMs` and the content grows by `grow` pixels. */
  const frame = (workMs: number, grow: number) => {
    frames.scheduler.schedule(() => {
      clock += workMs;
      layout.height += grow;
    });
    frames.runOne();
    clock += 16 - workMs;
  };
  const atBottom = () => layout.top === layout.height - 500;
  return { view, frame, frames, layout, atBottom, advance: (ms: number) => (clock += ms) };
}

describe('TranscriptView following the answer', () => {
  it('follows every frame while text arrives at reading speed', () => {
    const { frame, atBottom } = setup();
    for (let i = 0; i < 10; i++) {
      frame(0.5, 20);
      assert.ok(atBottom(), `frame ${i}`);
    }
  });

  it('follows a burst a few times a second, and comes to the end once it is over', () => {
    const { frame, frames, atBottom, advance } = setup();
    frame(BUSY_FRAME_MS + 6, 2000);
    assert.ok(atBottom(), 'the first busy frame is followed');
    let followed = 0;
    const frameCount = 18;
    for (let i = 0; i < frameCount; i++) {
      frame(BUSY_FRAME_MS + 6, 2000);
      if (atBottom()) followed++;
    }
    const expected = (frameCount * 16) / FOLLOW_INTERVAL_WHILE_BUSY_MS;
    assert.ok(followed >= Math.floor(expected) && followed <= Math.ceil(expected) + 1, `followed ${followed} of ${frameCount} busy frames`);
    assert.ok(!atBottom(), 'the last busy frame was not followed');
    // The burst is over: frames run only the follow-up, until the view is at the end.
    for (let i = 0; i < 20 && !atBottom(); i++) {
      advance(16);
      frames.runOne();
    }
    assert.ok(atBottom(), 'the newest text comes into view after the burst');
  });

  it('follows a burst of parked text a few times a second too, though its frames cost little', () => {
    const { frame, frames, atBottom, advance } = setup();
    frame(0.5, 2000);
    let followed = 0;
    for (let i = 0; i < 18; i++) {
      frames.scheduler.noteBurst();
      frame(0.5, 2000);
      if (atBottom()) followed++;
    }
    assert.ok(followed >= 1 && followed <= 1 + (18 * 16) / FOLLOW_INTERVAL_WHILE_BUSY_MS, `followed ${followed} of 18 frames`);
    advance(BUSY_AFTER_BURST_MS);
    for (let i = 0; i < 20 && !atBottom(); i++) {
      advance(16);
      frames.runOne();
    }
    assert.ok(atBottom(), 'the newest text comes into view once the burst is over');
  });

  it('shows a snapshot that comes during a burst at its end at once', () => {
    const { view, frame, frames, layout, atBottom, advance } = setup();
    frame(BUSY_FRAME_MS + 6, 2000);
    assert.ok(atBottom(), 'the burst was followed just now');
    view.reset([userTurn('u1', 'question'), userTurn('u2', 'another')]);
    // Rendering a long transcript takes a while: long enough to count as busy.
    frames.scheduler.schedule(() => {
      advance(30);
      layout.height = 6000;
    });
    frames.scheduler.flushAll();
    assert.ok(atBottom(), 'the new transcript opens at its end, not 200 ms later');
  });
});
