// `npm run bench:webview`: is a change to the panel's rendering faster? The chat webview of the
// working tree (its ChatApp and stylesheet, as built for the panel) against another revision's,
// each in a page of its own in one headless Chromium with no VS Code around it. The 1 MiB answer
// of P1 is posted to the page in pieces of 64 KB, one every 10 ms (about how a fast answer reaches
// the panel), and runs alternate A B, B A, … It prints the medians of the time until the answer is
// rendered and of the page's main-thread time (all of it; script, layout, style), and the medians
// of their ratios A/B (below 1: A is faster). Each side has a browser of its own, and each run
// starts from a quiet machine.
//
// Without the extension host and VS Code's relay, runs vary by a few percent rather than tens, so
// this shows renderer changes that `bench:compare` cannot. Whatever it shows must then hold in
// `bench:compare` and `npm run bench`: the relay shares the panel's main thread.
//
//   COMPARE_REF=HEAD~1 npm run bench:webview   the revision to compare with (default HEAD)
//   COMPARE_RUNS=16 …                          runs per side (default 10)
import * as esbuild from 'esbuild';
import { CHROMIUM_ARGS, CHROMIUM_PATH, repoRoot } from '../scripts/codeServer.mjs';
import { longMarkdown } from '../test/fake/longMarkdown.ts';
import { fmt, median } from './report.mjs';
import { checkOutRevision } from './worktree.mjs';
import { waitForQuietMachine } from './quiet.mjs';

const REF = process.env.COMPARE_REF ?? 'HEAD';
const RUNS = Number(process.env.COMPARE_RUNS ?? 10);
const ANSWER = longMarkdown(1024 * 1024);
const PIECE_CHARS = 64 * 1024;
const PIECE_EVERY_MS = 10;
/** The panel's size in a sidebar (the full benchmark's window is 1400 × 900). */
const VIEWPORT = { width: 400, height: 900 };

/** The page's script: the webview's own modules, exposed for the harness below. */
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
 * Runs in the page: starts a chat app once, then per call shows a fresh chat with one streaming
 * answer (a snapshot, as New Chat sends), posts the answer in pieces and resolves when all of it
 * is rendered (frozen into its final form) and the turn has ended.
 */
function renderAnswer({ answer, pieceChars, pieceEveryMs }) {
  const bench = window.webviewBench;
  if (!bench.app) {
    const root = document.getElementById('root');
    bench.app = new bench.ChatApp({ root, window, host: { post() {}, getState() {}, setState() {} } });
    window.addEventListener('message', (event) => bench.app.receive(bench.unpackFromHost(event.data)));
    bench.seq = 0;
    bench.answers = 0;
  }
  const { app } = bench;
  const stats = app.stats;
  const turnId = `answer-${++bench.answers}`;
  const post = (message) => window.postMessage(bench.packForWebview(message));
  const state = {
    turns: [
      { id: `question-${bench.answers}`, role: 'user', text: 'a long answer' },
      { id: turnId, role: 'assistant', blocks: [{ kind: 'text', text: '' }], status: 'streaming' },
    ],
    keySource: 'environment',
    model: 'claude-fake-1',
    streamingTurnId: turnId,
  };
  const snapshots = stats.snapshotsApplied;
  post({ type: 'snapshot', seq: ++bench.seq, state });
  return new Promise((resolve) => {
    const whenShown = () => {
      if (stats.snapshotsApplied === snapshots) return requestAnimationFrame(whenShown);
      const frozenBefore = stats.markdownCharsFrozen;
      const started = performance.now();
      let at = 0;
      const postPiece = () => {
        const text = answer.slice(at, at + pieceChars);
        at += pieceChars;
        const deltas = [{ type: 'textAppended', turnId, index: 0, text }];
        if (at >= answer.length) deltas.push({ type: 'turnEnded', turnId, status: 'done', stopReason: 'end_turn' });
        post({ type: 'deltas', seq: ++bench.seq, deltas });
        if (at < answer.length) setTimeout(postPiece, pieceEveryMs);
      };
      postPiece();
      const whenRendered = () => {
        const article = document.querySelector('[role="log"]')?.lastElementChild;
        const ended = article && !article.hasAttribute('aria-busy');
        if (ended && stats.markdownCharsFrozen - frozenBefore >= answer.length) return resolve(performance.now() - started);
        requestAnimationFrame(whenRendered);
      };
      whenRendered();
    };
    whenShown();
  });
}

/** A browser of its own per side: pages of one browser may share a renderer process and its heap. */
async function openPage(chromium, bundle) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.setContent(`<!doctype html><html><head><style>${bundle.style}</style></head><body><div id="root"></div></body></html>`);
  await page.addScriptTag({ content: bundle.script });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { browser, page, cdp };
}

/** One answer; milliseconds until rendered, and the page's main-thread time meanwhile by kind. */
async function measure({ page, cdp }) {
  await waitForQuietMachine();
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value * 1000]));
  const before = await metrics();
  const ms = await page.evaluate(renderAnswer, { answer: ANSWER, pieceChars: PIECE_CHARS, pieceEveryMs: PIECE_EVERY_MS });
  const after = await metrics();
  const spent = (name) => after[name] - before[name];
  // The next answer's New Chat drops this one; collecting it now keeps that out of the next run.
  await cdp.send('HeapProfiler.collectGarbage');
  return { ms, main: spent('TaskDuration'), script: spent('ScriptDuration'), layout: spent('LayoutDuration'), style: spent('RecalcStyleDuration') };
}

async function main() {
  const { folder, remove } = checkOutRevision(REF);
  const { chromium } = await import('playwright-core');
  const pages = {};
  try {
    const bundles = { A: await build(repoRoot), B: await build(folder) };
    for (const side of ['A', 'B']) pages[side] = await openPage(chromium, bundles[side]);
    console.log(`A: the working tree; B: ${REF}. Warming up…`);
    for (const side of ['A', 'B']) for (let i = 0; i < 3; i++) await measure(pages[side]);
    const results = { A: [], B: [] };
    for (let run = 0; run < RUNS; run++) {
      for (const side of run % 2 === 0 ? ['A', 'B'] : ['B', 'A']) results[side].push(await measure(pages[side]));
      const [a, b] = [results.A.at(-1), results.B.at(-1)];
      console.log(`run ${run}: A ${fmt(a.ms)} ms (main thread ${fmt(a.main)}), B ${fmt(b.ms)} ms (main thread ${fmt(b.main)})`);
    }
    for (const key of ['ms', 'main', 'script', 'layout', 'style']) {
      const of = (side) => median(results[side].map((r) => r[key]));
      const ratio = median(results.A.map((a, i) => a[key] / results.B[i][key]));
      console.log(`${key.padEnd(6)} A ${fmt(of('A')).padStart(6)} ms, B ${fmt(of('B')).padStart(6)} ms, median A/B ${fmt(ratio)}`);
    }
  } finally {
    for (const { browser } of Object.values(pages)) await browser.close();
    remove();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
