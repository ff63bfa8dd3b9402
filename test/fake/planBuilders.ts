// Building blocks for scenario answers: message plans, text and tool-use blocks, HTTP errors.

import type { ApiErrorType } from './apiErrors';
import { splitIntoPieces } from './deterministicRandom';
import type { BlockPlan, MessagePlan, StopReason } from './messagePlan';
import type { WireStyle } from './sseWriter';
import type { StreamShape } from './streamPlan';

/** What the server knows about the request when it asks a scenario for its answer. */
export interface ScenarioContext {
  readonly model: string;
  /** Text of the last user message, markers included. */
  readonly question: string;
  /** The part after a second colon: `[[scenario:long-markdown:4096]]` → "4096". */
  readonly param: string | undefined;
  /** 1 for a fresh request; 2 for the immediate retry of a `retriedOnce` scenario. */
  readonly attempt: number;
  /** Server-wide request counter, for ids that must be unique (tool_use ids). */
  readonly requestNumber: number;
}

export type ScenarioResponse =
  | { readonly kind: 'message'; readonly plan: MessagePlan; readonly stream?: StreamShape; readonly wire?: WireStyle }
  | {
      readonly kind: 'http-error';
      readonly status: number;
      readonly errorType: ApiErrorType;
      readonly message: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

export function message(
  blocks: readonly BlockPlan[],
  stopReason: StopReason = 'end_turn',
  cache?: { read?: number; creation?: number },
): MessagePlan {
  return {
    blocks,
    stopReason,
    ...(cache?.read !== undefined ? { cacheReadInputTokens: cache.read } : {}),
    ...(cache?.creation !== undefined ? { cacheCreationInputTokens: cache.creation } : {}),
  };
}

export function text(deltas: readonly string[]): BlockPlan {
  return { type: 'text', deltas };
}

/** A tool call whose input JSON streams in fragments of 1–12 characters after an empty first one. */
export function toolUse(context: ScenarioContext, blockNumber: number, name: string, input: object): BlockPlan {
  const id = `toolu_01Fake${String(context.requestNumber).padStart(6, '0')}B${blockNumber}`;
  const fragments = splitIntoPieces(JSON.stringify(input), 1, 12, context.requestNumber * 31 + blockNumber);
  return { type: 'tool_use', id, name, inputJsonDeltas: ['', ...fragments] };
}

export function httpError(errorType: ApiErrorType, status: number, messageText: string, headers?: Record<string, string>): ScenarioResponse {
  return { kind: 'http-error', status, errorType, message: messageText, ...(headers ? { headers } : {}) };
}

export function positiveIntParam(param: string | undefined, fallback: number): number {
  const value = Number(param);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

