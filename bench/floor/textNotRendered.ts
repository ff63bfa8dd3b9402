/**
 * The benchmark's transport floor: the same extension and webview, but an answer's text is kept
 * and never rendered. The time from Send until the answer's end has been applied in this panel
 * (all its text before it) covers the server, the SDK, the extension host, VS Code's relay into
 * the panel and the panel's message handling, and no markdown parsed or laid out: no renderer
 * can finish sooner. The benchmark's build puts this module in place of `streamingMarkdown.ts`;
 * it never ships.
 */
import type { FrameScheduler } from '../../src/webview/frameScheduler.js';
import type { StreamingMarkdown as ShippedStreamingMarkdown } from '../../src/webview/markdown/streamingMarkdown.js';
import type { MarkdownRenderer } from '../../src/webview/markdown/markdownRenderer.js';

/** Everything the webview uses of the module it stands in for. */
export class StreamingMarkdown implements Pick<ShippedStreamingMarkdown, keyof ShippedStreamingMarkdown> {
  readonly element: HTMLElement;
  private readonly pieces: string[] = [];

  constructor(doc: Document, _renderer: MarkdownRenderer, _scheduler: FrameScheduler) {
    this.element = doc.createElement('div');
    this.element.className = 'markdown';
  }

  append(text: string): void {
    this.pieces.push(text);
  }

  finish(): void {}

  /** Nothing waits to be formatted later here. */
  whenFormatted(callback: () => void): void {
    callback();
  }
}
