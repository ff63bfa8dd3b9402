/**
 * Frozen markdown goes into groups of a fixed number of top-level elements, and groups into
 * sections of a fixed number of groups. Both skip layout and paint while off screen
 * (`content-visibility` in the stylesheet).
 *
 * Two levels because a container's layout visits every child, even ones it can skip: with one
 * level, each append re-laid out a `.markdown` holding a thousand groups in a 1 MB answer (about
 * 2 ms a frame, growing with the answer). Now an append touches its group, its section (at most
 * `GROUPS_PER_SECTION` children) and the list of sections, a few dozen even for a 1 MB answer.
 */

export const ELEMENTS_PER_GROUP = 8;
export const GROUPS_PER_SECTION = 16;
export const BLOCK_GROUP_CLASS = 'markdown-group';
export const BLOCK_SECTION_CLASS = 'markdown-section';

/**
 * Fills groups in order, so the grouping depends only on the sequence of elements, never on how
 * the text arrived. Text nodes (the newlines between blocks) do not count: the same text may come
 * as one node or as two, depending on where it was cut.
 */
export class BlockGroups {
  private section: HTMLElement | undefined;
  private group: HTMLElement | undefined;
  private groupsInSection = 0;
  private elementsInGroup = 0;

  constructor(private readonly container: HTMLElement) {}

  /** Appends `nodes` after the existing groups (before anything else in the container). */
  append(nodes: readonly Node[]): void {
    for (const node of nodes) {
      const isElement = node.nodeType === node.ELEMENT_NODE;
      if (!this.group || (isElement && this.elementsInGroup === ELEMENTS_PER_GROUP)) this.startGroup();
      this.group!.append(node);
      if (isElement) this.elementsInGroup++;
    }
  }

  /**
   * Starts a section holding one group and returns both, for content added later (parked text);
   * what follows goes into a new section.
   */
  appendOwnSection(): { section: HTMLElement; group: HTMLElement } {
    this.startSection();
    this.startGroup();
    const owned = { section: this.section!, group: this.group! };
    this.groupsInSection = GROUPS_PER_SECTION;
    this.group = undefined;
    return owned;
  }

  /** Starts over, e.g. when the whole block is rendered again. */
  clear(): void {
    this.container.replaceChildren();
    this.section = undefined;
    this.group = undefined;
    this.groupsInSection = 0;
    this.elementsInGroup = 0;
  }

  private startGroup(): void {
    if (!this.section || this.groupsInSection === GROUPS_PER_SECTION) this.startSection();
    this.group = this.element(BLOCK_GROUP_CLASS);
    this.section!.append(this.group);
    this.groupsInSection++;
    this.elementsInGroup = 0;
  }

  private startSection(): void {
    const section = this.element(BLOCK_SECTION_CLASS);
    if (this.section) this.section.after(section);
    else this.container.prepend(section);
    this.section = section;
    this.groupsInSection = 0;
  }

  private element(className: string): HTMLElement {
    const element = this.container.ownerDocument.createElement('div');
    element.className = className;
    return element;
  }
}
