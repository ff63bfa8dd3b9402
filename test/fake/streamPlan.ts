// Turns a MessagePlan into the exact sequence of SSE events the API would send, with the pause
// before each one, and applies a scenario's disturbances: extra pings, injected events, and an
// ending other than message_stop (an error event, a dropped socket, or a silent EOF).
//
// When things happen (pacing, keep-alives, injections, where the stream is cut) is decided once,
// in `walkPlan`; how each moment is spelled on the wire is a `StreamDialect`. The Anthropic
// Messages dialect lives here; the OpenAI Chat Completions one in openaiStreamPlan.ts.

import type { ApiErrorType } from './apiErrors';
import { randomInt, seededRandom } from './deterministicRandom';
import {
  type BlockPlan,
  blockDeltasJson,
  blockStartJson,
  deltaUsageJson,
  type MessageIdentity,
  type MessagePlan,
  startingMessageJson,
} from './messagePlan';

export type StreamStep =
  | { readonly kind: 'event'; readonly name: string; readonly data: unknown; readonly pauseBeforeMs: number }
  /** An event without an `event:` line, as OpenAI-style APIs send them; a string `data` is sent raw (`[DONE]`). */
  | { readonly kind: 'data'; readonly data: unknown; readonly pauseBeforeMs: number }
  /** A `:` comment line, which SSE clients ignore; servers send them as keep-alives. */
  | { readonly kind: 'comment'; readonly text: string; readonly pauseBeforeMs: number }
  /** Destroy the socket mid-response, as a crashed proxy or a dead connection would. */
  | { readonly kind: 'drop'; readonly pauseBeforeMs: number };

export type StreamEnding =
  | { readonly kind: 'message_stop' }
  /** After `afterDeltas` content deltas: `event: error`, then the response ends. */
  | { readonly kind: 'error-event'; readonly afterDeltas: number; readonly errorType: ApiErrorType; readonly message: string }
  /** After `afterDeltas` content deltas (and `silentMs` of silence, no pings either) the socket is destroyed. */
  | { readonly kind: 'drop'; readonly afterDeltas: number; readonly silentMs?: number }
  /** Everything up to and including message_delta, then a clean end without message_stop. */
  | { readonly kind: 'eof-before-message-stop' };

export interface InjectedEvent {
  /** Sent right after this many content deltas (0 = before the first delta). */
  readonly afterDeltas: number;
  readonly name: string;
  readonly data: unknown;
}

export interface StreamShape {
  /** Pause before each content delta: fixed, or an inclusive [min, max] range drawn per delta. */
  readonly deltaPauseMs?: number | readonly [number, number];
  /** An extra `ping` after every n-th content delta. */
  readonly pingEveryDeltas?: number;
  readonly injected?: readonly InjectedEvent[];
  readonly ending?: StreamEnding;
}

/** How one API family writes the moments of a streamed answer. Steps it returns carry no pause. */
export interface StreamDialect {
  opening(): StreamStep[];
  blockStart(block: BlockPlan, index: number): StreamStep[];
  /** One step per content delta of the block; the walk counts them and paces them. */
  blockDeltas(block: BlockPlan, index: number): StreamStep[];
  blockStop(block: BlockPlan, index: number): StreamStep[];
  keepAlive(): StreamStep;
  injected(event: InjectedEvent): StreamStep;
  /** The API's in-stream error, after which the response ends. */
  error(ending: Extract<StreamEnding, { kind: 'error-event' }>): StreamStep[];
  /** Everything after the last block; `ending` is `message_stop` or `eof-before-message-stop`. */
  closing(ending: StreamEnding): StreamStep[];
}

