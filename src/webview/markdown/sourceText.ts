/**
 * The text of a streaming markdown block, kept so that appending and reading the open part cost
 * the open part's size, not the block's. One ever-growing string would not: every append makes a
 * chain of pieces that the next slice copies into one flat string, the whole block each frame
 * (megabytes per frame in a long answer, and as much garbage).
 *
 * Offsets are into the whole text. Text before `released` is final (rendered and frozen): reads
 * start at or after it, and only `whole()` returns it again.
 */
export class SourceText {
  /** Offset of `open`'s first character. */
  private released = 0;
  private open = '';
  private readonly finalParts: string[] = [];

  get length(): number {
    return this.released + this.open.length;
  }

  append(text: string): void {
    this.open += text;
  }

  /** Text between two offsets at or after the released part. */
  slice(from: number, to: number = this.length): string {
    return this.open.slice(from - this.released, to - this.released);
  }

  /** Like `String.prototype.indexOf`, from an offset at or after the released part. */
  indexOf(search: string, from: number): number {
    const at = this.open.indexOf(search, from - this.released);
    return at === -1 ? -1 : at + this.released;
  }

  /** Everything before `offset` is final: later reads start at or after it. */
  release(offset: number): void {
    const count = offset - this.released;
    if (count <= 0) return;
    this.finalParts.push(this.open.slice(0, count));
    this.open = this.open.slice(count);
    this.released = offset;
  }

  /** The whole text (rare: a block rendered once more as a whole). */
  whole(): string {
    return this.finalParts.join('') + this.open;
  }
}
