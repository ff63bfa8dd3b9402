/**
 * Markdown → safe DOM for one piece of an answer: marked (GFM) tokens → DOM built node by node
 * (markdownDom.ts), code blocks framed. Code is rendered as plain text; a `CodeHighlighter`, if
 * given, colours it later. Raw HTML in the markdown is shown as text rather than interpreted,
 * which also keeps HTML blocks (which may span blank lines) from confusing the streaming block
 * scanner.
 */
import { Marked, type Token } from 'marked';
import type { CodeHighlighter } from './codeHighlighter.js';
import { createReferenceDecoder, MarkdownDomBuilder } from './markdownDom.js';

/** One top-level markdown block (a marked token); its `raw` is exactly its source text. */
export type MarkdownBlock = Token;

export interface MarkdownRenderer {
  /** Where work is counted, if anywhere. */
  readonly counters?: MarkdownWorkCounters;
  /** Splits markdown into its top-level blocks. */
  parse(markdown: string): MarkdownBlock[];
  /** Renders parsed blocks into safe DOM. */
  render(blocks: readonly MarkdownBlock[]): DocumentFragment;
}

/** How much markdown was parsed; lets tests and benchmarks prove work per delta stays bounded. */
export interface MarkdownWorkCounters {
  markdownParses: number;
  markdownCharsParsed: number;
  /** Characters of answer text rendered into their final form (frozen). */
  markdownCharsFrozen: number;
}

export function renderMarkdown(renderer: MarkdownRenderer, markdown: string): DocumentFragment {
  return renderer.render(renderer.parse(markdown));
}

/** marked as Inkwell uses it: GFM, and raw HTML is never recognised as HTML (it stays text). */
export function createMarked(): Marked {
  return new Marked({
    gfm: true,
    breaks: false,
    async: false,
    tokenizer: {
      html: () => undefined,
      tag: () => undefined,
    },
  });
}

export function createMarkdownRenderer(doc: Document, counters?: MarkdownWorkCounters, highlighter?: CodeHighlighter): MarkdownRenderer {
  const marked = createMarked();
  const decode = createReferenceDecoder(doc);
  return {
    counters,
    parse(markdown: string): MarkdownBlock[] {
      if (counters) {
        counters.markdownParses++;
        counters.markdownCharsParsed += markdown.length;
      }
      return marked.lexer(markdown);
    },
    render(blocks: readonly MarkdownBlock[]): DocumentFragment {
      const fragment = doc.createDocumentFragment();
      const builder = new MarkdownDomBuilder(doc, decode);
      builder.blocks(blocks, fragment);
      if (highlighter) for (const code of builder.codeElements) highlighter.queue(code);
      return fragment;
    },
  };
}
