// A seeded pseudo-random source: scenarios vary their chunk sizes and pauses like a real network,
// yet every run produces the same bytes, so failures reproduce.

export type RandomSource = () => number;

/** mulberry32: tiny, fast and good enough for jitter; returns numbers in [0, 1). */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both inclusive. */
export function randomInt(random: RandomSource, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Splits `text` into pieces of `minLength`..`maxLength` code points, never inside a surrogate pair. */
export function splitIntoPieces(text: string, minLength: number, maxLength: number, seed: number): string[] {
  const random = seededRandom(seed);
  const codePoints = Array.from(text);
  const pieces: string[] = [];
  for (let start = 0; start < codePoints.length; ) {
    const length = randomInt(random, minLength, maxLength);
    pieces.push(codePoints.slice(start, start + length).join(''));
    start += length;
  }
  return pieces;
}

/** Splits `text` into words, each carrying the whitespace before it (` world`), as token streams do. */
export function splitIntoWords(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}
