import * as assert from 'node:assert/strict';
import { longMarkdown } from '../../fake/longMarkdown.js';
import type { MarkdownRenderer } from '../../../src/webview/markdown/markdownRenderer.js';
import { PARKED_CLASS, type LaterFormatting } from '../../../src/webview/markdown/parkedText.js';
import { PARK_DISTANCE_CHARS, PARKED_PIECE_CHARS, StreamingMarkdown } from '../../../src/webview/markdown/streamingMarkdown.js';
import { OffscreenRenderer, QUIET_BEFORE_IDLE_FORMATTING_MS } from '../../../src/webview/offscreenRenderer.js';
import {
  assistantTurn,
  chatState,
  createCountingRenderer,
  createTestApp,
  createTestWindow,
  FakeIntersectionObservers,
  flatHtml,
  ManualFrames,
  ManualIdle,
  renderOneShot,
  userTurn,
  type TestApp,
  type TestWindow,
} from './helpers.js';
import { LINK_REFERENCE_SAMPLE } from './markdownSamples.js';

/** Keeps what it is handed to format later, and formats it when the test says so. */
class HeldFormatting implements LaterFormatting {
  readonly held = new Map<HTMLElement, () => void>();
  formatLater(group: HTMLElement, format: () => void): void {
    this.held.set(group, format);
  }
  forget(group: HTMLElement): void {
    this.held.delete(group);
  }
  format(group: HTMLElement): void {
    const format = this.held.get(group);
    assert.ok(format, 'the group waits to be formatted');
    this.held.delete(group);
    format();
  }
  formatAll(order: 'oldest first' | 'newest first' = 'oldest first'): void {
    const groups = Array.from(this.held.keys());
    for (const group of order === 'oldest first' ? groups : groups.reverse()) this.format(group);
  }
}

const BURST = longMarkdown(64 * 1024);

function setup(renderer?: (base: MarkdownRenderer) => MarkdownRenderer) {
  const win: TestWindow = createTestWindow();
  const frames = new ManualFrames();
  const counting = createCountingRenderer(win);
  const later = new HeldFormatting();
  const block = new StreamingMarkdown(win.document, renderer ? renderer(counting.renderer) : counting.renderer, frames.scheduler, later);
  win.document.body.append(block.element);
  const parked = () => Array.from(block.element.querySelectorAll<HTMLElement>(`.${PARKED_CLASS}`));
  return { win, frames, block, later, parked, counters: counting.counters };
}

describe('Parked text (a burst)', () => {
  it('parks a burst far behind its newest text without parsing it, and formats the newest at once', () => {
    const { frames, block, later, parked, counters } = setup();
    block.append(BURST);
    frames.run();

    const pieces = parked();
    assert.ok(pieces.length >= 4, `${pieces.length} pieces parked`);
    assert.deepEqual(Array.from(later.held.keys()), pieces, 'every piece waits to be formatted');
    const parkedText = pieces.map((piece) => piece.textContent).join('');
    assert.ok(BURST.startsWith(parkedText), 'the pieces hold the answer’s source, in order');
    assert.ok(parkedText.length >= BURST.length - PARK_DISTANCE_CHARS - 2_000, `${parkedText.length} of ${BURST.length} parked`);
    assert.ok(pieces.every((piece) => piece.textContent!.length <= PARKED_PIECE_CHARS + 2_000 && piece.childElementCount === 0));
    assert.ok(pieces.every((piece) => /^auto \d+em$/.test(piece.style.containIntrinsicSize)), 'with an estimated height');
    assert.ok(counters.markdownCharsParsed < BURST.length - parkedText.length + 4_000, `${counters.markdownCharsParsed} characters parsed`);
    const tail = block.element.querySelectorAll('h2, p, pre, table, ul, ol');
    assert.ok(tail.length > 0, 'the newest text is formatted');
  });

  for (const order of ['oldest first', 'newest first'] as const) {
    it(`ends equal to a one-shot render once its pieces are formatted (${order})`, () => {
      const { win, frames, block, later, parked } = setup();
      block.append(BURST);
      frames.run();
      block.finish();
      frames.run();
      later.formatAll(order);
      assert.equal(parked().length, 0);
      assert.equal(flatHtml(block.element), renderOneShot(win, BURST, 'flat'));
    });
  }

  it('parks nothing while text arrives at reading pace', () => {
    const { win, frames, block, later } = setup();
    const text = BURST.slice(0, 24_000);
    for (let at = 0; at < text.length; at += 300) {
      block.append(text.slice(at, at + 300));
      frames.run();
    }
    block.finish();
    frames.run();
    assert.equal(later.held.size, 0);
    assert.equal(block.element.innerHTML, renderOneShot(win, text));
  });

  it('renders the whole block again, parking no more, when a parked piece does not end where marked’s blocks do', () => {
    let misreadNextParse = false;
    // Marked reading the piece's last block and the line after it as one block: the cut is wrong.
    const misreading = (base: MarkdownRenderer): MarkdownRenderer => ({
      ...base,
      parse(markdown) {
        const blocks = base.parse(markdown);
        if (!misreadNextParse) return blocks;
        misreadNextParse = false;
        const [last, beforeLast] = [blocks.pop()!, blocks.pop()!];
        return [...blocks, { type: 'paragraph', raw: beforeLast.raw + last.raw, text: '', tokens: [] }];
      },
    });
    const { win, frames, block, later, parked } = setup(misreading);
    block.append(BURST);
    frames.run();
    assert.ok(parked().length > 0);
    misreadNextParse = true;
    later.format(parked()[0]!);
    assert.equal(later.held.size, 0, 'the other pieces are forgotten');
    frames.run();
    block.append('\n\nMore text.\n');
    block.finish();
    frames.run();
    assert.equal(parked().length, 0);
    assert.equal(block.element.innerHTML, renderOneShot(win, `${BURST}\n\nMore text.\n`), 'exactly a one-shot render');
  });

  it('forgets its pieces when the block renders again as a whole (link definitions)', () => {
    const { win, frames, block, later, parked } = setup();
    const text = `${BURST}\n\n${LINK_REFERENCE_SAMPLE}`;
    block.append(text);
    frames.run();
    assert.ok(later.held.size > 0);
    block.finish();
    frames.run();
    assert.equal(later.held.size, 0);
    assert.equal(parked().length, 0);
    assert.equal(block.element.innerHTML, renderOneShot(win, text));
  });
});

