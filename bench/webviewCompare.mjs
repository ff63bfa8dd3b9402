// `npm run bench:webview`: is a change to the panel's rendering faster? The chat webview of the
// working tree (its ChatApp and stylesheet) against another revision's, each in a headless
// Chromium of its own with no VS Code around it. The 1 MiB answer of P1 is posted to the page in
// pieces of 64 KB, one every 10 ms (about how a fast answer reaches the panel), and runs alternate
// A B, B A, … Each run starts from an empty chat, collected garbage and a quiet machine. It prints
// the medians of the time until the answer is in the DOM, final (formatted, or parked to be
// formatted later) and of the page's main-thread time until the turn is no longer busy (all of it;
// script, layout, style, and the formatting of parked text), and the medians of their ratios A/B
// (below 1: A is faster).
//
// Without the extension host and VS Code's relay its runs vary less than `bench:compare`'s, so it
// shows smaller rendering changes; whatever it shows must then hold in `bench:compare` and
// `npm run bench`, where the relay shares the panel's main thread. Both sides are built with this
// checkout's packages and build options: it compares the webview's code, not its dependencies.
//
//   COMPARE_REF=HEAD~1 npm run bench:webview   the revision to compare with (default HEAD)
//   COMPARE_RUNS=16 …                          runs per side (default 10)
import * as esbuild from 'esbuild';
import { CHROMIUM_ARGS, CHROMIUM_PATH, repoRoot } from '../scripts/codeServer.mjs';
import { longMarkdown } from '../test/fake/longMarkdown.ts';
import { waitForQuietMachine } from './quiet.mjs';
import { fmt, median } from './report.mjs';
import { checkOutRevision } from './worktree.mjs';

const REF = process.env.COMPARE_REF ?? 'HEAD';
const RUNS = Number(process.env.COMPARE_RUNS ?? 10);
const ANSWER = longMarkdown(1024 * 1024);
const PIECE_CHARS = 64 * 1024;
const PIECE_EVERY_MS = 10;
const TIMEOUT_MS = 60_000;
/** The panel's size in a sidebar (the full benchmark's window is 1400 × 900). */
const VIEWPORT = { width: 400, height: 900 };

/** The page's script: the webview's own modules, for the functions below. */
const ENTRY = `
import { ChatApp } from './src/webview/chatApp.js';
import { packForWebview, unpackFromHost } from './src/shared/packedMessage.js';
window.webviewBench = { ChatApp, packForWebview, unpackFromHost };
`;

async function build(root) {
  const quiet = { absWorkingDir: root, logLevel: 'warning', write: false, bundle: true, minify: true };
  const script = await esbuild.build({ ...quiet, stdin: { contents: ENTRY, resolveDir: root, loader: 'ts' }, format: 'iife', target: 'chrome120' });
  const style = await esbuild.build({ ...quiet, entryPoints: ['src/webview/chat.css'], outdir: 'out', loader: { '.ttf': 'dataurl' } });
  return { script: script.outputFiles[0].text, style: style.outputFiles.find((file) => file.path.endsWith('.css')).text };
}

/**
 * Runs in the page: starts the chat app on first use and shows a chat (`turns`), as a snapshot from
 * the host does, resolving once it is applied.
 */
function showChat({ turns, streamingTurnId, timeoutMs }) {
  const bench = window.webviewBench;
  if (!bench.app) {
    bench.app = new bench.ChatApp({ root: document.getElementById('root'), window, host: { post() {}, getState() {}, setState() {} } });
    window.addEventListener('message', (event) => bench.app.receive(bench.unpackFromHost(event.data)));
    bench.seq = 0;
  }
  const stats = bench.app.stats;
  const before = stats.snapshotsApplied;
  const state = { turns, keySource: 'environment', model: 'claude-fake-1', ...(streamingTurnId ? { streamingTurnId } : {}) };
  window.postMessage(bench.packForWebview({ type: 'snapshot', seq: ++bench.seq, state }));
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (stats.snapshotsApplied > before) return resolve();
      if (performance.now() > deadline) return reject(new Error('the snapshot was not applied'));
      requestAnimationFrame(check);
    };
    check();
  });
}

/**
 * Runs in the page, after `showChat` put up a streaming answer: posts its text in pieces (packed
 * beforehand, as the host does), then resolves with the milliseconds until all of it is in the
 * DOM, final. It resolves once the turn is no longer busy (text parked in a burst is formatted by
 * then), after the frame that follows and an idle moment, so that the page's own work on the
 * answer is over when the caller reads the metrics.
 */
