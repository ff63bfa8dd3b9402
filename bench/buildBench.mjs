// Builds what the benchmark loads into code-server: two copies of the extension with production
// bundles, identical except for the webview's markdown module. "incremental" is the shipped code;
// "naive" swaps the incremental renderer for one that re-renders the whole answer per delta.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { buildOptions } from '../esbuild.mjs';
import { repoRoot } from '../scripts/codeServer.mjs';

const NAIVE_MARKDOWN = path.join(repoRoot, 'bench', 'naive', 'wholeAnswerMarkdown.ts');

/** Resolves the webview's `./markdown/streamingMarkdown.js` import to the naive module. */
const naiveMarkdownPlugin = {
  name: 'naive-markdown',
  setup(build) {
    build.onResolve({ filter: /\/streamingMarkdown\.js$/ }, () => ({ path: NAIVE_MARKDOWN }));
  },
};

/**
 * @param {string} dir  where the two extension folders go
 * @returns {Promise<{ incremental: string, naive: string, sizes: { host: number, webview: number } }>}
 */
export async function buildBenchExtensions(dir) {
  const folders = { incremental: path.join(dir, 'ext-incremental'), naive: path.join(dir, 'ext-naive') };
  for (const [variant, folder] of Object.entries(folders)) {
    fs.mkdirSync(folder, { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(folder, 'package.json'));
    fs.cpSync(path.join(repoRoot, 'media'), path.join(folder, 'media'), { recursive: true });
    const { host, providers, webview } = buildOptions({ production: true, outdir: path.join(folder, 'dist') });
    const quiet = { logLevel: 'warning', absWorkingDir: repoRoot };
    await esbuild.build({ ...host, ...quiet });
    await esbuild.build({ ...providers, ...quiet });
    await esbuild.build({ ...webview, ...quiet, plugins: variant === 'naive' ? [naiveMarkdownPlugin] : [] });
  }
  const size = (file) => fs.statSync(path.join(folders.incremental, 'dist', file)).size;
  return {
    ...folders,
    sizes: { host: size('extension.js') + size('inkwell.js') + size('providers.js'), hostActivation: size('extension.js'), webview: size('webview.js') },
  };
}