describe('Formatting parked text later (OffscreenRenderer)', () => {
  function setupLater() {
    const win = createTestWindow();
    let clock = 0;
    const frames = new ManualFrames(() => clock, 1_000);
    const observers = new FakeIntersectionObservers();
    const idle = new ManualIdle();
    const later = new OffscreenRenderer(observers.Class, frames.scheduler, idle.request);
    const formatted: string[] = [];
    const park = (name: string) => {
      const group = win.document.createElement('div');
      win.document.body.append(group);
      later.formatLater(group, () => formatted.push(name));
      return group;
    };
    return { frames, observers, idle, later, formatted, park, advance: (ms: number) => (clock += ms) };
  }

  it('formats in idle time, newest first, once nothing was parked for a while', () => {
    const { idle, formatted, park, advance } = setupLater();
    park('a');
    park('b');
    advance(QUIET_BEFORE_IDLE_FORMATTING_MS - 1);
    idle.runOnce();
    assert.deepEqual(formatted, [], 'a burst may still be going on');
    assert.equal(idle.pending, 1, 'and idle time is asked for again');
    park('c');
    advance(QUIET_BEFORE_IDLE_FORMATTING_MS);
    idle.runOnce(2);
    assert.deepEqual(formatted, ['c'], 'one per moment of idle time here, the newest first');
    idle.run();
    assert.deepEqual(formatted, ['c', 'b', 'a']);
  });

  it('formats a group coming near the viewport in the next frame, and only once', () => {
    const { frames, observers, idle, formatted, park, advance } = setupLater();
    park('a');
    const b = park('b');
    observers.show(b);
    assert.deepEqual(formatted, [], 'not inside the observer’s callback');
    frames.run();
    assert.deepEqual(formatted, ['b']);
    assert.ok(!observers.watches(b));
    advance(QUIET_BEFORE_IDLE_FORMATTING_MS);
    idle.run();
    assert.deepEqual(formatted, ['b', 'a']);
  });

  it('forgets a group it is told to', () => {
    const { observers, idle, later, formatted, park, advance } = setupLater();
    const a = park('a');
    later.forget(a);
    assert.ok(!observers.watches(a));
    advance(QUIET_BEFORE_IDLE_FORMATTING_MS);
    idle.run();
    assert.deepEqual(formatted, []);
  });
});

describe('Parked text in the chat', () => {
  const streamingBurst = (t: TestApp) => {
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [userTurn('u1', 'go'), assistantTurn('a1')] }) });
    t.send({ type: 'deltas', seq: 2, deltas: [{ type: 'blockAdded', turnId: 'a1', block: { kind: 'text', text: '' } }, { type: 'textAppended', turnId: 'a1', index: 0, text: BURST }] });
    t.runFrames();
  };

  it('parks a burst of a streaming answer and formats what comes near the viewport', () => {
    const observers = new FakeIntersectionObservers();
    const t = createTestApp({ intersectionObservers: observers });
    streamingBurst(t);
    const pieces = Array.from(t.root.querySelectorAll<HTMLElement>(`.${PARKED_CLASS}`));
    assert.ok(pieces.length > 0);
    assert.ok(pieces.every((piece) => observers.watches(piece)));
    observers.show(pieces.at(-1)!);
    t.runFrames();
    assert.equal(pieces.at(-1)!.classList.contains(PARKED_CLASS), false);
    assert.ok(pieces.at(-1)!.childElementCount > 0);
    t.idle.runOnce();
    assert.equal(t.root.querySelectorAll(`.${PARKED_CLASS}`).length, pieces.length - 1, 'the rest waits for a quiet moment');
  });

  it('shows a finished answer of a snapshot formatted at once', () => {
    const t = createTestApp({ intersectionObservers: new FakeIntersectionObservers() });
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [userTurn('u1', 'go'), assistantTurn('a1', { status: 'done', blocks: [{ kind: 'text', text: BURST }] })] }) });
    t.runFrames();
    assert.equal(t.root.querySelectorAll(`.${PARKED_CLASS}`).length, 0);
    assert.equal(t.root.querySelectorAll('.markdown h2').length, (BURST.match(/^## /gm) ?? []).length);
  });
});
