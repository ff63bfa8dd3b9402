/**
 * A throwaway workspace holding `src/greet.ts` as the fake server's edit scenarios expect it,
 * made fresh before each test and removed after it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXPECTED } from '../../fake/scenarioTexts';

export interface GreetWorkspace {
  /** The workspace folder. */
  readonly root: string;
  /** Absolute path of src/greet.ts. */
  readonly greet: string;
}

/** Registers mocha hooks; read the returned object's fields inside tests. */
export function useGreetWorkspace(prefix = 'inkwell-ws-'): GreetWorkspace {
  const current = { root: '', greet: '' };
  beforeEach(() => {
    current.root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.mkdirSync(path.join(current.root, 'src'));
    current.greet = path.join(current.root, 'src', 'greet.ts');
    fs.writeFileSync(current.greet, EXPECTED.toolEdit.fileBefore);
  });
  afterEach(() => fs.rmSync(current.root, { recursive: true, force: true }));
  return current;
}
