/**
 * Decides whether a path the model gave may be touched: it must name a file inside one of the
 * workspace folders, after normalising `..`, resolving symlinks, and never inside `.git/`.
 * Pure: the file system is asked only through `realpath`, injected by the caller.
 */
import * as path from 'node:path';

export interface WorkspaceRoot {
  /** Absolute path of the folder as VS Code reports it. */
  readonly path: string;
  /** Its folder name, which also addresses it in a multi-root workspace ("web/src/a.ts"). */
  readonly name: string;
}

export interface ConfinedPath {
  readonly ok: true;
  readonly absolutePath: string;
  /** Relative to its folder, with `/` separators, prefixed with the folder's name in a multi-root workspace: what the UI shows. */
  readonly relativePath: string;
  readonly root: WorkspaceRoot;
}

export interface RefusedPath {
  readonly ok: false;
  readonly reason: string;
}

/** Resolves symlinks of an existing path; `undefined` when the path does not exist. */
export type Realpath = (absolutePath: string) => Promise<string | undefined>;

export async function confinePath(input: unknown, roots: readonly WorkspaceRoot[], realpath: Realpath): Promise<ConfinedPath | RefusedPath> {
  if (typeof input !== 'string' || input.trim() === '') return refuse('The path is empty.');
  if (input.includes('\0')) return refuse('The path contains a NUL character.');
  if (roots.length === 0) return refuse('No folder is open, so there is no workspace to edit.');
  const raw = input.trim().replace(/\\/g, '/');

  const candidates = path.isAbsolute(raw) ? roots.map((root) => ({ root, absolute: path.normalize(raw) })) : relativeCandidates(raw, roots);
  const inside = candidates.filter((c) => isInside(c.absolute, c.root.path));
  if (inside.length === 0) {
    return refuse(path.isAbsolute(raw) ? `${input} is outside the workspace folders.` : `${input} leads outside the workspace.`);
  }
  // In a multi-root workspace an unprefixed path means the folder where it exists; a new file
  // goes to the first folder; a path that exists in several folders is ambiguous.
  const existing = [];
  for (const c of inside) if ((await realpath(c.absolute)) !== undefined) existing.push(c);
  if (existing.length > 1 && new Set(existing.map((c) => c.absolute)).size > 1) {
    return refuse(`${input} exists in several workspace folders; prefix it with the folder name (${existing.map((c) => c.root.name).join(', ')}).`);
  }
  const { root, absolute } = existing[0] ?? inside[0]!;
  const withinRoot = path.relative(root.path, absolute).split(path.sep).join('/');
  if (withinRoot.split('/').some((part) => part === '.git')) return refuse(`${withinRoot} is inside .git, which Inkwell never edits.`);
  // What the user sees names the folder too when there are several.
  const relativePath = roots.length > 1 ? `${root.name}/${withinRoot}` : withinRoot;

  // Symlinks: the real location of the file (or of its nearest existing ancestor, for a new file)
  // must still be inside the folder's real location.
  const realRoot = (await realpath(root.path)) ?? root.path;
  const realTarget = await realpathOfNearestExisting(absolute, realpath);
  if (!isInside(realTarget, realRoot)) return refuse(`${relativePath} is a link that leads outside the workspace.`);
  if (path.relative(realRoot, realTarget).split(path.sep).includes('.git')) return refuse(`${relativePath} leads into .git, which Inkwell never edits.`);

  return { ok: true, absolutePath: absolute, relativePath: withinRoot === '' ? (roots.length > 1 ? root.name : '.') : relativePath, root };
}

function relativeCandidates(raw: string, roots: readonly WorkspaceRoot[]) {
  const first = raw.split('/')[0];
  // "folderName/rest" addresses a folder of a multi-root workspace by name.
  const named = roots.length > 1 ? roots.find((r) => r.name === first) : undefined;
  if (named) return [{ root: named, absolute: path.resolve(named.path, raw.slice(first!.length + 1)) }];
  return roots.map((root) => ({ root, absolute: path.resolve(root.path, raw) }));
}

function isInside(candidate: string, root: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function realpathOfNearestExisting(absolute: string, realpath: Realpath): Promise<string> {
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    const real = await realpath(current);
    if (real !== undefined) return path.join(real, ...missing.reverse());
    const parent = path.dirname(current);
    if (parent === current) return absolute;
    missing.push(path.basename(current));
    current = parent;
  }
}

function refuse(reason: string): RefusedPath {
  return { ok: false, reason };
}
