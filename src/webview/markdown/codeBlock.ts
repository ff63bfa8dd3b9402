/**
 * The frame around every code block: a header with the language and a copy button, then the code.
 * Finished blocks (from markdown) and the block still streaming share it, so a block looks the same
 * before and after its fence closes.
 */
import { ChunkedText } from '../chunkedText.js';
import { createElement, createIconButton } from '../dom.js';

export const COPY_BUTTON_CLASS = 'code-copy';
export const CODE_BLOCK_CLASS = 'code-block';
export const COPY_CODE_LABEL = 'Copy code';

/** Wraps a `<pre>` in the code block frame, in place. */
export function frameCodeBlock(doc: Document, pre: HTMLPreElement, language: string | undefined): HTMLElement {
  const header = createElement(doc, 'div', { className: 'code-header' }, [
    createElement(doc, 'span', { className: 'code-language', text: language ?? '' }),
    createIconButton(doc, 'copy', COPY_CODE_LABEL, COPY_BUTTON_CLASS),
  ]);
  const frame = createElement(doc, 'div', { className: CODE_BLOCK_CLASS });
  // A detached <pre> (the live block) has no parent, and replaceWith is then a no-op.
  pre.replaceWith(frame);
  frame.append(header, pre);
  return frame;
}

/** A fenced code block still streaming, its code appended as text (see StreamingMarkdown). */
export interface LiveFence {
  readonly block: LiveCodeBlock;
  readonly contentStart: number;
  /** Source offset up to which code has been appended. */
  appendedTo: number;
}

/**
 * A code block whose fence is still open: new code is appended as text, never re-parsed, in
 * chunks of lines (see ChunkedText).
 */
export class LiveCodeBlock {
  static readonly LINES_PER_CHUNK = 50;
  readonly element: HTMLElement;
  private readonly text: ChunkedText;

  constructor(doc: Document, language: string | undefined) {
    const code = createElement(doc, 'code', { className: language ? `hljs language-${language}` : 'hljs' });
    this.text = new ChunkedText(code, LiveCodeBlock.LINES_PER_CHUNK, 'code-chunk');
    this.element = frameCodeBlock(doc, createElement(doc, 'pre', {}, [code]), language);
  }

  append(code: string): void {
    this.text.append(code);
  }
}
