/**
 * Shared setup for webview tests: a fresh jsdom window per test, frames driven by hand, and a
 * host that records what the webview posts.
 */
import { JSDOM } from 'jsdom';
import type { HostToWebview, WebviewToHost } from '../../../src/shared/protocol.js';
import type { AssistantTurnView, ChatState, UserTurnView } from '../../../src/shared/transcript.js';
import { ChatApp } from '../../../src/webview/chatApp.js';
import { FrameScheduler } from '../../../src/webview/frameScheduler.js';
import { BLOCK_GROUP_CLASS, BlockGroups } from '../../../src/webview/markdown/blockGroups.js';
import { createMarkdownRenderer, renderMarkdown, type MarkdownRenderer, type MarkdownWorkCounters } from '../../../src/webview/markdown/markdownRenderer.js';
import { createHtmlSanitizer } from '../../../src/webview/sanitize.js';
import type { WebviewHost } from '../../../src/webview/hostChannel.js';

export interface TestWindow {
  readonly window: Window;
  readonly document: Document;
  /** The same window, typed for its DOM constructors (KeyboardEvent, MessageEvent, …). */
  readonly classes: typeof globalThis;
}

export function createTestWindow(): TestWindow {
  const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', { pretendToBeVisual: true });
  const window = dom.window as unknown as Window;
  return { window, document: window.document, classes: dom.window as unknown as typeof globalThis };
}

/** Frames that only run when the test says so. */
export class ManualFrames {
  private requested = false;
  readonly scheduler = new FrameScheduler(() => {
    this.requested = true;
  });

  /** Runs frames until nothing asks for another (a large backlog renders over several). */
  run(): void {
    for (let frame = 0; frame < 10_000; frame++) {
      this.requested = false;
      this.scheduler.flush();
      if (!this.requested) return;
    }
    throw new Error('rendering never settled');
  }
}

export function createCountingRenderer(win: TestWindow): { renderer: MarkdownRenderer; counters: MarkdownWorkCounters } {
  const counters: MarkdownWorkCounters = { markdownParses: 0, markdownCharsParsed: 0 };
  const renderer = createMarkdownRenderer(win.document, createHtmlSanitizer(win.window), counters);
  return { renderer, counters };
}

/**
 * Renders markdown in one go, the reference every incremental render must end up equal to:
 * grouped like a finished block, or `flat` (without the group wrappers) to compare a block still
 * streaming, whose open tail is not grouped yet.
 */
export function renderOneShot(win: TestWindow, markdown: string, shape: 'grouped' | 'flat' = 'grouped'): string {
  const holder = win.document.createElement('div');
  const nodes = Array.from(renderMarkdown(createMarkdownRenderer(win.document, createHtmlSanitizer(win.window)), markdown).childNodes);
  if (shape === 'grouped') new BlockGroups(holder).append(nodes);
  else holder.append(...nodes);
  return holder.innerHTML;
}

/** A rendered block's HTML without the group wrappers. */
export function flatHtml(element: HTMLElement): string {
  const copy = element.cloneNode(true) as HTMLElement;
  for (const group of Array.from(copy.querySelectorAll(`.${BLOCK_GROUP_CLASS}`))) group.replaceWith(...Array.from(group.childNodes));
  return copy.innerHTML;
}

export class RecordingHost implements WebviewHost {
  readonly posted: WebviewToHost[] = [];
  state: unknown;

  post(message: WebviewToHost): void {
    this.posted.push(message);
  }
  getState(): unknown {
    return this.state;
  }
  setState(state: unknown): void {
    this.state = state;
  }
  postedOfType<T extends WebviewToHost['type']>(type: T): Extract<WebviewToHost, { type: T }>[] {
    return this.posted.filter((m): m is Extract<WebviewToHost, { type: T }> => m.type === type);
  }
}

/** Deterministic pseudo-random numbers, so a failing chunking can be replayed: the fake server's source. */
export { seededRandom } from '../../fake/deterministicRandom.js';

export interface TestApp {
  readonly app: ChatApp;
  readonly win: TestWindow;
  readonly host: RecordingHost;
  readonly root: HTMLElement;
  /** Runs the animation frames the app asked for. */
  runFrames(): void;
  send(message: HostToWebview): void;
}

export function createTestApp(options: { savedState?: unknown } = {}): TestApp {
  const win = createTestWindow();
  const host = new RecordingHost();
  host.state = options.savedState;
  const root = win.document.getElementById('root')!;
  let pending: (() => void)[] = [];
  const app = new ChatApp({ root, window: win.window, host, requestFrame: (callback) => pending.push(callback) });
  return {
    app,
    win,
    host,
    root,
    runFrames() {
      for (let frame = 0; frame < 10_000 && pending.length > 0; frame++) {
        const callbacks = pending;
        pending = [];
        for (const callback of callbacks) callback();
      }
    },
    send(message) {
      app.receive(message);
    },
  };
}

export function chatState(overrides: Partial<ChatState> = {}): ChatState {
  return { turns: [], keySource: 'secretStorage', model: 'claude-test-1', ...overrides };
}

export function userTurn(id: string, text: string): UserTurnView {
  return { id, role: 'user', text };
}

export function assistantTurn(id: string, overrides: Partial<AssistantTurnView> = {}): AssistantTurnView {
  return { id, role: 'assistant', blocks: [], status: 'streaming', ...overrides };
}

export function keyDown(win: TestWindow, target: Element, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new win.classes.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}
