/**
 * Tells a streamed answer that really streamed from one that a proxy held back and delivered in
 * one burst at the end: a long wait for the first event, then many events within a moment. A
 * model writes a few dozen tokens a second, so many events arriving within a tenth of a second,
 * after more than a second of silence, were buffered on the way.
 */
import type { TurnNoteView } from '../shared/transcript';
import { ACTIONS } from './errors';

/** When the events of one streamed response arrived. */
export interface StreamArrival {
  readonly startedAt: number;
  readonly firstEventAt?: number;
  readonly lastEventAt?: number;
  readonly eventCount: number;
}

export interface BufferingThresholds {
  /** Fewer events than this are too short an answer to tell anything. */
  readonly minEvents: number;
  /** The first event came at least this late. */
  readonly minWaitMs: number;
  /** All events came within this span. */
  readonly maxBurstMs: number;
}

export const BUFFERING_THRESHOLDS: BufferingThresholds = { minEvents: 20, minWaitMs: 1000, maxBurstMs: 150 };

export function looksBuffered(arrival: StreamArrival, thresholds: BufferingThresholds = BUFFERING_THRESHOLDS): boolean {
  const { startedAt, firstEventAt, lastEventAt, eventCount } = arrival;
  if (firstEventAt === undefined || lastEventAt === undefined || eventCount < thresholds.minEvents) return false;
  const waitMs = firstEventAt - startedAt;
  const burstMs = lastEventAt - firstEventAt;
  // The burst must also be short next to the wait, so a slow network that delivers steadily is not blamed.
  return waitMs >= thresholds.minWaitMs && burstMs <= thresholds.maxBurstMs && burstMs * 10 <= waitMs;
}

/** The note under an answer that arrived in one burst, or undefined when it streamed normally. */
export function bufferedStreamNote(arrival: StreamArrival, thresholds: BufferingThresholds = BUFFERING_THRESHOLDS): TurnNoteView | undefined {
  if (!looksBuffered(arrival, thresholds)) return undefined;
  const seconds = Math.max(1, Math.round(((arrival.firstEventAt ?? arrival.startedAt) - arrival.startedAt) / 1000));
  return {
    text:
      `This answer arrived all at once after ${seconds} s instead of streaming in: a proxy, VPN or security filter on your network seems to buffer streamed responses. ` +
      'If this keeps happening, turn off inkwell.stream to get each answer as one response.',
    actions: [ACTIONS.openStreamSetting],
  };
}
