import { options } from '../args';
import { catalogEntry } from '../catalog';
import { destroyVerb } from '../catalog/effects';
import type { ShellRuleId } from '../rules';
import type { Field } from '../scope';
import { type Classifier, isUrl } from './common';
import type { CommandContext } from './context';

/** Package sources that are not the default registry: URLs, git remotes, `github:user/repo`. */
function packageSource(a: Field): string | undefined {
  const v = a.value.replace(/^[\w@/.-]+@(?=(https?|git\+|git:))/, '');
  if (isUrl(v)) return v;
  const git = /^git\+(\w+:\/\/.+)$/.exec(v);
  if (git) return git[1];
  if (/^(github|gitlab|bitbucket):/.test(v)) return v.replace(/^github:/, 'github.com/').replace(/^gitlab:/, 'gitlab.com/').replace(/^bitbucket:/, 'bitbucket.org/');
  if (/^git@[\w.-]+:/.test(v)) return v;
  return undefined;
}

/** Registry and index options that point the install somewhere else. */
const indexOptions = /^--?(index-url|extra-index-url|i|registry|find-links|f|source|trusted-host|index)$/;

function install(c: CommandContext, args: readonly Field[], what: string): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const src = a.known ? packageSource(a) : undefined;
    if (src) c.fetch(src);
    const eq = /^(--[\w-]+)=(.*)$/s.exec(a.value);
    if (eq && indexOptions.test(eq[1]!)) c.fetch(eq[2]!, !a.known);
    else if (indexOptions.test(a.value) && args[i + 1]) c.fetch(args[++i]!.value, !args[i]!.known);
    if (/^-r$|^--requirement$|^-c$|^--constraint$/.test(a.value) && args[i + 1]) c.read(args[++i]!);
  }
  c.find('shell.package-install', what);
}

const installVerbs = new Set(['install', 'i', 'add', 'ci', 'update', 'up', 'upgrade', 'isntall', 'in', 'sync', 'get', 'require', 'reinstall', 'dlx', 'link', 'restore']);
const publishVerbs = new Set(['publish', 'push', 'upload', 'release', 'deploy']);

/** npm/pnpm/yarn/bun/pip/cargo/gem/...: installs reach the network and run scripts; publishing uploads. */
export function packageManager(c: CommandContext, tool: string, args: readonly Field[]): void {
  const words = args.filter((a) => !a.value.startsWith('-'));
  const verb = words[0]?.value ?? '';
  if (tool === 'yarn' && words.length === 0) return install(c, args, 'installs the project dependencies');
  if ((tool === 'npm' || tool === 'yarn' || tool === 'pnpm' || tool === 'pip' || tool === 'poetry') && verb === 'config' && ['set', 'edit', 'delete'].includes(words[1]?.value ?? '')) {
    return void c.find('shell.persistence', `changes ${tool} configuration (registries, scripts)`);
  }
  const rest = args.slice(args.indexOf(words[0]!) + 1);
  if (tool === 'yarn' && verb === 'npm') return packageManager(c, 'npm', rest);
  if (runVerbs[tool]?.includes(verb) || (/^(yarn|pnpm|bun)$/.test(tool) && catalogEntry(verb))) {
    return runPackage(c, runVerbs[tool]?.includes(verb) ? rest : args.slice(args.indexOf(words[0]!)));
  }
  const registryChange = registryVerbs[verb];
  if (registryChange && /^(npm|pnpm|yarn|bun|cargo|gem)$/.test(tool)) return void c.find(registryChange[0], registryChange[1]);
  if (publishVerbs.has(verb) && tool !== 'pip' && !(tool === 'npm' && verb === 'deploy')) return void c.find('shell.publish');
  if (tool === 'twine' && verb === 'upload') return void c.find('shell.publish');
  if (installVerbs.has(verb) && !(tool === 'go' && verb !== 'install' && verb !== 'get')) {
    return install(c, args.slice(args.indexOf(words[0]!) + 1), `installs packages with ${tool}`);
  }
  if (tool === 'pip' && (verb === 'download' || verb === 'wheel')) return install(c, args.slice(1), 'downloads packages');
  for (const a of args) {
    const src = a.known ? packageSource(a) : undefined;
    if (src) c.fetch(src);
  }
  if (/^(npm|yarn|pnpm|bun)$/.test(tool)) {
    const script = verb === 'run' || verb === 'run-script' || verb === 'rum' || verb === 'urn' ? words[1] : tool !== 'npm' ? words[0] : undefined;
    if (script && destructiveTarget(c, [script], 'package script')) return;
  }
  c.find('shell.dev-tool', /^(npm|yarn|pnpm|bun)$/.test(tool) ? 'runs a package script' : undefined);
}

