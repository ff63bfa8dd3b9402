/**
 * The chat webview: a projection of the host's transcript. A snapshot replaces everything; deltas
 * must follow it in sequence, and on any gap the webview ignores them and asks (once) for a fresh
 * snapshot rather than guessing.
 */
import { assertNever } from '../shared/assertNever.js';
import type { TranscriptDelta, WebviewToHost } from '../shared/protocol.js';
import type { ChatState, KeySource } from '../shared/transcript.js';
import { ChatHeader } from './chatHeader.js';
import { Composer } from './composer.js';
import { FrameScheduler, type RequestFrame, type RequestTask } from './frameScheduler.js';
import { isHostMessage, type WebviewHost } from './hostChannel.js';
import { browserIdle, CodeHighlighter, contentVisibilityRelevance, type RequestIdle } from './markdown/codeHighlighter.js';
import { createMarkdownRenderer, type MarkdownWorkCounters } from './markdown/markdownRenderer.js';
import type { RenderContext } from './renderContext.js';
import { createHtmlSanitizer } from './sanitize.js';
import { TranscriptView } from './transcriptView.js';
import { TurnStopControls } from './turnStopControls.js';
import { WelcomePanel } from './welcomePanel.js';

export interface ChatAppOptions {
  /** The element the host's HTML provides (`<div id="root">`). */
  readonly root: HTMLElement;
  readonly window: Window;
  readonly host: WebviewHost;
  /** Defaults to the window's `requestAnimationFrame`. */
  readonly requestFrame?: RequestFrame;
  /** Defaults to a message to itself through a `MessageChannel` (a task without timer clamping). */
  readonly requestTask?: RequestTask;
  /** Defaults to the window's `requestIdleCallback`. */
  readonly requestIdle?: RequestIdle;
  /** A timer; defaults to the window's `setTimeout`. */
  readonly after?: (ms: number, callback: () => void) => void;
  /** The clock of rendering's frame budget; defaults to `performance.now`. */
  readonly now?: () => number;
}

/**
 * Counters for UI tests and benchmarks. They only count; nothing reads them to decide anything.
 * `markdownCharsParsed` staying close to the answer's length shows no delta re-parses old text.
 */
export interface RenderStats extends MarkdownWorkCounters {
  /** `deltas` messages applied. */
  deltaMessagesApplied: number;
  /** Individual transcript deltas applied. */
  deltasApplied: number;
  /** `seq` of the last snapshot or deltas applied; -1 before the first snapshot. */
  lastSeq: number;
  resyncsRequested: number;
  snapshotsApplied: number;
  /** Animation frames that rendered something. */
  framesRendered: number;
  /** Characters of answer text received in `textAppended` deltas. */
  textCharsReceived: number;
  /** Main-thread milliseconds spent applying host messages and rendering frames. */
  workMs: number;
  /** `performance.now()` when the last snapshot was applied and when the frame after it was painted. */
  snapshotAppliedAt: number;
  snapshotPaintedAt: number;
}

interface SavedState {
  readonly draft: string;
}

export class ChatApp {
  readonly stats: RenderStats = {
    deltaMessagesApplied: 0,
    deltasApplied: 0,
    lastSeq: -1,
    resyncsRequested: 0,
    snapshotsApplied: 0,
    framesRendered: 0,
    textCharsReceived: 0,
    workMs: 0,
    snapshotAppliedAt: 0,
    snapshotPaintedAt: 0,
    markdownParses: 0,
    markdownCharsParsed: 0,
    markdownCharsFrozen: 0,
  };
  private readonly frames: FrameScheduler;
  private readonly highlighter: CodeHighlighter;
  private readonly header: ChatHeader;
  private readonly welcome: WelcomePanel;
  private readonly transcript: TranscriptView;
  private readonly composer: Composer;
  private readonly turnStops: TurnStopControls;
  /** Undefined until the first snapshot: deltas before it cannot be placed anywhere. */
  private lastSeq: number | undefined;
  private resyncRequested = false;
  /** The answers streaming now; several may (a chat answer and an Explain Selection, say). */
  private readonly streamingTurns = new Set<string>();

