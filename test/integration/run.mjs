// Runs the integration suite (test/integration/suite) inside the extension host of a real VS Code:
// code-server, driven by headless Chromium, with Inkwell loaded from this repo as an extension
// under development.
//
//   node test/integration/run.mjs [--grep <pattern>] [--results <file>] [--no-extension-build]
//                                 [--extension <folder>] [--timeout <seconds>]
//
// The suite is always rebuilt (it takes well under a second); the extension (`node esbuild.mjs`)
// too, unless --no-extension-build or another --extension folder is given.
//
// Environment given to this script reaches the extension host. Unless ANTHROPIC_BASE_URL is
// already set, the fake Anthropic server (test/fake/cli.ts) is started for the run and the
// extension host gets ANTHROPIC_BASE_URL and INKWELL_FAKE_URL pointing at it and
// ANTHROPIC_API_KEY=test-key. With ANTHROPIC_BASE_URL set by the caller, that server is used
// instead (INKWELL_FAKE_URL defaults to it) and ANTHROPIC_API_KEY to test-key if unset.
// Programmatic callers can use runIntegrationTests({ env }) instead.
//
// Each run leaves its logs, workspace and (on failure or timeout) a screenshot under
// .test-artifacts/integration-*/.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  createRunDir,
  createSampleWorkspace,
  launchChromium,
  repoRoot,
  startCodeServer,
  tail,
  workbenchUrl,
} from '../../scripts/codeServer.mjs';
import { buildExtension as buildExtensionBundle } from '../../scripts/buildExtension.mjs';
import { startFakeAnthropic } from '../../scripts/fakeAnthropic.mjs';

const suiteSource = path.join(repoRoot, 'test', 'integration', 'suite');
const suiteOutput = path.join(repoRoot, 'dist-test', 'integration');