/** Plays `plan` through `dialect`, applying the shape's pacing, keep-alives, injections and ending. */
export function walkPlan(plan: MessagePlan, shape: StreamShape, seed: number, dialect: StreamDialect): StreamStep[] {
  const random = seededRandom(seed);
  const ending = shape.ending ?? { kind: 'message_stop' };
  const deltaPause = (): number => {
    const pause = shape.deltaPauseMs ?? 0;
    return typeof pause === 'number' ? pause : randomInt(random, pause[0], pause[1]);
  };
  const steps: StreamStep[] = [...dialect.opening()];
  let deltasSent = 0;

  /** Steps that belong after `deltasSent` deltas; returns true when the stream must stop here. */
  const afterDelta = (): boolean => {
    for (const injected of shape.injected ?? []) {
      if (injected.afterDeltas === deltasSent) steps.push(dialect.injected(injected));
    }
    if (shape.pingEveryDeltas && deltasSent > 0 && deltasSent % shape.pingEveryDeltas === 0) {
      steps.push(dialect.keepAlive());
    }
    if (ending.kind === 'error-event' && ending.afterDeltas === deltasSent) {
      steps.push(...dialect.error(ending));
      return true;
    }
    if (ending.kind === 'drop' && ending.afterDeltas === deltasSent) {
      steps.push({ kind: 'drop', pauseBeforeMs: ending.silentMs ?? 0 });
      return true;
    }
    return false;
  };

  for (const [index, block] of plan.blocks.entries()) {
    steps.push(...dialect.blockStart(block, index));
    if (index === 0 && afterDelta()) return steps;
    for (const delta of dialect.blockDeltas(block, index)) {
      const pause = deltaPause();
      // The step itself when its pause is right: a remembered step keeps its remembered encoding.
      steps.push(pause === delta.pauseBeforeMs ? delta : { ...delta, pauseBeforeMs: pause });
      deltasSent += 1;
      if (afterDelta()) return steps;
    }
    steps.push(...dialect.blockStop(block, index));
  }
  steps.push(...dialect.closing(ending));
  return steps;
}

function event(name: string, data: unknown): StreamStep {
  return { kind: 'event', name, data, pauseBeforeMs: 0 };
}

/** A text block's delta events, by its (remembered) deltas and its index. */
const deltaStepsOfText = new WeakMap<readonly string[], Map<number, StreamStep[]>>();

/**
 * A block's content_block_delta events. A text block whose deltas a scenario remembers (a long
 * answer sent again and again) gets the same step objects each time, so the writer encodes each
 * event once, not once per request: a 1 MiB answer's 43,000 events made this server the busiest
 * process on the machine while a client read them.
 */
function rememberedDeltaSteps(block: BlockPlan, index: number): StreamStep[] {
  const make = (): StreamStep[] => blockDeltasJson(block).map((delta) => event('content_block_delta', { type: 'content_block_delta', index, delta }));
  if (block.type !== 'text') return make();
  let byIndex = deltaStepsOfText.get(block.deltas);
  if (!byIndex) deltaStepsOfText.set(block.deltas, (byIndex = new Map()));
  let steps = byIndex.get(index);
  if (!steps) byIndex.set(index, (steps = make()));
  return steps;
}

/** The Anthropic Messages stream: named events, `ping`s, `event: error`, message_delta + message_stop. */
function anthropicDialect(plan: MessagePlan, identity: MessageIdentity, requestId: string): StreamDialect {
  return {
    opening: () => [event('message_start', { type: 'message_start', message: startingMessageJson(plan, identity) })],
    blockStart: (block, index) => [
      event('content_block_start', { type: 'content_block_start', index, content_block: blockStartJson(block) }),
      // The API sends one ping right after the first block opens.
      ...(index === 0 ? [event('ping', { type: 'ping' })] : []),
    ],
    blockDeltas: (block, index) => rememberedDeltaSteps(block, index),
    blockStop: (_block, index) => [event('content_block_stop', { type: 'content_block_stop', index })],
    keepAlive: () => event('ping', { type: 'ping' }),
    injected: (injected) => event(injected.name, injected.data),
    // The request id travels in error events too, as in the API's own mid-stream errors.
    error: (ending) => [event('error', { type: 'error', error: { type: ending.errorType, message: ending.message }, request_id: requestId })],
    closing: (ending) => [
      event('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: plan.stopReason, stop_sequence: null },
        usage: deltaUsageJson(plan, identity),
      }),
      ...(ending.kind !== 'eof-before-message-stop' ? [event('message_stop', { type: 'message_stop' })] : []),
    ],
  };
}

export function buildStreamSteps(
  plan: MessagePlan,
  identity: MessageIdentity,
  shape: StreamShape,
  requestId: string,
  seed: number,
): StreamStep[] {
  return walkPlan(plan, shape, seed, anthropicDialect(plan, identity, requestId));
}

/** How long the whole stream takes; a non-streaming answer to the same scenario waits this long. */
export function totalPauseMs(steps: readonly StreamStep[]): number {
  return steps.reduce((sum, step) => sum + step.pauseBeforeMs, 0);
}
