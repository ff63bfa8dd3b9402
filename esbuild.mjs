// Builds the two bundles: the extension host (Node, CommonJS, `vscode` external) and the chat
// webview (browser, IIFE, with its CSS and the codicon font). `--watch` rebuilds on change,
// `--production` minifies and drops source maps. The options are exported for the benchmark,
// which builds the same bundles into its own folders.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

/** @returns {{ host: esbuild.BuildOptions, webview: esbuild.BuildOptions }} */
export function buildOptions({ production = false, outdir = 'dist' } = {}) {
  /** @type {esbuild.BuildOptions} */
  const common = {
    bundle: true,
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'info',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  };
  return {
    host: {
      ...common,
      entryPoints: { extension: 'src/extension.ts' },
      outdir,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
    },
    webview: {
      ...common,
      entryPoints: { webview: 'src/webview/main.ts', 'webview-style': 'src/webview/chat.css' },
      outdir,
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      loader: { '.ttf': 'file' },
      assetNames: '[name]',
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { host, webview } = buildOptions({ production: process.argv.includes('--production') });
  if (process.argv.includes('--watch')) {
    const contexts = await Promise.all([esbuild.context(host), esbuild.context(webview)]);
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all([esbuild.build(host), esbuild.build(webview)]);
  }
}
