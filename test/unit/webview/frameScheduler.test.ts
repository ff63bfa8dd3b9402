import * as assert from 'node:assert/strict';
import { FrameScheduler } from '../../../src/webview/frameScheduler.js';

describe('FrameScheduler', () => {
  it('flushAll renders all pending work, then runs the after-frame listeners once; a frame they ask for is asked for once', () => {
    const frameRequests: (() => void)[] = [];
    const frames = new FrameScheduler((callback) => frameRequests.push(callback), () => 0, 0);
    const rendered: string[] = [];
    const renderMore = () => rendered.push('more');
    frames.schedule(() => {
      rendered.push('first');
      frames.schedule(renderMore);
    });
    let listenerRuns = 0;
    const frameAgain = () => undefined;
    // Like the transcript waiting for a burst to pass: every frame asks for one more.
    frames.afterEachFrame(() => {
      listenerRuns++;
      frames.schedule(frameAgain);
    });

    frames.flushAll();

    assert.deepEqual(rendered, ['first', 'more']);
    assert.equal(listenerRuns, 1);
    assert.equal(frameRequests.length, 1, 'one frame is asked of the browser');
    frameRequests.shift()!();
    assert.equal(listenerRuns, 2, 'the frame it asked for comes');
    assert.equal(frameRequests.length, 1);
  });
});
