/**
 * Loads Inkwell itself (src/inkwell.ts) on first use. In the built extension this is
 * `require('./inkwell.js')`, a bundle of its own (see esbuild.mjs); in tests it is the source.
 */
export type InkwellModule = typeof import('../inkwell');

let loaded: InkwellModule | undefined;

export function loadInkwell(): InkwellModule {
  // A plain require, not import(): it must be synchronous (a command or the view may need it now).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('../inkwell.js') as InkwellModule;
  return loaded;
}
