import type { WebviewToHost } from '../shared/protocol.js';
import type { FrameScheduler } from './frameScheduler.js';
import type { LaterFormatting } from './markdown/parkedText.js';
import type { MarkdownRenderer } from './markdown/markdownRenderer.js';
import type { OffscreenRenderer } from './offscreenRenderer.js';

/** What every view needs to render and to talk back to the host. */
export interface RenderContext {
  readonly doc: Document;
  readonly markdown: MarkdownRenderer;
  readonly frames: FrameScheduler;
  readonly post: (message: WebviewToHost) => void;
  /** Set for finished turns that may render when they come near the viewport instead of at once. */
  readonly offscreen?: OffscreenRenderer;
  /** Where markdown parked during a burst is formatted later (see ParkedText). */
  readonly later?: LaterFormatting;
}
