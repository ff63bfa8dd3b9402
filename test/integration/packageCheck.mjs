// The shipped package works: `npm run package` builds dist/inkwell.vsix, code-server installs it
// the way a user would (`--install-extension`), and a slice of the integration suite runs against
// the installed copy instead of the repo (activation, a chat turn, an applied edit).
//
//   node test/integration/packageCheck.mjs [--results <file>]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRunDir, ensureCodeServer, repoRoot } from '../../scripts/codeServer.mjs';
import { printResults, runIntegrationTests } from './run.mjs';

const SLICE = 'activation|streams a whole answer|Accept applies exactly';

function failure(title, error) {
  return { passed: 0, failed: 1, pending: 0, tests: [{ title, state: 'failed', error }] };
}

async function main() {
  const { values } = parseArgs({ options: { results: { type: 'string' } } });
  const runDir = createRunDir('package');
  let results;
  const packed = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  const vsix = path.join(repoRoot, 'dist', 'inkwell.vsix');
  if (packed.status !== 0 || !fs.existsSync(vsix)) {
    results = failure('npm run package builds dist/inkwell.vsix', `${packed.stdout}\n${packed.stderr}`.slice(-3000));
  } else {
    const { codeServer, node } = ensureCodeServer();
    const extensionsDir = path.join(runDir, 'extensions');
    const installed = spawnSync(codeServer, ['--extensions-dir', extensionsDir, '--user-data-dir', path.join(runDir, 'user-data'), '--install-extension', vsix], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${path.dirname(node)}:${process.env.PATH}`, XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'), XDG_DATA_HOME: path.join(runDir, 'xdg-data') },
    });
    const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
    const extensionPath = path.join(extensionsDir, `inkwell.inkwell-${version}`);
    if (installed.status !== 0 || !fs.existsSync(path.join(extensionPath, 'dist', 'extension.js'))) {
      results = failure('code-server installs dist/inkwell.vsix', `${installed.stdout}\n${installed.stderr}`.slice(-3000));
    } else {
      results = await runIntegrationTests({ extensionPath, buildExtension: false, grep: SLICE });
      results.tests = results.tests.map((t) => ({ ...t, title: `installed .vsix: ${t.title}` }));
    }
  }
  printResults(results);
  if (values.results) fs.writeFileSync(values.results, JSON.stringify(results, null, 2));
  process.exitCode = results.failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error.stack ?? error);
  process.exitCode = 2;
});
