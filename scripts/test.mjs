// `npm test`: runs the test tiers in order and totals them.
//
//   npm test                      unit, wire, integration, ui, package
//   npm test -- unit wire         only the named tiers (any order given is normalised)
//
// unit and wire are plain mocha runs (test/{unit,wire}/.mocharc.json); integration runs the
// suite inside a real VS Code extension host (test/integration/run.mjs); ui drives the workbench
// in headless Chromium (test/ui/.mocharc.json). Every tier writes its counts to a JSON file in
// .test-artifacts/npm-test-*/; a tier that exits non-zero without reporting a failure (it
// crashed, could not load its files, could not start VS Code) counts as one failed test.
// The last line printed is always exactly "N passed, M failed".
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildExtension } from './buildExtension.mjs';
import { createRunDir, repoRoot } from './codeServer.mjs';
import { killProcessesMarked } from './processGroups.mjs';

const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const countingReporter = path.join(repoRoot, 'test', 'support', 'countingReporter.cjs');

const mochaTier = (config) => (resultsFile) => [
  process.execPath,
  [mocha, '--config', config, '--reporter', countingReporter, '--reporter-option', `results=${resultsFile}`],
];

/**
 * Each tier: how to run it, given the file it must write its counts to, and a wall-clock limit
 * (a test stuck in a synchronous loop defeats mocha's own timeouts and would eat the CI budget).
 */
const TIERS = {
  unit: { minutes: 10, command: mochaTier('test/unit/.mocharc.json') },
  wire: { minutes: 10, command: mochaTier('test/wire/.mocharc.json') },
  integration: {
    minutes: 10,
    needsExtensionBuild: true,
    command: (resultsFile) => [
      process.execPath,
      ['test/integration/run.mjs', '--no-extension-build', '--results', resultsFile],
    ],
  },
  ui: { minutes: 20, needsExtensionBuild: true, command: mochaTier('test/ui/.mocharc.json') },
  // Last: it rebuilds dist/ in production mode for the .vsix.
  package: {
    minutes: 10,
    command: (resultsFile) => [process.execPath, ['test/integration/packageCheck.mjs', '--results', resultsFile]],
  },
};

// Inherited by everything a tier starts, so leftovers can be found and killed afterwards.
const RUN_MARKER = 'INKWELL_TEST_RUN';
const runId = `${process.pid}-${Date.now()}`;

function selectedTiers() {
  const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = requested.filter((name) => !(name in TIERS));
  if (unknown.length > 0) {
    console.error(`unknown tier(s): ${unknown.join(', ')}; choose from ${Object.keys(TIERS).join(', ')}`);
    process.exit(2);
  }
  return Object.keys(TIERS).filter((name) => requested.length === 0 || requested.includes(name));
}

let currentChild;

