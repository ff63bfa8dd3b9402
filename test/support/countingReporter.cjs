// Mocha reporter for `npm test`: prints like the default "spec" reporter and also writes the
// counts to a JSON file, so the tier runner can total results without parsing console output.
//   mocha --reporter test/support/countingReporter.cjs --reporter-option results=out.json
// The file holds { passed, failed, pending, tests: [{ title, state, error? }] }; a failing hook
// counts as one failed entry, as mocha's own summary does.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const resultsFile = options?.reporterOption?.results;
    const results = { passed: 0, failed: 0, pending: 0, tests: [] };
    runner.on(EVENT_TEST_PASS, (test) => {
      results.passed++;
      results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
    });
    runner.on(EVENT_TEST_FAIL, (test, error) => {
      results.failed++;
      results.tests.push({ title: test.fullTitle(), state: 'failed', error: String(error?.stack ?? error) });
    });
    runner.on(EVENT_TEST_PENDING, (test) => {
      results.pending++;
      results.tests.push({ title: test.fullTitle(), state: 'pending' });
    });
    runner.once(EVENT_RUN_END, () => {
      if (!resultsFile) return;
      fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
      fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
    });
  }
}

module.exports = CountingReporter;
