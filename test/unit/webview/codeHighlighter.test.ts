import * as assert from 'node:assert/strict';
import { CodeHighlighter } from '../../../src/webview/markdown/codeHighlighter.js';
import { highlightToHtml } from '../../../src/webview/markdown/highlight.js';
import { createMarkdownRenderer } from '../../../src/webview/markdown/markdownRenderer.js';
import { createHtmlSanitizer } from '../../../src/webview/sanitize.js';
import { createTestWindow, FakeIntersectionObservers, ManualIdle, type TestWindow } from './helpers.js';

function codeBlocks(win: TestWindow, idle: ManualIdle, observers?: FakeIntersectionObservers) {
  const sanitizer = createHtmlSanitizer(win.window);
  const highlighter = new CodeHighlighter(sanitizer, idle.request, observers?.Class);
  const renderer = createMarkdownRenderer(win.document, undefined, highlighter);
  const markdown = ['```ts', 'const a = 1;', '```', '', '```klingon', 'qapla', '```', '', '```python', 'print(2)', '```', ''].join('\n');
  const root = win.document.createElement('div');
  root.append(renderer.render(renderer.parse(markdown)));
  win.document.body.append(root);
  return { highlighter, root, codes: Array.from(root.querySelectorAll('code')) };
}

describe('CodeHighlighter', () => {
  it('renders code as plain text first and colours known languages in idle time', () => {
    const win = createTestWindow();
    const idle = new ManualIdle();
    const { codes } = codeBlocks(win, idle);
    assert.equal(codes.length, 3);
    assert.ok(codes.every((code) => code.children.length === 0), 'no token elements before idle time');
    assert.equal(codes[0]!.textContent, 'const a = 1;');
    idle.run();
    const expected = win.document.createElement('code');
    expected.innerHTML = highlightToHtml('const a = 1;', 'ts');
    assert.equal(codes[0]!.innerHTML, expected.innerHTML);
    assert.equal(codes[0]!.className, 'hljs language-ts');
    assert.equal(codes[1]!.innerHTML, 'qapla', 'an unknown language stays plain');
    assert.ok(codes[2]!.querySelector('.hljs-built_in'));
    assert.equal(codes[2]!.textContent, 'print(2)');
  });

  it('stops a slice when its time is up and continues in the next idle callback', () => {
    const win = createTestWindow();
    const idle = new ManualIdle();
    const { codes } = codeBlocks(win, idle);
    idle.runOnce(1);
    assert.ok(codes[0]!.querySelector('[class^="hljs-"]'), 'the first block is coloured');
    assert.equal(codes[2]!.children.length, 0, 'the second waits');
    assert.equal(idle.pending, 1, 'another idle callback was asked for');
    idle.runOnce(1);
    assert.ok(codes[2]!.querySelector('.hljs-built_in'));
    assert.equal(idle.pending, 0);
  });

  it('colours only blocks that come near the viewport', () => {
    const win = createTestWindow();
    const idle = new ManualIdle();
    const observers = new FakeIntersectionObservers();
    const { codes } = codeBlocks(win, idle, observers);
    assert.equal(observers.observed, 2, 'the two known languages are watched');
    idle.run();
    assert.ok(codes.every((code) => code.children.length === 0), 'nothing coloured off screen');
    observers.show(codes[2]!);
    idle.run();
    assert.ok(codes[2]!.querySelector('.hljs-built_in'));
    assert.equal(codes[0]!.children.length, 0);
    assert.equal(observers.observed, 1, 'a coloured block is no longer watched');
  });

  it('forgets queued blocks when the transcript is replaced', () => {
    const win = createTestWindow();
    const idle = new ManualIdle();
    const observers = new FakeIntersectionObservers();
    const { highlighter, codes } = codeBlocks(win, idle, observers);
    highlighter.reset();
    assert.equal(observers.observed, 0);
    observers.show(codes[0]!);
    idle.run();
    assert.equal(codes[0]!.children.length, 0);
  });

  it('keeps highlighted markup inside the sanitiser policy', () => {
    const win = createTestWindow();
    const idle = new ManualIdle();
    const sanitizer = createHtmlSanitizer(win.window);
    const highlighter = new CodeHighlighter(sanitizer, idle.request, undefined);
    const code = win.document.createElement('code');
    code.className = 'hljs language-xml';
    code.textContent = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    win.document.body.append(code);
    highlighter.queue(code);
    idle.run();
    assert.equal(code.textContent, '<img src=x onerror=alert(1)><script>alert(2)</script>');
    assert.equal(code.querySelector('img, script'), null);
  });
});
