/**
 * Loads the provider SDKs when they are first needed. In the built extension this is
 * `require('./providers.js')`, a separate bundle (see esbuild.mjs); in tests it is the source.
 */
export type ProviderModules = typeof import('./providerModules');

let loaded: ProviderModules | undefined;

export async function loadProviderModules(): Promise<ProviderModules> {
  // A plain require, not import(): the host bundle is CommonJS, and so is providers.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./providerModules.js') as ProviderModules;
  return loaded;
}

/** After activation, once the window has settled, so that the first question does not wait either. */
const PRELOAD_DELAY_MS = 2000;

/** Loads the SDKs a little after activation, off its path. */
export function preloadProviderModules(): { dispose(): void } {
  const timer = setTimeout(() => void loadProviderModules(), PRELOAD_DELAY_MS);
  timer.unref?.();
  return { dispose: () => clearTimeout(timer) };
}
