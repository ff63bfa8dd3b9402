/**
 * The webview's only line to the extension host. `connectToVsCode` wraps `acquireVsCodeApi()`
 * (which may be called once per page); tests pass their own `WebviewHost` instead.
 */
import type { HostToWebview, WebviewToHost } from '../shared/protocol.js';

export interface WebviewHost {
  post(message: WebviewToHost): void;
  /** Webview-local state VS Code keeps while the view is hidden (the unsent draft, nothing secret). */
  getState(): unknown;
  setState(state: unknown): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function connectToVsCode(): WebviewHost {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}

const HOST_MESSAGE_TYPES: ReadonlySet<string> = new Set<HostToWebview['type']>(['snapshot', 'deltas', 'focusInput']);

/**
 * A cheap shape check on what arrives through `message` events: the host is trusted, but the
 * event channel is not exclusively its own, so anything unrecognised is dropped.
 */
export function isHostMessage(data: unknown): data is HostToWebview {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { type?: unknown; seq?: unknown; state?: unknown; deltas?: unknown };
  if (typeof message.type !== 'string' || !HOST_MESSAGE_TYPES.has(message.type)) return false;
  switch (message.type) {
    case 'snapshot':
      return typeof message.seq === 'number' && typeof message.state === 'object' && message.state !== null;
    case 'deltas':
      return typeof message.seq === 'number' && Array.isArray(message.deltas);
    default:
      return true;
  }
}