/** Subcommands that run a program from the project's packages or environment. */
const runVerbs: Readonly<Record<string, readonly string[]>> = {
  npm: ['exec', 'x'],
  pnpm: ['exec', 'dlx'],
  yarn: ['exec', 'dlx'],
  bun: ['x'],
  poetry: ['run'],
  pipenv: ['run'],
  uv: ['run'],
  pdm: ['run'],
  hatch: ['run'],
  rye: ['run'],
  conda: ['run'],
  mamba: ['run'],
  bundle: ['exec'],
};

/** Registry changes that are not a publish: unpublishing removes what others depend on; tokens are credentials. */
const registryVerbs: Readonly<Record<string, readonly [ShellRuleId, string]>> = {
  unpublish: ['shell.infra-destroy', 'removes a published package from the registry'],
  yank: ['shell.infra-destroy', 'withdraws a published version from the registry'],
  deprecate: ['shell.remote-change', 'deprecates a published package'],
  'dist-tag': ['shell.remote-change', 'changes the tags of a published package'],
  owner: ['shell.remote-change', 'changes who can publish the package'],
  access: ['shell.remote-change', 'changes who can see or publish the package'],
  token: ['shell.credential-print', 'manages registry tokens (and prints new ones)'],
};

const manager =
  (tool: string): Classifier =>
  (c) =>
    packageManager(c, tool, c.args);

/** System package managers: always an install of software for the whole machine. */
const systemPackages: Classifier = (c) => {
  const verb = c.args.find((a) => !a.value.startsWith('-'))?.value ?? '';
  if (/^(install|add|reinstall|upgrade|dist-upgrade|full-upgrade|update|remove|purge|erase|autoremove|-S|-U|-R)$/.test(verb) || c.args.some((a) => /^-S|^-U|^-R/.test(a.value) && c.inv.name === 'pacman')) {
    for (const a of c.args) {
      const src = a.known ? packageSource(a) : undefined;
      if (src) c.fetch(src);
    }
    return void c.find('shell.package-install', `changes system packages with ${c.inv.name}`);
  }
  c.find('shell.read-only');
};

/** Options of npx / `npm exec` before the package: `-p pkg`, `--package=pkg`, `-c 'cmd'`, `-y`. */
const npxOpts = options({
  flags: { yes: ['-y', '--yes', '--no', '-q', '--quiet', '--no-install', '--ignore-existing', '--prefer-offline', '--prefer-online'] },
  values: { pkg: ['-p', '--package'], call: ['-c', '--call'], ws: ['-w', '--workspace', '--registry', '--cache'] },
  stopAtOperand: true,
});

/**
 * npx, pnpx, bunx, `npm exec`, `pnpm dlx`, `pipx run`, `uv run`, `poetry run`, `bundle exec`: run a package's
 * program. A package from a URL runs downloaded code; otherwise the program itself is classified, so
 * `npx prisma migrate reset` is judged as `prisma migrate reset`.
 */
