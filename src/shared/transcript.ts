/**
 * The chat transcript as the webview sees it. The host owns the real conversation (with the API
 * messages); this is its projection, small enough to snapshot and cheap to patch with deltas.
 */

/** How a turn ended, or that it is still streaming. */
export type TurnStatus =
  | 'streaming'
  | 'done'
  /** The user pressed Stop; the partial answer is kept. */
  | 'stopped'
  /** The request or the stream failed; see `error`. The partial answer is kept. */
  | 'error';

/** Where a user turn's code came from (explain selection, inline edit). */
export interface CodeContext {
  readonly path: string;
  readonly language: string;
  readonly startLine: number;
  readonly endLine: number;
}

export interface UserTurnView {
  readonly id: string;
  readonly role: 'user';
  /** What the user typed (or the command's summary, e.g. "Explain src/a.ts:3-9"). */
  readonly text: string;
  readonly context?: CodeContext;
}

export type BlockView =
  | { readonly kind: 'text'; text: string }
  | { readonly kind: 'thinking'; text: string; readonly redacted: boolean }
  /**
   * A tool call; `preview` is a short human line while the input streams ("editing src/x.ts…").
   * An edit call gets its `proposal` once the answer finished and the edit was resolved.
   */
  | { readonly kind: 'toolUse'; readonly name: string; preview: string; proposal?: ProposalView };

export type ProposalStatusView = 'pending' | 'accepted' | 'rejected' | 'stale' | 'invalid' | 'discarded';

/** An edit proposal as the chat shows it: the group "Proposed edit: <path>". */
export interface ProposalView {
  readonly id: string;
  /** Workspace-relative path. */
  readonly path: string;
  readonly command: 'str_replace' | 'create' | 'insert';
  readonly status: ProposalStatusView;
  /** Why it is invalid, stale or discarded, in words for the user. */
  readonly reason?: string;
  readonly added: number;
  readonly removed: number;
}

/** Things a user can do about an error, handled by the host. */
export type ErrorActionId = 'setApiKey' | 'openModelSetting' | 'openBaseUrlSetting' | 'retry' | 'openSettings' | 'openNetworkSettings' | 'openStreamSetting';

export interface ErrorAction {
  readonly id: ErrorActionId;
  readonly label: string;
}

/** A failure shown inside a turn (`role="alert"`). Never carries secrets. */
export interface TurnErrorView {
  readonly title: string;
  readonly detail: string;
  readonly actions: readonly ErrorAction[];
}

/**
 * A request of the turn failed before its answer started and is sent again after a wait:
 * "Rate limited — retrying in 3 s". The webview counts down locally from `retryInMs`.
 */
export interface RetryWaitView {
  /** What went wrong, as the error would name it ("Rate limited", "Anthropic is overloaded"). */
  readonly title: string;
  /** Milliseconds from when this view was made until the next attempt. */
  readonly retryInMs: number;
  /** The attempt that comes next (2 for the first retry) and how many there can be. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

/** Something worth knowing about an answer that is not an error (e.g. a proxy that buffers streams). */
export interface TurnNoteView {
  readonly text: string;
  readonly actions: readonly ErrorAction[];
}

export interface AssistantTurnView {
  readonly id: string;
  readonly role: 'assistant';
  blocks: BlockView[];
  status: TurnStatus;
  error?: TurnErrorView;
  /** The API's stop reason when the turn ended on its own (`end_turn`, `max_tokens`, …). */
  stopReason?: string;
  model?: string;
  /** Tokens, cache use and cost of the finished answer ("1.2k in · 340 out · $0.0123"). */
  usageSummary?: string;
  /** One entry per request of the finished answer (a tool loop makes several), for its "Details". */
  details?: readonly RequestDetailsView[];
  /** Set while the turn waits to retry a request. */
  retryWait?: RetryWaitView;
  note?: TurnNoteView;
}

/** A label and its value, as a turn's "Details" lists them. */
export interface DetailRow {
  readonly label: string;
  readonly value: string;
}

/**
 * One request of an answer: what the API reported and how long it took. The numbers are kept as
 * numbers (for scripts and tests) next to `rows`, the same facts formatted by the host.
 */
export interface RequestDetailsView {
  readonly model?: string;
  readonly requestId?: string;
  /** Milliseconds from sending the request to its first streamed token (text, thinking or tool input). */
  readonly firstTokenMs?: number;
  /** Milliseconds from sending the request until it ended, however it ended. */
  readonly totalMs?: number;
  readonly tokens: { readonly input: number; readonly output: number; readonly cacheWrite: number; readonly cacheRead: number };
  /** The endpoint reported no token counts (`tokens` are then zeros, not figures). */
  readonly tokensUnknown?: boolean;
  /** The request ended before the API reported its output, so `tokens.output` is an estimate from the streamed text. */
  readonly outputEstimated: boolean;
  /** USD; undefined when the model has no known price. */
  readonly costUsd?: number;
  /** USD the cache reads saved against plain input; undefined without a price. */
  readonly cacheSavedUsd?: number;
  /** Times the request was sent again before it was answered (rate limits, overload, lost connections). */
  readonly retries: number;
  readonly stopReason?: string;
  readonly rows: readonly DetailRow[];
}

/** How full the model's context window is after the conversation's last request, for the header. */
export interface ContextView {
  readonly used: number;
  /** Undefined when the model's window is not known: the count is shown without a meter. */
  readonly limit?: number;
  /** `warning` from 80 % of the window, `critical` from 95 %. */
  readonly level: 'normal' | 'warning' | 'critical';
  /** Short, e.g. "31k / 200k context". */
  readonly label: string;
  /** Whole sentence for the tooltip and screen readers. */
  readonly description: string;
}

export type TurnView = UserTurnView | AssistantTurnView;

/**
 * Where the API key comes from; the webview never learns the key itself. `endpoint`: an
 * OpenAI-compatible endpoint is selected, whose key (if it needs one) is kept per endpoint.
 */
export type KeySource = 'secretStorage' | 'environment' | 'demo' | 'endpoint' | 'none';

export interface ChatState {
  turns: TurnView[];
  keySource: KeySource;
  /** Id of the assistant turn that is streaming, if any. */
  streamingTurnId?: string;
  /** The model requests go to, for the header ("" while unknown). */
  model: string;
  /** Tokens and cost of the whole conversation, for the header. */
  usageTotals?: string;
  /**
   * What the selected endpoint cannot do, one short sentence each ("This endpoint can’t propose
   * edits (no tool use)"), shown under the header. Absent or empty: nothing to say.
   */
  notes?: readonly string[];
  /** Context-window use after the last request (absent before the first one used tokens). */
  context?: ContextView;
}
