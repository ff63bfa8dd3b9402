/**
 * Builds the DOM for marked's tokens directly, node by node, instead of rendering HTML and parsing
 * it back: rendering an answer then costs no HTML string, no parse and no sanitizer walk.
 *
 * It is safe by construction, with the same outcome as the sanitizer (sanitize.ts) had on the HTML
 * marked would have written:
 * - only the elements markdown itself produces are ever created, and every piece of model text
 *   becomes a text node, never markup;
 * - links keep their `href` only when `isSafeLink` allows it, images appear only when
 *   `isSafeImageSource` does (otherwise their alt text stands in), and the only classes are the
 *   code block's `hljs language-*`.
 *
 * Character references (`&amp;`, `&copy;`, `&#8212;`) mean what they mean in HTML, as they did
 * when the browser parsed marked's HTML: `decode` turns them into characters, outside code.
 */
import type { MarkedToken, Token, Tokens } from 'marked';
import { isSafeImageSource, isSafeLink } from '../sanitize.js';
import { frameCodeBlock } from './codeBlock.js';
import { languageOfInfo } from './highlight.js';

/**
 * Inkwell's marked has no extensions, so every token is one of marked's own (`Token` also allows
 * an extension's generic token; those are shown as their source text).
 */
type MarkdownToken = Token;

export class MarkdownDomBuilder {
  /** The `<code>` element of every code block built, for highlighting. */
  readonly codeElements: HTMLElement[] = [];

  constructor(
    private readonly doc: Document,
    private readonly decode: (text: string) => string,
  ) {}

  blocks(tokens: readonly MarkdownToken[], parent: Node): void {
    for (const token of tokens) this.block(token, parent);
  }

  private block(generic: MarkdownToken, parent: Node): void {
    const token = generic as MarkedToken;
    switch (token.type) {
      case 'space':
      case 'def':
        return;
      case 'paragraph':
        parent.appendChild(this.withInline('p', token.tokens));
        return;
      case 'heading':
        parent.appendChild(this.withInline(`h${Math.min(6, Math.max(1, token.depth))}`, token.tokens));
        return;
      case 'hr':
        parent.appendChild(this.doc.createElement('hr'));
        return;
      case 'code':
        parent.appendChild(this.codeBlock(token));
        return;
      case 'blockquote': {
        const quote = this.doc.createElement('blockquote');
        this.blocks(token.tokens, quote);
        parent.appendChild(quote);
        return;
      }
      case 'list':
        parent.appendChild(this.list(token));
        return;
      case 'table':
        parent.appendChild(this.table(token));
        return;
      case 'text':
        // The text of a tight list item: inline content without a paragraph.
        if (token.tokens) this.inline(token.tokens, parent);
        else parent.appendChild(this.text(token.text));
        return;
      default:
        this.inlineToken(generic, parent);
    }
  }

  inline(tokens: readonly MarkdownToken[], parent: Node): void {
    for (const token of tokens) this.inlineToken(token, parent);
  }

  private inlineToken(generic: MarkdownToken, parent: Node): void {
    const token = generic as MarkedToken;
    switch (token.type) {
      case 'text':
        if (token.tokens) this.inline(token.tokens, parent);
        else parent.appendChild(this.text(token.text));
        return;
      case 'escape':
        parent.appendChild(this.doc.createTextNode(token.text));
        return;
      case 'strong':
      case 'em':
      case 'del':
        parent.appendChild(this.withInline(token.type, token.tokens));
        return;
      case 'codespan':
        parent.appendChild(this.element('code', token.text));
        return;
      case 'br':
        parent.appendChild(this.doc.createElement('br'));
        return;
      case 'link':
        this.link(token, parent);
        return;
      case 'image':
        this.image(token, parent);
        return;
      case 'checkbox':
        // Task-list checkboxes would be form controls: a glyph says the same.
        parent.appendChild(this.doc.createTextNode(token.checked ? '☑ ' : '☐ '));
        return;
      default:
        // Raw HTML (never interpreted) and anything unknown: its source, as text.
        parent.appendChild(this.doc.createTextNode('text' in token && typeof token.text === 'string' ? token.text : generic.raw));
    }
  }

  private link(token: Tokens.Link, parent: Node): void {
    const href = encodedUrl(token.href);
    const anchor = href === undefined ? undefined : this.doc.createElement('a');
    const target = anchor ?? parent;
    if (token.autolink) target.appendChild(this.doc.createTextNode(token.text));
    else this.inline(token.tokens, target);
    if (!anchor || href === undefined) return;
    // An autolink's `&` is literal; elsewhere references in the destination mean characters.
    const value = token.autolink ? href : this.decode(href);
    if (isSafeLink(value)) anchor.setAttribute('href', value);
    if (token.title) anchor.setAttribute('title', this.decode(token.title));
    parent.appendChild(anchor);
  }

