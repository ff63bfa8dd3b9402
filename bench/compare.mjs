// `npm run bench:compare`: is a change faster? The 1 MiB answer (P1) of the working tree against
// another revision, in two code-server sessions side by side, runs alternated A B, B A, ... so
// that both meet the same moments of a noisy machine. Prints each pair, then medians of the time
// in the DOM and of the renderer main thread's CPU time, and of their ratios A/B (below 1: A is
// faster), and how many runs had a task over 50 ms. Two sessions run at once, so the times are
// longer than `npm run bench`'s.
//
//   COMPARE_REF=HEAD~2 npm run bench:compare     the revision to compare with (default HEAD)
//   COMPARE_PAIRS=10 …                           pairs of runs (default 6)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRunDir, repoRoot } from '../scripts/codeServer.mjs';
import { startFakeAnthropic } from '../scripts/fakeAnthropic.mjs';
import { answerEnd, prompt } from './answers.mjs';
import { buildBenchExtensions } from './buildBench.mjs';
import { startCpuTrace } from './profiling.mjs';
import { sendAndWatch } from './probes.mjs';
import { median, fmt } from './report.mjs';
import { startBenchSession } from './session.mjs';

const REF = process.env.COMPARE_REF ?? 'HEAD';
const PAIRS = Number(process.env.COMPARE_PAIRS ?? 6);
const BYTES = 1024 * 1024;

async function main() {
  const runDir = createRunDir('compare');
  // The other revision is built from a worktree of its own, with this checkout's packages.
  const worktree = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-compare-'));
  const git = (...args) => execFileSync('git', args, { cwd: repoRoot, stdio: 'ignore' });
  git('worktree', 'add', '--detach', worktree, REF);
  const stops = [() => git('worktree', 'remove', '--force', worktree)];
  try {
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(worktree, 'node_modules'));
    const { buildBenchExtensions: buildOther } = await import(path.join(worktree, 'bench', 'buildBench.mjs'));
    const builds = { A: await buildBenchExtensions(path.join(runDir, 'a')), B: await buildOther(path.join(runDir, 'b')) };
    const fake = await startFakeAnthropic({ logFile: path.join(runDir, 'fake-anthropic.log') });
    stops.push(() => fake.stop());
    const sessions = {};
    for (const variant of ['A', 'B']) {
      const dir = path.join(runDir, variant);
      sessions[variant] = await startBenchSession({ runDir: dir, extensionPath: builds[variant].incremental, fakeUrl: fake.url, metricsFile: path.join(dir, 'metrics.jsonl') });
      stops.push(() => sessions[variant].stop());
    }
    console.log(`A: the working tree; B: ${REF}. Warming up…`);
    for (const session of Object.values(sessions)) {
      for (const bytes of [20_000, BYTES, BYTES]) await watch(session, bytes, 'warm-up');
    }
    const results = { A: [], B: [] };
    for (let pair = 0; pair < PAIRS; pair++) {
      for (const variant of pair % 2 === 0 ? ['A', 'B'] : ['B', 'A']) results[variant].push(await watch(sessions[variant], BYTES, `pair ${pair}`));
      const [a, b] = [results.A.at(-1), results.B.at(-1)];
      console.log(`pair ${pair}: A ${fmt(a.ms)} ms (cpu ${fmt(a.cpu)}, longest task ${fmt(a.longest)}), B ${fmt(b.ms)} ms (cpu ${fmt(b.cpu)}, longest task ${fmt(b.longest)}), A/B ${fmt(a.ms / b.ms)}`);
    }
    const ratios = (key) => results.A.map((a, i) => a[key] / results.B[i][key]);
    const medianOf = (variant, key) => median(results[variant].map((r) => r[key]));
    console.log(`in DOM: A ${fmt(medianOf('A', 'ms'))} ms, B ${fmt(medianOf('B', 'ms'))} ms, median A/B ${fmt(median(ratios('ms')))}`);
    console.log(`renderer CPU: A ${fmt(medianOf('A', 'cpu'))} ms, B ${fmt(medianOf('B', 'cpu'))} ms, median A/B ${fmt(median(ratios('cpu')))}`);
    const long = (variant) => results[variant].filter((r) => r.longest > 50).length;
    console.log(`runs with a task over 50 ms: A ${long('A')} of ${PAIRS}, B ${long('B')} of ${PAIRS}`);
  } finally {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
  }
}

async function watch(session, bytes, words) {
  await session.newChat();
  const trace = await startCpuTrace(session.page);
  const result = await session.frame.evaluate(sendAndWatch, { prompt: prompt(`long-markdown:${bytes}`, words), ...answerEnd(bytes), timeoutMs: 300_000 });
  return { ms: result.doneMs, cpu: await trace.stop(), longest: result.longestTaskMs };
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
