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
  const pieces: string[] = [];
  // Walks code units rather than spreading the text into code points, which took 30-60 ms for a
  // 1 MiB answer (the pieces are the same).
  for (let start = 0; start < text.length; ) {
    let end = start;
    for (let left = randomInt(random, minLength, maxLength); left > 0 && end < text.length; left--) {
      end += isSurrogatePair(text, end) ? 2 : 1;
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

function isSurrogatePair(text: string, index: number): boolean {
  const high = text.charCodeAt(index);
  const low = text.charCodeAt(index + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

/** Splits `text` into words, each carrying the whitespace before it (` world`), as token streams do. */
export function splitIntoWords(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}
