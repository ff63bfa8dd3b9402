/** Where marked's top-level blocks begin and end, to check a proposed cut against them. */
import type { MarkdownBlock } from './markdownRenderer.js';

/**
 * The number of blocks that end at `cut` (a source offset into the parsed text), or undefined when
 * the cut falls inside a block. Blank lines render nothing, so a cut inside them counts as before.
 */
export function blocksBeforeCut(blocks: readonly MarkdownBlock[], parsedLength: number, cut: number): number | undefined {
  // Offsets only mean something if the blocks cover the parsed text exactly.
  if (sourceLength(blocks) !== parsedLength) return 0;
  let offset = 0;
  for (let index = 0; index < blocks.length; index++) {
    if (offset === cut) return index;
    const end = offset + blocks[index]!.raw.length;
    if (end > cut) return blocks[index]!.type === 'space' ? index : undefined;
    offset = end;
  }
  return offset === cut ? blocks.length : undefined;
}

export function sourceLength(blocks: readonly MarkdownBlock[]): number {
  let length = 0;
  for (const block of blocks) length += block.raw.length;
  return length;
}
