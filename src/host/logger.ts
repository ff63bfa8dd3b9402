/**
 * The "Inkwell" log channel. One line per request with ids, timings, tokens and the stop reason;
 * never the key, and no prompt or answer text.
 */
import * as vscode from 'vscode';
import type { TurnEndedEvent } from '../chat/chatController';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Inkwell', { log: true });
}

export function describeTurn(event: TurnEndedEvent): string {
  const outcome = event.outcome;
  if (!('state' in outcome)) return `turn ${event.turnId}: ${outcome.status} before the request (${outcome.error.kind})`;
  const { state, timings } = outcome;
  const ms = (at?: number) => (at === undefined ? '-' : `${Math.round(at - timings.startedAt)}ms`);
  const u = state.usage;
  return [
    `turn ${event.turnId}: ${outcome.status}`,
    `request ${state.requestId ?? '-'}`,
    `model ${state.model ?? '-'}`,
    `first token ${ms(timings.firstTextAt)}`,
    `total ${ms(timings.endedAt)}`,
    `tokens in ${u.input} out ${u.output} cache-write ${u.cacheWrite} cache-read ${u.cacheRead}`,
    `stop ${state.stopReason ?? '-'}`,
    ...(outcome.status === 'error' ? [`error ${outcome.error.kind}`] : []),
  ].join(' · ');
}
