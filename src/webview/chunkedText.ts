/**
 * Plain text that keeps growing at the end (a streaming code block, thinking) kept as a stack of
 * block-level chunks of a few dozen lines each. An append then re-lays out only the last chunk
 * instead of one ever-growing text node, so its cost does not grow with the text.
 */
import { createElement } from './dom.js';

export class ChunkedText {
  private chunk!: Text;
  private linesInChunk = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly linesPerChunk: number,
    private readonly chunkClass: string,
  ) {
    this.startChunk();
  }

  append(text: string): void {
    let rest = text;
    while (rest !== '') {
      const chunkEnd = endOfLine(rest, this.linesPerChunk - this.linesInChunk);
      if (chunkEnd === undefined) {
        this.chunk.appendData(rest);
        this.linesInChunk += countLines(rest);
        return;
      }
      this.chunk.appendData(rest.slice(0, chunkEnd));
      rest = rest.slice(chunkEnd);
      this.startChunk();
    }
  }

  private startChunk(): void {
    this.chunk = this.container.ownerDocument.createTextNode('');
    this.container.append(createElement(this.container.ownerDocument, 'span', { className: this.chunkClass }, [this.chunk]));
    this.linesInChunk = 0;
  }
}

/** Offset just past the `lines`-th newline of `text`, or undefined if it has fewer. */
function endOfLine(text: string, lines: number): number | undefined {
  let from = 0;
  for (let line = 0; line < lines; line++) {
    const newline = text.indexOf('\n', from);
    if (newline === -1) return undefined;
    from = newline + 1;
  }
  return from;
}

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
