// Turns a MessagePlan into the exact sequence of SSE events the API would send, with the pause
// before each one, and applies a scenario's disturbances: extra pings, injected events, and an
// ending other than message_stop (an error event, a dropped socket, or a silent EOF).

import type { ApiErrorType } from './apiErrors';
import { randomInt, seededRandom } from './deterministicRandom';
import {
  blockDeltasJson,
  blockStartJson,
  deltaUsageJson,
  type MessageIdentity,
  type MessagePlan,
  startingMessageJson,
} from './messagePlan';

export type StreamStep =
  | { readonly kind: 'event'; readonly name: string; readonly data: unknown; readonly pauseBeforeMs: number }
  /** Destroy the socket mid-response, as a crashed proxy or a dead connection would. */
  | { readonly kind: 'drop'; readonly pauseBeforeMs: number };

export type StreamEnding =
  | { readonly kind: 'message_stop' }
  /** After `afterDeltas` content deltas: `event: error`, then the response ends. */
  | { readonly kind: 'error-event'; readonly afterDeltas: number; readonly errorType: ApiErrorType; readonly message: string }
  /** After `afterDeltas` content deltas the socket is destroyed. */
  | { readonly kind: 'drop'; readonly afterDeltas: number }
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

/** The request id travels in error events too, as in the API's own mid-stream errors. */
export function buildStreamSteps(
  plan: MessagePlan,
  identity: MessageIdentity,
  shape: StreamShape,
  requestId: string,
  seed: number,
): StreamStep[] {
  const random = seededRandom(seed);
  const ending = shape.ending ?? { kind: 'message_stop' };
  const deltaPause = (): number => {
    const pause = shape.deltaPauseMs ?? 0;
    return typeof pause === 'number' ? pause : randomInt(random, pause[0], pause[1]);
  };
  const steps: StreamStep[] = [];
  const event = (name: string, data: unknown, pauseBeforeMs = 0): void => {
    steps.push({ kind: 'event', name, data, pauseBeforeMs });
  };
  let deltasSent = 0;

  /** Events that belong after `deltasSent` deltas; returns true when the stream must stop here. */
  const afterDelta = (): boolean => {
    for (const injected of shape.injected ?? []) {
      if (injected.afterDeltas === deltasSent) event(injected.name, injected.data);
    }
    if (shape.pingEveryDeltas && deltasSent > 0 && deltasSent % shape.pingEveryDeltas === 0) {
      event('ping', { type: 'ping' });
    }
    if (ending.kind === 'error-event' && ending.afterDeltas === deltasSent) {
      const error = { type: ending.errorType, message: ending.message };
      event('error', { type: 'error', error, request_id: requestId });
      return true;
    }
    if (ending.kind === 'drop' && ending.afterDeltas === deltasSent) {
      steps.push({ kind: 'drop', pauseBeforeMs: 0 });
      return true;
    }
    return false;
  };

  event('message_start', { type: 'message_start', message: startingMessageJson(plan, identity) });
  for (const [index, block] of plan.blocks.entries()) {
    event('content_block_start', { type: 'content_block_start', index, content_block: blockStartJson(block) });
    // The API sends one ping right after the first block opens.
    if (index === 0) event('ping', { type: 'ping' });
    if (index === 0 && afterDelta()) return steps;
    for (const delta of blockDeltasJson(block)) {
      event('content_block_delta', { type: 'content_block_delta', index, delta }, deltaPause());
      deltasSent += 1;
      if (afterDelta()) return steps;
    }
    event('content_block_stop', { type: 'content_block_stop', index });
  }
  event('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: plan.stopReason, stop_sequence: null },
    usage: deltaUsageJson(plan, identity),
  });
  if (ending.kind !== 'eof-before-message-stop') event('message_stop', { type: 'message_stop' });
  return steps;
}

/** How long the whole stream takes; a non-streaming answer to the same scenario waits this long. */
export function totalPauseMs(steps: readonly StreamStep[]): number {
  return steps.reduce((sum, step) => sum + step.pauseBeforeMs, 0);
}