  constructor(private readonly options: ChatAppOptions) {
    const { root, window, host } = options;
    const doc = root.ownerDocument;
    const requestFrame = options.requestFrame ?? ((callback) => window.requestAnimationFrame(callback));
    const requestTask = options.requestTask ?? messageChannelTask(window);
    this.frames = new FrameScheduler(
      (callback) => requestFrame(() => this.timed(callback)),
      options.now,
      undefined,
      (callback) => requestTask(() => this.timed(callback)),
    );
    this.frames.afterEachFrame(() => this.stats.framesRendered++);
    const sanitizer = createHtmlSanitizer(window);
    const browserRequestIdle = options.requestIdle ?? browserIdle(window);
    // Idle work counts as the panel's work too, like its frames.
    const requestIdle: RequestIdle = (task) => browserRequestIdle((timeLeft) => this.timed(() => task(timeLeft)));
    this.highlighter = new CodeHighlighter(sanitizer, requestIdle, contentVisibilityRelevance(window));
    const context: RenderContext = {
      doc,
      markdown: createMarkdownRenderer(doc, this.stats, this.highlighter),
      frames: this.frames,
      post: (message) => this.post(message),
    };

    this.header = new ChatHeader(doc, { newChat: () => this.post({ type: 'newChat' }), chooseModel: () => this.post({ type: 'chooseModel' }) });
    this.welcome = new WelcomePanel(doc, () => this.post({ type: 'setApiKey' }));
    this.transcript = new TranscriptView(context, {
      requestIdle,
      after: options.after ?? ((ms, callback) => window.setTimeout(callback, ms)),
    });
    this.composer = new Composer(
      doc,
      {
        send: (text) => {
          this.transcript.pinToBottom();
          this.post({ type: 'send', text });
        },
        stop: () => this.post({ type: 'stop' }),
        draftChanged: (draft) => host.setState({ draft } satisfies SavedState),
      },
      savedDraft(host.getState()),
    );
    this.turnStops = new TurnStopControls(doc, (turnId) => this.post({ type: 'stopTurn', turnId }), () => this.composer.focus());
    root.classList.add('chat');
    root.replaceChildren(this.header.element, this.header.notesElement, this.welcome.element, this.transcript.element, this.composer.element);
  }

  /** Handles one `message` event's data from the host. */
  receive(data: unknown): void {
    this.timed(() => this.handle(data));
  }

  private handle(data: unknown): void {
    if (!isHostMessage(data)) return;
    switch (data.type) {
      case 'snapshot':
        this.applySnapshot(data.seq, data.state);
        break;
      case 'deltas':
        this.applyDeltas(data.seq, data.deltas);
        break;
      case 'focusInput':
        this.composer.focus();
        break;
      default:
        assertNever(data, 'host message');
    }
  }

  private applySnapshot(seq: number, state: ChatState): void {
    this.setSeq(seq);
    this.resyncRequested = false;
    this.header.setModel(state.model);
    this.header.setUsageTotals(state.usageTotals);
    this.header.setNotes(state.notes);
    this.header.setContext(state.context);
    this.applyKeySource(state.keySource);
    this.highlighter.reset();
    this.transcript.reset(state.turns);
    this.turnStops.reset();
    this.streamingTurns.clear();
    for (const turn of state.turns) if (turn.role === 'assistant' && turn.status === 'streaming') this.streamingTurns.add(turn.id);
    this.streamingChanged();
    this.stats.snapshotsApplied++;
    // A snapshot is shown complete at once, not a frame later (answers far off screen excepted).
    this.frames.flushAll();
    this.stats.snapshotAppliedAt = performance.now();
    this.recordSnapshotPaint();
  }

  /** The frame after a snapshot paints it; a task queued from that frame runs after the paint. */
  private recordSnapshotPaint(): void {
    const window = this.options.window as Window & typeof globalThis;
    if (typeof window.requestAnimationFrame !== 'function' || typeof window.MessageChannel !== 'function') return;
    window.requestAnimationFrame(() => {
      const channel = new window.MessageChannel();
      channel.port1.onmessage = () => (this.stats.snapshotPaintedAt = performance.now());
      channel.port2.postMessage(undefined);
    });
  }

