// Builds what the benchmark loads into code-server: copies of the extension with production
// bundles, identical except for the webview's markdown module. "incremental" is the shipped code;
// "naive" swaps the incremental renderer for one that re-renders the whole answer per delta;
// "floor" for one that keeps the text and renders nothing (how fast text can arrive at all).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { buildOptions } from '../esbuild.mjs';
import { repoRoot } from '../scripts/codeServer.mjs';

const MARKDOWN_MODULES = {
  naive: path.join(repoRoot, 'bench', 'naive', 'wholeAnswerMarkdown.ts'),
  floor: path.join(repoRoot, 'bench', 'floor', 'textNotRendered.ts'),
};

/** Resolves the webview's `./markdown/streamingMarkdown.js` import to another module. */
const markdownModulePlugin = (modulePath) => ({
  name: 'markdown-module',
  setup(build) {
    build.onResolve({ filter: /\/streamingMarkdown\.js$/ }, () => ({ path: modulePath }));
  },
});

/**
 * @param {string} dir  where the extension folders go
 * @param {string[]} [variants]  which to build (default all; "incremental" always)
 * @returns {Promise<{ incremental: string, naive?: string, floor?: string, sizes: { host: number, webview: number } }>}
 */
export async function buildBenchExtensions(dir, variants = ['incremental', ...Object.keys(MARKDOWN_MODULES)]) {
  const folders = Object.fromEntries([...new Set(['incremental', ...variants])].map((variant) => [variant, path.join(dir, `ext-${variant}`)]));
  for (const [variant, folder] of Object.entries(folders)) {
    fs.mkdirSync(folder, { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(folder, 'package.json'));
    fs.cpSync(path.join(repoRoot, 'media'), path.join(folder, 'media'), { recursive: true });
    const { host, providers, webview } = buildOptions({ production: true, outdir: path.join(folder, 'dist') });
    const quiet = { logLevel: 'warning', absWorkingDir: repoRoot };
    await esbuild.build({ ...host, ...quiet });
    await esbuild.build({ ...providers, ...quiet });
    await esbuild.build({ ...webview, ...quiet, plugins: MARKDOWN_MODULES[variant] ? [markdownModulePlugin(MARKDOWN_MODULES[variant])] : [] });
  }
  const size = (file) => fs.statSync(path.join(folders.incremental, 'dist', file)).size;
  return {
    ...folders,
    sizes: { host: size('extension.js') + size('inkwell.js') + size('providers.js'), hostActivation: size('extension.js'), webview: size('webview.js') },
  };
}
