import * as assert from 'node:assert/strict';
import { createHtmlSanitizer } from '../../../src/webview/sanitize.js';
import { createTestWindow, renderOneShot } from './helpers.js';

function clean(html: string): string {
  const win = createTestWindow();
  const holder = win.document.createElement('div');
  holder.append(createHtmlSanitizer(win.window).toFragment(html));
  return holder.innerHTML;
}

describe('sanitizer', () => {
  it('removes script elements and their content', () => {
    const out = clean('<p>hi</p><script>alert(1)</script><SCRIPT src="x.js"></SCRIPT>');
    assert.equal(out, '<p>hi</p>');
  });

  it('removes event handler attributes', () => {
    const out = clean('<p onclick="alert(1)" onmouseover="x()">a</p><img src="data:image/png;base64,AAAA" onerror="alert(1)" alt="x">');
    assert.doesNotMatch(out, /on(click|mouseover|error)/i);
    assert.match(out, /<p>a<\/p>/);
  });

  it('drops javascript:, data: and other non-web links but keeps http, https and mailto', () => {
    const out = clean(
      '<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt&colon;alert(1)">b</a><a href="data:text/html,x">c</a>' +
        '<a href="command:workbench.action.quit">d</a><a href="https://ok.example/">e</a><a href="http://ok.example/">f</a>' +
        '<a href="mailto:me@example.com">g</a>',
    );
    assert.doesNotMatch(out, /javascript|data:text|command:/i);
    assert.match(out, /<a>a<\/a><a>b<\/a><a>c<\/a><a>d<\/a>/);
    assert.match(out, /href="https:\/\/ok.example\/"/);
    assert.match(out, /href="http:\/\/ok.example\/"/);
    assert.match(out, /href="mailto:me@example.com"/);
  });

  it('removes style attributes and style elements', () => {
    const out = clean('<p style="position:fixed;inset:0">x</p><style>body{display:none}</style>');
    assert.equal(out, '<p>x</p>');
  });

  it('removes iframes, objects, embeds, forms and inputs', () => {
    const out = clean(
      '<iframe src="https://evil.example"></iframe><object data="x"></object><embed src="x">' +
        '<form action="https://evil.example"><input name="q"><button>go</button></form><p>kept</p>',
    );
    // Text inside a removed element may stay as plain text; no element or URL does.
    assert.doesNotMatch(out, /<(iframe|object|embed|form|input|button)|evil\.example/i);
    assert.match(out, /<p>kept<\/p>$/);
  });

  it('replaces remote images by their alt text and keeps inline raster images', () => {
    const out = clean(
      '<img src="https://tracker.example/pixel.png" alt="remote"><img src="//cdn.example/a.png" alt="relative">' +
        '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="svg"><img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">',
    );
    assert.doesNotMatch(out, /tracker|cdn\.example|svg\+xml/);
    assert.match(out, /^remoterelativesvg<img /);
    assert.match(out, /src="data:image\/png;base64,iVBORw0KGgo="/);
  });

  it('keeps only highlight and language classes', () => {
    const out = clean('<span class="hljs-keyword icon-button">a</span><code class="language-ts codicon">b</code><p class="welcome">c</p>');
    assert.equal(out, '<span class="hljs-keyword">a</span><code class="language-ts">b</code><p>c</p>');
  });
});

describe('markdown rendering safety', () => {
  it('shows raw HTML in markdown as text instead of interpreting it', () => {
    const win = createTestWindow();
    const out = renderOneShot(win, 'Hello <img src=x onerror=alert(1)> and <script>alert(1)</script>\n\n<iframe src="https://x"></iframe>\n');
    const holder = win.document.createElement('div');
    holder.innerHTML = out;
    assert.equal(holder.querySelector('img, script, iframe'), null);
    assert.match(holder.textContent ?? '', /<img src=x onerror=alert\(1\)>/);
  });

  it('drops unsafe markdown links and remote markdown images', () => {
    const win = createTestWindow();
    const out = renderOneShot(win, '[x](javascript:alert(1)) [y](https://ok.example) ![pic](https://example.com/p.png)\n');
    assert.doesNotMatch(out, /javascript:|example\.com\/p\.png/);
    assert.match(out, /<a href="https:\/\/ok.example">y<\/a>/);
    assert.match(out, /pic/);
  });

  it('renders task list items without input elements', () => {
    const win = createTestWindow();
    const out = renderOneShot(win, '- [x] done\n- [ ] todo\n');
    assert.doesNotMatch(out, /<input/);
    assert.match(out, /☑ done/);
    assert.match(out, /☐ todo/);
  });
});

