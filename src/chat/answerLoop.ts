/**
 * One answer, which may take several requests: when a step stops for tool use, its calls are
 * handled (files viewed, edits resolved into proposals) and, unless a proposal now waits for the
 * user, the answer continues by itself with the results — at most `MAX_TOOL_STEPS` requests.
 * Every tool call is answered in the next request, edit calls included.
 */
import type { Conversation, ToolCallRecord } from '../core/conversation';
import type { Proposal } from '../core/edits/proposal';
import { toolCallsOf, type ToolCall } from '../core/edits/toolCalls';
import type { InkwellError } from '../core/errors';
import type { TranscriptDelta } from '../shared/protocol';
import type { ChatProvider } from '../core/chatProvider';
import type { ChatRequest } from '../core/messages';
import type { RetryPolicy } from '../core/retryPolicy';
import type { RetryWait } from './retryingRequest';
import { TurnRunner, type TurnOutcome } from './turnRunner';

export const MAX_TOOL_STEPS = 8;

/** Answers tool calls: `view` read-only, edits become proposals. Implemented with VS Code in `edits/`. */
export interface ToolHost {
  handle(turnId: string, calls: readonly ToolCall[], signal: AbortSignal): Promise<{ records: ToolCallRecord[]; proposals: Proposal[] }>;
}

export interface AnswerArgs {
  readonly turnId: string;
  readonly provider: ChatProvider;
  /** The provider resolved afresh for a retried request: settings or key changed during a wait apply. */
  readonly refreshProvider?: () => Promise<ChatProvider>;
  /** The request without its messages, which are rebuilt from the conversation for each step. */
  readonly request: Omit<ChatRequest, 'messages'>;
  readonly conversation: Conversation;
  readonly toolHost: ToolHost;
  readonly signal: AbortSignal;
  push(deltas: readonly TranscriptDelta[]): void;
  /** Each step's runner, so Stop can close its request. */
  onStep(runner: TurnRunner): void;
  onStepEnded?(stepNumber: number, outcome: TurnOutcome): void;
  /** Each request is retried by this policy when it fails before its answer starts. */
  readonly retryPolicy?: RetryPolicy;
  /** A step's request waits to be retried (`undefined`: the wait is over). */
  onRetryWait?(wait: RetryWait | undefined): void;
}

export type AnswerOutcome =
  | { readonly status: 'done' | 'stopped'; readonly steps: readonly TurnOutcome[] }
  | { readonly status: 'error'; readonly error: InkwellError; readonly steps: readonly TurnOutcome[] };

export async function runAnswer(args: AnswerArgs): Promise<AnswerOutcome> {
  const { turnId, conversation } = args;
  const steps: TurnOutcome[] = [];
  for (let stepNumber = 1; ; stepNumber++) {
    const { step, blockOffset } = conversation.beginStep(turnId);
    const runner = new TurnRunner(
      turnId,
      args.provider,
      { ...args.request, messages: conversation.requestMessagesFor(turnId) },
      { stateChanged: (state) => (step.state = state), deltas: (deltas) => args.push(deltas), retryWait: (wait) => args.onRetryWait?.(wait) },
      blockOffset,
      Date.now,
      args.retryPolicy,
      args.refreshProvider,
    );
    args.onStep(runner);
    const outcome = await runner.run();
    steps.push(outcome);
    args.onStepEnded?.(stepNumber, outcome);
    if (outcome.status === 'error') return { status: 'error', error: outcome.error, steps };
    if (outcome.status === 'stopped' || args.signal.aborted) return { status: 'stopped', steps };

    const calls = toolCallsOf(step.state);
    if (step.state.stopReason !== 'tool_use' || calls.length === 0) return { status: 'done', steps };
    const handled = await args.toolHost.handle(turnId, calls, args.signal);
    step.toolCalls = handled.records;
    for (const proposal of handled.proposals) conversation.addProposal(proposal);
    // Stopped while the calls were handled: edits of an unfinished answer are never acceptable.
    if (args.signal.aborted) conversation.discardPending(turnId, 'The answer was stopped.');
    args.push(proposalDeltas(conversation, turnId, handled.proposals));
    if (args.signal.aborted) return { status: 'stopped', steps };
    // A proposal waiting for review ends the answer; its result goes with the user's next message.
    if (handled.proposals.some((p) => p.status === 'pending')) return { status: 'done', steps };
    if (stepNumber >= MAX_TOOL_STEPS) return { status: 'done', steps };
  }
}

export function proposalDeltas(conversation: Conversation, turnId: string, proposals: readonly Proposal[]): TranscriptDelta[] {
  const deltas: TranscriptDelta[] = [];
  for (const proposal of proposals) {
    const index = conversation.blockIndexOfTool(turnId, proposal.toolUseId);
    if (index !== undefined) deltas.push({ type: 'proposalUpdated', turnId, index, proposal: conversation.proposalView(proposal) });
  }
  return deltas;
}
