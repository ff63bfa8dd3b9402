// Starts the fake Anthropic server (test/fake/cli.ts) as a child process, for tests and for the
// demo mode of `npm start`. The CLI prints {"url":"http://127.0.0.1:PORT"} as its first line.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './codeServer.mjs';
import { spawnGroup } from './processGroups.mjs';

export const fakeCliPath = path.join(repoRoot, 'test', 'fake', 'cli.ts');

/**
 * @param {object} [options]
 * @param {string} [options.logFile]  where the server's further output goes (default: discarded)
 * @param {string[]} [options.args]   extra CLI arguments
 * @returns {Promise<{ url: string, stop: () => Promise<void> } | undefined>}
 *   undefined when the fake server has not been written yet
 */
export async function startFakeAnthropic({ logFile, args = [] } = {}) {
  if (!fs.existsSync(fakeCliPath)) return undefined;
  const { child, stop } = spawnGroup(process.execPath, ['--import', 'tsx', fakeCliPath, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logStream = logFile ? fs.createWriteStream(logFile) : undefined;
  // Output can still arrive after stop() closed the log.
  const log = logStream && { write: (chunk) => logStream.writableEnded || logStream.write(chunk), end: () => logStream.end() };
  child.stderr.on('data', (chunk) => log?.write(chunk));

  try {
    const url = await new Promise((resolve, reject) => {
      let buffered = '';
      let stderrTail = '';
      const timer = setTimeout(() => reject(new Error('fake Anthropic server printed no URL within 20 s')), 20_000);
      child.stderr.on('data', (chunk) => (stderrTail = (stderrTail + chunk).slice(-2000)));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`fake Anthropic server exited (${code}) before printing its URL\n${stderrTail}`));
      });
      child.stdout.on('data', function onData(chunk) {
        log?.write(chunk);
        buffered += chunk;
        const newline = buffered.indexOf('\n');
        if (newline < 0) return;
        clearTimeout(timer);
        // From here on the output only goes to the log, but it must keep being read: a full
        // pipe would block the server.
        child.stdout.off('data', onData);
        child.stdout.on('data', (more) => log?.write(more));
        try {
          const { url } = JSON.parse(buffered.slice(0, newline));
          if (typeof url !== 'string') throw new Error('no "url" field');
          resolve(url.replace(/\/+$/, ''));
        } catch (error) {
          reject(new Error(`fake Anthropic server's first line is not {"url":…}: ${buffered.slice(0, newline)} (${error.message})`));
        }
      });
    });
    return {
      url,
      async stop() {
        await stop();
        log?.end();
      },
    };
  } catch (error) {
    await stop();
    log?.end();
    throw error;
  }
}