  private timed(work: () => void): void {
    const start = performance.now();
    try {
      work();
    } finally {
      this.stats.workMs += performance.now() - start;
    }
  }

  private applyDeltas(seq: number, deltas: readonly TranscriptDelta[]): void {
    if (this.lastSeq === undefined) return;
    if (seq !== this.lastSeq + 1) {
      if (!this.resyncRequested) {
        this.resyncRequested = true;
        this.stats.resyncsRequested++;
        this.post({ type: 'resync' });
      }
      return;
    }
    this.setSeq(seq);
    for (const delta of deltas) this.applyDelta(delta);
    this.stats.deltaMessagesApplied++;
    this.stats.deltasApplied += deltas.length;
  }

  private applyDelta(delta: TranscriptDelta): void {
    switch (delta.type) {
      case 'turnAdded':
        this.transcript.addTurn(delta.turn);
        if (delta.turn.role === 'assistant' && delta.turn.status === 'streaming') {
          this.streamingTurns.add(delta.turn.id);
          this.streamingChanged();
        }
        break;
      case 'blockAdded':
        this.transcript.assistantTurn(delta.turnId)?.addBlock(delta.block);
        break;
      case 'textAppended':
        this.stats.textCharsReceived += delta.text.length;
        this.transcript.assistantTurn(delta.turnId)?.appendText(delta.index, delta.text);
        break;
      case 'toolPreview':
        this.transcript.assistantTurn(delta.turnId)?.setToolPreview(delta.index, delta.preview);
        break;
      case 'proposalUpdated':
        this.transcript.assistantTurn(delta.turnId)?.setProposal(delta.index, delta.proposal);
        break;
      case 'retryWait':
        this.transcript.assistantTurn(delta.turnId)?.setRetryWait(delta.wait);
        break;
      case 'turnEnded':
        this.transcript.assistantTurn(delta.turnId)?.end(delta.status, delta.stopReason, delta.error, delta.usageSummary, delta.details, delta.note);
        if (this.streamingTurns.delete(delta.turnId)) this.streamingChanged();
        break;
      case 'keySource':
        this.applyKeySource(delta.keySource);
        break;
      case 'model':
        this.header.setModel(delta.model);
        break;
      case 'notes':
        this.header.setNotes(delta.notes);
        break;
      case 'usageTotals':
        this.header.setUsageTotals(delta.totals);
        break;
      case 'context':
        this.header.setContext(delta.context);
        break;
      default:
        assertNever(delta, 'transcript delta');
    }
  }

  private applyKeySource(keySource: KeySource): void {
    this.header.setKeySource(keySource);
    this.welcome.setVisible(keySource === 'none');
    this.composer.setCanSend(keySource !== 'none');
  }

  private streamingChanged(): void {
    this.composer.setStreaming(this.streamingTurns.size);
    this.turnStops.update(this.streamingTurns, (turnId) => this.transcript.assistantTurn(turnId)?.element);
  }

  private setSeq(seq: number): void {
    this.lastSeq = seq;
    this.stats.lastSeq = seq;
  }

  private post(message: WebviewToHost): void {
    this.options.host.post(message);
  }
}

function messageChannelTask(window: Window): RequestTask {
  const MessageChannelClass = (window as Window & typeof globalThis).MessageChannel;
  if (typeof MessageChannelClass !== 'function') return (callback) => window.setTimeout(callback, 0);
  const channel = new MessageChannelClass();
  let callbacks: (() => void)[] = [];
  channel.port1.onmessage = () => {
    const due = callbacks;
    callbacks = [];
    for (const callback of due) callback();
  };
  return (callback) => {
    callbacks.push(callback);
    channel.port2.postMessage(undefined);
  };
}

function savedDraft(state: unknown): string {
  const draft = (state as Partial<SavedState> | undefined)?.draft;
  return typeof draft === 'string' ? draft : '';
}
