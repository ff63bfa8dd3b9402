/**
 * Frozen markdown goes into groups of a fixed number of top-level elements. A long answer is then a
 * few dozen groups instead of thousands of siblings, and each group can skip layout and paint
 * while off screen (`content-visibility` in the stylesheet), so appending near the end costs the
 * same in a 1 MB answer as in a short one.
 */

export const ELEMENTS_PER_GROUP = 8;
export const BLOCK_GROUP_CLASS = 'markdown-group';

/**
 * Fills groups in order, so the grouping depends only on the sequence of elements, never on how
 * the text arrived. Text nodes (the newlines between blocks) do not count: the same text may come
 * as one node or as two, depending on where it was cut.
 */
export class BlockGroups {
  private current: HTMLElement | undefined;
  private count = 0;

  constructor(private readonly container: HTMLElement) {}

  /** Appends `nodes` after the existing groups (before anything else in the container). */
  append(nodes: readonly Node[]): void {
    for (const node of nodes) {
      const isElement = node.nodeType === node.ELEMENT_NODE;
      if (!this.current || (isElement && this.count === ELEMENTS_PER_GROUP)) this.startGroup();
      this.current!.append(node);
      if (isElement) this.count++;
    }
  }

  /** Starts over, e.g. when the whole block is rendered again. */
  clear(): void {
    this.container.replaceChildren();
    this.current = undefined;
    this.count = 0;
  }

  private startGroup(): void {
    const group = this.container.ownerDocument.createElement('div');
    group.className = BLOCK_GROUP_CLASS;
    if (this.current) this.current.after(group);
    else this.container.prepend(group);
    this.current = group;
    this.count = 0;
  }
}
