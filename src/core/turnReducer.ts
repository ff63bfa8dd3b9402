/**
 * Folds the project's stream events into the state of one assistant turn, and says what changed
 * as transcript deltas for the webview. Pure: the same events always give the same state and
 * deltas, so every streaming case is unit-tested in plain Node. Per event the work is constant
 * in the answer's length (one block is replaced; text is appended, never re-scanned).
 */
import type { TranscriptDelta } from '../shared/protocol';
import type { BlockView } from '../shared/transcript';
import { assertNever } from '../shared/assertNever';
import type { ContentBlock, Usage } from './messages';
import { ZERO_USAGE } from './messages';
import type { TurnEvent } from './turnEvents';
import { PREVIEW_SCAN_LIMIT, describeToolCall } from './toolPreview';

export type BlockState =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'thinking'; readonly text: string; readonly redacted: boolean }
  | {
      readonly kind: 'toolUse';
      readonly id: string;
      readonly name: string;
      /** The raw JSON fragments concatenated: a preview source only, parsed from the final message. */
      readonly inputJson: string;
      readonly preview: string;
    };

export interface TurnState {
  readonly turnId: string;
  readonly blocks: readonly BlockState[];
  readonly usage: Usage;
  readonly model?: string;
  readonly requestId?: string;
  readonly stopReason?: string;
  /** The final message's content, present only once the stop event arrived. */
  readonly finalContent?: readonly ContentBlock[];
  /** The endpoint reports (or reported) no token counts for this request: `usage` is not a figure. */
  readonly usageUnknown?: boolean;
}

export interface Reduction {
  readonly state: TurnState;
  readonly deltas: readonly TranscriptDelta[];
}

export function initialTurnState(turnId: string): TurnState {
  return { turnId, blocks: [], usage: ZERO_USAGE };
}

export function blockToView(block: BlockState): BlockView {
  switch (block.kind) {
    case 'text':
      return { kind: 'text', text: block.text };
    case 'thinking':
      return { kind: 'thinking', text: block.text, redacted: block.redacted };
    case 'toolUse':
      return { kind: 'toolUse', name: block.name, preview: block.preview };
    default:
      return assertNever(block, 'block');
  }
}

const NO_DELTAS: readonly TranscriptDelta[] = [];

export function reduceTurn(state: TurnState, event: TurnEvent): Reduction {
  switch (event.type) {
    case 'messageStart':
      return {
        state: { ...state, model: event.model, requestId: event.requestId, usage: { ...event.usage }, ...(event.usageUnknown ? { usageUnknown: true } : {}) },
        deltas: NO_DELTAS,
      };
    case 'blockStart': {
      // Blocks arrive in index order; anything else is a malformed stream and is ignored, not guessed at.
      if (event.index !== state.blocks.length) return { state, deltas: NO_DELTAS };
      const block = startBlock(event.block);
      return {
        state: { ...state, blocks: [...state.blocks, block] },
        deltas: [{ type: 'blockAdded', turnId: state.turnId, block: blockToView(block) }],
      };
    }
    case 'textDelta':
    case 'thinkingDelta': {
      const kind = event.type === 'textDelta' ? 'text' : 'thinking';
      const block = state.blocks[event.index];
      if (block?.kind !== kind || event.text === '') return { state, deltas: NO_DELTAS };
      return {
        state: replaceBlock(state, event.index, withText(block, block.text + event.text)),
        deltas: [{ type: 'textAppended', turnId: state.turnId, index: event.index, text: event.text }],
      };
    }
    case 'toolInputDelta': {
      const block = state.blocks[event.index];
      if (block?.kind !== 'toolUse') return { state, deltas: NO_DELTAS };
      const inputJson = block.inputJson + event.partialJson;
      const preview =
        inputJson.length > PREVIEW_SCAN_LIMIT ? block.preview : (describeToolCall(block.name, inputJson) ?? block.preview);
      const next = replaceBlock(state, event.index, { ...block, inputJson, preview });
      const deltas: readonly TranscriptDelta[] =
        preview === block.preview ? NO_DELTAS : [{ type: 'toolPreview', turnId: state.turnId, index: event.index, preview }];
      return { state: next, deltas };
    }
    case 'blockStop':
      return { state, deltas: NO_DELTAS };
    case 'messageDelta':
      return {
        state: {
          ...state,
          usage: mergeUsage(state.usage, event.usage),
          stopReason: event.stopReason ?? state.stopReason,
        },
        deltas: NO_DELTAS,
      };
    case 'messageComplete':
      return {
        state: {
          ...state,
          finalContent: event.content,
          stopReason: event.stopReason,
          usage: { ...event.usage },
          ...(event.usageUnknown ? { usageUnknown: true } : {}),
        },
        deltas: NO_DELTAS,
      };
    default:
      return assertNever(event, 'turn event');
  }
}

function startBlock(start: Extract<TurnEvent, { type: 'blockStart' }>['block']): BlockState {
  switch (start.kind) {
    case 'text':
      return { kind: 'text', text: '' };
    case 'thinking':
      return { kind: 'thinking', text: '', redacted: false };
    case 'redactedThinking':
      return { kind: 'thinking', text: '', redacted: true };
    case 'toolUse':
      return { kind: 'toolUse', id: start.id, name: start.name, inputJson: '', preview: `Using ${start.name}…` };
    default:
      return assertNever(start, 'block start');
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// The copies below are a spread alone, then one field set: V8 copies a spread-only literal on a
// fast path that `{ ...state, blocks }` misses. Measured in Node, reducing one text delta took
// about 0.85 µs with that literal and 0.3 µs now; a long answer has tens of thousands of them.

function replaceBlock(state: TurnState, index: number, block: BlockState): TurnState {
  const blocks = state.blocks.slice();
  blocks[index] = block;
  const next: Mutable<TurnState> = { ...state };
  next.blocks = blocks;
  return next;
}

function withText<B extends Extract<BlockState, { text: string }>>(block: B, text: string): B {
  const next: Mutable<B> = { ...block };
  next.text = text;
  return next;
}

/** `message_delta` usage is cumulative: each field present replaces the earlier value. */
export function mergeUsage(base: Usage, update: Partial<Usage>): Usage {
  return {
    input: update.input ?? base.input,
    output: update.output ?? base.output,
    cacheWrite: update.cacheWrite ?? base.cacheWrite,
    cacheRead: update.cacheRead ?? base.cacheRead,
  };
}
