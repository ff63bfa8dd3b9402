/**
 * Markdown → safe DOM for one piece of an answer: marked (GFM) → DOMPurify → code block frames.
 * Code is rendered as plain text; a `CodeHighlighter`, if given, colours it later.
 * Raw HTML in the markdown is shown as text rather than interpreted, which also keeps HTML blocks
 * (which may span blank lines) from confusing the streaming block scanner.
 */
import { Marked, type Token, type Tokens } from 'marked';
import type { HtmlSanitizer } from '../sanitize.js';
import { frameCodeBlocks } from './codeBlock.js';
import type { CodeHighlighter } from './codeHighlighter.js';
import { escapeHtml, languageOfInfo } from './highlight.js';

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

export function createMarkdownRenderer(
  doc: Document,
  sanitizer: HtmlSanitizer,
  counters?: MarkdownWorkCounters,
  highlighter?: CodeHighlighter,
): MarkdownRenderer {
  const marked = new Marked({
    gfm: true,
    breaks: false,
    async: false,
    tokenizer: {
      html: () => undefined,
      tag: () => undefined,
    },
    renderer: {
      code: renderCode,
      html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
      // Task-list checkboxes would be <input> elements, which the sanitizer forbids.
      checkbox: ({ checked }: Tokens.Checkbox) => (checked ? '☑ ' : '☐ '),
    },
  });

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
      const fragment = sanitizer.toFragment(marked.parser(blocks.slice()));
      for (const code of frameCodeBlocks(doc, fragment)) highlighter?.queue(code);
      return fragment;
    },
  };
}

function renderCode({ text, lang }: Tokens.Code): string {
  const language = languageOfInfo(lang);
  const className = language ? `hljs language-${language}` : 'hljs';
  return `<pre><code class="${className}">${escapeHtml(text)}</code></pre>\n`;
}
