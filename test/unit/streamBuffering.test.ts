import * as assert from 'node:assert/strict';
import { bufferedStreamNote, looksBuffered } from '../../src/core/streamBuffering';

describe('buffered stream detection', () => {
  it('a long wait, then many events within a moment, is buffering', () => {
    assert.equal(looksBuffered({ startedAt: 0, firstEventAt: 4000, lastEventAt: 4020, eventCount: 120 }), true);
  });

  it('a stream that spreads its events over time is not', () => {
    assert.equal(looksBuffered({ startedAt: 0, firstEventAt: 4000, lastEventAt: 9000, eventCount: 120 }), false);
  });

  it('a quick first event is not, however fast the rest came', () => {
    assert.equal(looksBuffered({ startedAt: 0, firstEventAt: 300, lastEventAt: 310, eventCount: 120 }), false);
  });

  it('a short answer says too little to tell', () => {
    assert.equal(looksBuffered({ startedAt: 0, firstEventAt: 5000, lastEventAt: 5001, eventCount: 6 }), false);
  });

  it('the burst must be short next to the wait', () => {
    assert.equal(looksBuffered({ startedAt: 0, firstEventAt: 1000, lastEventAt: 1140, eventCount: 50 }), false);
    assert.equal(looksBuffered({ startedAt: 0, firstEventAt: 2000, lastEventAt: 2140, eventCount: 50 }), true);
  });

  it('no events, no verdict', () => {
    assert.equal(looksBuffered({ startedAt: 0, eventCount: 0 }), false);
  });

  it('the note names the wait and offers the stream setting', () => {
    const note = bufferedStreamNote({ startedAt: 1000, firstEventAt: 4400, lastEventAt: 4410, eventCount: 80 });
    assert.ok(note);
    assert.match(note.text, /all at once after 3 s/);
    assert.match(note.text, /inkwell\.stream/);
    assert.deepEqual(note.actions.map((a) => a.id), ['openStreamSetting']);
    assert.equal(bufferedStreamNote({ startedAt: 0, firstEventAt: 100, lastEventAt: 5000, eventCount: 80 }), undefined);
  });
});
