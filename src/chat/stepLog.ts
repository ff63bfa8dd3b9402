/**
 * One log line per request: ids, timings, tokens, retries and the stop reason — never the key,
 * and no prompt or answer text unless the user turned on `inkwell.debug.logContent`.
 */
import { stepTimingFigures } from '../core/usage/requestDetails';
import type { RetryRecord } from './retryingRequest';
import type { TurnOutcome } from './turnRunner';

export function describeStep(turnId: string, stepNumber: number, outcome: TurnOutcome): string {
  const { state, timings } = outcome;
  // The same figures as the answer's Details, so the two never disagree.
  const figures = stepTimingFigures(timings);
  const ms = (value: number | undefined) => (value === undefined ? '-' : `${Math.round(value)}ms`);
  const u = state.usage;
  return [
    `turn ${turnId} step ${stepNumber}: ${outcome.status}`,
    `request ${state.requestId ?? '-'}`,
    `model ${state.model ?? '-'}`,
    `first token ${ms(figures.firstTokenMs)}`,
    `total ${ms(figures.totalMs)}`,
    state.usageUnknown ? 'tokens unknown' : `tokens in ${u.input} out ${u.output} cache-write ${u.cacheWrite} cache-read ${u.cacheRead}`,
    `retries ${describeRetries(figures.retries, outcome.retryLog)}`,
    `stop ${state.stopReason ?? '-'}`,
    ...(outcome.status === 'error' ? [`error ${outcome.error.kind}`] : []),
  ].join(' · ');
}

/** "0", or "2 (rateLimited req_1, waited 1000ms as asked; overloaded, waited 912ms)": the count as Details gives it, then each retry. */
export function describeRetries(count: number, retries: readonly RetryRecord[]): string {
  if (retries.length === 0) return String(count);
  const each = retries.map((r) => `${r.kind}${r.requestId ? ` ${r.requestId}` : ''}, waited ${r.delayMs}ms${r.fromServer ? ' as asked' : ''}`);
  return `${count} (${each.join('; ')})`;
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
