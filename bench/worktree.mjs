// Another revision of this repository, checked out beside it for A/B comparisons.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../scripts/codeServer.mjs';

/**
 * Checks `ref` out into a temporary worktree that uses this checkout's packages, and returns its
 * folder and a function that removes it again.
 */
export function checkOutRevision(ref) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-compare-'));
  const git = (...args) => execFileSync('git', args, { cwd: repoRoot, stdio: 'ignore' });
  try {
    git('worktree', 'add', '--detach', folder, ref);
  } catch (error) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw new Error(`could not check out ${ref}: ${error.message}`);
  }
  const remove = () => git('worktree', 'remove', '--force', folder);
  try {
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(folder, 'node_modules'));
  } catch (error) {
    remove();
    throw error;
  }
  return { folder, remove };
}
