// Entry point the extension host loads as `extensionTestsPath` (see test/integration/run.mjs).
// Runs every bundled `*.test.js` next to this file with mocha (BDD: describe/it) inside the real
// extension host, then writes a machine-readable summary to $INKWELL_TEST_RESULTS so the runner,
// which lives outside the browser, can report each test and the totals.
//
// Adding tests: create `test/integration/suite/<feature>.test.ts` with describe/it, import
// `vscode` and ./helpers (activateInkwell, fakeServerUrl, workspaceFolder, waitFor). The runner
// bundles each test file on its own, so nothing needs registering. The window has the sample
// workspace open; notification toasts are hidden in this mode (the smoke-test driver), so assert
// on state, not on toasts. Run one file's tests with `node test/integration/run.mjs --grep <text>`.
import * as fs from 'node:fs';
import { findSourceMap } from 'node:module';
import * as path from 'node:path';
import Mocha from 'mocha';

interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface IntegrationResults {
  passed: number;
  failed: number;
  pending: number;
  tests: TestOutcome[];
}

export async function run(): Promise<void> {
  // The bundles carry inline source maps; Node keeps them only for modules loaded after this.
  process.setSourceMapsEnabled(true);
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 20_000,
    // The runner prints results from the JSON file; the console here goes to the browser.
    reporter: 'spec',
    grep: process.env.INKWELL_TEST_GREP || undefined,
  });
  for (const file of findTestFiles(__dirname)) mocha.addFile(file);

  const results: IntegrationResults = { passed: 0, failed: 0, pending: 0, tests: [] };
  try {
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (test) => {
        results.passed++;
        results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
      });
      runner.on('fail', (test, error: Error) => {
        results.failed++;
        results.tests.push({ title: test.fullTitle(), state: 'failed', error: describeError(error) });
      });
      runner.on('pending', (test) => {
        results.pending++;
        results.tests.push({ title: test.fullTitle(), state: 'pending' });
      });
    });
  } catch (error) {
    // A test file that throws while loading never reaches the runner's events.
    results.failed++;
    results.tests.push({ title: 'loading the test files', state: 'failed', error: describeError(error) });
  }

  writeResults(results);
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
}

function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => path.join(dir, name));
}

function describeError(error: unknown): string {
  if (error instanceof Error) return mapStackToSources(error.stack ?? `${error.name}: ${error.message}`);
  return String(error);
}

/**
 * Rewrites `bundle.js:line:column` in a stack to the TypeScript source position. The extension
 * host installs its own Error.prepareStackTrace, which bypasses Node's source-map support, so
 * stacks arrive pointing into the bundles.
 */
function mapStackToSources(stack: string): string {
  return stack.replace(/(\/[^\s()]+\.js):(\d+):(\d+)/g, (whole, file: string, line: string, column: string) => {
    try {
      const entry = findSourceMap(file)?.findEntry(Number(line) - 1, Number(column) - 1);
      if (!entry || !('originalSource' in entry)) return whole;
      const source = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : entry.originalSource;
      return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    } catch {
      return whole;
    }
  });
}

function writeResults(results: IntegrationResults): void {
  const file = process.env.INKWELL_TEST_RESULTS;
  if (!file) {
    console.warn('INKWELL_TEST_RESULTS is not set; results are only in this console.');
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
}
