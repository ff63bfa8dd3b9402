// Signatures for the fake's thinking blocks. The real API signs each thinking block and refuses a
// request whose thinking comes back changed or unsigned; the fake derives the signature from the
// thinking text, so a client that edits, truncates or re-joins thinking — or pairs it with another
// block's signature — gets the same 400 it would get from the API. Not cryptography: a fake only
// needs to notice a changed text.

const PREFIX = 'EqFakeSig';

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The signature the fake sends with a thinking block whose text is `thinking`. */
export function fakeThinkingSignature(thinking: string): string {
  const parts = [0x811c9dc5, 0x01234567, 0x89abcdef, 0x5bd1e995].map((seed) => fnv1a(thinking, seed).toString(16).padStart(8, '0'));
  return `${PREFIX}${parts.join('')}${String(thinking.length)}`;
}

/** Whether `signature` is the one the fake issued for exactly this thinking text. */
export function isValidThinkingSignature(thinking: string, signature: string): boolean {
  return signature === fakeThinkingSignature(thinking);
}
