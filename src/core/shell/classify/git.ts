import { options } from '../args';
import { literalField, type Field } from '../scope';
import { type Classifier, isUrl, readAll } from './common';
import type { CommandContext } from './context';

/** Options before the subcommand: context only (`-C dir`, `-c key=value`, `--git-dir`). */
const globalOpts = options({
  flags: { noPager: ['--no-pager', '-P'], paginate: ['-p', '--paginate'], bare: ['--bare'], noReplace: ['--no-replace-objects'], literal: ['--literal-pathspecs', '--glob-pathspecs', '--noglob-pathspecs', '--icase-pathspecs', '--no-optional-locks'], version: ['--version'], help: ['--help'] },
  values: { C: ['-C'], config: ['-c'], gitDir: ['--git-dir'], workTree: ['--work-tree'], namespace: ['--namespace'], superPrefix: ['--super-prefix'], configEnv: ['--config-env'] },
  optional: { execPath: ['--exec-path'], listCmds: ['--list-cmds'] },
  stopAtOperand: true,
});

/** Configuration keys whose value is a command git runs, or that redirect where code and credentials come from. */
const executingKeys = /^(core\.(hookspath|sshcommand|fsmonitor|pager|editor|askpass|gitproxy|alternaterefsCommand)|credential\..*helper|sequence\.editor|gpg\.(program|.*\.program)|diff\..*\.(textconv|command)|merge\..*\.driver|filter\..*\.(clean|smudge|process)|alias\..*|include\.path|includeif\..*|url\..*\.insteadof|http\.proxy|protocol\..*\.allow|uploadpack\.packobjectshook|remote\..*\.(uploadpack|receivepack)|receive\.procreceiverefs|core\.worktree|safe\.directory)$/i;

function isExecutingConfig(key: string, value: string | undefined): boolean {
  if (!executingKeys.test(key)) return false;
  // Aliases are only commands when they start with `!`.
  if (/^alias\./i.test(key)) return value === undefined || value.trimStart().startsWith('!');
  return true;
}

/** A remote given as a URL or scp-style `host:path` (not a configured remote name). */
function remoteTarget(s: string): string | undefined {
  if (isUrl(s)) return s;
  if (/^[\w.-]+@[\w.-]+:/.test(s) || /^[\w-]+(\.[\w-]+)+:[^/]/.test(s)) return s;
  return undefined;
}

