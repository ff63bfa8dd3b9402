import assert from 'node:assert/strict';
import {
  BLOCK_GROUP_CLASS,
  BLOCK_SECTION_CLASS,
  BlockGroups,
  ELEMENTS_PER_GROUP,
  GROUPS_PER_SECTION,
} from '../../../src/webview/markdown/blockGroups.js';
import { createTestWindow } from './helpers.js';

describe('BlockGroups', () => {
  function paragraphs(doc: Document, from: number, count: number): Node[] {
    return Array.from({ length: count }, (_, i) => {
      const p = doc.createElement('p');
      p.textContent = `p${from + i}`;
      return p;
    });
  }

  it('keeps every container small: groups of elements inside sections of groups', () => {
    const { document } = createTestWindow();
    const container = document.createElement('div');
    const total = ELEMENTS_PER_GROUP * GROUPS_PER_SECTION * 3 + 5;
    new BlockGroups(container).append(paragraphs(document, 0, total));
    const sections = Array.from(container.children);
    assert.equal(sections.length, 4);
    assert.ok(sections.every((s) => s.className === BLOCK_SECTION_CLASS));
    assert.ok(sections.every((s) => s.childElementCount <= GROUPS_PER_SECTION));
    const groups = Array.from(container.querySelectorAll(`.${BLOCK_GROUP_CLASS}`));
    assert.ok(groups.every((g) => g.childElementCount <= ELEMENTS_PER_GROUP));
    assert.deepEqual(
      Array.from(container.querySelectorAll('p')).map((p) => p.textContent),
      Array.from({ length: total }, (_, i) => `p${i}`),
    );
  });

  it('groups the same way however the elements arrive, text nodes not counted', () => {
    const { document } = createTestWindow();
    const whole = document.createElement('div');
    const pieces = document.createElement('div');
    const total = ELEMENTS_PER_GROUP * GROUPS_PER_SECTION + 3;
    new BlockGroups(whole).append(paragraphs(document, 0, total));
    const groups = new BlockGroups(pieces);
    for (let i = 0; i < total; i += 7) {
      groups.append([...paragraphs(document, i, Math.min(7, total - i)), document.createTextNode('\n')]);
    }
    const shape = (root: Element) =>
      Array.from(root.children).map((section) => Array.from(section.children).map((group) => group.childElementCount));
    assert.deepEqual(shape(pieces), shape(whole));
  });

  it('appends before anything already after the groups, and starts over on clear', () => {
    const { document } = createTestWindow();
    const container = document.createElement('div');
    const tail = document.createElement('pre');
    container.append(tail);
    const groups = new BlockGroups(container);
    groups.append(paragraphs(document, 0, ELEMENTS_PER_GROUP * GROUPS_PER_SECTION + 1));
    assert.equal(container.lastElementChild, tail);
    groups.clear();
    assert.equal(container.childElementCount, 0);
    groups.append(paragraphs(document, 0, 1));
    assert.equal(container.querySelectorAll(`.${BLOCK_SECTION_CLASS}`).length, 1);
  });
});
