// `npm run bench:compare`: is a change faster? The 1 MiB answer (P1) of the working tree against
// another revision, in two code-server sessions side by side, runs alternated A B, B A, ... so
// that both meet the same moments of a noisy machine. Prints each pair, then medians of the time
// in the DOM and of the renderer main thread's CPU time, and of their ratios A/B (below 1: A is
// faster), and how many runs had a task over 50 ms. Two sessions run at once, so the times are
// longer than `npm run bench`'s. With `COMPARE_ROW=P4` it compares the added time to the first
// token (P4) instead, after warming both sessions up on short answers too.
//
//   COMPARE_REF=HEAD~2 npm run bench:compare     the revision to compare with (default HEAD)
//   COMPARE_PAIRS=10 …                           pairs of runs (default 6; 20 for P4)
//   COMPARE_ROW=P4 …                             the first token instead of the 1 MiB answer
import path from 'node:path';
import { createRunDir } from '../scripts/codeServer.mjs';
import { startFakeAnthropic } from '../scripts/fakeAnthropic.mjs';
import { FakeServerClient } from '../test/fake/fakeServerClient.ts';
import { firstToken, watchAnswer } from './answers.mjs';
import { buildBenchExtensions } from './buildBench.mjs';
import { startCpuTrace } from './profiling.mjs';
import { median, fmt } from './report.mjs';
import { startBenchSession } from './session.mjs';
import { checkOutRevision } from './worktree.mjs';
import { waitForQuietMachine } from './quiet.mjs';

const REF = process.env.COMPARE_REF ?? 'HEAD';
const FIRST_TOKEN = process.env.COMPARE_ROW?.toUpperCase() === 'P4';
const PAIRS = Number(process.env.COMPARE_PAIRS ?? (FIRST_TOKEN ? 20 : 6));
const BYTES = 1024 * 1024;

async function main() {
  const runDir = createRunDir('compare');
  // The other revision is built from a worktree of its own, with this checkout's packages.
  const { folder: worktree, remove } = checkOutRevision(REF);
  const stops = [remove];
  try {
    const { buildBenchExtensions: buildOther } = await import(path.join(worktree, 'bench', 'buildBench.mjs'));
    const builds = { A: await buildBenchExtensions(path.join(runDir, 'a'), ['incremental']), B: await buildOther(path.join(runDir, 'b'), ['incremental']) };
    const fake = await startFakeAnthropic({ logFile: path.join(runDir, 'fake-anthropic.log') });
    stops.push(() => fake.stop());
    const fakeClient = new FakeServerClient(fake.url);
    const measure = FIRST_TOKEN
      ? async (session, words) => {
          const r = await firstToken(session, fakeClient, words);
          return { ms: r.added, cpu: NaN, longest: r.longestTaskMs };
        }
      : (session, words) => watch(session, BYTES, words);
    const sessions = {};
    for (const variant of ['A', 'B']) {
      const dir = path.join(runDir, variant);
      sessions[variant] = await startBenchSession({ runDir: dir, extensionPath: builds[variant].incremental, fakeUrl: fake.url, metricsFile: path.join(dir, 'metrics.jsonl') });
      stops.push(() => sessions[variant].stop());
    }
    console.log(`A: the working tree; B: ${REF}. Warming up…`);
    for (const session of Object.values(sessions)) {
      for (const bytes of [20_000, BYTES, BYTES]) await watch(session, bytes, 'warm-up');
      // As in the full bench, where P4 comes after many answers: the relay's code is hot.
      if (FIRST_TOKEN) for (let i = 0; i < 10; i++) await measure(session, `warm-up ${i}`);
    }
    const results = { A: [], B: [] };
    for (let pair = 0; pair < PAIRS; pair++) {
      for (const variant of pair % 2 === 0 ? ['A', 'B'] : ['B', 'A']) results[variant].push(await measure(sessions[variant], `pair ${pair}`));
      const [a, b] = [results.A.at(-1), results.B.at(-1)];
      const cpu = (r) => (FIRST_TOKEN ? '' : `cpu ${fmt(r.cpu)}, `);
      console.log(`pair ${pair}: A ${fmt(a.ms)} ms (${cpu(a)}longest task ${fmt(a.longest)}), B ${fmt(b.ms)} ms (${cpu(b)}longest task ${fmt(b.longest)}), A/B ${fmt(a.ms / b.ms)}`);
    }
    const ratios = (key) => results.A.map((a, i) => a[key] / results.B[i][key]);
    const medianOf = (variant, key) => median(results[variant].map((r) => r[key]));
    if (FIRST_TOKEN) {
      console.log(`added time to first token: A ${fmt(medianOf('A', 'ms'))} ms, B ${fmt(medianOf('B', 'ms'))} ms, median A/B ${fmt(median(ratios('ms')))}`);
      return;
    }
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
  await waitForQuietMachine();
  const trace = await startCpuTrace(session.page);
  const result = await watchAnswer(session, bytes, words);
  return { ms: result.doneMs, cpu: await trace.stop(), longest: result.longestTaskMs };
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
