// Builds the bundles: the extension host (Node, CommonJS, `vscode` external: the activation entry,
// then Inkwell itself and the provider SDKs, each loaded on first use), and the chat webview
// (browser, IIFE, with its CSS and the codicon font). `--watch` rebuilds on change,
// `--production` minifies and drops source maps. The options are exported for the benchmark,
// which builds the same bundles into its own folders.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * Bundles loaded on first use: Inkwell itself goes into `inkwell.js`, which the small activation
 * entry `extension.js` loads (src/host/loadInkwell.ts), and the provider SDKs into `providers.js`,
 * loaded on the first request (src/host/loadProviderModules.ts). Each loader's one import resolves
 * to the separate file.
 */
const LAZY_BUNDLES = [
  { importer: 'loadInkwell.ts', request: '../inkwell.js', bundle: './inkwell.js' },
  { importer: 'loadProviderModules.ts', request: './providerModules.js', bundle: './providers.js' },
];
const lazyBundlesPlugin = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/(?:inkwell|providerModules)\.js$/ }, (args) => {
      const lazy = LAZY_BUNDLES.find((b) => args.importer.endsWith(b.importer) && args.path === b.request);
      return lazy ? { path: lazy.bundle, external: true } : undefined;
    });
  },
};

/** @returns {{ host: esbuild.BuildOptions, providers: esbuild.BuildOptions, webview: esbuild.BuildOptions }} */
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
  const node = { ...common, outdir, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };
  return {
    host: { ...node, entryPoints: { extension: 'src/extension.ts', inkwell: 'src/inkwell.ts' }, plugins: [lazyBundlesPlugin] },
    providers: { ...node, entryPoints: { providers: 'src/host/providerModules.ts' } },
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
  const bundles = Object.values(buildOptions({ production: process.argv.includes('--production') }));
  if (process.argv.includes('--watch')) {
    const contexts = await Promise.all(bundles.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all(bundles.map((options) => esbuild.build(options)));
  }
}
