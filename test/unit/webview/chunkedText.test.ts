import * as assert from 'node:assert/strict';
import { ChunkedText } from '../../../src/webview/chunkedText.js';
import { createTestWindow, seededRandom } from './helpers.js';

describe('ChunkedText', () => {
  it('keeps the text exact while splitting it into chunks of whole lines', () => {
    const { document } = createTestWindow();
    const container = document.createElement('pre');
    const chunked = new ChunkedText(container, 5, 'chunk');
    const text = Array.from({ length: 57 }, (_, i) => `line ${i} ${'x'.repeat(i % 7)}\n`).join('') + 'unfinished';
    const random = seededRandom(11);
    for (let at = 0; at < text.length; ) {
      const size = 1 + Math.floor(random() * 40);
      chunked.append(text.slice(at, at + size));
      at += size;
    }
    assert.equal(container.textContent, text);
    const chunks = Array.from(container.children).map((chunk) => chunk.textContent!);
    assert.equal(chunks.length, 12);
    for (const chunk of chunks.slice(0, -1)) {
      assert.equal(chunk.split('\n').length - 1, 5, 'every full chunk holds exactly five lines');
      assert.ok(chunk.endsWith('\n'), 'chunks end at line ends');
    }
  });
});
