import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { ESLint } from 'eslint';

const root = join(__dirname, '../../../..');
const fixture = (name: string) => readFileSync(join(root, 'test/fixtures/lint', name), 'utf8');

// Each fixture is linted as if it lived at `as`; `denied` says whether the layer rule must reject it.
const cases: { fixture: string; as: string; denied: boolean }[] = [
  { fixture: 'imports-vscode.ts', as: 'src/core/fixture.ts', denied: true },
  { fixture: 'imports-vscode.ts', as: 'src/core/policy/fixture.ts', denied: true },
  { fixture: 'imports-vscode.ts', as: 'src/shared/fixture.ts', denied: true },
  { fixture: 'imports-vscode.ts', as: 'src/cli/fixture.ts', denied: true },
  { fixture: 'imports-vscode.ts', as: 'src/webview/fixture.ts', denied: true },
  { fixture: 'imports-vscode.ts', as: 'src/vscode/fixture.ts', denied: false },
  { fixture: 'imports-editor-layer.ts', as: 'src/core/fixture.ts', denied: true },
  { fixture: 'imports-editor-layer.ts', as: 'src/cli/fixture.ts', denied: true },
  { fixture: 'imports-editor-layer.ts', as: 'src/webview/fixture.ts', denied: true },
  { fixture: 'imports-core.ts', as: 'src/webview/fixture.ts', denied: true },
  { fixture: 'imports-core.ts', as: 'src/cli/fixture.ts', denied: false },
  { fixture: 'imports-core.ts', as: 'src/vscode/fixture.ts', denied: false },
  { fixture: 'imports-shared.ts', as: 'src/core/fixture.ts', denied: true },
  { fixture: 'imports-shared.ts', as: 'src/webview/fixture.ts', denied: false },
  { fixture: 'imports-shared.ts', as: 'src/cli/fixture.ts', denied: false },
];

const eslint = new ESLint({ cwd: root });

for (const c of cases) {
  test(`lint ${c.denied ? 'rejects' : 'accepts'} ${c.fixture} in ${c.as}`, async () => {
    const [result] = await eslint.lintText(fixture(c.fixture), { filePath: join(root, c.as) });
    const layerErrors = (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports');
    assert.equal(layerErrors.length > 0, c.denied, JSON.stringify(result?.messages));
    if (c.denied) assert.equal(layerErrors[0]?.severity, 2);
  });
}

test('lint is type-aware: an unawaited promise and a promise where a callback\'s result is ignored are errors', async () => {
  const [result] = await eslint.lintText(fixture('floating-promise.ts'), { filePath: join(root, 'src/core/fixture.ts') });
  const rules = (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId);
  assert.ok(rules.includes('@typescript-eslint/no-floating-promises'), JSON.stringify(result?.messages));
  assert.ok(rules.includes('@typescript-eslint/no-misused-promises'), JSON.stringify(result?.messages));
});

test('src/core reads its process only through src/core/host.ts; the CLI may read it', async () => {
  const lint = async (as: string) => {
    const [result] = await eslint.lintText(fixture('uses-process.ts'), { filePath: join(root, as) });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-globals').length;
  };
  assert.ok((await lint('src/core/fixture.ts')) > 0, 'src/core reading process is an error');
  assert.ok((await lint('src/core/policy/fixture.ts')) > 0, 'and in its folders');
  assert.equal(await lint('src/cli/fixture.ts'), 0);
});

test('the CLI build fails when anything it bundles imports vscode', async () => {
  const { forbidVscode } = ((await import(pathToFileURL(join(root, 'esbuild.js')).href)) as { default: { forbidVscode: esbuild.Plugin } }).default;
  await assert.rejects(
    esbuild.build({
      stdin: { contents: "import * as vscode from 'vscode'; console.log(vscode);", resolveDir: root },
      bundle: true,
      write: false,
      platform: 'node',
      logLevel: 'silent',
      plugins: [forbidVscode],
    }),
    /must not import 'vscode'/,
  );
});
