/**
 * The DOM built from marked's tokens must be what the HTML route gave: marked's HTML renderer,
 * parsed by the browser and cleaned by the sanitizer. That route is rebuilt here as the reference
 * (it was the renderer until the DOM builder replaced it), and both must agree on every sample,
 * hostile ones included.
 */
import * as assert from 'node:assert/strict';
import type { Tokens } from 'marked';
import { frameCodeBlock } from '../../../src/webview/markdown/codeBlock.js';
import { escapeHtml, languageOfInfo } from '../../../src/webview/markdown/highlight.js';
import { createMarkdownRenderer, createMarked, renderMarkdown } from '../../../src/webview/markdown/markdownRenderer.js';
import { createHtmlSanitizer } from '../../../src/webview/sanitize.js';
import { longMarkdown } from '../../fake/longMarkdown.js';
import { createTestWindow, seededRandom, type TestWindow } from './helpers.js';
import { LINK_REFERENCE_SAMPLE, randomDocument, RICH_SAMPLE, UNCLOSED_FENCE_SAMPLE } from './markdownSamples.js';

/** marked's HTML, parsed and sanitized, code blocks framed: the route the DOM builder replaced. */
function renderThroughHtml(win: TestWindow, markdown: string): DocumentFragment {
  const marked = createMarked().use({
    renderer: {
      code: ({ text, lang }: Tokens.Code) => {
        const language = languageOfInfo(lang);
        return `<pre><code class="${language ? `hljs language-${language}` : 'hljs'}">${escapeHtml(text)}</code></pre>\n`;
      },
      html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
      checkbox: ({ checked }: Tokens.Checkbox) => (checked ? '☑ ' : '☐ '),
    },
  });
  const fragment = createHtmlSanitizer(win.window).toFragment(marked.parse(markdown) as string);
  for (const pre of Array.from(fragment.querySelectorAll('pre'))) {
    const code = pre.firstElementChild;
    const language = Array.from(code?.classList ?? []).find((name) => name.startsWith('language-'));
    frameCodeBlock(win.document, pre, language?.slice('language-'.length));
  }
  return fragment;
}

const BLOCK_CONTAINERS = new Set(['UL', 'OL', 'LI', 'BLOCKQUOTE', 'TABLE', 'THEAD', 'TBODY', 'TR']);
const BLOCKS = new Set([...BLOCK_CONTAINERS, 'P', 'PRE', 'DIV', 'HR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TH', 'TD']);

/**
 * The HTML route leaves the line breaks marked writes after blocks as text; next to a block they
 * render nothing. Merge adjacent text, drop those line breaks, and compare the markup.
 */
function canonical(win: TestWindow, fragment: DocumentFragment): string {
  const root = win.document.createElement('div');
  root.append(fragment);
  root.normalize();
  const isBlock = (node: Node | null) => node?.nodeType === 1 && BLOCKS.has((node as Element).tagName);
  const walk = (parent: Node) => {
    for (const child of Array.from(parent.childNodes)) {
      if (child.nodeType === 1) {
        walk(child);
        continue;
      }
      const inContainer = parent === root || BLOCK_CONTAINERS.has((parent as Element).tagName);
      let text = child.textContent ?? '';
      if (inContainer || isBlock(child.previousSibling)) text = text.replace(/^\n+/, '');
      if (inContainer || isBlock(child.nextSibling)) text = text.replace(/\n+$/, '');
      if (text === '') child.remove();
      else child.textContent = text;
    }
  };
  walk(root);
  return root.innerHTML;
}

function assertSameAsHtmlRoute(win: TestWindow, markdown: string, label: string): void {
  const built = canonical(win, renderMarkdown(createMarkdownRenderer(win.document), markdown));
  const reference = canonical(win, renderThroughHtml(win, markdown));
  assert.equal(built, reference, `${label}:\n${markdown}`);
}

