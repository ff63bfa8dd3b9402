import * as assert from 'node:assert/strict';
import { LiveCodeBlock } from '../../../src/webview/markdown/codeBlock.js';
import { FIRST_WORDS_MAX_CHARS, FREEZE_BUDGET_CHARS, SCAN_SLICE_CHARS, StreamingMarkdown } from '../../../src/webview/markdown/streamingMarkdown.js';
import {
  createCountingRenderer,
  createTestWindow,
  flatHtml,
  ManualFrames,
  renderOneShot,
  seededRandom,
  type TestWindow,
} from './helpers.js';
import { LINK_REFERENCE_SAMPLE, randomDocument, RICH_SAMPLE, UNCLOSED_FENCE_SAMPLE } from './markdownSamples.js';

function setup(win: TestWindow = createTestWindow(), frames = new ManualFrames()) {
  const { renderer, counters, idle } = createCountingRenderer(win);
  const block = new StreamingMarkdown(win.document, renderer, frames.scheduler);
  win.document.body.append(block.element);
  return { win, frames, block, counters, idle };
}

// jsdom keeps node iterators in a WeakRef set that only empties between jobs; long synchronous
// loops would slow down quadratically, so the big tests yield now and then.
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function randomChunks(text: string, random: () => number, maxChunk: number): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; ) {
    const size = 1 + Math.floor(random() * maxChunk);
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}

