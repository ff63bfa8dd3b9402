import * as assert from 'node:assert/strict';
import { BlockScanner } from '../../../src/webview/markdown/blockScanner.js';

function scan(...pieces: string[]): BlockScanner {
  const scanner = new BlockScanner();
  for (const piece of pieces) scanner.feed(piece);
  return scanner;
}

describe('BlockScanner', () => {
  it('cuts after a blank line once the next block has begun', () => {
    assert.equal(scan('First paragraph.\n\n').stableEnd, 0, 'the next line could still continue a list');
    assert.equal(scan('First paragraph.\n\nS').stableEnd, 18);
    assert.equal(scan('First ', 'paragraph.\n', '\n', 'Second\n').stableEnd, 18);
  });

  it('keeps a list open across blank lines while its items continue', () => {
    assert.equal(scan('- one\n\n- two\n\n  more of two\n').stableEnd, 0);
    assert.equal(scan('- one\n\n- two\n\nAfter the list\n').stableEnd, 14);
  });

  it('keeps indented code open across blank lines', () => {
    assert.equal(scan('    code\n\n    more code\n').stableEnd, 0);
  });

  it('never cuts inside a fenced code block', () => {
    const scanner = scan('```py\nx = 1\n\ny = 2\n\nz\n');
    assert.equal(scanner.stableEnd, 0);
    assert.deepEqual(scanner.openFence, { contentStart: 6, info: 'py' });
  });

  it('cuts before an unindented fence and right after it closes', () => {
    const scanner = scan('Intro text\n```ts title=a\nconst a = 1;\n');
    assert.equal(scanner.stableEnd, 11);
    assert.deepEqual(scanner.openFence, { contentStart: 25, info: 'ts title=a' });
    scanner.feed('```\nafter');
    assert.equal(scanner.stableEnd, 42);
    assert.equal(scanner.openFence, undefined);
  });

  it('only closes a fence with the same marker, at least as long', () => {
    const scanner = scan('````\n```\n~~~~\n');
    assert.ok(scanner.openFence, 'shorter or different markers are code');
    scanner.feed('`````  \n');
    assert.equal(scanner.openFence, undefined);
  });

  it('holds back an unfinished line that may still close the fence', () => {
    const scanner = scan('```\nline one\nline two');
    assert.equal(scanner.fenceSafeEnd, 21, 'an ordinary unfinished line can be shown');
    scanner.feed('\n``');
    assert.equal(scanner.fenceSafeEnd, 21, 'a possible closer and the newline before it wait');
    scanner.feed('x');
    assert.equal(scanner.fenceSafeEnd, 25);
  });

  it('keeps a fence inside a list item when its closer is indented like the item', () => {
    const scanner = scan('1. Run:\n   ```sh\n   npm test\n\n   ```\n\nDone.\n');
    assert.equal(scanner.stableEnd, 38);
  });

  it('reads a fence less indented than the list item as a top-level fence', () => {
    const scanner = scan(' - item\n  ```\n```js\n\nstill code\n');
    assert.equal(scanner.stableEnd, 0, 'the js line is code, not a new fence');
  });

  it('notices link reference definitions', () => {
    assert.equal(scan('See [a].\n').sawLinkDefinition, false);
    assert.equal(scan('See [a].\n\n[a]: https://example.com\n').sawLinkDefinition, true);
  });

  it('can start at an offset inside a longer text', () => {
    const scanner = new BlockScanner(100);
    scanner.feed('para\n\nnext');
    assert.equal(scanner.stableEnd, 106);
  });
});
