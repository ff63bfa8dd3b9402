/**
 * Every message between the extension host and the chat webview. One variant per message, each
 * with its own required fields; inbound messages are checked at runtime with `parseWebviewMessage`.
 */
import type { BlockView, ChatState, ContextView, ErrorActionId, KeySource, ProposalView, RequestDetailsView, RetryWaitView, TurnErrorView, TurnNoteView, TurnStatus, TurnView } from './transcript';

/** One change to the transcript. Applied in order; each touches only the turn and block it names. */
export type TranscriptDelta =
  | { readonly type: 'turnAdded'; readonly turn: TurnView }
  | { readonly type: 'blockAdded'; readonly turnId: string; readonly block: BlockView }
  /** Appends to the text of block `index` of the turn (text and thinking blocks). */
  | { readonly type: 'textAppended'; readonly turnId: string; readonly index: number; readonly text: string }
  | { readonly type: 'toolPreview'; readonly turnId: string; readonly index: number; readonly preview: string }
  /** The proposal of the tool-call block `index` appeared or changed status. */
  | { readonly type: 'proposalUpdated'; readonly turnId: string; readonly index: number; readonly proposal: ProposalView }
  /** The turn waits to retry a request (`wait`), or no longer waits (no `wait`). */
  | { readonly type: 'retryWait'; readonly turnId: string; readonly wait?: RetryWaitView }
  | {
      readonly type: 'turnEnded';
      readonly turnId: string;
      readonly status: Exclude<TurnStatus, 'streaming'>;
      readonly stopReason?: string;
      readonly error?: TurnErrorView;
      readonly usageSummary?: string;
      readonly details?: readonly RequestDetailsView[];
      readonly note?: TurnNoteView;
    }
  /** The conversation's token and cost totals changed (an answer ended). */
  | { readonly type: 'usageTotals'; readonly totals: string }
  /** Context-window use changed (an answer ended). */
  | { readonly type: 'context'; readonly context: ContextView }
  | { readonly type: 'keySource'; readonly keySource: KeySource }
  | { readonly type: 'model'; readonly model: string }
  /** The endpoint's limits changed (another provider or base URL was chosen); see `ChatState.notes`. */
  | { readonly type: 'notes'; readonly notes: readonly string[] };

export type HostToWebview =
  /** The whole state; sent on `ready`, on `resync`, on New Chat and when a hidden view returns. */
  | { readonly type: 'snapshot'; readonly seq: number; readonly state: ChatState }
  /** Deltas since the previous message; `seq` is exactly one more than the previous message's. */
  | { readonly type: 'deltas'; readonly seq: number; readonly deltas: readonly TranscriptDelta[] }
  /** Put the cursor in the message box (after `inkwell.chat.focus`, New Chat). */
  | { readonly type: 'focusInput' };

export type WebviewToHost =
  | { readonly type: 'ready' }
  /** The webview saw a gap in `seq`: it wants a fresh snapshot. */
  | { readonly type: 'resync' }
  | { readonly type: 'send'; readonly text: string }
  /** Stop every answer of this chat (the composer's Stop, Escape). */
  | { readonly type: 'stop' }
  /** Stop one answer, leaving the chat's other answers running. */
  | { readonly type: 'stopTurn'; readonly turnId: string }
  /** Skip the rest of a retry wait of this turn and send the request now. */
  | { readonly type: 'retryNow'; readonly turnId: string }
  | { readonly type: 'newChat' }
  | { readonly type: 'setApiKey' }
  /** The header's model button: open the model picker. */
  | { readonly type: 'chooseModel' }
  | { readonly type: 'errorAction'; readonly action: ErrorActionId; readonly turnId: string }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'proposalAction'; readonly action: ProposalAction; readonly proposalId: string }
  /** Accept all / Reject all for the pending proposals of one answer. */
  | { readonly type: 'turnProposalsAction'; readonly action: 'accept' | 'reject'; readonly turnId: string };

export type ProposalAction = 'accept' | 'reject' | 'showDiff';
const PROPOSAL_ACTIONS: readonly ProposalAction[] = ['accept', 'reject', 'showDiff'];

const ERROR_ACTIONS: readonly ErrorActionId[] = ['setApiKey', 'openModelSetting', 'openBaseUrlSetting', 'retry', 'openSettings', 'openNetworkSettings', 'openStreamSetting'];
/** Longest message text accepted from the webview (a pasted file is fine, a runaway loop is not). */
export const MAX_INBOUND_TEXT = 1_000_000;

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_INBOUND_TEXT;
}

/**
 * Validates a message from the webview. The webview runs model output, so its messages are
 * treated as untrusted input: anything malformed yields `undefined` and is dropped.
 */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'resync':
    case 'stop':
    case 'newChat':
    case 'setApiKey':
    case 'chooseModel':
      return { type: m.type };
    case 'send':
      return isText(m.text) && m.text.trim() !== '' ? { type: 'send', text: m.text } : undefined;
    case 'stopTurn':
      return typeof m.turnId === 'string' ? { type: 'stopTurn', turnId: m.turnId } : undefined;
    case 'copy':
      return isText(m.text) ? { type: 'copy', text: m.text } : undefined;
    case 'proposalAction':
      return typeof m.proposalId === 'string' && PROPOSAL_ACTIONS.includes(m.action as ProposalAction)
        ? { type: 'proposalAction', action: m.action as ProposalAction, proposalId: m.proposalId }
        : undefined;
    case 'retryNow':
      return typeof m.turnId === 'string' ? { type: 'retryNow', turnId: m.turnId } : undefined;
    case 'turnProposalsAction':
      return typeof m.turnId === 'string' && (m.action === 'accept' || m.action === 'reject')
        ? { type: 'turnProposalsAction', action: m.action, turnId: m.turnId }
        : undefined;
    case 'errorAction':
      return typeof m.turnId === 'string' && ERROR_ACTIONS.includes(m.action as ErrorActionId)
        ? { type: 'errorAction', action: m.action as ErrorActionId, turnId: m.turnId }
        : undefined;
    default:
      return undefined;
  }
}
