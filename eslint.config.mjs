// Lint, and the one-way import rule of the layers (core/shared -> cli -> vscode; webview -> shared only).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const vscodeModule = { name: 'vscode', message: 'Only src/vscode may import the vscode module.' };
const layer = (folder, why) => ({ group: [`**/${folder}`, `**/${folder}/**`], message: why });

/** Import restrictions per layer; exported so the lint test can check each one. */
export const layerRules = {
  'src/core/**/*.ts': {
    paths: [vscodeModule],
    patterns: [
      layer('shared', 'src/core is the bottom layer: it imports nothing of Airlock outside src/core.'),
      layer('cli', 'src/core must not import the CLI.'),
      layer('vscode', 'src/core must not import the editor layer.'),
      layer('webview', 'src/core must not import webview code.'),
    ],
  },
  'src/shared/**/*.ts': {
    paths: [vscodeModule],
    patterns: [
      layer('cli', 'src/shared must not import the CLI.'),
      layer('vscode', 'src/shared must not import the editor layer.'),
      layer('webview', 'src/shared must not import webview code.'),
    ],
  },
  'src/cli/**/*.ts': {
    paths: [vscodeModule],
    patterns: [
      layer('vscode', 'The CLI runs without an editor: it must not import src/vscode.'),
      layer('webview', 'The CLI must not import webview code.'),
    ],
  },
  'src/vscode/**/*.ts': {
    patterns: [
      layer('cli', 'The extension uses src/core directly, not the CLI.'),
      layer('webview', 'The extension talks to the webview only through src/shared messages.'),
    ],
  },
  'src/webview/**/*.ts': {
    paths: [vscodeModule],
    patterns: [
      layer('core', 'The webview imports only src/shared.'),
      layer('cli', 'The webview imports only src/shared.'),
      layer('vscode', 'The webview imports only src/shared.'),
      { group: ['node:*', 'fs', 'path', 'child_process', 'os'], message: 'The webview runs in a browser.' },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test/fixtures/**', 'esbuild.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Runner scripts (test servers, e2e, scripts) are plain Node ESM.
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    files: ['**/*.ts'],
    // Type-aware: the rules below need the program's types (each file's nearest tsconfig.json).
    // (The lint test lints fixtures at paths that exist in no project: `src/<layer>/fixture.ts`.)
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['src/*/fixture.ts', 'src/core/policy/fixture.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A promise nobody awaits or handles loses its failure; one passed where a callback's result is ignored too.
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/test return promises its runner awaits itself.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      curly: ['error', 'multi-line'],
    },
  },
  // src/core reaches the process it runs in only through src/core/host.ts.
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/host.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core reads its process through src/core/host.ts (thisProcess).' }],
    },
  },
  ...Object.entries(layerRules).map(([files, restrictions]) => ({
    files: [files],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', restrictions] },
  })),
);