const HOSTILE_SAMPLE = `# Entities &amp; escapes

AT&T, &copy; &amp;copy; \\&copy; &unknown; &#0; &#x110000; &#150; &#38;lt; &lt;b&gt; &nbsp;x &#x1F600;

<script>alert(1)</script> <img src=x onerror=alert(1)> <b onclick="x()">bold?</b>

<div onclick="x()">
block html
</div>

Code \`&amp; <b>\` and \`\`a \` b\`\` stay literal.

[js](javascript:alert(1)) [spaced](java\tscript:alert(1)) [encoded](jav&#x61;script:alert(1))
[entity href](https://x.y/?a=1&amp;b=2 "T&amp;itle") [mail](mailto:a@b.c) [relative](./file.ts)
[command](command:workbench.action.quit) [data](data:text/html,<b>x</b>) <https://auto.link/?a&amp;b>
https://bare.example/path?q=1&r=2 www.example.com a@b.example

![remote](https://tracker.example/p.png) ![png](data:image/png;base64,iVBORw0KGgo= "Pic &amp; title")
![svg](data:image/svg+xml;base64,PHN2Zz4=) ![*alt* with \`code\` and [link](https://x)](data:image/gif;base64,R0lG)
![entity src](data:image/png&#59;base64,AAAA)

| left | center | right | none |
|:-----|:------:|------:|------|
| a &amp; b | *em* | \`c\` | [l](https://l.example) |

- [ ] open task
- [x] done task

1. [x] loose task

2. second

7. starts at seven
8. eight

> quote with **strong** and ~~struck~~ text
> > nested quote
>
> - list in quote

Hard break here  
next line, and a backslash break\\
after it.

Setext heading
==============

    indented code &amp; <b>

\`\`\`weird lang!
fence with a bad language &amp;
\`\`\`

\`\`\`ts title="x.ts"
const a = '<b>' && "&amp;";
\`\`\`

* * *

[undefined reference] and [defined][d].

[d]: https://defined.example "Defined"
`;

describe('MarkdownDomBuilder', () => {
  it('builds what marked’s HTML gave once parsed and sanitized, for hostile markdown', () => {
    const win = createTestWindow();
    assertSameAsHtmlRoute(win, HOSTILE_SAMPLE, 'hostile sample');
  });

  it('agrees with the HTML route on the streaming samples and a long answer', () => {
    const win = createTestWindow();
    for (const [label, markdown] of Object.entries({ RICH_SAMPLE, LINK_REFERENCE_SAMPLE, UNCLOSED_FENCE_SAMPLE })) assertSameAsHtmlRoute(win, markdown, label);
    assertSameAsHtmlRoute(win, longMarkdown(60_000), 'long markdown');
  });

  it('agrees with the HTML route on random documents', function () {
    // A fixed amount of work (about 1.5 s here): a slower machine must not fail it on time alone.
    this.timeout(30_000);
    const win = createTestWindow();
    const random = seededRandom(7);
    for (let i = 0; i < 300; i++) assertSameAsHtmlRoute(win, randomDocument(random), `random document ${i}`);
  });

  it('never creates an element outside markdown’s own, nor a handler, style or foreign class', () => {
    const win = createTestWindow();
    const root = win.document.createElement('div');
    root.append(renderMarkdown(createMarkdownRenderer(win.document), HOSTILE_SAMPLE));
    const allowed = new Set(['a', 'blockquote', 'br', 'button', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'img', 'li', 'ol', 'p', 'pre', 'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul']);
    for (const element of Array.from(root.querySelectorAll('*'))) {
      assert.ok(allowed.has(element.localName), `<${element.localName}> was created`);
      for (const name of element.getAttributeNames()) assert.ok(!/^on|^style$/.test(name), `${name} on <${element.localName}>`);
    }
    const hrefs = Array.from(root.querySelectorAll('a[href]')).map((a) => a.getAttribute('href'));
    assert.ok(hrefs.length > 0 && hrefs.every((href) => /^(https?|mailto):/.test(href!)), hrefs.join(' '));
    const sources = Array.from(root.querySelectorAll('img')).map((img) => img.getAttribute('src'));
    assert.deepEqual(sources.map((src) => src!.slice(0, 15)), ['data:image/png;', 'data:image/gif;', 'data:image/png;']);
    assert.ok(root.textContent!.includes('<script>alert(1)</script>'), 'raw HTML shows as text');
    assert.ok(root.textContent!.includes('AT&T, © &copy; &copy; &unknown;'), root.textContent!.slice(0, 120));
  });
});
