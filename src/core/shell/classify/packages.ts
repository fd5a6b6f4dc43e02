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

const installVerbs = new Set(['install', 'i', 'add', 'ci', 'update', 'up', 'upgrade', 'isntall', 'in', 'sync', 'get', 'require', 'reinstall', 'dlx', 'x', 'exec', 'link', 'restore']);
const publishVerbs = new Set(['publish', 'push', 'upload', 'release', 'deploy']);

/** npm/pnpm/yarn/bun/pip/cargo/gem/...: installs reach the network and run scripts; publishing uploads. */
export function packageManager(c: CommandContext, tool: string, args: readonly Field[]): void {
  const words = args.filter((a) => !a.value.startsWith('-'));
  const verb = words[0]?.value ?? '';
  if (tool === 'yarn' && words.length === 0) return install(c, args, 'installs the project dependencies');
  if ((tool === 'npm' || tool === 'yarn' || tool === 'pnpm' || tool === 'pip' || tool === 'poetry') && verb === 'config' && ['set', 'edit', 'delete'].includes(words[1]?.value ?? '')) {
    return void c.find('shell.persistence', `changes ${tool} configuration (registries, scripts)`);
  }
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
  c.find('shell.dev-tool', /^(npm|yarn|pnpm|bun)$/.test(tool) ? 'runs a package script' : undefined);
}

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

/** npx, pnpx, bunx, pipx run: download (if needed) and run a package binary. */
function runPackage(c: CommandContext, args: readonly Field[]): void {
  const pkg = args.find((a) => !a.value.startsWith('-'));
  const src = pkg?.known ? packageSource(pkg) : undefined;
  if (src) {
    c.fetch(src);
    return void c.find('shell.pipe-to-shell', `runs code downloaded from ${src}`);
  }
  c.find('shell.dev-tool', `runs ${pkg?.value ?? 'a package binary'}`);
}

const npx: Classifier = (c) => runPackage(c, c.args);

const devTool: Classifier = (c) => c.find('shell.dev-tool');

const devTools = ['make', 'gmake', 'cmake', 'ninja', 'meson', 'bazel', 'bazelisk', 'buck', 'buck2', 'tsc', 'tsx', 'ts-node', 'eslint', 'prettier', 'biome', 'jest', 'vitest', 'mocha', 'ava', 'playwright', 'cypress', 'pytest', 'py.test', 'tox', 'nox', 'mypy', 'ruff', 'black', 'flake8', 'pylint', 'isort', 'mvn', 'mvnw', 'gradle', 'gradlew', 'rustc', 'rustfmt', 'clippy-driver', 'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'ld', 'javac', 'java', 'kotlinc', 'scalac', 'sbt', 'swift', 'swiftc', 'xcodebuild', 'rake', 'rspec', 'rails', 'mix', 'elixir', 'iex', 'erl', 'rebar3', 'stack', 'cabal', 'ghc', 'zig', 'vite', 'webpack', 'esbuild', 'rollup', 'parcel', 'next', 'nuxt', 'turbo', 'nx', 'lerna', 'tsup', 'babel', 'shellcheck', 'shfmt', 'hadolint', 'golangci-lint', 'gofmt', 'goimports', 'phpunit', 'artisan', 'flutter', 'dart', 'dotnet', 'msbuild', 'nvm', 'fnm', 'volta', 'asdf', 'mise', 'pyenv', 'rbenv', 'direnv', 'pre-commit', 'husky', 'lint-staged', 'storybook', 'changeset', 'semantic-release', 'code', 'cursor', 'codium', 'open', 'xdg-open', 'clear', 'reset', 'tput', 'stty'];

export const packageClassifiers: Record<string, Classifier> = {
  ...Object.fromEntries(devTools.map((t) => [t, devTool])),
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
  twine: manager('twine'),
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
