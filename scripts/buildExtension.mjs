// Runs `node esbuild.mjs` (the extension's own build) and resolves once it has finished and all
// of its output is printed. esbuild's build service is a separate process that can still be
// writing after the Node process exits, so waiting for the output streams to close (not just
// for the exit) keeps its messages from landing after whatever this process prints next.
import { spawn } from 'node:child_process';
import { repoRoot } from './codeServer.mjs';

/** @returns {Promise<boolean>} whether the build succeeded */
export function buildExtension(args = []) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['esbuild.mjs', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => process.stdout.write(chunk));
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.once('error', () => resolve(false));
    child.once('close', (code) => resolve(code === 0));
  });
}
