// `npm start`: builds Inkwell and opens it in a real VS Code in the browser (code-server), with
// the sample workspace. Ctrl+C stops everything.
//
//   npm start [-- --port 8080] [--folder <path>] [--fresh] [--no-open] [--no-build]
//
// Demo mode: without ANTHROPIC_API_KEY in the environment, the fake Anthropic server
// (test/fake/cli.ts) answers instead of the real API, so everything works offline.
//
// The editor's state (settings, stored API key) persists in .test-artifacts/start/ between runs;
// --fresh starts from scratch. Inkwell is linked into that editor from this repo, so after a
// rebuild (`npm run watch` in another terminal; then --no-build here) "Developer: Reload Window"
// picks up changes.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildExtension } from './buildExtension.mjs';
import { artifactsRoot, linkExtension, repoRoot, startCodeServer, tail } from './codeServer.mjs';
import { startFakeAnthropic } from './fakeAnthropic.mjs';

const { values: options } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT || '8080' },
    folder: { type: 'string', default: path.join(repoRoot, 'sample-workspace') },
    fresh: { type: 'boolean', default: false },
    'no-open': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
const port = Number(options.port);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`--port needs a port number, got '${options.port}'`);
  process.exit(2);
}
const folder = path.resolve(options.folder);
const stateDir = path.join(artifactsRoot, 'start');

async function main() {
  if (!options['no-build']) {
    console.log('Building Inkwell…');
    if (!(await buildExtension())) {
      console.error('\nThe build failed; fix the errors above and run npm start again.');
      process.exit(1);
    }
  }

  if (options.fresh) fs.rmSync(stateDir, { recursive: true, force: true });
  fs.mkdirSync(stateDir, { recursive: true });
  const extensionsDir = path.join(stateDir, 'extensions');
  linkExtension(extensionsDir, repoRoot);

  const env = {};
  let demo = false;
  if (!process.env.ANTHROPIC_API_KEY) {
    const fake = await startFakeAnthropic({ logFile: path.join(stateDir, 'fake-anthropic.log') });
    if (fake) {
      demo = true;
      Object.assign(env, { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'demo', INKWELL_DEMO: '1' });
    }
  }

  console.log('Starting VS Code (code-server)…');
  let server;
  try {
    server = await startCodeServer({ runDir: stateDir, port, extensionsDir, env });
  } catch (error) {
    const log = path.join(stateDir, 'code-server.log');
    if (/EADDRINUSE/.test(tail(log, 50))) {
      console.error(`\nPort ${port} is already in use. Try: npm start -- --port ${port + 1}`);
    } else {
      console.error(`\n${error.message}`);
    }
    process.exit(1);
  }

  const url = `${server.url}/?folder=${encodeURI(folder)}`;
  const rule = '─'.repeat(Math.max(40, url.length + 4));
  console.log(`\n${rule}\n  Inkwell is running in VS Code at\n\n  ${url}\n${rule}`);
  if (demo) {
    console.log('  Demo mode: no ANTHROPIC_API_KEY is set, so a local fake Anthropic server answers.');
    console.log('  To talk to the real API: ANTHROPIC_API_KEY=sk-ant-… npm start');
  } else if (process.env.ANTHROPIC_API_KEY) {
    console.log('  Using ANTHROPIC_API_KEY from this shell.');
  } else {
    console.log('  No API key and no fake server: run "Inkwell: Set Anthropic API Key" in the editor.');
  }
  console.log(`  Open the Inkwell icon in the activity bar. Logs: ${path.relative(repoRoot, server.logFile)}`);
  console.log('  Press Ctrl+C to stop.\n');

  if (!options['no-open'] && !process.env.CI) openBrowser(url);

  const code = await server.exited;
  console.error(`code-server exited (${code}); see ${server.logFile}`);
  process.exit(1);
}

/** Best effort: a desktop session has xdg-open; a server or container usually has not. */
function openBrowser(url) {
  const opener = ['xdg-open', 'open'].find((command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0);
  if (!opener) return;
  try {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no browser available; the URL is printed above
  }
}

process.once('SIGINT', () => console.log('\nStopping…'));
main().catch((error) => {
  console.error(error.stack ?? error);
  process.exit(1);
});
