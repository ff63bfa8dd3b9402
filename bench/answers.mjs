// The benchmark's answers: prompts that select a fake-server scenario, what the watcher needs to
// know a long markdown answer's last character is in the DOM, and one first-token run (P4).
import { longMarkdown } from '../test/fake/longMarkdown.ts';
import { sendAndWatch } from './probes.mjs';
import { waitForQuietMachine } from './quiet.mjs';

export const prompt = (scenario, words) => `[[scenario:${scenario}]] ${words}`;

const ends = new Map();

/** What the watcher looks for at the end of a `bytes` answer (computed once per size). */
export function answerEnd(bytes) {
  if (ends.has(bytes)) return ends.get(bytes);
  const text = longMarkdown(bytes);
  const headings = text.match(/^## .*$/gm);
  const lines = text.trimEnd().split('\n');
  const end = {
    chars: text.length,
    lastHeading: headings[headings.length - 1].slice(3).trim(),
    lastLine: lines[lines.length - 1].replace(/^\d+\.\s+/, '').trim(),
  };
  ends.set(bytes, end);
  return end;
}

/**
 * Sends a `bytes` long markdown answer's prompt and watches it into the DOM, or (`until:
 * 'received'`) until all its text reached the panel (see `sendAndWatch`).
 * @param {{ timeoutMs?: number, until?: 'rendered' | 'received' }} [options]
 */
export function watchAnswer(session, bytes, words, { timeoutMs = 300_000, until = 'rendered' } = {}) {
  return session.frame.evaluate(sendAndWatch, { prompt: prompt(`long-markdown:${bytes}`, words), ...answerEnd(bytes), timeoutMs, until });
}

/** The P4 answer: short, so that its first words are what is measured. */
const FIRST_TOKEN_BYTES = 4096;

/**
 * One answer's first token (P4) in a fresh chat: Send → first words painted, minus the fake
 * server's time to its first byte (`added`), with the parts of the way for the log.
 */
export async function firstToken(session, fakeClient, words) {
  await session.newChat();
  await fakeClient.reset();
  // As for a person, who sends once the panel has settled, not while the answer before this one
  // is still being coloured and collected (see quiet.mjs).
  await waitForQuietMachine();
  const r = await watchAnswer(session, FIRST_TOKEN_BYTES, words, { timeoutMs: 30_000 });
  const [request] = await fakeClient.requests();
  const serverTtfb = request.firstByteAt - request.receivedAt;
  return {
    added: r.firstPaintMs - serverTtfb,
    paintedMs: r.firstPaintMs,
    inDomMs: r.firstGlyphMs,
    toServerMs: request.receivedAt - r.sentAtEpoch,
    serverTtfb,
    firstByteToDomMs: r.sentAtEpoch + r.firstGlyphMs - request.firstByteAt,
    longestTaskMs: r.longestTaskMs,
  };
}
