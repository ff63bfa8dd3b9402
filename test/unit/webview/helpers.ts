/**
 * Shared setup for webview tests: a fresh jsdom window per test, frames driven by hand, and a
 * host that records what the webview posts.
 */
import { JSDOM } from 'jsdom';
import type { HostToWebview, WebviewToHost } from '../../../src/shared/protocol.js';
import type { AssistantTurnView, ChatState, UserTurnView } from '../../../src/shared/transcript.js';
import { ChatApp } from '../../../src/webview/chatApp.js';
import { FrameScheduler } from '../../../src/webview/frameScheduler.js';
import { BLOCK_GROUP_CLASS, BLOCK_SECTION_CLASS, BlockGroups } from '../../../src/webview/markdown/blockGroups.js';
import { CodeHighlighter, type RequestIdle } from '../../../src/webview/markdown/codeHighlighter.js';
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

/**
 * Frames that only run when the test says so. Each frame's time budget is used up by its first
 * slice of work unless the test passes a clock (`now`) and a budget.
 */
export class ManualFrames {
  private requested = false;
  /** Work asked to run between frames (`continueSoon`): it runs before the next frame. */
  private tasks: (() => void)[] = [];
  readonly scheduler: FrameScheduler;

  constructor(now: () => number = () => 0, budgetMs = 0) {
    this.scheduler = new FrameScheduler(
      () => {
        this.requested = true;
      },
      now,
      budgetMs,
      (callback) => {
        this.requested = true;
        this.tasks.push(callback);
      },
    );
  }

  /** Runs the work waiting between frames, then one frame; returns whether more was asked for. */
  runOne(): boolean {
    this.requested = false;
    const tasks = this.tasks;
    this.tasks = [];
    for (const task of tasks) task();
    this.scheduler.flush();
    return this.requested || this.tasks.length > 0;
  }

  /** Runs frames until nothing asks for another (a large backlog renders over several). */
  run(): void {
    for (let frame = 0; frame < 10_000; frame++) {
      if (!this.runOne()) return;
    }
    throw new Error('rendering never settled');
  }
}

/** Idle callbacks that only run when the test says so. */
export class ManualIdle {
  private tasks: ((timeLeft: () => boolean) => void)[] = [];
  readonly request: RequestIdle = (task) => {
    this.tasks.push(task);
  };

  get pending(): number {
    return this.tasks.length;
  }

  /** Runs the idle callbacks waiting now, each allowed `itemsPerSlice` items (Infinity: no limit). */
  runOnce(itemsPerSlice = Infinity): void {
    const tasks = this.tasks;
    this.tasks = [];
    for (const task of tasks) {
      let left = itemsPerSlice;
      task(() => --left > 0);
    }
  }

  /** Runs idle callbacks until none is asked for. */
  run(): void {
    for (let round = 0; round < 10_000 && this.tasks.length > 0; round++) this.runOnce();
  }
}

export function createCountingRenderer(win: TestWindow): {
  renderer: MarkdownRenderer;
  counters: MarkdownWorkCounters;
  idle: ManualIdle;
} {
  const counters: MarkdownWorkCounters = { markdownParses: 0, markdownCharsParsed: 0, markdownCharsFrozen: 0 };
  const sanitizer = createHtmlSanitizer(win.window);
  const idle = new ManualIdle();
  const highlighter = new CodeHighlighter(sanitizer, idle.request, undefined);
  const renderer = createMarkdownRenderer(win.document, counters, highlighter);
  return { renderer, counters, idle };
}

/**
 * Renders markdown in one go, the reference every incremental render must end up equal to:
 * grouped like a finished block, or `flat` (without the group wrappers) to compare a block still
 * streaming, whose open tail is not grouped yet.
 */
export function renderOneShot(win: TestWindow, markdown: string, shape: 'grouped' | 'flat' = 'grouped'): string {
  const holder = win.document.createElement('div');
  const nodes = Array.from(renderMarkdown(createMarkdownRenderer(win.document), markdown).childNodes);
  if (shape === 'grouped') new BlockGroups(holder).append(nodes);
  else holder.append(...nodes);
  return holder.innerHTML;
}