function runTier(name, resultsFile, env) {
  const [command, args] = TIERS[name].command(resultsFile);
  const limitMs = Number(process.env.INKWELL_TIER_TIMEOUT_MINUTES || TIERS[name].minutes) * 60_000;
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit', env });
    currentChild = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n${name}: still running after ${limitMs / 60_000} min, stopping it`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, limitMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, error });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const error = timedOut ? new Error(`timed out after ${limitMs / 60_000} min`) : undefined;
      resolve({ code: code ?? (signal ? 128 : -1), error });
    });
  });
}

function readCounts(resultsFile) {
  try {
    const { passed, failed, pending = 0, tests } = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    const failures = Array.isArray(tests) ? tests.filter((t) => t?.state === 'failed') : [];
    return Number.isInteger(passed) && Number.isInteger(failed) ? { passed, failed, pending, failures } : undefined;
  } catch {
    return undefined;
  }
}

const MAX_FAILURES_LISTED = 20;

/**
 * Names failed tests again at the end (the first 20), with the start of each error: a CI log is
 * often read from its tail only, far below where the tier printed the failure.
 */
function printFailures(summary) {
  const failures = summary.flatMap((t) => t.failures.map((f) => ({ tier: t.name, ...f })));
  if (failures.length === 0) return;
  console.log('\n  failed:');
  for (const f of failures.slice(0, MAX_FAILURES_LISTED)) {
    console.log(`  ✖ ${f.tier}: ${f.title}`);
    const lines = String(f.error ?? '').split('\n').filter((line) => line.trim() !== '');
    for (const line of lines.slice(0, 6)) console.log(`      ${line.trim()}`);
  }
  if (failures.length > MAX_FAILURES_LISTED) console.log(`  …and ${failures.length - MAX_FAILURES_LISTED} more (see each tier above)`);
}

function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main() {
  const tiers = selectedTiers();
  const resultsDir = createRunDir('npm-test');
  const env = { ...process.env, [RUN_MARKER]: runId, INKWELL_SKIP_BUILD: '1' };
  const summary = [];
  let extensionBuilt;

  for (const name of tiers) {
    const started = Date.now();
    if (TIERS[name].needsExtensionBuild && extensionBuilt === undefined) {
      console.log('\n━━ build (node esbuild.mjs)');
      extensionBuilt = await buildExtension();
    }
    if (TIERS[name].needsExtensionBuild && !extensionBuilt) {
      summary.push({ name, passed: 0, failed: 1, failures: [], note: 'not run: the extension did not build', ms: 0 });
      continue;
    }
    console.log(`\n━━ ${name}`);
    const resultsFile = path.join(resultsDir, `${name}.json`);
    const { code, error } = await runTier(name, resultsFile, env);
    currentChild = undefined;
    const leftovers = killProcessesMarked(RUN_MARKER, runId);
    const counts = readCounts(resultsFile);
    const entry = {
      name,
      passed: counts?.passed ?? 0,
      failed: counts?.failed ?? 0,
      failures: counts?.failures ?? [],
      ms: Date.now() - started,
    };
    if (counts?.pending) entry.note = `${counts.pending} pending`;
    if (error && counts) entry.note = error.message;
    if (code !== 0 && entry.failed === 0) {
      // Crashed: count it, so a tier that never reported cannot pass silently.
      entry.failed = 1;
      entry.note = error ? `crashed: ${error.message}` : `crashed (exit ${code}) before reporting a failure`;
    }
    if (leftovers > 0) console.log(`(${name}: killed ${leftovers} leftover process(es))`);
    summary.push(entry);
  }

  const total = summary.reduce((sum, t) => ({ passed: sum.passed + t.passed, failed: sum.failed + t.failed }), { passed: 0, failed: 0 });
  console.log('\n━━ summary');
  for (const t of summary) {
    const counts = `${String(t.passed).padStart(4)} passed, ${String(t.failed).padStart(3)} failed`;
    console.log(`  ${t.name.padEnd(12)} ${counts}  ${formatSeconds(t.ms).padStart(7)}${t.note ? `  (${t.note})` : ''}`);
  }
  printFailures(summary);
  console.log(`  results: ${path.relative(repoRoot, resultsDir)}`);
  console.log(`${total.passed} passed, ${total.failed} failed`);
  process.exitCode = total.failed > 0 ? 1 : 0;
}

// Ctrl+C reaches the tier too (same process group); a SIGTERM (e.g. a CI time limit) is passed
// on. Either way the tier gets a moment to clean up, then whatever is left is killed.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (signal === 'SIGTERM') currentChild?.kill('SIGTERM');
    const finish = () => {
      killProcessesMarked(RUN_MARKER, runId);
      process.exit(130);
    };
    if (currentChild && currentChild.exitCode === null) {
      currentChild.once('exit', finish);
      setTimeout(finish, 10_000).unref();
    } else {
      finish();
    }
  });
}

main().catch((error) => {
  console.error(error.stack ?? error);
  killProcessesMarked(RUN_MARKER, runId);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