function runPackage(c: CommandContext, args: readonly Field[]): void {
  const p = npxOpts.parse(args);
  for (const call of p.values('call')) c.runScript(call.value, call.known, `${c.inv.name} -c`);
  const [pkg, ...rest] = p.operands;
  for (const f of [...p.values('pkg'), ...(pkg ? [pkg] : [])]) {
    const src = f.known ? packageSource(f) : undefined;
    if (src) {
      c.fetch(src);
      return void c.find('shell.pipe-to-shell', `runs code downloaded from ${src}`);
    }
  }
  if (!pkg) return void c.find('shell.dev-tool', 'runs a package binary');
  // `npx create-app@latest x`: the program is the package's name without its version.
  const program = pkg.known ? pkg.value.replace(/^(@[^/]+\/)?([^@]+)@.*$/, '$1$2').replace(/^@[^/]+\//, '') : pkg.value;
  c.wrapper = true;
  c.runArgv([{ ...pkg, value: program, pattern: program }, ...rest], c.inv.name);
}

const npx: Classifier = (c) => runPackage(c, c.args);

/** A build target or package script whose name says it destroys (`make db-drop`, `npm run reset:all`). */
function destructiveTarget(c: CommandContext, targets: readonly Field[], what: string): boolean {
  for (const t of targets) {
    const verb = t.known && !t.value.includes('=') ? destroyVerb(t.value) : undefined;
    if (verb) {
      c.find('shell.unknown-destructive', `runs the ${what} \`${t.value}\`, whose name says it ${verb}s something Airlock cannot see`);
      return true;
    }
  }
  return false;
}

/** make, just, task: what a target does is in the Makefile; its name is what the line shows. */
const buildRunner: Classifier = (c) => {
  const targets = c.args.filter((a, i) => !a.value.startsWith('-') && !/^-[CfIoWj]$|^--(directory|file|makefile|include-dir|jobs)$/.test(c.args[i - 1]?.value ?? ''));
  if (!destructiveTarget(c, targets, 'target')) c.find('shell.dev-tool');
};

const devTool: Classifier = (c) => c.find('shell.dev-tool');

const devTools = ['cmake', 'ninja', 'meson', 'bazel', 'bazelisk', 'buck', 'buck2', 'tsc', 'tsx', 'ts-node', 'eslint', 'prettier', 'biome', 'jest', 'vitest', 'mocha', 'ava', 'playwright', 'cypress', 'pytest', 'py.test', 'tox', 'nox', 'mypy', 'ruff', 'black', 'flake8', 'pylint', 'isort', 'rustc', 'rustfmt', 'clippy-driver', 'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'ld', 'javac', 'java', 'kotlinc', 'scalac', 'sbt', 'swift', 'swiftc', 'xcodebuild', 'rspec', 'elixir', 'iex', 'erl', 'rebar3', 'stack', 'cabal', 'ghc', 'zig', 'vite', 'webpack', 'esbuild', 'rollup', 'parcel', 'next', 'nuxt', 'turbo', 'nx', 'tsup', 'babel', 'shellcheck', 'shfmt', 'hadolint', 'golangci-lint', 'gofmt', 'goimports', 'phpunit', 'flutter', 'dart', 'dotnet', 'msbuild', 'nvm', 'fnm', 'volta', 'asdf', 'mise', 'pyenv', 'rbenv', 'direnv', 'pre-commit', 'husky', 'lint-staged', 'storybook', 'code', 'cursor', 'codium', 'open', 'xdg-open', 'clear', 'reset', 'tput', 'stty'];

export const packageClassifiers: Record<string, Classifier> = {
  ...Object.fromEntries(devTools.map((t) => [t, devTool])),
  make: buildRunner,
  gmake: buildRunner,
  just: buildRunner,
  task: buildRunner,
  mage: buildRunner,
  npm: manager('npm'),
  pnpm: manager('pnpm'),
  yarn: manager('yarn'),
  pip: manager('pip'),
  pip3: manager('pip'),
  uv: manager('uv'),
  pipx: (c) => {
    if (c.args[0]?.value === 'run') return runPackage(c, c.args.slice(1));
    packageManager(c, 'pipx', c.args);
  },
  poetry: manager('poetry'),
  pipenv: manager('pipenv'),
  conda: manager('conda'),
  mamba: manager('mamba'),
  cargo: manager('cargo'),
  go: manager('go'),
  gem: manager('gem'),
  bundle: manager('bundle'),
  bundler: manager('bundle'),
  composer: manager('composer'),
  brew: manager('brew'),
  apt: systemPackages,
  'apt-get': systemPackages,
  aptitude: systemPackages,
  yum: systemPackages,
  dnf: systemPackages,
  pacman: systemPackages,
  apk: systemPackages,
  zypper: systemPackages,
  snap: systemPackages,
  flatpak: systemPackages,
  port: systemPackages,
  npx,
  pnpx: npx,
  bunx: npx,
};
