/**
 * The naive baseline the benchmark compares against: the same webview, but every text delta
 * re-parses and re-renders the whole answer so far, as chat panels that re-render a message per
 * token do. The benchmark's build puts this module in place of `streamingMarkdown.ts`; it never
 * ships.
 */
import type { FrameScheduler } from '../../src/webview/frameScheduler.js';
import type { StreamingMarkdown as ShippedStreamingMarkdown } from '../../src/webview/markdown/streamingMarkdown.js';
import { renderMarkdown, type MarkdownRenderer } from '../../src/webview/markdown/markdownRenderer.js';

/** Everything the webview uses of the module it stands in for. */
export class StreamingMarkdown implements Pick<ShippedStreamingMarkdown, keyof ShippedStreamingMarkdown> {
  readonly element: HTMLElement;
  private source = '';

  constructor(
    doc: Document,
    private readonly renderer: MarkdownRenderer,
    _scheduler: FrameScheduler,
  ) {
    this.element = doc.createElement('div');
    this.element.className = 'markdown';
  }

  append(text: string): void {
    this.source += text;
    this.element.replaceChildren(renderMarkdown(this.renderer, this.source));
  }

  finish(): void {}

  /** Nothing waits to be formatted later here. */
  whenFormatted(callback: () => void): void {
    callback();
  }
}
