import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { confinePath, type Realpath, type WorkspaceRoot } from '../../../src/core/edits/pathConfinement';

/** A real directory tree with real symlinks: realpath answers from the file system. */
const realpath: Realpath = async (p) => {
  try {
    return await fs.promises.realpath(p);
  } catch {
    return undefined;
  }
};

describe('confinePath', () => {
  let tmp: string;
  let root: WorkspaceRoot;
  let other: WorkspaceRoot;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-confine-'));
    const ws = path.join(tmp, 'ws');
    fs.mkdirSync(path.join(ws, 'src'), { recursive: true });
    fs.mkdirSync(path.join(ws, '.git'));
    fs.mkdirSync(path.join(tmp, 'outside'));
    fs.mkdirSync(path.join(tmp, 'web'));
    fs.writeFileSync(path.join(ws, 'src', 'a.ts'), 'x');
    fs.writeFileSync(path.join(tmp, 'outside', 'secret.txt'), 'x');
    fs.symlinkSync(path.join(tmp, 'outside'), path.join(ws, 'escape'));
    fs.symlinkSync(path.join(ws, 'src'), path.join(ws, 'alias'));
    fs.symlinkSync(path.join(ws, '.git'), path.join(ws, 'gitlink'));
    root = { path: ws, name: 'ws' };
    other = { path: path.join(tmp, 'web'), name: 'web' };
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('accepts workspace-relative paths and absolute paths inside a folder', async () => {
    const rel = await confinePath('src/a.ts', [root], realpath);
    assert.ok(rel.ok);
    assert.equal(rel.relativePath, 'src/a.ts');
    assert.equal(rel.absolutePath, path.join(root.path, 'src', 'a.ts'));
    const abs = await confinePath(path.join(root.path, 'src', 'a.ts'), [root], realpath);
    assert.ok(abs.ok);
    assert.equal(abs.relativePath, 'src/a.ts');
  });

  it('accepts a new file in a new folder, and normalises harmless ..', async () => {
    const created = await confinePath('src/new/dir/b.ts', [root], realpath);
    assert.ok(created.ok);
    const dotted = await confinePath('src/../src/a.ts', [root], realpath);
    assert.ok(dotted.ok && dotted.relativePath === 'src/a.ts');
  });

  for (const [input, why] of [
    ['../outside/secret.txt', /leads outside the workspace/],
    ['src/../../outside/secret.txt', /leads outside the workspace/],
    ['/etc/passwd', /outside the workspace folders/],
    ['.git/config', /inside \.git/],
    ['src/../.git/HEAD', /inside \.git/],
    ['escape/secret.txt', /link that leads outside/],
    ['escape/new-file.txt', /link that leads outside/],
    ['gitlink/config', /leads into \.git/],
    ['', /empty/],
    ['a\0b', /NUL/],
  ] as const) {
    it(`refuses ${JSON.stringify(input)}`, async () => {
      const result = await confinePath(input, [root], realpath);
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.reason : '', why);
    });
  }

  it('follows a symlink that stays inside the workspace', async () => {
    const result = await confinePath('alias/a.ts', [root], realpath);
    assert.ok(result.ok);
  });

  it('refuses everything when no folder is open', async () => {
    const result = await confinePath('a.ts', [], realpath);
    assert.ok(!result.ok && /No folder is open/.test(result.reason));
  });

  it('addresses a folder of a multi-root workspace by its name, and shows paths with it', async () => {
    const result = await confinePath('web/index.html', [root, other], realpath);
    assert.ok(result.ok);
    assert.equal(result.root.name, 'web');
    assert.equal(result.relativePath, 'web/index.html');
    assert.equal(result.absolutePath, path.join(other.path, 'index.html'));
  });

  it('resolves an unprefixed path to the folder where it exists, and refuses an ambiguous one', async () => {
    fs.writeFileSync(path.join(other.path, 'only-in-web.ts'), 'x');
    const found = await confinePath('only-in-web.ts', [root, other], realpath);
    assert.ok(found.ok && found.root.name === 'web' && found.relativePath === 'web/only-in-web.ts');
    fs.mkdirSync(path.join(other.path, 'src'), { recursive: true });
    fs.writeFileSync(path.join(other.path, 'src', 'a.ts'), 'x');
    const ambiguous = await confinePath('src/a.ts', [root, other], realpath);
    assert.ok(!ambiguous.ok && /several workspace folders/.test(ambiguous.reason));
    const fresh = await confinePath('src/brand-new.ts', [root, other], realpath);
    assert.ok(fresh.ok && fresh.root.name === 'ws');
  });
});