  private image(token: Tokens.Image, parent: Node): void {
    const alt = this.decode(token.tokens ? plainText(token.tokens) : token.text);
    const href = encodedUrl(token.href);
    const source = href === undefined ? undefined : this.decode(href);
    // Remote images would load (and track): their alt text stands in for them.
    if (source === undefined || !isSafeImageSource(source)) {
      parent.appendChild(this.doc.createTextNode(alt));
      return;
    }
    const image = this.doc.createElement('img');
    image.setAttribute('src', source);
    image.setAttribute('alt', alt);
    if (token.title) image.setAttribute('title', this.decode(token.title));
    parent.appendChild(image);
  }

  private codeBlock(token: Tokens.Code): HTMLElement {
    const language = languageOfInfo(token.lang);
    const code = this.element('code', token.text);
    code.className = language ? `hljs language-${language}` : 'hljs';
    this.codeElements.push(code);
    const pre = this.doc.createElement('pre');
    pre.appendChild(code);
    return frameCodeBlock(this.doc, pre, language);
  }

  private list(token: Tokens.List): HTMLElement {
    const list = this.doc.createElement(token.ordered ? 'ol' : 'ul');
    if (token.ordered && token.start !== 1 && token.start !== '') list.setAttribute('start', String(token.start));
    for (const item of token.items) {
      const element = this.doc.createElement('li');
      this.blocks(item.tokens, element);
      list.appendChild(element);
    }
    return list;
  }

  private table(token: Tokens.Table): HTMLElement {
    const table = this.doc.createElement('table');
    const head = this.doc.createElement('thead');
    head.appendChild(this.tableRow(token.header, 'th'));
    table.appendChild(head);
    if (token.rows.length > 0) {
      const body = this.doc.createElement('tbody');
      for (const row of token.rows) body.appendChild(this.tableRow(row, 'td'));
      table.appendChild(body);
    }
    return table;
  }

  private tableRow(cells: readonly Tokens.TableCell[], tag: 'th' | 'td'): HTMLElement {
    const row = this.doc.createElement('tr');
    for (const cell of cells) {
      const element = this.withInline(tag, cell.tokens);
      if (cell.align) element.setAttribute('align', cell.align);
      row.appendChild(element);
    }
    return row;
  }

  private withInline(tag: string, tokens: readonly MarkdownToken[]): HTMLElement {
    const element = this.doc.createElement(tag);
    this.inline(tokens, element);
    return element;
  }

  /** An element holding literal text (code: references are not decoded there). */
  private element(tag: string, text: string): HTMLElement {
    const element = this.doc.createElement(tag);
    element.textContent = text;
    return element;
  }

  private text(text: string): Text {
    return this.doc.createTextNode(this.decode(text));
  }
}

/** marked's own cleaning of a destination (percent-encoding); undefined when it is malformed. */
function encodedUrl(href: string): string | undefined {
  try {
    return encodeURI(href).replace(/%25/g, '%');
  } catch {
    return undefined;
  }
}

/** The text of inline tokens without their markup, as an image's alt text (marked's TextRenderer). */
function plainText(tokens: readonly MarkdownToken[]): string {
  let text = '';
  for (const generic of tokens) {
    const token = generic as MarkedToken;
    switch (token.type) {
      case 'br':
        text += '\n';
        break;
      case 'checkbox':
        text += token.raw;
        break;
      default:
        text += 'tokens' in token && token.tokens ? plainText(token.tokens) : 'text' in token ? String(token.text) : '';
    }
  }
  return text;
}

/**
 * Decodes character references exactly as the HTML parser does, using the parser itself on an
 * inert document: everything that could start markup is escaped first, so only references can
 * mean anything. Text without a reference (nearly all of it) is returned as it is.
 */
export function createReferenceDecoder(doc: Document): (text: string) => string {
  const holder = doc.implementation.createHTMLDocument('').createElement('div');
  return (text) => {
    if (!text.includes('&') || !CHARACTER_REFERENCE.test(text)) return text;
    holder.innerHTML = text.replace(ESCAPED_FOR_DECODING, (ch) => (ch === '<' ? '&lt;' : '&amp;'));
    return holder.textContent ?? '';
  };
}

/** What marked leaves for the browser to decode: references ending in a semicolon. */
const CHARACTER_REFERENCE = /&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|\w+);/;
/** `<`, and every `&` that does not start such a reference (marked escapes those). */
const ESCAPED_FOR_DECODING = /<|&(?!(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|\w+);)/g;