/** A rendered block's HTML without the section and group wrappers. */
export function flatHtml(element: HTMLElement): string {
  const copy = element.cloneNode(true) as HTMLElement;
  for (const group of Array.from(copy.querySelectorAll(`.${BLOCK_SECTION_CLASS}, .${BLOCK_GROUP_CLASS}`))) group.replaceWith(...Array.from(group.childNodes));
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

/** An IntersectionObserver the test moves by hand: `show(element)` scrolls it near the viewport. */
export class FakeIntersectionObservers {
  readonly observers: { callback: IntersectionObserverCallback; targets: Set<Element>; options?: IntersectionObserverInit }[] = [];
  readonly Class = ((outer: FakeIntersectionObservers) =>
    class {
      private readonly record: (typeof outer.observers)[number];
      constructor(callback: IntersectionObserverCallback, options?: IntersectionObserverInit) {
        this.record = { callback, targets: new Set(), options };
        outer.observers.push(this.record);
      }
      observe(target: Element): void {
        this.record.targets.add(target);
      }
      unobserve(target: Element): void {
        this.record.targets.delete(target);
      }
      disconnect(): void {
        this.record.targets.clear();
      }
    })(this) as unknown as typeof IntersectionObserver;

  /** Whether `target` is being watched. */
  watches(target: Element): boolean {
    return this.observers.some((record) => record.targets.has(target));
  }

  show(target: Element): void {
    for (const record of this.observers) {
      if (!record.targets.has(target)) continue;
      record.callback([{ target, isIntersecting: true } as IntersectionObserverEntry], undefined as unknown as IntersectionObserver);
    }
  }

  get observed(): number {
    return this.observers.reduce((n, r) => n + r.targets.size, 0);
  }
}

export interface TestApp {
  readonly app: ChatApp;
  readonly win: TestWindow;
  readonly host: RecordingHost;
  readonly root: HTMLElement;
  /**
   * Runs the animation frames (and the tasks between them) the app asked for, until it asks for
   * none. The app's clock moves `TEST_FRAME_MS` with each round of them, never within one: so
   * the frame budget never runs out in these tests.
   */
  runFrames(): void;
  /** How many frames and tasks the app has asked for, waiting or run. */
  readonly framesAsked: number;
  /** Moves the app's clock on. */
  advance(ms: number): void;
  /** Idle callbacks the app asked for, run when the test says so. */
  readonly idle: ManualIdle;
  /** Runs the timers the app set, whatever their time (the test moves the clock itself). */
  fireTimers(): void;
  send(message: HostToWebview): void;
}

/** How far the test app's clock moves with each frame. */
export const TEST_FRAME_MS = 16;

export function createTestApp(options: { savedState?: unknown; intersectionObservers?: FakeIntersectionObservers } = {}): TestApp {
  const win = createTestWindow();
  if (options.intersectionObservers) (win.window as unknown as { IntersectionObserver: unknown }).IntersectionObserver = options.intersectionObservers.Class;
  const host = new RecordingHost();
  host.state = options.savedState;
  const root = win.document.getElementById('root')!;
  let pending: (() => void)[] = [];
  const idle = new ManualIdle();
  let timers: (() => void)[] = [];
  let clock = 0;
  let framesAsked = 0;
  const app = new ChatApp({
    root,
    window: win.window,
    host,
    requestFrame: (callback) => {
      framesAsked++;
      pending.push(callback);
    },
    requestTask: (callback) => {
      framesAsked++;
      pending.push(callback);
    },
    requestIdle: idle.request,
    after: (_ms, callback) => timers.push(callback),
    now: () => clock,
  });
  return {
    app,
    idle,
    fireTimers() {
      const due = timers;
      timers = [];
      for (const timer of due) timer();
    },
    win,
    host,
    root,
    runFrames() {
      for (let frame = 0; frame < 10_000; frame++) {
        if (pending.length === 0) return;
        const callbacks = pending;
        pending = [];
        for (const callback of callbacks) callback();
        clock += TEST_FRAME_MS;
      }
      throw new Error('the app never stopped asking for frames');
    },
    advance(ms) {
      clock += ms;
    },
    get framesAsked() {
      return framesAsked;
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
