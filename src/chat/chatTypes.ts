/** The chat controller's contracts with the host glue and with callers (tests, commands, the status bar). */
import type { ChatProvider } from '../core/chatProvider';
import type { Conversation } from '../core/conversation';
import type { Proposal, ProposalStatus } from '../core/edits/proposal';
import type { InkwellError } from '../core/errors';
import type { CodeContext, KeySource } from '../shared/transcript';
import type { AnswerOutcome, ToolHost } from './answerLoop';
import type { Scheduler } from './webviewChannel';

/** Everything a request needs that depends on settings and the key, resolved per turn. */
export interface ResolvedProvider {
  readonly provider: ChatProvider;
  readonly model: string;
  readonly maxTokens: number;
  readonly stream: boolean;
  readonly promptCaching?: boolean;
  /** False when the endpoint has no tool use: the edit tool is not declared. Default true. */
  readonly editTool?: boolean;
  /** Price answers only from the user's settings (OpenAI-compatible endpoints). */
  readonly settingsPricesOnly?: boolean;
  /** Extended-thinking budget in tokens; 0 or absent = off (Anthropic only). */
  readonly thinkingBudget?: number;
  /** Retries of a request that failed before its answer started (`inkwell.maxRetries`). */
  readonly maxRetries?: number;
  /** Log prompts and answers too (`inkwell.debug.logContent`). */
  readonly logContent?: boolean;
}

/** Applies and shows proposals; implemented with VS Code's WorkspaceEdit and diff editor. */
export interface ProposalApplier {
  /** Applies one pending proposal as one undoable edit, or says why it cannot. */
  accept(proposal: Proposal): Promise<{ status: Extract<ProposalStatus, 'accepted' | 'stale' | 'invalid'>; reason?: string }>;
  showDiff(proposal: Proposal): Promise<void>;
}

export interface ChatControllerDeps {
  resolveProvider(): Promise<ResolvedProvider>;
  keySource(): KeySource;
  /** What the selected endpoint cannot do, for the header (see `core/providerPresets`). */
  endpointNotes?(): readonly string[];
  loadConversation(): unknown;
  saveConversation(stored: ReturnType<Conversation['toStored']>): void;
  newId(): string;
  log: { info(message: string): void; warn(message: string): void };
  toolHost?: ToolHost;
  applier?: ProposalApplier;
  scheduler?: Scheduler;
}

export interface SendOptions {
  /** What the API receives when it differs from the shown text (e.g. with code context). */
  readonly prompt?: string;
  readonly context?: CodeContext;
  /** The answer whose question this asks again (Retry): that exchange then leaves the history. */
  readonly retryOf?: string;
}

export type TurnEndedEvent =
  | { readonly turnId: string; readonly outcome: AnswerOutcome }
  /** Ended before any request (no key, stopped while starting). */
  | { readonly turnId: string; readonly outcome: { readonly status: 'stopped' } | { readonly status: 'error'; readonly error: InkwellError } };

/** An answer still streaming, as the status bar and the test API list it. */
export interface StreamingAnswer {
  readonly turnId: string;
  /** What the user asked, as the transcript shows it ("Explain src/a.ts, lines 3–9", or their words). */
  readonly text: string;
  /** Set for answers about code from the editor (Explain / Edit Selection). */
  readonly context?: CodeContext;
  readonly startedAt: number;
  /** Set while the answer waits to retry a failed request: when the next attempt goes (epoch ms). */
  readonly retryAt?: number;
}