/** Bundles the suite: one CommonJS file per test file plus index.js, mocha included. */
export async function buildSuite() {
  fs.rmSync(suiteOutput, { recursive: true, force: true });
  const testFiles = fs
    .readdirSync(suiteSource, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(suiteSource, name));
  await esbuild.build({
    entryPoints: [path.join(suiteSource, 'index.ts'), ...testFiles],
    outbase: suiteSource,
    outdir: suiteOutput,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
    // mocha's parallel mode resolves worker files at run time; it is never used here.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  return path.join(suiteOutput, 'index.js');
}

/**
 * @param {object} [options]
 * @param {Record<string,string|undefined>} [options.env]  environment for the extension host
 * @param {string} [options.grep]          run only tests whose full title matches
 * @param {string} [options.resultsFile]   where the JSON results go (default: in the run folder)
 * @param {string} [options.extensionPath] extension under test (default: this repo)
 * @param {boolean} [options.buildExtension]  run `node esbuild.mjs` first (default: true)
 * @param {number} [options.timeoutMs]     whole-run limit (default: 5 minutes)
 * @param {boolean} [options.untrusted]     open the workspace untrusted (Restricted Mode)
 * @returns {Promise<{ passed: number, failed: number, pending: number, tests: object[], exitCode: number, runDir: string }>}
 */
export async function runIntegrationTests(options = {}) {
  const {
    env = process.env,
    grep,
    extensionPath = repoRoot,
    buildExtension = true,
    timeoutMs = 5 * 60_000,
    untrusted = false,
  } = options;
  const runDir = createRunDir('integration');
  const resultsFile = path.resolve(options.resultsFile ?? path.join(runDir, 'results.json'));
  fs.rmSync(resultsFile, { force: true });

  const started = Date.now();
  const suiteEntry = await buildSuite();
  if (buildExtension && path.resolve(extensionPath) === repoRoot && !(await buildExtensionBundle())) {
    throw new Error('building the extension failed');
  }
  const workspace = createSampleWorkspace(path.join(runDir, 'workspace'));

  const cleanups = [];
  try {
    const notesFile = path.join(runDir, 'notes.txt');
    const extensionHostEnv = { ...env, INKWELL_TEST_RESULTS: resultsFile, INKWELL_TEST_NOTES: notesFile, INKWELL_TEST_GREP: grep ?? env.INKWELL_TEST_GREP };
    if (!env.ANTHROPIC_BASE_URL) {
      const fake = await startFakeAnthropic({ logFile: path.join(runDir, 'fake-anthropic.log') });
      if (fake) {
        cleanups.push(fake.stop);
        // A key from the developer's shell must not change what the tests see.
        Object.assign(extensionHostEnv, { ANTHROPIC_BASE_URL: fake.url, INKWELL_FAKE_URL: fake.url, ANTHROPIC_API_KEY: 'test-key' });
      } else {
        console.log('(test/fake/cli.ts not found: running without the fake Anthropic server)');
      }
    } else if (!env.INKWELL_FAKE_URL) {
      extensionHostEnv.INKWELL_FAKE_URL = env.ANTHROPIC_BASE_URL;
    }
    extensionHostEnv.ANTHROPIC_API_KEY ??= 'test-key';

    const server = await startCodeServer({ runDir, env: extensionHostEnv, smokeTestDriver: true, workspaceTrust: untrusted });
    cleanups.push(server.stop);
    const browser = await launchChromium({ runDir });
    cleanups.push(() => browser.close());

    const page = browser.pages()[0] ?? (await browser.newPage());
    const consoleLog = fs.createWriteStream(path.join(runDir, 'browser-console.log'));
    cleanups.push(() => consoleLog.end());
    // Messages keep arriving while the browser shuts down, after the log is closed.
    const logLine = (line) => consoleLog.writableEnded || consoleLog.write(`${line}\n`);
    page.on('console', (message) => logLine(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => logLine(`[pageerror] ${error.stack ?? error}`));

    // The workbench calls this once the suite's run() settles (smoke-test driver only).
    let reportExit;
    const exitCode = new Promise((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    await page.goto(workbenchUrl({
      url: server.url,
      folder: workspace,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: suiteEntry,
    }));
    let timer;
    const code = await Promise.race([
      exitCode,
      new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs - (Date.now() - started))))),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') {
      await screenshot(page, runDir, 'timeout');
      throw new Error(`integration tests did not finish within ${timeoutMs / 1000}s; logs in ${runDir}`);
    }

    const results = readResults(resultsFile, code, server.logFile);
    if (results.failed > 0) await screenshot(page, runDir, 'failed');
    // Figures tests wrote for the log (e.g. one conversation's usage), printed with the results.
    const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8') : '';
    return { ...results, notes, exitCode: Number(code), runDir, durationMs: Date.now() - started };
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await Promise.resolve().then(cleanup).catch((error) => console.error(`cleanup failed: ${error}`));
    }
  }
}

function readResults(resultsFile, exitCode, serverLog) {
  if (fs.existsSync(resultsFile)) return JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  // No results: the suite never ran (the extension host failed to start or to load index.js).
  return {
    passed: 0,
    failed: 1,
    pending: 0,
    tests: [{
      title: 'running the integration suite',
      state: 'failed',
      error: `the extension host exited with ${exitCode} without writing results\n${tail(serverLog, 15)}`,
    }],
  };
}

async function screenshot(page, runDir, name) {
  const file = path.join(runDir, `${name}.png`);
  await page.screenshot({ path: file }).then(() => console.log(`screenshot: ${file}`), () => undefined);
}

export function printResults(results) {
  for (const test of results.tests) {
    const mark = test.state === 'passed' ? '✔' : test.state === 'failed' ? '✖' : '-';
    console.log(`  ${mark} ${test.title}`);
    if (test.error) console.log(test.error.replace(/^/gm, '      '));
  }
  if (results.notes) console.log(`\n${results.notes.trimEnd().replace(/^/gm, '  ')}`);
  const pending = results.pending ? `, ${results.pending} pending` : '';
  console.log(`\n  integration: ${results.passed} passed, ${results.failed} failed${pending}`);
}

const RESTRICTED = /Restricted Mode/;

function mergeResults(a, b) {
  return {
    ...a,
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    pending: Math.max(0, (a.pending ?? 0) - b.passed - b.failed) + (b.pending ?? 0),
    tests: [...a.tests.filter((t) => t.state !== 'pending' || !RESTRICTED.test(t.title)), ...b.tests],
    notes: `${a.notes ?? ''}${b.notes ?? ''}`,
    durationMs: (a.durationMs ?? 0) + (b.durationMs ?? 0),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      grep: { type: 'string' },
      results: { type: 'string' },
      extension: { type: 'string' },
      'no-extension-build': { type: 'boolean', default: false },
      timeout: { type: 'string' },
    },
  });
  const common = {
    resultsFile: values.results,
    extensionPath: values.extension ? path.resolve(values.extension) : undefined,
    buildExtension: !values['no-extension-build'],
    timeoutMs: values.timeout ? Number(values.timeout) * 1000 : undefined,
  };
  let results = await runIntegrationTests({ ...common, grep: values.grep });
  // Restricted Mode needs a window whose folder is untrusted: a second, short pass of the suites
  // named for it (they are skipped in the trusted pass).
  if (!values.grep || new RegExp(values.grep).test('Restricted Mode')) {
    const restricted = await runIntegrationTests({ ...common, buildExtension: false, grep: 'Restricted Mode', untrusted: true });
    results = mergeResults(results, restricted);
  }
  printResults(results);
  console.log(`  (${(results.durationMs / 1000).toFixed(1)} s, logs in ${path.relative(repoRoot, results.runDir)})`);
  // The runner's own summary file, when asked for one, must hold what was printed even if the
  // suite could not write it.
  if (values.results) fs.writeFileSync(values.results, JSON.stringify(results, null, 2));
  process.exitCode = results.failed > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error.stack ?? error);
    process.exitCode = 2;
  });
}
