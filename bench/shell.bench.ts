// Shell analysis benchmark: p50/p99 per command over generated agent commands (warm), cold start in a fresh
// process, and the size the grammar adds to the bundle. Run: node esbuild.js --bench && node out/bench/shell.bench.js
// Writes bench/results/shell.json. The generated commands are only analysed, never run.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { analyzeCommand } from '../src/core/shell/analyze';
import { loadShellParser, locateGrammarFile, type ShellParser } from '../src/core/shell/parse';
import { rng } from './stats';

const ctx = { cwd: '/work/project', home: '/home/dev', env: { USER: 'dev' } };

/** Commands shaped like what coding agents send: tests, builds, git, searches, edits, the odd risky one. */
export function generateCommands(count: number, seed = 42): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const n = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const dirs = ['src', 'src/core', 'src/vscode', 'test/unit', 'packages/api/src', 'lib', 'scripts', 'docs', 'app/models', 'internal/server'];
  const files = ['src/index.ts', 'src/core/policy.ts', 'package.json', 'README.md', 'tsconfig.json', 'app/models/user.py', 'cmd/main.go', 'src/lib.rs', 'test/unit/a.test.ts', 'Makefile'];
  const exts = ['ts', 'js', 'py', 'go', 'rs', 'md', 'json'];
  const words = ['fix', 'add', 'remove', 'refactor', 'update', 'handle', 'parse', 'guard', 'retry', 'cache', 'rm -rf usage', 'git reset --hard'];
  const msg = (): string => `${pick(words)} ${pick(words)} in ${pick(dirs)}`;
  const heredocScript = (): string =>
    Array.from({ length: n(3, 25) }, (_, i) => pick([`echo step ${i}`, `mkdir -p ${pick(dirs)}/gen${i}`, `cp ${pick(files)} /tmp/out${i}`, `grep -c TODO ${pick(files)} || true`, `export V${i}=$((${i} * 2))`])).join('\n');
  const templates: (() => string)[] = [
    () => pick(['npm test', 'npm run build', 'npm run lint', 'pnpm test', 'yarn build', 'cargo test', 'go test ./...', 'pytest -q', 'make', 'make test']),
    () => `npm test -- ${pick(files)}`,
    () => `cd ${pick(dirs)} && ${pick(['npm test', 'go test ./...', 'pytest -x -q', 'cargo build'])}`,
    () => `npx tsc --noEmit -p . && npx eslint ${pick(dirs)}`,
    () => `python -m pytest ${pick(dirs)} -x -q 2>&1 | tail -n ${n(10, 80)}`,
    () => pick(['git status', 'git status --short', 'git diff', 'git diff --stat', 'git branch --show-current', 'git stash list']),
    () => `git diff ${pick(['HEAD~1', 'main', '--cached'])} -- ${pick(files)}`,
    () => `git log --oneline -n ${n(5, 50)}`,
    () => `git add ${pick(files)} ${pick(files)} && git commit -m "${msg()}"`,
    () => `git commit -m "$(cat <<'EOF'\n${msg()}\n\n${msg()}.\n\nCo-Authored-By: Agent <agent@example.invalid>\nEOF\n)"`,
    () => `git checkout -b feature/${pick(words).replace(/\W+/g, '-')}-${n(1, 999)}`,
    () => `grep -rn "${pick(words)}" ${pick(dirs)} --include='*.${pick(exts)}'`,
    () => `rg -n '${pick(['TODO', 'FIXME', 'console\\.log', 'unwrap\\(\\)', 'rm -rf'])}' ${pick(dirs)}`,
    () => `find ${pick(dirs)} -name '*.${pick(exts)}' -not -path '*/node_modules/*' | head -n ${n(10, 100)}`,
    () => `cat ${pick(files)}`,
    () => `sed -n '${n(1, 50)},${n(51, 200)}p' ${pick(files)}`,
    () => `head -n ${n(20, 200)} ${pick(files)}`,
    () => `ls -la ${pick(dirs)}`,
    () => `wc -l ${pick(dirs)}/*.${pick(exts)}`,
    () => `jq '.${pick(['scripts', 'dependencies', 'version', 'name'])}' package.json`,
    () => `mkdir -p ${pick(dirs)}/${pick(words).replace(/\W+/g, '_')} && touch ${pick(dirs)}/new.${pick(exts)}`,
    () => `cat > ${pick(dirs)}/gen.${pick(exts)} <<'EOF'\n${heredocScript()}\nEOF`,
    () => `bash -c '${heredocScript().replace(/'/g, '').split('\n').slice(0, 4).join('; ')}'`,
    () => `for f in ${pick(dirs)}/*.${pick(exts)}; do echo "$f"; wc -l "$f"; done`,
    () => `curl -s https://api.${pick(['github.com', 'example.com', 'npmjs.org'])}/v1/${pick(words).replace(/\W+/g, '')}`,
    () => `node -e "console.log(require('./package.json').${pick(['version', 'name'])})"`,
    () => `python3 -c 'import json,sys; print(json.load(open("${pick(files)}")))'`,
    () => `echo "${msg()}" >> ${pick(['notes.md', 'CHANGELOG.md', '/tmp/log.txt'])}`,
    () => `rm -rf ${pick(['dist', 'build', 'node_modules/.cache', 'coverage', '/tmp/work'])}`,
    () => `rm -f ${pick(dirs)}/*.${pick(exts)}.orig`,
    () => `docker compose ${pick(['up -d', 'logs --tail 50 api', 'ps', 'down'])}`,
    () => `sudo ${pick(['apt-get install -y jq', 'systemctl restart nginx', 'chown -R dev:dev /srv/app'])}`,
    () => `git ${pick(['reset --hard HEAD~1', 'clean -fd', 'push --force-with-lease', 'checkout -- .', 'stash drop'])}`,
    () => `curl -fsSL https://install.${pick(['example.com', 'tool.dev'])}/setup.sh | ${pick(['sh', 'bash', 'sudo bash'])}`,
    () => `export NODE_ENV=${pick(['test', 'production'])}; ${pick(['npm test', 'npm run build'])} > /tmp/out.log 2>&1; tail -n 20 /tmp/out.log`,
    () => `timeout ${n(10, 300)} ${pick(['npm test', 'pytest', 'go test ./...'])} || echo "timed out"`,
    () => `if [ -f ${pick(files)} ]; then cat ${pick(files)}; else echo missing; fi`,
    () => `ps aux | grep ${pick(['node', 'python', 'java'])} | grep -v grep | awk '{print $2}' | xargs -r kill`,
    // Tools the catalog describes (src/core/shell/catalog): cloud, cluster, infrastructure, databases, forges.
    () => `kubectl ${pick(['get pods -n', 'logs -f deploy/api -n', 'delete pod api-0 -n', 'apply -f k8s/ -n'])} ${pick(['dev', 'staging'])}`,
    () => `terraform -chdir=infra ${pick(['plan -out tf.plan', 'apply -auto-approve', 'state list', 'destroy -target=aws_s3_bucket.logs'])}`,
    () => `aws --profile ${pick(['dev', 'prod'])} ${pick(['s3 ls s3://bucket/', 'ec2 describe-instances --region us-east-1', 's3 rm s3://bucket/tmp --recursive', 'sts get-caller-identity'])}`,
    () => `psql -h localhost -U app -c "${pick(['SELECT count(*) FROM users', 'DELETE FROM sessions WHERE expires < now()', 'DROP TABLE tmp_import'])}"`,
    () => `docker run --rm -v "$PWD":/src -w /src ${pick(['node:20', 'python:3.12', 'golang:1.22'])} ${pick(['npm test', 'pytest -q', 'go test ./...'])}`,
    () => `gh ${pick(['pr list', 'pr view 12 --json title', 'release upload v1.2.0 dist/app.tgz', 'run view --log'])}`,
    () => `${pick(['mytool', 'acmectl', './bin/ops'])} ${pick(['status', 'sync --dry-run', 'purge --all', 'report --out out/r.txt'])}`,
  ];
  return Array.from({ length: count }, () => pick(templates)());
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function fileSize(p: string): number {
  return fs.statSync(p).size;
}