/** An argument of `git checkout` that names files rather than a branch. */
const looksLikePathspec = (s: string): boolean => s === '.' || s.startsWith('./') || s.startsWith('../') || s.startsWith('/') || s.startsWith(':') || /[*?[]/.test(s);

export const git: Classifier = (c) => {
  const g = globalOpts.parse(c.args);
  const [subField, ...rest] = g.operands;
  c.matchArgs = g.operands.map((f) => f.value);
  let cwd = c.cwd;
  for (const dir of g.values('C')) cwd = dir.known ? (cwd === undefined && !dir.value.startsWith('/') ? undefined : c.resolve(dir, cwd).path) : undefined;
  for (const kv of g.values('config')) {
    const eq = kv.value.indexOf('=');
    const key = eq < 0 ? kv.value : kv.value.slice(0, eq);
    if (!kv.known || isExecutingConfig(key, eq < 0 ? undefined : kv.value.slice(eq + 1))) c.find('shell.git-exec-config', `sets ${key} for this git command, which makes git run a command`);
  }
  if (!subField) return void c.find('shell.read-only');
  if (!subField.known) return void c.find('shell.dynamic-command', 'runs a git subcommand that is only known when it runs');
  const sub = subField.value;
  const handler = subcommands[sub];
  if (handler) handler(c, rest, cwd);
  // Unknown subcommands are aliases or `git-<name>` programs: allowed like any unknown command.
};

type Sub = (c: CommandContext, args: readonly Field[], cwd: string | undefined) => void;

const readOnly: Sub = (c) => c.find('shell.read-only');
const devWrite: Sub = (c) => c.find('shell.write', 'changes the repository');

/** Discards apply to the working tree: the paths given, or the whole repository. */
function discard(c: CommandContext, paths: readonly Field[], cwd: string | undefined, rule: 'shell.git-checkout-discard' | 'shell.git-restore' | 'shell.git-reset-hard'): void {
  if (paths.length === 0) c.write(literalField('.'), { recursive: true, ...(cwd ? { cwd } : {}) });
  for (const p of paths) c.write(p, { ...(cwd ? { cwd } : {}), ...(p.value === '.' || p.glob ? { recursive: true } : {}) });
  c.find(rule);
}

const resetOpts = options({ flags: { hard: ['--hard'], soft: ['--soft'], mixed: ['--mixed'], merge: ['--merge'], keep: ['--keep'], q: ['-q', '--quiet', '-p', '--patch', '-N', '--intent-to-add', '--no-refresh', '--refresh'] }, optional: { recurse: ['--recurse-submodules'] }, values: { pathspecFrom: ['--pathspec-from-file'] } });

const checkoutOpts = options({
  flags: { force: ['-f', '--force'], patch: ['-p', '--patch'], ours: ['--ours', '--theirs', '-m', '--merge', '-q', '--quiet', '--progress', '--no-progress', '-l', '--detach', '--ignore-skip-worktree-bits', '--overwrite-ignore', '--no-overwrite-ignore', '--ignore-other-worktrees', '--guess', '--no-guess', '--no-track', '--overlay', '--no-overlay'] },
  values: { b: ['-b'], B: ['-B'], orphan: ['--orphan'], conflict: ['--conflict'], pathspecFrom: ['--pathspec-from-file'] },
  optional: { track: ['-t', '--track'], recurse: ['--recurse-submodules'] },
});

function checkout(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const dashdash = args.findIndex((a) => a.known && a.value === '--');
  const before = dashdash < 0 ? args : args.slice(0, dashdash);
  const paths = dashdash < 0 ? [] : args.slice(dashdash + 1);
  const p = checkoutOpts.parse(before);
  if (p.has('b') || p.has('B') || p.has('orphan')) return void c.find('shell.write', 'creates and switches to a branch');
  if (dashdash >= 0) return discard(c, paths, cwd, 'shell.git-checkout-discard');
  if (p.has('force') || p.has('patch')) return discard(c, p.operands.slice(1), cwd, 'shell.git-checkout-discard');
  const pathLike = p.operands.filter((o) => !o.known || looksLikePathspec(o.value));
  // `git checkout <tree-ish> <paths>`: two or more operands overwrite the paths.
  if (pathLike.length > 0 || p.operands.length > 1) {
    return discard(c, p.operands.length > 1 ? p.operands.slice(1) : pathLike, cwd, 'shell.git-checkout-discard');
  }
  c.find('shell.write', 'switches branches');
}

function restore(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = options({
    flags: { staged: ['-S', '--staged'], worktree: ['-W', '--worktree'], q: ['-q', '--quiet', '-p', '--patch', '--ours', '--theirs', '-m', '--merge', '--overlay', '--no-overlay', '--progress', '--ignore-unmerged', '--ignore-skip-worktree-bits'] },
    values: { source: ['-s', '--source'], conflict: ['--conflict'], pathspecFrom: ['--pathspec-from-file'] },
    optional: { recurse: ['--recurse-submodules'] },
  }).parse(args);
  if (p.has('staged') && !p.has('worktree')) return void c.find('shell.write', 'unstages changes');
  discard(c, p.operands, cwd, 'shell.git-restore');
}

function clean(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = options({
    flags: { force: ['-f', '--force'], dryRun: ['-n', '--dry-run'], dirs: ['-d'], ignored: ['-x'], onlyIgnored: ['-X'], interactive: ['-i', '--interactive'], q: ['-q', '--quiet'] },
    values: { exclude: ['-e', '--exclude'] },
  }).parse(args);
  if (p.has('dryRun') || !p.has('force')) return void c.find('shell.read-only', 'only lists what git clean would delete');
  const targets = p.operands.length > 0 ? p.operands : [literalField('.')];
  for (const t of targets) c.delete(t, { recursive: true, ...(cwd ? { cwd } : {}) });
  c.find('shell.git-clean', p.has('ignored') ? 'deletes untracked and ignored files (including .env and build output)' : undefined);
}

function stash(c: CommandContext, args: readonly Field[]): void {
  const action = args[0]?.value;
  if (action === 'drop' || action === 'clear') return void c.find('shell.git-stash-drop');
  if (action === 'list' || action === 'show') return void c.find('shell.read-only');
  c.find('shell.write', 'stashes or applies changes');
}

function push(c: CommandContext, args: readonly Field[]): void {
  const p = options({
    flags: { force: ['-f', '--force'], mirror: ['--mirror'], del: ['-d', '--delete'], prune: ['--prune'], all: ['--all', '--branches', '--tags', '-u', '--set-upstream', '-n', '--dry-run', '-q', '--quiet', '-v', '--verbose', '--no-verify', '--atomic', '--follow-tags', '--progress', '--porcelain', '-4', '-6'] },
    values: { repo: ['--repo'], receivePack: ['--receive-pack', '--exec'], pushOption: ['-o', '--push-option'] },
    optional: { lease: ['--force-with-lease'], forceIfIncludes: ['--force-if-includes'], signed: ['--signed'], recurse: ['--recurse-submodules'] },
  }).parse(args);
  const [remote, ...refspecs] = p.operands;
  const target = remote?.known ? remoteTarget(remote.value) : undefined;
  if (target) c.fetch(target);
  for (const r of p.values('receivePack')) c.runScript(r.value, r.known, 'git push --receive-pack');
  const forced = p.has('force') || p.has('lease') || p.has('mirror') || p.has('del') || p.has('prune') || refspecs.some((r) => r.value.startsWith('+') || r.value.startsWith(':'));
  if (forced) c.find('shell.git-push-force');
  else c.find('shell.network', 'pushes commits to a remote');
}

function branch(c: CommandContext, args: readonly Field[]): void {
  const p = options({
    flags: { D: ['-D'], del: ['-d', '--delete'], force: ['-f', '--force'], M: ['-M'], C: ['-C'], move: ['-m', '--move'], copy: ['-c', '--copy'], list: ['-l', '--list', '-a', '--all', '-r', '--remotes', '-v', '-vv', '--verbose', '--show-current', '-q', '--no-color', '--column', '--no-column'] },
    values: { contains: ['--contains', '--no-contains', '--merged', '--no-merged', '--points-at', '--sort', '--format', '-u', '--set-upstream-to'] },
    optional: { color: ['--color'], track: ['-t', '--track'], abbrev: ['--abbrev'] },
  }).parse(args);
  if (p.has('D') || (p.has('del') && p.has('force')) || p.has('M') || p.has('C')) return void c.find('shell.git-branch-force-delete', p.has('M') || p.has('C') ? 'overwrites a branch that may not be merged' : undefined);
  if (p.has('del') || p.has('move') || p.has('copy') || (p.operands.length > 0 && !p.has('list'))) return void c.find('shell.write', 'changes branches');
  c.find('shell.read-only');
}

function config(c: CommandContext, args: readonly Field[]): void {
  const p = options({
    flags: { global: ['--global'], system: ['--system'], local: ['--local', '--worktree'], list: ['-l', '--list', '--get', '--get-all', '--get-regexp', '--get-urlmatch', '--show-origin', '--show-scope', '--name-only', '-z', '--null', '--includes', '--no-includes', '-e', '--edit'], unset: ['--unset', '--unset-all', '--remove-section', '--rename-section', '--add', '--replace-all', '--bool', '--int', '--path', '--type'] },
    values: { file: ['-f', '--file'], blob: ['--blob'], default: ['--default'] },
  }).parse(args);
  const ops = p.operands.map((o) => o.value);
  const action = ops[0];
  const readOnlyForm = p.has('list') && !args.some((a) => a.value === '-e' || a.value === '--edit');
  if (readOnlyForm || (ops.length <= 1 && !p.has('unset')) || action === 'get' || action === 'list') {
    if (args.some((a) => a.value === '-e' || a.value === '--edit') || action === 'edit') return void c.find('shell.git-config-tamper', 'opens git configuration in an editor');
    return void c.find('shell.read-only');
  }
  const [key, value] = action === 'set' || action === 'unset' ? [ops[1], ops[2]] : [ops[0], ops[1]];
  const scope = p.has('global') || p.has('system') || p.has('file') ? 'global ' : '';
  if (!key || p.operands.some((o) => !o.known) || isExecutingConfig(key, value)) {
    return void c.find('shell.git-config-tamper', `sets ${scope}git configuration ${key ?? ''} that makes git run commands`.replace(/\s+/g, ' '));
  }
  if (p.has('global') || p.has('system')) return void c.find('shell.write', `changes global git configuration (${key})`);
  c.find('shell.write', `changes git configuration (${key})`);
}

function clone(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = options({
    flags: { f: ['--bare', '--mirror', '-l', '--local', '--no-hardlinks', '-s', '--shared', '-q', '--quiet', '-v', '--verbose', '-n', '--no-checkout', '--single-branch', '--no-single-branch', '--no-tags', '--shallow-submodules', '--sparse', '--progress'] },
    values: { branch: ['-b', '--branch'], origin: ['-o', '--origin'], depth: ['--depth', '--shallow-since', '--shallow-exclude', '--reference', '--reference-if-able', '--separate-git-dir', '--filter', '-j', '--jobs'], template: ['--template'], uploadPack: ['-u', '--upload-pack'], config: ['-c', '--config'] },
    optional: { recurse: ['--recurse-submodules', '--recursive'] },
  }).parse(args);
  const [repo, dir] = p.operands;
  if (repo) {
    const target = repo.known ? remoteTarget(repo.value) : undefined;
    if (target) c.fetch(target);
    else if (!repo.known) c.fetch(repo.value, true);
    else c.read(repo, { recursive: true, ...(cwd ? { cwd } : {}) });
  }
  for (const u of p.values('uploadPack')) c.runScript(u.value, u.known, 'git clone --upload-pack');
  for (const kv of p.values('config')) {
    const eq = kv.value.indexOf('=');
    if (!kv.known || isExecutingConfig(eq < 0 ? kv.value : kv.value.slice(0, eq), eq < 0 ? undefined : kv.value.slice(eq + 1))) c.find('shell.git-exec-config');
  }
  const name = repo?.known ? repo.value.replace(/\/+$/, '').replace(/\.git$/, '').split(/[/:]/).at(-1) : undefined;
  const into = dir ?? (name ? literalField(name) : undefined);
  if (into) c.write(into, { recursive: true, ...(cwd ? { cwd } : {}) });
  c.find('shell.network', 'clones a repository');
}

function remote(c: CommandContext, args: readonly Field[]): void {
  const action = args[0]?.value;
  if (action === 'add' || action === 'set-url') {
    for (const a of args.slice(1)) {
      const t = a.known ? remoteTarget(a.value) : undefined;
      if (t) c.fetch(t);
    }
    return void c.find('shell.write', 'changes git remotes');
  }
  if (action === 'remove' || action === 'rm' || action === 'rename') return void c.find('shell.write', 'changes git remotes');
  if (action === 'show' || action === 'prune' || action === 'update') return void c.find('shell.network', 'contacts git remotes');
  c.find('shell.read-only');
}

/** fetch, pull, ls-remote, submodule update: remotes are reached; URLs given directly go to the network guard. */
const network =
  (what: string): Sub =>
  (c, args) => {
    for (const a of args) {
      const t = a.known ? remoteTarget(a.value) : undefined;
      if (t) c.fetch(t);
      if (a.known && /^--(upload-pack|exec)=/.test(a.value)) c.runScript(a.value.replace(/^--[\w-]+=/, ''), true, 'git --upload-pack');
    }
    c.find('shell.network', what);
  };

function rm(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = options({ flags: { cached: ['--cached'], r: ['-r'], f: ['-f', '--force', '-q', '--quiet', '-n', '--dry-run', '--ignore-unmatch', '--sparse'] }, values: { pathspecFrom: ['--pathspec-from-file'] } }).parse(args);
  if (p.has('cached') || c.args.some((a) => a.value === '-n' || a.value === '--dry-run')) return void c.find('shell.write', 'removes files from the index');
  for (const f of p.operands) c.delete(f, { ...(p.has('r') ? { recursive: true } : {}), ...(cwd ? { cwd } : {}) });
  c.find('shell.write', 'deletes tracked files (recoverable from git)');
}

function mv(c: CommandContext, args: readonly Field[]): void {
  const ops = args.filter((a) => !a.value.startsWith('-'));
  const dest = ops.at(-1);
  if (dest) for (const s of ops.slice(0, -1)) c.rename(s, ops.length > 2 ? { ...dest, value: `${dest.value}/${s.value.split('/').at(-1)}` } : dest);
  c.find('shell.write', 'moves tracked files');
}

function historyRewrite(c: CommandContext, args: readonly Field[], sub: string): void {
  if (sub === 'gc' && !args.some((a) => /^--prune(=now|=all)?$/.test(a.value) || a.value === '--aggressive')) return void c.find('shell.write', 'packs the repository');
  if (sub === 'reflog' && args[0]?.value !== 'expire' && args[0]?.value !== 'delete') return void c.find('shell.read-only');
  if (sub === 'update-ref' && !args.some((a) => a.value === '-d' || a.value === '--stdin')) return void c.find('shell.write', 'moves a ref');
  c.find('shell.git-history-rewrite');
}

function worktree(c: CommandContext, args: readonly Field[]): void {
  const action = args[0]?.value;
  if (action === 'list') return void c.find('shell.read-only');
  if (action === 'remove' && args.some((a) => a.value === '-f' || a.value === '--force')) return void c.find('shell.rm-recursive', 'deletes a worktree with its uncommitted changes');
  if (action === 'add') {
    const dir = args.slice(1).find((a) => !a.value.startsWith('-'));
    if (dir) c.write(dir, { recursive: true });
  }
  c.find('shell.write', 'changes worktrees');
}

function applyPatch(c: CommandContext, args: readonly Field[]): void {
  if (args.some((a) => a.value === '--check' || a.value === '--stat' || a.value === '--numstat' || a.value === '--summary')) return void c.find('shell.read-only');
  readAll(c, args.filter((a) => !a.value.startsWith('-')));
  c.find('shell.write', 'applies a patch');
}

function archive(c: CommandContext, args: readonly Field[]): void {
  const out = args.find((_a, i) => args[i - 1]?.value === '-o' || args[i - 1]?.value === '--output') ?? args.find((a) => a.value.startsWith('--output='));
  if (out) c.write(out.value.startsWith('--output=') ? { ...out, value: out.value.slice(9), pattern: out.value.slice(9) } : out, { truncate: true });
  const remoteArg = args.find((a) => a.value.startsWith('--remote='));
  if (remoteArg) c.fetch(remoteArg.value.slice(9));
  c.find(out ? 'shell.write' : 'shell.read-only', out ? 'writes an archive of the repository' : undefined);
}

function submodule(c: CommandContext, args: readonly Field[]): void {
  const action = args[0]?.value;
  if (action === 'add') {
    const url = args.slice(1).find((a) => !a.value.startsWith('-'));
    const t = url?.known ? remoteTarget(url.value) : undefined;
    if (t) c.fetch(t);
  }
  if (action === 'foreach') {
    const cmd = args.slice(1).filter((a) => a.value !== '--recursive' && a.value !== '-q' && a.value !== '--quiet');
    const text = cmd.map((a) => a.value).join(' ');
    c.runScript(text, cmd.every((a) => a.known), 'git submodule foreach');
  }
  if (action === 'status' || action === 'summary' || action === undefined) return void c.find('shell.read-only');
  c.find('shell.network', 'updates submodules');
}

const subcommands: Record<string, Sub> = {
  status: readOnly,
  log: readOnly,
  diff: readOnly,
  show: readOnly,
  blame: readOnly,
  annotate: readOnly,
  'rev-parse': readOnly,
  'rev-list': readOnly,
  'ls-files': readOnly,
  'ls-tree': readOnly,
  describe: readOnly,
  shortlog: readOnly,
  grep: readOnly,
  'cat-file': readOnly,
  help: readOnly,
  version: readOnly,
  whatchanged: readOnly,
  'show-ref': readOnly,
  'show-branch': readOnly,
  'merge-base': readOnly,
  'name-rev': readOnly,
  'for-each-ref': readOnly,
  'count-objects': readOnly,
  fsck: readOnly,
  'check-ignore': readOnly,
  'check-attr': readOnly,
  'diff-tree': readOnly,
  'diff-files': readOnly,
  'diff-index': readOnly,
  'range-diff': readOnly,
  'verify-commit': readOnly,
  'verify-tag': readOnly,
  'var': readOnly,
  bisect: devWrite,
  add: devWrite,
  commit: devWrite,
  merge: devWrite,
  rebase: devWrite,
  'cherry-pick': devWrite,
  revert: devWrite,
  init: devWrite,
  am: devWrite,
  notes: devWrite,
  tag: (c, args) => c.find(args.length === 0 || args.some((a) => a.value === '-l' || a.value === '--list') ? 'shell.read-only' : 'shell.write', args.length === 0 ? undefined : 'changes tags'),
  switch: (c, args, cwd) =>
    args.some((a) => a.value === '-f' || a.value === '--force' || a.value === '--discard-changes') ? discard(c, [], cwd, 'shell.git-checkout-discard') : c.find('shell.write', 'switches branches'),
  checkout,
  restore,
  reset: (c, args, cwd) => {
    const p = resetOpts.parse(args);
    if (p.has('hard') || p.has('merge')) return discard(c, [], cwd, 'shell.git-reset-hard');
    c.find('shell.write', 'moves HEAD or unstages changes');
  },
  clean,
  stash,
  push,
  branch,
  config,
  clone,
  remote,
  fetch: network('fetches from a remote'),
  pull: network('pulls from a remote'),
  'ls-remote': network('lists refs of a remote'),
  submodule,
  rm,
  mv,
  'filter-branch': (c, a) => historyRewrite(c, a, 'filter-branch'),
  'filter-repo': (c, a) => historyRewrite(c, a, 'filter-repo'),
  reflog: (c, a) => historyRewrite(c, a, 'reflog'),
  gc: (c, a) => historyRewrite(c, a, 'gc'),
  prune: (c, a) => historyRewrite(c, a, 'prune'),
  'update-ref': (c, a) => historyRewrite(c, a, 'update-ref'),
  worktree,
  apply: applyPatch,
  archive,
  'format-patch': (c) => c.find('shell.write', 'writes patch files'),
  send: (c) => c.find('shell.upload'),
  'send-email': (c) => c.find('shell.upload', 'sends patches by email'),
  daemon: (c) => c.find('shell.remote-shell', 'serves the repository on the network'),
  'credential-fill': (c) => c.find('shell.read-only'),
};
