// Builds Airlock's bundles:
//   dist/extension.js      the extension (cjs, `vscode` external)
//   dist/cli.js            the `airlock` command: turns on Node's compile cache, then loads dist/airlock.js
//   dist/airlock.js        the commands (cjs; must never contain `vscode`); each command's code runs on first use
//   dist/snapshot.js       `airlock snapshot` alone, which dist/cli.js loads for that command
//   dist/hook.js           what agent hooks run: hands the call to the hook server, else loads hookLocal.js
//   dist/hookLocal.js      a hook call decided in its own process: formats and the editor bridge; airlock.js when needed
//   dist/webview/*.js      the audit panel's browser code (iife)
//   out/test/**            test bundles (only with --tests): unit tests, the integration suite
//   out/bench/**           benchmarks (only with --bench)
// Flags: --production (minify, no sourcemaps), --watch, --tests, --bench.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const bench = process.argv.includes('--bench');

/** Fails the CLI build when anything resolves `vscode`: the CLI must run without an editor. */
const forbidVscode = {
  name: 'forbid-vscode',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => ({
      errors: [{ text: `the CLI bundle must not import 'vscode' (imported from ${args.importer})` }],
    }));
  },
};

/**
 * The bash grammar's loader gets Node's `module` built-in with `await import("module")`. A hook on Node < 22.1
 * compiles airlock.js with a V8 code cache of its own (src/cli/codeCache.ts), and Node 20 runs no `import()` in a
 * script compiled from cached data; the built-in is taken without one (`process.getBuiltinModule` where Node has
 * it, else the constructor of the bundle's own CommonJS module, which is the same `Module`).
 */
const builtinModuleWithoutImport = {
  name: 'builtin-module-without-import',
  setup(build) {
    build.onLoad({ filter: /tree-sitter-wasm[\\/]wasm[\\/]tree-sitter\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const from = 'await import("module")';
      if (!text.includes(from)) throw new Error(`${args.path} no longer has ${from}: check how it loads Node's built-ins`);
      const to = '(typeof process.getBuiltinModule === "function" ? process.getBuiltinModule("module") : module.constructor)';
      return { contents: text.replace(from, to), loader: 'js' };
    });
  },
};

/** Prints errors in the `file:line:col: error:` form that editors' problem matchers read. */
const reportProblems = {
  name: 'report-problems',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        const where = location ? `${location.file}:${location.line}:${location.column}: ` : '';
        console.error(`${where}error: ${text}`);
      }
    });
  },
};

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'silent',
  plugins: [reportProblems],
};

/** Every `*.test.ts` below a folder, and the `*.worker.ts` scripts tests spawn as separate processes. */
function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts') || f.endsWith('.worker.ts'))
    .map((f) => path.join(dir, f));
}

/** A bundle of the command line (Node, cjs, never `vscode`); the ones users and agents run get a shebang. */
function cliBundle(entry, outfile, { shebang }) {
  return {
    ...common,
    entryPoints: [entry],
    outfile,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    ...(shebang ? { banner: { js: '#!/usr/bin/env node' } } : {}),
    plugins: [forbidVscode, builtinModuleWithoutImport, reportProblems],
  };
}

function buildOptions() {
  const builds = [
    {
      ...common,
      entryPoints: ['src/vscode/extension.ts'],
      outfile: 'dist/extension.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
    },
    cliBundle('src/cli/launch.ts', 'dist/cli.js', { shebang: true }),
    cliBundle('src/cli/main.ts', 'dist/airlock.js', { shebang: false }),
    cliBundle('src/cli/snapshotMain.ts', 'dist/snapshot.js', { shebang: false }),
    cliBundle('src/cli/hookMain.ts', 'dist/hook.js', { shebang: true }),
    cliBundle('src/cli/hookLocal.ts', 'dist/hookLocal.js', { shebang: false }),
  ];
  const webviewEntries = fs.existsSync('src/webview')
    ? fs.readdirSync('src/webview').filter((f) => /^[a-z-]+\.ts$/.test(f)).map((f) => `src/webview/${f}`)
    : [];
  if (webviewEntries.length > 0) {
    builds.push({
      ...common,
      entryPoints: webviewEntries,
      outdir: 'dist/webview',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
    });
  }
  if (tests) {
    builds.push({
      ...common,
      entryPoints: testFiles('test/unit'),
      outbase: '.',
      outdir: 'out',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      packages: 'external',
      plugins: [forbidVscode, reportProblems],
    });
    builds.push({
      ...common,
      entryPoints: ['test/integration/index.ts'],
      outfile: 'out/test/integration/index.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      external: ['vscode', 'mocha'],
    });
  }
  if (bench) {
    builds.push({
      ...common,
      entryPoints: fs.readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).map((f) => `bench/${f}`),
      outdir: 'out/bench',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      plugins: [forbidVscode, reportProblems],
    });
  }
  return builds;
}

/**
 * The shell parser (src/core/shell/parse.ts) loads tree-sitter's runtime and bash grammar as WASM files from next
 * to the bundle (`__dirname`), so dist/extension.js and dist/airlock.js both find them in the VSIX.
 */
function copyShellGrammar() {
  const from = path.dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
  fs.mkdirSync('dist', { recursive: true });
  for (const file of ['tree-sitter.wasm', 'tree-sitter-bash.wasm']) fs.copyFileSync(path.join(from, file), path.join('dist', file));
}

async function main() {
  copyShellGrammar();
  const builds = buildOptions();
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching for changes');
    return;
  }
  const results = await Promise.allSettled(builds.map((b) => esbuild.build(b)));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0) {
    process.exitCode = 1;
    return;
  }
  fs.chmodSync('dist/cli.js', 0o755);
  fs.chmodSync('dist/hook.js', 0o755);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

module.exports = { forbidVscode };