describe('sanitizer, further cases', () => {
  it('drops SVG and MathML whole, and comments', () => {
    const out = clean('<p>a<!-- c --></p><svg><a href="https://x.example">s</a><script>alert(1)</script></svg><math><mi>m</mi></math>');
    assert.equal(out, '<p>a</p>');
  });

  it('unwraps unknown elements but keeps their cleaned content', () => {
    const out = clean('<section onclick="x()"><p>in <marquee>moving <b>bold</b></marquee></p></section>');
    assert.equal(out, '<p>in moving bold</p>');
  });

  it('judges link schemes as browsers read them, ignoring whitespace and control characters', () => {
    const out = clean('<a href="java\tscript:alert(1)">a</a><a href=" javascript:alert(1)">b</a><a href="\u0001javascript:x">c</a><a href=" https://ok.example/">d</a>');
    assert.match(out, /^<a>a<\/a><a>b<\/a><a>c<\/a><a href=" https:\/\/ok.example\/">d<\/a>$/);
  });

  it('removes id and name, so output cannot shadow DOM properties', () => {
    const out = clean('<p id="root" name="x">a</p><img name="body" src="data:image/png;base64,AAAA" alt="i">');
    assert.doesNotMatch(out, /\b(id|name)=/);
  });

  it('keeps table alignment and list start, nothing else of the kind', () => {
    const out = clean('<ol start="3" reversed><li>x</li></ol><table><tbody><tr><td align="right" width="9">1</td></tr></tbody></table>');
    assert.equal(out, '<ol start="3"><li>x</li></ol><table><tbody><tr><td align="right">1</td></tr></tbody></table>');
  });
});

describe('sanitizer, DOM clobbering', () => {
  /**
   * Browsers give <form> its controls as properties that override built-ins
   * ([LegacyOverrideBuiltIns]): `<form><input name="nextSibling">` makes `form.nextSibling` that
   * input. jsdom does not, so the test window gets the same behaviour for the members a walk uses.
   */
  function clobberingWindow() {
    const win = createTestWindow();
    const { HTMLFormElement, Element, Node } = win.classes;
    const names = ['nextSibling', 'firstChild', 'lastChild', 'childNodes', 'parentNode', 'nodeType', 'nodeName', 'localName', 'tagName',
      'namespaceURI', 'attributes', 'remove', 'replaceWith', 'removeChild', 'removeAttribute', 'setAttribute', 'getAttribute'];
    for (const name of names) {
      const original = Object.getOwnPropertyDescriptor(Node.prototype, name) ?? Object.getOwnPropertyDescriptor(Element.prototype, name)!;
      Object.defineProperty(HTMLFormElement.prototype, name, {
        configurable: true,
        get(this: HTMLFormElement) {
          const named = Element.prototype.querySelector.call(this, `[name="${name}"]`);
          if (named) return named;
          return original.get ? original.get.call(this) : original.value;
        },
      });
    }
    return win;
  }

  function cleanIn(win: ReturnType<typeof createTestWindow>, html: string): string {
    const holder = win.document.createElement('div');
    holder.append(createHtmlSanitizer(win.window).toFragment(html));
    return holder.innerHTML;
  }

  const PAYLOADS = [
    // form.nextSibling → the input: the walk wanders into the form and never sees what follows it.
    '<form><input name="nextSibling"></form><img src="data:image/png;base64,AAAA" onerror="alert(1)"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<p><form><input name="nextSibling"></form><a href="javascript:alert(1)" style="position:fixed" id="root">x</a></p>',
    // form.localName → not "form", so it is not dropped; form.firstChild → the last input, so its
    // other children are never cleaned, then unwrapped into the output.
    '<form><img src="data:image/png;base64,AAAA" onerror="alert(1)"><iframe src="https://evil.example/"></iframe><input name="localName"><input name="firstChild"></form>',
    '<form><input name="namespaceURI"><input name="remove"><base href="https://evil.example/"></form><p>after</p>',
    '<form><input name="nodeType"><input name="parentNode"></form><p>after</p>',
    '<form><input name="attributes"><input name="localName"><input name="childNodes"><input name="replaceWith"><link rel="stylesheet" href="https://evil.example/x.css"></form>',
  ];

  for (const payload of PAYLOADS) {
    it(`is not steered by form controls: ${payload.slice(0, 60)}…`, () => {
      let out: string;
      try {
        out = cleanIn(clobberingWindow(), payload);
      } catch (error) {
        assert.fail(`sanitizer threw: ${String(error)}`);
      }
      assert.doesNotMatch(out, /<(form|input|iframe|meta|base|link|script)\b|\son\w+=|javascript:|style=|\sid=|evil\.example/i);
    });
  }
});