describe('StreamingMarkdown', () => {
  it('ends equal to a one-shot render for many random chunkings', async function () {
    this.timeout(60_000);
    const win = createTestWindow();
    const expected = renderOneShot(win, RICH_SAMPLE);
    const expectedFlat = renderOneShot(win, RICH_SAMPLE, 'flat');
    for (let seed = 1; seed <= 16; seed++) {
      const random = seededRandom(seed);
      const { frames, block } = setup(win);
      const maxChunk = [3, 17, 80, 400][seed % 4]!;
      for (const chunk of randomChunks(RICH_SAMPLE, random, maxChunk)) {
        block.append(chunk);
        // Deltas of one frame are batched; vary how many arrive per frame.
        if (random() < 0.35) frames.run();
      }
      frames.run();
      await yieldToEventLoop();
      assert.equal(flatHtml(block.element), expectedFlat, `seed ${seed} (chunks up to ${maxChunk})`);
      block.finish();
      frames.run();
      assert.equal(block.element.innerHTML, expected, `seed ${seed} after finish`);
      block.element.remove();
    }
  });

  it('ends equal to a one-shot render for random documents of tricky constructs', async function () {
    this.timeout(60_000);
    const win = createTestWindow();
    for (let seed = 1; seed <= 150; seed++) {
      const random = seededRandom(seed * 7919);
      const doc = randomDocument(random);
      const { frames, block } = setup(win);
      for (const chunk of randomChunks(doc, random, 6)) {
        block.append(chunk);
        if (random() < 0.5) frames.run();
      }
      frames.run();
      block.finish();
      frames.run();
      assert.equal(block.element.innerHTML, renderOneShot(win, doc), `document ${JSON.stringify(doc)}`);
      block.element.remove();
      await yieldToEventLoop();
    }
  });

  it('renders character by character to the same result', function () {
    this.timeout(60_000);
    const win = createTestWindow();
    const sample = RICH_SAMPLE.slice(0, RICH_SAMPLE.indexOf('```js\n  const value0'));
    const { frames, block } = setup(win);
    for (const ch of sample) {
      block.append(ch);
      frames.run();
    }
    assert.equal(flatHtml(block.element), renderOneShot(win, sample, 'flat'));
    block.finish();
    frames.run();
    assert.equal(block.element.innerHTML, renderOneShot(win, sample));
  });

  it('renders an unclosed fence fully once the answer ends', () => {
    const { win, frames, block } = setup();
    for (const chunk of randomChunks(UNCLOSED_FENCE_SAMPLE, seededRandom(7), 5)) {
      block.append(chunk);
      frames.run();
    }
    block.finish();
    frames.run();
    assert.equal(block.element.innerHTML, renderOneShot(win, UNCLOSED_FENCE_SAMPLE));
  });

  it('resolves link references defined after their use once the answer ends', () => {
    const { win, frames, block } = setup();
    for (const chunk of randomChunks(LINK_REFERENCE_SAMPLE, seededRandom(3), 6)) {
      block.append(chunk);
      frames.run();
    }
    block.finish();
    frames.run();
    assert.equal(block.element.innerHTML, renderOneShot(win, LINK_REFERENCE_SAMPLE));
    assert.ok(block.element.querySelector('a[href="https://example.com/docs"]'));
  });

  it('keeps frozen blocks as the very same DOM nodes while later text streams', () => {
    const { frames, block } = setup();
    block.append('First paragraph.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSecond');
    frames.run();
    const firstParagraph = block.element.querySelector('p')!;
    const table = block.element.querySelector('table')!;
    assert.equal(firstParagraph.textContent, 'First paragraph.');

    for (const piece of [' paragraph', ' grows.\n\n', '```ts\nconst x = 1;\n', '```\n\nMore ', 'text.']) {
      block.append(piece);
      frames.run();
      assert.equal(block.element.querySelector('p'), firstParagraph, 'first paragraph re-rendered');
      assert.equal(block.element.querySelector('table'), table, 'table re-rendered');
      assert.ok(firstParagraph.isConnected && table.isConnected);
    }
  });

  it('batches all deltas of a frame into one render', () => {
    const { frames, block, counters } = setup();
    block.append('First words. ');
    frames.run();
    const parsesBefore = counters.markdownParses;
    for (let i = 0; i < 50; i++) block.append(`word${i} `);
    assert.equal(counters.markdownParses, parsesBefore, 'nothing renders before the frame');
    frames.run();
    assert.equal(counters.markdownParses, parsesBefore + 1);
  });

  it('renders the first words of a block at once, without waiting for a frame', () => {
    const { frames, block, counters } = setup();
    block.append('Hello');
    assert.equal(counters.markdownParses, 1);
    assert.equal(block.element.textContent?.trim(), 'Hello');
    block.append(' world');
    assert.equal(block.element.textContent?.trim(), 'Hello', 'later deltas wait for the frame');
    frames.run();
    assert.equal(block.element.textContent?.trim(), 'Hello world');
  });

  it('paints the first words alone when the rest of the answer arrives right behind them', () => {
    const { frames, block, counters } = setup();
    block.append('Hello');
    block.append(' world.\n\n## More\n\nThe rest of the answer.\n');
    block.finish();
    assert.equal(counters.markdownParses, 1, 'the rest waits: the coming frame paints the first words');
    assert.ok(frames.runOne(), 'the first words\' frame asks for the next one');
    assert.equal(block.element.textContent?.trim(), 'Hello');
    frames.run();
    assert.equal(block.element.querySelector('h2')?.textContent, 'More');
    assert.match(block.element.textContent!, /Hello world\.[\s\S]*The rest of the answer\./);
  });

  it('leaves a large first delta to the frame and its budget', () => {
    const { frames, block, counters } = setup();
    block.append('x'.repeat(FIRST_WORDS_MAX_CHARS + 1));
    assert.equal(counters.markdownParses, 0);
    frames.run();
    assert.equal(block.element.textContent?.trim(), 'x'.repeat(FIRST_WORDS_MAX_CHARS + 1));
  });

  it('appends to an open code fence without re-parsing anything', async function () {
    this.timeout(30_000);
    const { frames, block, counters, idle } = setup();
    block.append('Intro paragraph that is long enough to notice if it were parsed again.\n\n```python\n');
    frames.run();
    const parsesBefore = counters.markdownParses;
    const charsBefore = counters.markdownCharsParsed;
    const code = block.element.querySelector('code')!;

    const lines = Array.from({ length: 2000 }, (_, i) => `print(${i})\n`);
    for (const [index, line] of lines.entries()) {
      block.append(line.slice(0, 4));
      block.append(line.slice(4));
      frames.run();
      if (index % 200 === 0) await yieldToEventLoop();
    }
    assert.equal(counters.markdownParses, parsesBefore, 'markdown was parsed while the fence streamed');
    assert.equal(counters.markdownCharsParsed, charsBefore);
    assert.equal(block.element.querySelector('code'), code, 'the live code element was replaced');
    assert.equal(code.textContent, lines.join('').slice(0, -1));
    // Appends touch only the last chunk of lines, never one ever-growing text.
    const chunks = Array.from(code.querySelectorAll('.code-chunk'));
    assert.equal(chunks.length, Math.ceil(lines.length / LiveCodeBlock.LINES_PER_CHUNK));
    assert.ok(chunks.every((chunk) => (chunk.textContent!.match(/\n/g) ?? []).length <= LiveCodeBlock.LINES_PER_CHUNK));

    block.append('```\n');
    frames.run();
    assert.equal(counters.markdownParses, parsesBefore + 1, 'the closed fence is parsed exactly once');
    assert.equal(block.element.querySelector('code.language-python .hljs-built_in'), null, 'colours wait for idle time');
    idle.run();
    const highlighted = block.element.querySelector('code.language-python')!;
    assert.ok(highlighted.querySelector('.hljs-built_in'), 'the closed fence is highlighted');
    assert.equal(highlighted.textContent, lines.join('').slice(0, -1));
  });

  it('keeps the work per delta bounded by the open block, not the answer', async () => {
    const { frames, block, counters } = setup();
    const paragraph = 'Some words that form a paragraph of moderate size. '.repeat(4).trim();
    const perDelta: number[] = [];
    for (let i = 0; i < 300; i++) {
      const before = counters.markdownCharsParsed;
      block.append(`${paragraph}\n\n`);
      frames.run();
      perDelta.push(counters.markdownCharsParsed - before);
      if (i % 50 === 0) await yieldToEventLoop();
    }
    const max = Math.max(...perDelta);
    assert.ok(max <= 3 * (paragraph.length + 2), `one delta parsed ${max} characters`);
  });

  it('renders a burst over several frames, a budget at a time', async function () {
    this.timeout(30_000);
    const { win, frames, block, counters } = setup();
    const section = (i: number): string => `## Part ${i}\n\nText of part ${i} with *emphasis*.\n\n- a\n- b\n\n`;
    let burst = '';
    for (let i = 0; burst.length < 2.5 * FREEZE_BUDGET_CHARS; i++) burst += section(i);
    block.append(burst);

    const parsedPerFrame: number[] = [];
    let firstHeading: Element | null = null;
    for (let frame = 0; frame < 100; frame++) {
      const before = counters.markdownCharsParsed;
      frames.scheduler.flush();
      parsedPerFrame.push(counters.markdownCharsParsed - before);
      firstHeading ??= block.element.querySelector('h2');
      if (counters.markdownCharsParsed === before) break;
      await yieldToEventLoop();
    }
    assert.ok(parsedPerFrame.length >= 3, `rendered in ${parsedPerFrame.length} frames`);
    assert.ok(Math.max(...parsedPerFrame.slice(0, -2)) <= FREEZE_BUDGET_CHARS + 200, `parsed per frame: ${parsedPerFrame.join(', ')}`);
    assert.ok(block.element.querySelector('h2') === firstHeading, 'the first slice stays frozen');
    assert.equal(flatHtml(block.element), renderOneShot(win, burst, 'flat'));
  });

  it('renders as many slices of a burst per frame as the frame has time for', async function () {
    this.timeout(30_000);
    let clock = 0;
    // Every look at the clock costs 4 ms of a 10 ms budget: two or three slices fit in a frame.
    const { win, frames, block, counters } = setup(createTestWindow(), new ManualFrames(() => (clock += 4), 10));
    const section = (i: number): string => `## Part ${i}\n\nText of part ${i} with *emphasis*.\n\n- a\n- b\n\n`;
    let burst = '';
    for (let i = 0; burst.length < 6 * FREEZE_BUDGET_CHARS; i++) burst += section(i);
    block.append(burst);
    let framesUsed = 0;
    for (; framesUsed < 100; framesUsed++) {
      const before = counters.markdownCharsParsed;
      frames.scheduler.flush();
      if (counters.markdownCharsParsed === before) break;
      await yieldToEventLoop();
    }
    assert.ok(framesUsed >= 2 && framesUsed <= 4, `rendered in ${framesUsed} frames`);
    assert.equal(flatHtml(block.element), renderOneShot(win, burst, 'flat'));
  });

  it('reads one huge delta over several frames instead of in one long task', async function () {
    this.timeout(30_000);
    let clock = 0;
    const { win, frames, block, counters } = setup(createTestWindow(), new ManualFrames(() => (clock += 4), 10));
    let huge = '';
    for (let i = 0; huge.length < 3 * SCAN_SLICE_CHARS; i++) huge += `Paragraph ${i} with *some* text.\n\n`;
    block.append(huge);
    frames.scheduler.flush();
    assert.equal(counters.markdownParses, 0, 'the first frame only reads');
    for (let frame = 0; frame < 200; frame++) {
      frames.scheduler.flush();
      await yieldToEventLoop();
    }
    assert.equal(flatHtml(block.element), renderOneShot(win, huge, 'flat'));
  });

  it('shows a streaming fence with its language label and copy button', () => {
    const { frames, block } = setup();
    block.append('```rust\nfn main() {}\n');
    frames.run();
    assert.equal(block.element.querySelector('.code-language')?.textContent, 'rust');
    assert.ok(block.element.querySelector('button[aria-label="Copy code"]'));
    assert.equal(block.element.querySelector('code')?.textContent, 'fn main() {}');
  });
});
