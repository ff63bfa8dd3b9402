/**
 * The chat's use cases: send, stop, retry, new chat. It owns the conversation and the running
 * turn, and tells the webview what changed through the channel. No `vscode` here: the host glue
 * (view, commands, secrets, settings) is injected, so the whole flow runs in plain Node tests.
 */
import type { ChatProvider } from '../core/chatProvider';
import { Conversation } from '../core/conversation';
import { asInkwellError, type InkwellError } from '../core/errors';
import type { TranscriptDelta } from '../shared/protocol';
import type { CodeContext, KeySource } from '../shared/transcript';
import { Emitter, MutableDisposable, type Disposable } from '../shared/lifecycle';
import { TurnRunner, type TurnOutcome } from './turnRunner';
import { WebviewChannel, type Scheduler } from './webviewChannel';

/** Everything a request needs that depends on settings and the key, resolved per turn. */
export interface ResolvedProvider {
  readonly provider: ChatProvider;
  readonly model: string;
  readonly maxTokens: number;
  readonly stream: boolean;
}

export interface ChatControllerDeps {
  resolveProvider(): Promise<ResolvedProvider>;
  keySource(): KeySource;
  loadConversation(): unknown;
  saveConversation(stored: ReturnType<Conversation['toStored']>): void;
  newId(): string;
  log: { info(message: string): void; warn(message: string): void };
  scheduler?: Scheduler;
}

export interface SendOptions {
  /** What the API receives when it differs from the shown text (e.g. with code context). */
  readonly prompt?: string;
  readonly context?: CodeContext;
}

export const SYSTEM_PROMPT =
  'You are Claude, working inside the VS Code editor through the Inkwell extension. ' +
  'Answer in GitHub-flavoured Markdown. Put code in fenced blocks with a language tag. Be concise and precise.';

export interface TurnEndedEvent {
  readonly turnId: string;
  readonly outcome: TurnOutcome | { readonly status: 'error'; readonly error: InkwellError };
}

export class ChatController implements Disposable {
  readonly channel: WebviewChannel;
  private conversation: Conversation;
  private readonly running = new MutableDisposable<TurnRunner>();
  /** The turn between `send` and its runner (settings and model are being resolved). */
  private startingTurnId: string | undefined;
  private model = '';
  private readonly streamingEmitter = new Emitter<boolean>();
  private readonly turnEndedEmitter = new Emitter<TurnEndedEvent>();
  readonly onDidChangeStreaming = this.streamingEmitter.event;
  readonly onDidEndTurn = this.turnEndedEmitter.event;

  constructor(private readonly deps: ChatControllerDeps) {
    this.conversation = Conversation.fromStored(deps.loadConversation()) ?? new Conversation(deps.newId());
    this.channel = new WebviewChannel(() => this.conversation.snapshot(deps.keySource(), this.model), deps.scheduler);
  }

  get isStreaming(): boolean {
    return this.startingTurnId !== undefined || (this.running.value?.isRunning ?? false);
  }

  state() {
    return this.conversation.snapshot(this.deps.keySource(), this.model);
  }

  /** Starts a new exchange; a turn still streaming is stopped first. Resolves when the answer ended. */
  async send(text: string, options: SendOptions = {}): Promise<TurnEndedEvent> {
    this.stop();
    const turnId = this.deps.newId();
    const { user, assistant } = this.conversation.begin(
      { id: this.deps.newId(), text, prompt: options.prompt ?? text, ...(options.context ? { context: options.context } : {}) },
      turnId,
    );
    this.channel.push([{ type: 'turnAdded', turn: user }, { type: 'turnAdded', turn: assistant }]);
    this.startingTurnId = turnId;
    this.streamingEmitter.fire(true);

    const ended = new Promise<TurnEndedEvent>((resolve) => {
      const listener = this.onDidEndTurn((event) => {
        if (event.turnId !== turnId) return;
        listener.dispose();
        resolve(event);
      });
    });

    let resolved: ResolvedProvider;
    try {
      resolved = await this.deps.resolveProvider();
    } catch (error) {
      if (this.startingTurnId === turnId) this.finish(turnId, { status: 'error', error: asInkwellError(error) });
      return ended;
    }
    if (this.startingTurnId !== turnId) return ended; // stopped while resolving
    this.startingTurnId = undefined;
    if (resolved.model !== this.model) {
      this.model = resolved.model;
      this.channel.push([{ type: 'model', model: this.model }]);
    }

    const runner = new TurnRunner(
      turnId,
      resolved.provider,
      {
        model: resolved.model,
        maxTokens: resolved.maxTokens,
        stream: resolved.stream,
        system: SYSTEM_PROMPT,
        messages: this.conversation.requestMessagesFor(turnId),
      },
      {
        stateChanged: (state) => {
          const turn = this.conversation.assistant(turnId);
          if (turn) turn.state = state;
        },
        deltas: (deltas) => this.channel.push(deltas),
        ended: (outcome) => this.finish(turnId, outcome),
      },
    );
    this.running.value = runner;
    void runner.run();
    return ended;
  }

  /** Stops the streaming turn, if any; its partial answer stays, marked stopped. */
  stop(): void {
    const starting = this.startingTurnId;
    if (starting) this.finish(starting, { status: 'stopped' });
    this.running.value?.stop();
  }

  /** Asks again for the exchange whose answer is `turnId`, as a new exchange (nothing is lost). */
  retry(turnId: string): void {
    const exchange = this.conversation.exchangeOf(turnId);
    if (!exchange) return;
    void this.send(exchange.user.text, { prompt: exchange.user.prompt, ...(exchange.user.context ? { context: exchange.user.context } : {}) });
  }

  newChat(): void {
    this.stop();
    this.conversation = new Conversation(this.deps.newId());
    this.deps.saveConversation(this.conversation.toStored());
    this.channel.sendSnapshot();
  }

  /** The key or settings changed: the webview's first-run state and header may differ. */
  keySourceChanged(): void {
    this.channel.push([{ type: 'keySource', keySource: this.deps.keySource() }]);
  }

  dispose(): void {
    this.stop();
    this.running.dispose();
    this.channel.dispose();
    this.streamingEmitter.dispose();
    this.turnEndedEmitter.dispose();
  }

  private finish(turnId: string, outcome: { status: 'done' | 'stopped' } | { status: 'error'; error: InkwellError } | TurnOutcome): void {
    if (this.startingTurnId === turnId) this.startingTurnId = undefined;
    const turn = this.conversation.assistant(turnId);
    if (!turn || turn.status !== 'streaming') return;
    if ('state' in outcome) turn.state = outcome.state;
    turn.status = outcome.status;
    const error = outcome.status === 'error' ? outcome.error.toView() : undefined;
    if (error) turn.error = error;
    const ended: TranscriptDelta = {
      type: 'turnEnded',
      turnId,
      status: outcome.status,
      ...(outcome.status === 'done' && turn.state.stopReason ? { stopReason: turn.state.stopReason } : {}),
      ...(error ? { error } : {}),
    };
    this.channel.push([ended]);
    this.channel.flush();
    this.deps.saveConversation(this.conversation.toStored());
    if (outcome.status === 'error') this.deps.log.warn(`turn ${turnId} failed: ${outcome.error.kind}: ${outcome.error.detail}`);
    if (this.running.value?.turnId === turnId) this.running.clearIfSame(this.running.value);
    this.streamingEmitter.fire(this.isStreaming);
    this.turnEndedEmitter.fire({ turnId, outcome: outcome as TurnEndedEvent['outcome'] });
  }
}