function streamAnswer({ answer, turnId, pieceChars, pieceEveryMs, timeoutMs }) {
  const bench = window.webviewBench;
  const stats = bench.app.stats;
  const messages = [];
  for (let at = 0; at < answer.length; at += pieceChars) {
    const deltas = [{ type: 'textAppended', turnId, index: 0, text: answer.slice(at, at + pieceChars) }];
    if (at + pieceChars >= answer.length) deltas.push({ type: 'turnEnded', turnId, status: 'done', stopReason: 'end_turn' });
    messages.push(bench.packForWebview({ type: 'deltas', seq: ++bench.seq, deltas }));
  }
  // The panel counts text as it renders it, with line endings made "\n".
  const chars = answer.replace(/\r\n?/g, '\n').length;
  const frozenBefore = stats.markdownCharsFrozen;
  const started = performance.now();
  let next = 0;
  const postNext = () => {
    window.postMessage(messages[next++]);
    if (next < messages.length) setTimeout(postNext, pieceEveryMs);
  };
  postNext();
  let inDomMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      const article = document.querySelector('[role="log"]')?.lastElementChild;
      const frozen = stats.markdownCharsFrozen - frozenBefore;
      if (frozen >= chars) inDomMs ??= performance.now() - started;
      if (article && !article.hasAttribute('aria-busy') && inDomMs !== undefined) {
        return requestAnimationFrame(() => requestIdleCallback(() => resolve(inDomMs), { timeout: 1000 }));
      }
      if (performance.now() - started > timeoutMs) {
        return reject(new Error(`not rendered after ${timeoutMs} ms: ${frozen} of ${chars} characters, seq ${stats.lastSeq} of ${bench.seq}, ${stats.resyncsRequested} resyncs`));
      }
      requestAnimationFrame(check);
    };
    check();
  });
}

/** A browser of its own per side: pages of one browser may share a renderer process and its heap. */
async function openPage(chromium, bundle) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.setContent(`<!doctype html><html><head><style>${bundle.style}</style></head><body><div id="root"></div></body></html>`);
    await page.addScriptTag({ content: bundle.script });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    return { browser, page, cdp, errors, answers: 0 };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** One answer; milliseconds until rendered, and the page's main-thread time meanwhile by kind. */
async function measure(side) {
  const { page, cdp, errors } = side;
  // An empty chat first, and the previous answer collected: its teardown is not this run's work.
  await page.evaluate(showChat, { turns: [], timeoutMs: TIMEOUT_MS });
  await cdp.send('HeapProfiler.collectGarbage');
  const turnId = `answer-${++side.answers}`;
  const turns = [
    { id: `question-${side.answers}`, role: 'user', text: 'a long answer' },
    { id: turnId, role: 'assistant', blocks: [{ kind: 'text', text: '' }], status: 'streaming' },
  ];
  await page.evaluate(showChat, { turns, streamingTurnId: turnId, timeoutMs: TIMEOUT_MS });
  await waitForQuietMachine();
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value * 1000]));
  const before = await metrics();
  const ms = await page.evaluate(streamAnswer, { answer: ANSWER, turnId, pieceChars: PIECE_CHARS, pieceEveryMs: PIECE_EVERY_MS, timeoutMs: TIMEOUT_MS });
  const after = await metrics();
  if (errors.length > 0) throw errors[0];
  const spent = (name) => after[name] - before[name];
  return { ms, main: spent('TaskDuration'), script: spent('ScriptDuration'), layout: spent('LayoutDuration'), style: spent('RecalcStyleDuration') };
}

async function main() {
  const { chromium } = await import('playwright-core');
  const { folder, remove } = checkOutRevision(REF);
  const sides = {};
  try {
    const bundles = { A: await build(repoRoot), B: await build(folder) };
    for (const name of ['A', 'B']) sides[name] = await openPage(chromium, bundles[name]);
    console.log(`A: the working tree; B: ${REF}. Warming up…`);
    for (const name of ['A', 'B']) for (let i = 0; i < 3; i++) await measure(sides[name]);
    const results = { A: [], B: [] };
    for (let run = 0; run < RUNS; run++) {
      for (const name of run % 2 === 0 ? ['A', 'B'] : ['B', 'A']) results[name].push(await measure(sides[name]));
      const [a, b] = [results.A.at(-1), results.B.at(-1)];
      console.log(`run ${run}: A ${fmt(a.ms)} ms (main thread ${fmt(a.main)}), B ${fmt(b.ms)} ms (main thread ${fmt(b.main)}), A/B ${fmt(a.ms / b.ms)}`);
    }
    for (const key of ['ms', 'main', 'script', 'layout', 'style']) {
      const of = (name) => median(results[name].map((r) => r[key]));
      const ratio = median(results.A.map((a, i) => a[key] / results.B[i][key]));
      console.log(`${key.padEnd(6)} A ${fmt(of('A')).padStart(6)} ms, B ${fmt(of('B')).padStart(6)} ms, median A/B ${fmt(ratio)}`);
    }
  } finally {
    for (const { browser } of Object.values(sides)) await browser.close().catch(() => undefined);
    remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