/** The JS runtime of web-tree-sitter as the bundles carry it, minified. */
function runtimeJsBytes(): number | undefined {
  try {
    const out = esbuild.buildSync({ stdin: { contents: "export * from '@vscode/tree-sitter-wasm';", resolveDir: process.cwd() }, bundle: true, minify: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
    return out.outputFiles[0]!.contents.length;
  } catch {
    return undefined;
  }
}

async function cold(): Promise<void> {
  // performance.now() counts from process start: this is the whole cold path a hook invocation pays.
  const start = performance.now();
  const parser = await loadShellParser();
  const loaded = performance.now();
  analyzeCommand('git status && npm test', ctx, parser);
  const done = performance.now();
  console.log(JSON.stringify({ processStartToLoadedMs: loaded, loadMs: loaded - start, firstAnalysisMs: done - loaded, processStartToFirstResultMs: done }));
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function main(): Promise<void> {
  if (process.argv.includes('--cold')) return cold();
  const commands = generateCommands(Number(process.env.SHELL_BENCH_COUNT ?? 2000));
  const parser: ShellParser = await loadShellParser();

  for (let i = 0; i < 3; i++) for (const c of commands) analyzeCommand(c, ctx, parser);
  const rounds = 5;
  const analyze: number[] = [];
  const parse: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const c of commands) {
      parse.push(time(() => parser.parse(c)));
      analyze.push(time(() => analyzeCommand(c, ctx, parser)));
    }
  }
  analyze.sort((a, b) => a - b);
  parse.sort((a, b) => a - b);

  const colds = Array.from({ length: 5 }, () => JSON.parse(execFileSync(process.execPath, [__filename, '--cold'], { encoding: 'utf8' })) as Record<string, number>);
  const median = (k: string): number => colds.map((c) => c[k]!).sort((a, b) => a - b)[2]!;

  const stats = (xs: number[]) => ({ p50: quantile(xs, 0.5), p90: quantile(xs, 0.9), p99: quantile(xs, 0.99), max: xs.at(-1)!, mean: xs.reduce((a, b) => a + b, 0) / xs.length });
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    commands: commands.length,
    rounds,
    warmAnalyzeMs: stats(analyze),
    warmParseOnlyMs: stats(parse),
    coldStartMs: { load: median('loadMs'), firstAnalysis: median('firstAnalysisMs'), processStartToFirstResult: median('processStartToFirstResultMs') },
    bundleBytes: {
      grammarWasm: fileSize(locateGrammarFile('tree-sitter-bash.wasm')),
      runtimeWasm: fileSize(locateGrammarFile('tree-sitter.wasm')),
      runtimeJsMinified: runtimeJsBytes(),
    },
    targetP99UnderOneMs: quantile(analyze, 0.99) < 1,
  };
  const outDir = path.join(process.cwd(), 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'shell.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}

// Only when run as the benchmark itself (the generator is importable).
if (path.basename(process.argv[1] ?? '') === 'shell.bench.js') void main();
