// Lint with the layer rules of the design: shared/ imports nothing else, core/ only shared/,
// providers/ no vscode, webview/ no host code. Type-only imports are allowed across layers.
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p, allowTypeImports: true })) }],
});

const HOST_LAYERS = ['**/host/**', '**/chat/**', '**/edits/**', '**/commands/**', '**/extension'];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'node_modules/**', '.test-artifacts/**', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([
      { group: ['vscode', '@anthropic-ai/sdk', '@anthropic-ai/*', 'openai', 'node:*'], message: 'shared/ runs in host and webview: no runtime dependencies.' },
      { group: ['**/core/**', '**/providers/**', '**/webview/**', ...HOST_LAYERS], message: 'shared/ imports only shared/.' },
    ]),
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict([
      { group: ['vscode', '@anthropic-ai/sdk', '@anthropic-ai/*', 'openai'], message: 'core/ is plain logic: type-only imports of vscode/SDK types at most.' },
      // './edits/…' from core/ is core/edits (pure); the host's edits/ layer is '../edits/…'.
      { group: ['**/providers/**', '**/webview/**', ...HOST_LAYERS, '!./edits/**'], message: 'core/ imports only shared/ and core/.' },
    ]),
  },
  {
    files: ['src/providers/**/*.ts'],
    rules: restrict([
      { group: ['vscode'], message: 'providers/ must run in plain Node.' },
      { group: ['**/webview/**', ...HOST_LAYERS], message: 'providers/ imports shared/, core/ and the SDKs only.' },
    ]),
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: restrict([
      { group: ['vscode', '@anthropic-ai/sdk', '@anthropic-ai/*', 'openai', 'node:*'], message: 'webview/ runs in the browser.' },
      { group: ['**/core/**', '**/providers/**', ...HOST_LAYERS], message: 'webview/ imports only shared/ and browser libraries.' },
    ]),
  },
);
