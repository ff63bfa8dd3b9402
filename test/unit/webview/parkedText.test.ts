import * as assert from 'node:assert/strict';
import { longMarkdown } from '../../fake/longMarkdown.js';
import type { MarkdownRenderer } from '../../../src/webview/markdown/markdownRenderer.js';
import { PARK_DISTANCE_CHARS, PARKED_CLASS, PARKED_PIECE_CHARS, piecesToPark, type LaterFormatting } from '../../../src/webview/markdown/parkedText.js';
import { StreamingMarkdown } from '../../../src/webview/markdown/streamingMarkdown.js';
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
  formatLater(element: HTMLElement, format: () => void): void {
    this.held.set(element, format);
  }
  forget(element: HTMLElement): void {
    this.held.delete(element);
  }
  format(element: HTMLElement): void {
    const format = this.held.get(element);
    assert.ok(format, 'the piece waits to be formatted');
    this.held.delete(element);
    format();
  }
  formatAll(order: 'oldest first' | 'newest first' = 'oldest first'): void {
    const pieces = Array.from(this.held.keys());
    for (const piece of order === 'oldest first' ? pieces : pieces.reverse()) this.format(piece);
  }
}

const BURST = longMarkdown(64 * 1024);
const lastHeading = (text: string) => text.match(/^## .*$/gm)!.at(-1)!.slice(3).trim();

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
  it('cuts pieces of up to about PARKED_PIECE_CHARS at the scanner’s cuts, far enough from the end', () => {
    const cuts = Array.from({ length: 100 }, (_, i) => (i + 1) * 1_000);
    const pieces = piecesToPark(cuts, 0, 50_500);
    assert.deepEqual(pieces, [8_000, 16_000, 24_000, 32_000, 40_000, 46_000]);
    assert.ok(pieces.at(-1)! <= 50_500 - PARK_DISTANCE_CHARS);
    assert.deepEqual(piecesToPark(cuts.slice(40), 40_000, 47_000), [], 'less than half a piece: formatted instead');
    assert.deepEqual(piecesToPark([30_000], 0, 100_000), [30_000], 'one block larger than a piece');
    assert.deepEqual(piecesToPark([1_000, 20_000, 25_000], 0, 100_000), [20_000, 25_000], 'no piece much smaller than half');
    assert.deepEqual(piecesToPark([], 0, 100_000), []);
  });

  it('parks a burst far behind its newest text without parsing it, and formats the newest at once', () => {
    const { block, frames, later, parked, counters } = setup();
    block.append(BURST);
    frames.run();

    const pieces = parked();
    assert.ok(pieces.length >= 4, `${pieces.length} pieces parked`);
    assert.deepEqual(Array.from(later.held.keys()), pieces, 'every piece waits to be formatted');
    const parkedText = pieces.map((piece) => piece.textContent).join('');
    assert.ok(BURST.startsWith(parkedText), 'the pieces hold the answer’s source, in order');
    assert.ok(parkedText.length >= BURST.length - PARK_DISTANCE_CHARS - 2_000, `${parkedText.length} of ${BURST.length} parked`);
    assert.ok(pieces.every((piece) => piece.textContent!.length <= PARKED_PIECE_CHARS + 2_000 && piece.querySelector('p, h2, pre') === null));
    assert.ok(pieces.every((piece) => /^auto \d+em$/.test(piece.style.containIntrinsicSize)), 'with an estimated height');
    assert.ok(counters.markdownCharsParsed < BURST.length - parkedText.length + 4_000, `${counters.markdownCharsParsed} characters parsed`);
    assert.ok(counters.markdownCharsFrozen >= parkedText.length && counters.markdownCharsFrozen <= BURST.length, 'parked text counts as final');
    const headings = Array.from(block.element.querySelectorAll('h2'), (h) => h.textContent);
    assert.equal(headings.at(-1), lastHeading(BURST), 'the newest text is formatted');
    assert.ok(frames.scheduler.busy, 'a burst keeps rendering busy, so the view follows it a few times a second');
  });

  for (const order of ['oldest first', 'newest first'] as const) {
    it(`ends equal to a one-shot render once its pieces are formatted (${order})`, () => {
      const { win, frames, block, later, parked, counters } = setup();
      block.append(BURST);
      frames.run();
      block.finish();
      frames.run();
      let formatted = false;
      block.whenFormatted(() => (formatted = true));
      assert.equal(formatted, false, 'parked text waits');
      later.formatAll(order);
      assert.equal(formatted, true);
      assert.equal(parked().length, 0);
      assert.equal(counters.markdownCharsFrozen, BURST.length);
      assert.equal(flatHtml(block.element), renderOneShot(win, BURST, 'flat'));
    });
  }

  it('never parks text already shown formatted', () => {
    const { win, frames, block, later, parked } = setup();
    const shownChars = 18_000;
    for (let at = 0; at < shownChars; at += 3_000) {
      block.append(BURST.slice(at, at + 3_000));
      frames.run();
    }
    assert.equal(parked().length, 0, 'at this pace everything is formatted as it comes');
    // Now far more arrives at once than a frame formats.
    block.append(BURST.slice(shownChars));
    frames.run();
    assert.ok(parked().length > 0);
    const parkedFrom = BURST.indexOf(parked()[0]!.textContent!);
    assert.ok(parkedFrom >= shownChars, `parked from ${parkedFrom}, after the ${shownChars} characters shown`);
    block.finish();
    frames.run();
    later.formatAll();
    assert.equal(flatHtml(block.element), renderOneShot(win, BURST, 'flat'));
  });

  it('never parks a code block shown while it streamed, when a burst follows it at once', () => {
    const { win, frames, block, later, parked } = setup();
    const code = Array.from({ length: 150 }, (_, i) => `const line${i} = ${i}; // streamed as it came`).join('\n');
    const opening = '```js\n';
    for (let at = 0; at < code.length; at += 500) {
      block.append((at === 0 ? opening : '') + code.slice(at, at + 500));
      frames.run();
    }
    const burst = `\n\`\`\`\n${BURST}`;
    block.append(burst);
    frames.run();
    assert.ok(parked().length > 0);
    const pre = Array.from(block.element.querySelectorAll('pre')).find((element) => element.textContent!.includes('const line0 ='));
    assert.ok(pre && !pre.closest(`.${PARKED_CLASS}`), 'the code block stays formatted');
    block.finish();
    frames.run();
    later.formatAll();
    assert.equal(flatHtml(block.element), renderOneShot(win, opening + code + burst, 'flat'));
  });

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
    const { win, frames, block, later, parked, counters } = setup(misreading);
    block.append(BURST);
    frames.run();
    assert.ok(parked().length > 1);
    block.finish();
    let headingsWhenFormatted = -1;
    block.whenFormatted(() => (headingsWhenFormatted = block.element.querySelectorAll('h2').length));
    misreadNextParse = true;
    later.format(parked()[0]!);
    assert.equal(later.held.size, 0, 'the other pieces are forgotten');
    assert.equal(headingsWhenFormatted, -1, 'not formatted while the block renders again');
    frames.run();
    assert.equal(headingsWhenFormatted, (BURST.match(/^## /gm) ?? []).length, 'formatted once all of it is rendered again');
    assert.equal(parked().length, 0);
    assert.equal(counters.markdownCharsFrozen, BURST.length);
    assert.equal(block.element.innerHTML, renderOneShot(win, BURST), 'exactly a one-shot render');
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
    const timers: { at: number; callback: () => void }[] = [];
    const root = win.document.createElement('main');
    win.document.body.append(root);
    const later = new OffscreenRenderer({
      IntersectionObserverClass: observers.Class,
      root,
      frames: frames.scheduler,
      requestIdle: idle.request,
      after: (ms, callback) => timers.push({ at: clock + ms, callback }),
    });
    const formatted: string[] = [];
    const park = (name: string) => {
      const piece = win.document.createElement('div');
      root.append(piece);
      later.formatLater(piece, () => formatted.push(name));
      return piece;
    };
    /** Moves the clock on, firing the timers that are due. */
    const advance = (ms: number) => {
      clock += ms;
      for (const timer of timers.filter((t) => t.at <= clock)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.callback();
      }
    };
    return { frames, observers, idle, later, formatted, park, advance, root };
  }

  it('watches near the transcript’s own view, with a margin', () => {
    const { observers, root } = setupLater();
    assert.equal(observers.observers[0]!.options?.root, root);
    assert.match(String(observers.observers[0]!.options?.rootMargin), /^\d+px/);
  });

  it('formats in idle time, newest first, once nothing was parked for a while', () => {
    const { idle, formatted, park, advance } = setupLater();
    park('a');
    park('b');
    assert.equal(idle.pending, 0, 'no idle time is asked for during a burst');
    advance(QUIET_BEFORE_IDLE_FORMATTING_MS - 100);
    park('c');
    advance(100);
    assert.equal(idle.pending, 1);
    idle.runOnce();
    assert.deepEqual(formatted, [], 'still not quiet since the last piece');
    advance(QUIET_BEFORE_IDLE_FORMATTING_MS);
    idle.runOnce(2);
    assert.deepEqual(formatted, ['c'], 'as much as this moment of idle time allows, the newest first');
    idle.run();
    assert.deepEqual(formatted, ['c', 'b', 'a']);
    assert.equal(idle.pending, 0);
  });

  it('formats a piece coming near the view in the next frame, and only once', () => {
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

  it('forgets a piece it is told to, and everything on reset', () => {
    const { observers, idle, later, formatted, park, advance } = setupLater();
    const a = park('a');
    later.forget(a);
    assert.ok(!observers.watches(a));
    const b = park('b');
    later.reset();
    assert.ok(!observers.watches(b));
    advance(QUIET_BEFORE_IDLE_FORMATTING_MS);
    idle.run();
    assert.deepEqual(formatted, []);
  });
});

describe('Parked text in the chat', () => {
  function burstInChat() {
    const observers = new FakeIntersectionObservers();
    const t = createTestApp({ intersectionObservers: observers });
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [userTurn('u1', 'go'), assistantTurn('a1')] }) });
    t.send({ type: 'deltas', seq: 2, deltas: [{ type: 'blockAdded', turnId: 'a1', block: { kind: 'text', text: '' } }, { type: 'textAppended', turnId: 'a1', index: 0, text: BURST }] });
    t.runFrames();
    const pieces = Array.from(t.root.querySelectorAll<HTMLElement>(`.${PARKED_CLASS}`));
    return { t, observers, pieces };
  }
  const answer = (t: TestApp) => t.root.querySelector('article[aria-label="Claude"]')!;

  it('parks a burst of a streaming answer and formats what comes near the view at once', () => {
    const { t, observers, pieces } = burstInChat();
    assert.ok(pieces.length > 0);
    assert.ok(pieces.every((piece) => observers.watches(piece)));
    observers.show(pieces.at(-1)!);
    t.runFrames();
    assert.equal(pieces.at(-1)!.classList.contains(PARKED_CLASS), false);
    assert.ok(pieces.at(-1)!.querySelector('p, h2, pre'));
  });

  it('stays busy for screen readers until the parked text is formatted', () => {
    const { t, pieces } = burstInChat();
    t.send({ type: 'deltas', seq: 3, deltas: [{ type: 'turnEnded', turnId: 'a1', status: 'done' }] });
    t.runFrames();
    assert.equal(answer(t).getAttribute('aria-busy'), 'true', 'parked text waits');
    t.idle.run();
    assert.equal(t.root.querySelectorAll(`.${PARKED_CLASS}`).length, pieces.length, 'nothing is formatted before a quiet moment');
    t.advance(QUIET_BEFORE_IDLE_FORMATTING_MS);
    t.fireTimers();
    t.idle.run();
    assert.equal(t.root.querySelectorAll(`.${PARKED_CLASS}`).length, 0);
    assert.equal(answer(t).hasAttribute('aria-busy'), false);
    assert.equal(answer(t).querySelectorAll('.markdown h2').length, (BURST.match(/^## /gm) ?? []).length);
  });

  it('does not format the parked text of a chat that was replaced', () => {
    const t = createTestApp({ intersectionObservers: new FakeIntersectionObservers() });
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [userTurn('u1', 'go'), assistantTurn('a1')] }) });
    t.send({ type: 'deltas', seq: 2, deltas: [{ type: 'blockAdded', turnId: 'a1', block: { kind: 'text', text: '' } }, { type: 'textAppended', turnId: 'a1', index: 0, text: BURST }] });
    // Replaced before the burst was rendered: the snapshot's own rendering still runs that work.
    const framesAskedBefore = t.framesAsked;
    t.send({ type: 'snapshot', seq: 3, state: chatState({ turns: [] }) });
    assert.ok(t.framesAsked - framesAskedBefore <= 2, `the snapshot asked for ${t.framesAsked - framesAskedBefore} frames`);
    t.runFrames();
    const parsedBefore = t.app.stats.markdownCharsParsed;
    t.advance(QUIET_BEFORE_IDLE_FORMATTING_MS);
    t.fireTimers();
    t.idle.run();
    t.runFrames();
    assert.equal(t.app.stats.markdownCharsParsed, parsedBefore, 'nothing of it is parsed any more');
  });

  it('shows a finished answer of a snapshot formatted at once', () => {
    const t = createTestApp({ intersectionObservers: new FakeIntersectionObservers() });
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [userTurn('u1', 'go'), assistantTurn('a1', { status: 'done', blocks: [{ kind: 'text', text: BURST }] })] }) });
    t.runFrames();
    assert.equal(t.root.querySelectorAll(`.${PARKED_CLASS}`).length, 0);
    assert.equal(answer(t).querySelectorAll('.markdown h2').length, (BURST.match(/^## /gm) ?? []).length);
    assert.equal(answer(t).hasAttribute('aria-busy'), false);
  });
});
