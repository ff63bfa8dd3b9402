import * as assert from 'node:assert/strict';
import { highlightToHtml } from '../../../src/webview/markdown/highlight.js';
import { createMarkdownRenderer } from '../../../src/webview/markdown/markdownRenderer.js';
import { createHtmlSanitizer } from '../../../src/webview/sanitize.js';
import { CodeHighlighter, type PageRelevance } from '../../../src/webview/markdown/codeHighlighter.js';
import { createTestWindow, ManualIdle, type TestWindow } from './helpers.js';

/** What the page shows, moved by hand: `show(element)` brings it into view. */
class FakeRelevance implements PageRelevance {
  private readonly shown = new Set<Element>();
  private readonly listeners: (() => void)[] = [];
  isShown(element: Element): boolean {
    return this.shown.has(element);
  }
  onSomethingShown(listener: () => void): void {
    this.listeners.push(listener);
  }
  show(element: Element): void {
    this.shown.add(element);
    for (const listener of this.listeners) listener();
  }
  hide(element: Element): void {
    this.shown.delete(element);
  }
}

function codeBlocks(win: TestWindow, idle: ManualIdle, relevance?: FakeRelevance) {
  const sanitizer = createHtmlSanitizer(win.window);
  const highlighter = new CodeHighlighter(sanitizer, idle.request, relevance);
  const renderer = createMarkdownRenderer(win.document, undefined, highlighter);
  const markdown = ['```ts', 'const a = 1;', '```', '', '```klingon', 'qapla', '```', '', '```python', 'print(2)', '```', ''].join('\n');
  const root = win.document.createElement('div');
  root.append(renderer.render(renderer.parse(markdown)));
  win.document.body.append(root);
  return { highlighter, root, codes: Array.from(root.querySelectorAll('code')) };
}

/** Code blocks coloured only while the page shows them, with the test deciding what it shows. */
function shownWhenInView() {
  const win = createTestWindow();
  const idle = new ManualIdle();
  const relevance = new FakeRelevance();
  return { win, idle, relevance, ...codeBlocks(win, idle, relevance) };
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

  it('colours only blocks the page shows, and the others once they come into view', () => {
    const { idle, relevance, codes } = shownWhenInView();
    relevance.show(codes[2]!);
    idle.run();
    assert.ok(codes[2]!.querySelector('.hljs-built_in'), 'the block in view is coloured');
    assert.equal(codes[0]!.children.length, 0, 'the block out of view is not');
    assert.equal(idle.pending, 0, 'nothing more is asked for until something comes into view');
    relevance.show(codes[0]!);
    assert.equal(idle.pending, 1);
    idle.run();
    assert.ok(codes[0]!.querySelector('[class^="hljs-"]'), 'coloured once it came into view');
  });

  it('leaves a block that scrolled away before the page was idle until it comes back', () => {
    const { idle, relevance, codes } = shownWhenInView();
    relevance.show(codes[0]!);
    relevance.hide(codes[0]!);
    idle.run();
    assert.equal(codes[0]!.children.length, 0);
    relevance.show(codes[0]!);
    idle.run();
    assert.ok(codes[0]!.querySelector('[class^="hljs-"]'));
  });

  it('forgets queued blocks when the transcript is replaced, and blocks that left the page', () => {
    const { win, idle, relevance, highlighter, codes } = shownWhenInView();
    highlighter.reset();
    relevance.show(codes[0]!);
    idle.run();
    assert.equal(codes[0]!.children.length, 0, 'forgotten at reset');
    const again = codeBlocks(win, idle, relevance);
    again.root.remove();
    for (const code of again.codes) relevance.show(code);
    idle.run();
    assert.ok(again.codes.every((code) => code.children.length === 0), 'a block no longer in the page is dropped');
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
