/**
 * One log line per request: ids, timings, tokens, retries and the stop reason — never the key,
 * and no prompt or answer text unless the user turned on `inkwell.debug.logContent`.
 */
import type { RetryRecord } from './retryingRequest';
import type { TurnOutcome } from './turnRunner';

export function describeStep(turnId: string, stepNumber: number, outcome: TurnOutcome): string {
  const { state, timings } = outcome;
  const ms = (at: number | undefined, from: number) => (at === undefined ? '-' : `${Math.round(at - from)}ms`);
  const u = state.usage;
  return [
    `turn ${turnId} step ${stepNumber}: ${outcome.status}`,
    `request ${state.requestId ?? '-'}`,
    `model ${state.model ?? '-'}`,
    // From the attempt that answered: waits before retries are not the API's slowness.
    `first token ${ms(timings.firstTextAt ?? timings.firstEventAt, timings.attemptStartedAt)}`,
    `total ${ms(timings.endedAt, timings.startedAt)}`,
    `tokens in ${u.input} out ${u.output} cache-write ${u.cacheWrite} cache-read ${u.cacheRead}`,
    `retries ${describeRetries(outcome.retryLog)}`,
    `stop ${state.stopReason ?? '-'}`,
    ...(outcome.status === 'error' ? [`error ${outcome.error.kind}`] : []),
  ].join(' · ');
}

/** "0", or "2 (rateLimited req_1, waited 1000ms as asked; overloaded, waited 912ms)". */
export function describeRetries(retries: readonly RetryRecord[]): string {
  if (retries.length === 0) return '0';
  const each = retries.map((r) => `${r.kind}${r.requestId ? ` ${r.requestId}` : ''}, waited ${r.delayMs}ms${r.fromServer ? ' as asked' : ''}`);
  return `${retries.length} (${each.join('; ')})`;
}

/** The prompt and answer of a step, for the debug setting only. */
export function describeStepContent(turnId: string, stepNumber: number, prompt: string | undefined, outcome: TurnOutcome): string {
  const answer = outcome.state.blocks
    .map((b) => (b.kind === 'text' ? b.text : b.kind === 'toolUse' ? `[tool ${b.name} ${b.inputJson}]` : ''))
    .filter((t) => t !== '')
    .join('\n');
  const lines = [`turn ${turnId} step ${stepNumber} content:`];
  if (prompt !== undefined) lines.push(`prompt: ${JSON.stringify(prompt)}`);
  lines.push(`answer: ${JSON.stringify(answer)}`);
  return lines.join('\n');
}
