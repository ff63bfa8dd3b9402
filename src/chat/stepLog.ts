/**
 * One log line per request: ids, timings, tokens, retries and the stop reason — never the key,
 * and no prompt or answer text.
 */
import type { TurnOutcome } from './turnRunner';

export function describeStep(turnId: string, stepNumber: number, outcome: TurnOutcome): string {
  const { state, timings } = outcome;
  const ms = (at?: number) => (at === undefined ? '-' : `${Math.round(at - timings.startedAt)}ms`);
  const u = state.usage;
  return [
    `turn ${turnId} step ${stepNumber}: ${outcome.status}`,
    `request ${state.requestId ?? '-'}`,
    `model ${state.model ?? '-'}`,
    `first token ${ms(timings.firstTextAt ?? timings.firstEventAt)}`,
    `total ${ms(timings.endedAt)}`,
    `tokens in ${u.input} out ${u.output} cache-write ${u.cacheWrite} cache-read ${u.cacheRead}`,
    `retries ${timings.retries ?? 0}`,
    `stop ${state.stopReason ?? '-'}`,
    ...(outcome.status === 'error' ? [`error ${outcome.error.kind}`] : []),
  ].join(' · ');
}
