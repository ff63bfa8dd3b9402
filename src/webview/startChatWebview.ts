/** Wires the chat app into a page: host messages in, `ready` out, stats for tests on `window`. */
import { ChatApp, type RenderStats } from './chatApp.js';
import type { WebviewHost } from './hostChannel.js';
import { unpackFromHost } from '../shared/packedMessage.js';

declare global {
  interface Window {
    /**
     * Read-only counters for UI tests and benchmarks (deltas applied, last seq, frames rendered,
     * markdown characters parsed). Nothing in the webview reads them back.
     */
    __inkwellRenderStats?: RenderStats;
  }
}

export function startChatWebview(window: Window, host: WebviewHost): ChatApp {
  const root = window.document.getElementById('root');
  if (!root) throw new Error('Inkwell: the chat HTML has no #root element');
  const app = new ChatApp({ root, window, host });
  window.__inkwellRenderStats = app.stats;
  // Listening before `ready` is posted, so the snapshot that answers it cannot be missed.
  window.addEventListener('message', (event: MessageEvent<unknown>) => app.receive(unpackFromHost(event.data)));
  host.post({ type: 'ready' });
  return app;
}
