import assert from 'node:assert/strict';
import { SourceText } from '../../../src/webview/markdown/sourceText.js';

describe('SourceText', () => {
  it('reads by whole-text offsets before and after the final part is released', () => {
    const text = new SourceText();
    text.append('# Title\n\nfirst para');
    text.append('graph\n\nsecond');
    assert.equal(text.length, 32);
    assert.equal(text.slice(9, 24), 'first paragraph');
    text.release(9);
    assert.equal(text.length, 32, 'releasing keeps the length');
    assert.equal(text.slice(9, 24), 'first paragraph');
    assert.equal(text.slice(26), 'second');
    assert.equal(text.indexOf('\n', 9), 24);
    assert.equal(text.indexOf('#', 9), -1);
    text.release(26);
    text.append(' half');
    assert.equal(text.slice(26), 'second half');
    assert.equal(text.whole(), '# Title\n\nfirst paragraph\n\nsecond half');
  });

  it('ignores a release at or before what is already released', () => {
    const text = new SourceText();
    text.append('abcdef');
    text.release(4);
    text.release(2);
    text.release(4);
    assert.equal(text.slice(4), 'ef');
    assert.equal(text.whole(), 'abcdef');
  });
});
