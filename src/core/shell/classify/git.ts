import { options, type OptionParser } from '../args';
import { literalField, type Field } from '../scope';
import { type Classifier, isUrl } from './common';
import type { CommandContext } from './context';
import { judgeUnknown } from './unknown';
import { diffOutput, diffReader, branchMove, contactRemote, devWrite, gitOptions, isExecutingConfig, optionValues, readOnly, refusedForm, remoteTarget, splitSetting, type Sub } from './gitCommon';
import { checkout, clean, mv, reset, restore, rm, stash, switchBranch } from './gitWorktree';
import { applyPatch, archive, bisect, blame, bundle, credential, credentialHelper, formatPatch, historyRewrite, rebase, sendEmail, submodule, updateRef, worktree } from './gitMore';

/** Options before the subcommand: context only (`-C dir`, `-c key=value`, `--git-dir`). */
const globalOpts = options({
  flags: { noPager: ['--no-pager', '-P'], paginate: ['-p', '--paginate'], bare: ['--bare'], noReplace: ['--no-replace-objects'], literal: ['--literal-pathspecs', '--glob-pathspecs', '--noglob-pathspecs', '--icase-pathspecs', '--no-optional-locks'], version: ['--version'], help: ['--help'] },
  values: { C: ['-C'], config: ['-c'], gitDir: ['--git-dir'], workTree: ['--work-tree'], namespace: ['--namespace'], superPrefix: ['--super-prefix'], configEnv: ['--config-env'] },
  optional: { execPath: ['--exec-path'], listCmds: ['--list-cmds'] },
  stopAtOperand: true,
});

export const git: Classifier = (c) => {
  const g = globalOpts.parse(c.args);
  const [subField, ...rest] = g.operands;
  c.matchArgs = g.operands.map((f) => f.value);
  let cwd = c.cwd;
  for (const dir of g.values('C')) cwd = dir.known ? (cwd === undefined && !dir.value.startsWith('/') ? undefined : c.resolve(dir, cwd).path) : undefined;
  const config = new Map<string, string>();
  for (const kv of g.values('config')) {
    const [key, value] = splitSetting(kv.value);
    if (kv.known) config.set(key.toLowerCase(), value ?? 'true');
    if (!kv.known || isExecutingConfig(key, value)) c.find('shell.git-exec-config', `sets ${key} for this git command, which makes git run a command`);
  }
  for (const kv of g.values('configEnv')) {
    const [key] = splitSetting(kv.value);
    if (!kv.known || isExecutingConfig(key, undefined)) c.find('shell.git-exec-config', `sets ${key} from an environment variable for this git command, which makes git run a command`);
  }
  for (const dir of g.values('execPath')) {
    if (dir.value !== '' || !dir.known) c.find('shell.git-exec-config', `runs git's own programs from ${dir.value}`);
  }
  if (!subField) return void c.find('shell.read-only');
  if (!subField.known) return void c.find('shell.dynamic-command', 'runs a git subcommand that is only known when it runs');
  const sub = subField.value;
  const builtin = Object.prototype.hasOwnProperty.call(subcommands, sub) ? subcommands[sub] : undefined;
  const alias = config.get(`alias.${sub.toLowerCase()}`);
  if (alias !== undefined && !builtin) return runAlias(c, alias, rest, g.values('C').length > 0 ? (cwd ?? null) : undefined);
  const handler = builtin ?? (sub.startsWith('credential-') ? credentialHelper : undefined);
  // `git <sub> --help` opens the manual; `git <sub> -h` alone prints the usage (every builtin).
  if (handler && (rest[0]?.value === '--help' || (rest.length === 1 && rest[0]!.value === '-h'))) return void c.find('shell.read-only', 'only shows help');
  if (handler) handler(c, rest, cwd, config);
  // Unknown subcommands are aliases or `git-<name>` programs: judged by what their arguments show.
  else judgeUnknown(c, rest, 'subcommand', `git ${sub}`);
};

/** An alias set on this command line: `!` runs the rest as a shell command, otherwise it is a git command. */
function runAlias(c: CommandContext, body: string, args: readonly Field[], cwd: string | null | undefined): void {
  if (body.trimStart().startsWith('!')) {
    const text = [body.trimStart().slice(1), ...args.map((a) => a.value)].join(' ');
    return c.runScript(text, args.every((a) => a.known), 'git alias');
  }
  const words = body.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || /["'\\]/.test(body)) return void c.find('shell.git-exec-config', 'runs an alias whose expansion Airlock does not read');
  c.wrapper = true;
  c.runArgv([literalField('git'), ...words.map(literalField), ...args], 'git alias', cwd === undefined ? {} : { cwd });
}

/** Operands of a diff-like command, roughly: arguments that are not options, plus everything after `--`. */
function looseOperands(args: readonly Field[]): Field[] {
  const dashdash = args.findIndex((a) => a.known && a.value === '--');
  const before = (dashdash < 0 ? args : args.slice(0, dashdash)).filter((a, i, all) => a.known && !a.value.startsWith('-') && !/^--output$/.test(all[i - 1]?.value ?? ''));
  return [...before, ...(dashdash < 0 ? [] : args.slice(dashdash + 1))];
}

/** `git diff --no-index a b` (implied when a path lies outside the repository) reads both files and prints them. */
function diff(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const wrote = diffOutput(c, args, cwd);
  const ops = looseOperands(args);
  const base = cwd ?? c.cwd;
  const outside = (f: Field): boolean => f.known && !f.value.includes(':') && (f.value.startsWith('/') || f.value.startsWith('../') || f.value === '..') && (base === undefined || !c.resolve(f, base).path.startsWith(`${base}/`));
  const noIndex = args.some((a) => a.known && a.value === '--no-index');
  if (noIndex || (ops.length === 2 && ops.some(outside))) {
    for (const f of ops) c.read(f, cwd ? { cwd } : {});
    c.output = { network: false, decoded: false, reads: true, secrets: c.secretReads() };
  }
  c.find(wrote ? 'shell.write' : 'shell.read-only', wrote ? 'writes its output to a file' : undefined);
}

const grepOpts = options({
  flags: { f: ['--cached', '--untracked', '--exclude-standard', '--recurse-submodules', '-v', '--invert-match', '-i', '--ignore-case', '-w', '--word-regexp', '-a', '--text', '-I', '--textconv', '-r', '--recursive', '-E', '--extended-regexp', '-G', '--basic-regexp', '-F', '--fixed-strings', '-P', '--perl-regexp', '-n', '--line-number', '--column', '-h', '-H', '--full-name', '-l', '--files-with-matches', '--name-only', '-L', '--files-without-match', '-z', '--null', '-o', '--only-matching', '-c', '--count', '--break', '--heading', '-p', '--show-function', '-W', '--function-context', '--and', '--or', '--not', '-q', '--quiet', '--all-match', '--ext-grep'], noIndex: ['--no-index'] },
  values: { v: ['--max-depth', '-C', '--context', '-B', '--before-context', '-A', '--after-context', '--threads', '-m', '--max-count'], file: ['-f'], e: ['-e'] },
  optional: { color: ['--color'], pager: ['-O', '--open-files-in-pager'] },
});

/** `git grep -O<pager>` opens the matching files in that program; `--no-index` searches any folder. */
function grep(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = grepOpts.parse(args);
  for (const pager of p.values('pager')) if (pager.value !== '' || !pager.known) c.runScript(pager.value, pager.known, 'git grep --open-files-in-pager');
  if (p.has('noIndex')) {
    const paths = p.has('e') || p.has('file') ? p.operands : p.operands.slice(1);
    for (const f of paths.length > 0 ? paths : [literalField('.')]) c.read(f, { recursive: true, ...(cwd ? { cwd } : {}) });
    c.output = { network: false, decoded: false, reads: true, secrets: c.secretReads() };
  }
  c.find('shell.read-only');
}

/** `git difftool -x <cmd>` runs the command on every pair of files; `--tool` picks a configured tool. */
function difftool(c: CommandContext, args: readonly Field[]): void {
  for (const cmd of optionValues(args, ['--extcmd', '--extcm', '--extc'], '-x')) c.runScript(cmd.value, cmd.known, 'git difftool --extcmd');
  c.find('shell.dev-tool', 'opens a diff tool');
}

const pushOpts = options({
  flags: { force: ['-f', '--force'], mirror: ['--mirror'], del: ['-d', '--delete'], prune: ['--prune'], other: ['--all', '--branches', '--tags', '-u', '--set-upstream', '-n', '--dry-run', '-q', '--quiet', '-v', '--verbose', '--no-verify', '--atomic', '--follow-tags', '--progress', '--porcelain', '--thin', '-4', '--ipv4', '-6', '--ipv6'] },
  values: { repo: ['--repo'], receivePack: ['--receive-pack', '--exec'], pushOption: ['-o', '--push-option'], recurse: ['--recurse-submodules'] },
  optional: { lease: ['--force-with-lease'], forceIfIncludes: ['--force-if-includes'], signed: ['--signed'] },
});

function push(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = pushOpts.parse(args);
  const [first, ...rest] = p.operands;
  const repo = p.value('repo') ?? first;
  const refspecs = p.has('repo') ? p.operands : rest;
  const kind = contactRemote(c, repo);
  if (kind === 'path' && repo) c.write(repo, { recursive: true, ...(cwd ? { cwd } : {}) });
  for (const r of p.values('receivePack')) c.runScript(r.value, r.known, 'git push --receive-pack');
  const forced = p.has('force') || p.has('lease') || p.has('mirror') || p.has('del') || p.has('prune') || refspecs.some((r) => r.value.startsWith('+') || r.value.startsWith(':'));
  if (forced) c.find('shell.git-push-force');
  if (kind === 'url') return void c.find('shell.upload', 'pushes commits to a host given on the command line, not a configured remote');
  if (!forced) c.find('shell.network', 'pushes commits to a remote');
}

const branchOpts = gitOptions({
  flags: { D: ['-D'], del: ['-d', '--delete'], force: ['-f', '--force'], M: ['-M'], C: ['-C'], move: ['-m', '--move'], copy: ['-c', '--copy'], edit: ['--edit-description'], list: ['-l', '--list', '-a', '--all', '-r', '--remotes', '-v', '--verbose', '--show-current'], other: ['-q', '--quiet', '--set-upstream', '--unset-upstream', '--create-reflog', '-i', '--ignore-case', '--recurse-submodules'] },
  values: { filter: ['--contains', '--no-contains', '--with', '--without', '--merged', '--no-merged', '--points-at', '--sort', '--format'], upstream: ['-u', '--set-upstream-to'] },
  optional: { color: ['--color'], track: ['-t', '--track'], abbrev: ['--abbrev'], column: ['--column'] },
});

function branch(c: CommandContext, args: readonly Field[]): void {
  const p = branchOpts.parse(args);
  if (p.refused) return refusedForm(c, p.refused);
  const deleting = p.has('D') || p.has('del');
  const renaming = p.has('M') || p.has('C') || p.has('move') || p.has('copy');
  if (p.has('D') || (p.has('del') && p.has('force'))) return void c.find('shell.git-branch-force-delete');
  if (p.has('M') || p.has('C') || (renaming && p.has('force'))) return void c.find('shell.git-branch-force-delete', 'overwrites a branch that may not be merged');
  if (!deleting && !renaming && p.operands.some((o) => !o.known)) return void c.find('shell.git-branch-force-delete', 'runs git branch with an argument only known when it runs (it could delete or move a branch)');
  if (p.has('force') && !deleting && !renaming && p.operands.length > 0) return branchMove(c, p.operands[0]);
  if (deleting || renaming || p.has('edit') || p.has('upstream') || (p.operands.length > 0 && !p.has('list'))) return void c.find('shell.write', 'changes branches');
  c.find('shell.read-only');
}

function config(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
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
  // `--file <f>` writes a configuration file wherever it is.
  for (const f of p.values('file')) if (f.value !== '-') c.write(f, cwd ? { cwd } : {});
  const [key, value] = action === 'set' || action === 'unset' ? [ops[1], ops[2]] : [ops[0], ops[1]];
  const scope = p.has('global') || p.has('system') || p.has('file') ? 'global ' : '';
  if (!key || p.operands.some((o) => !o.known) || isExecutingConfig(key, value)) {
    return void c.find('shell.git-config-tamper', `sets ${scope}git configuration ${key ?? ''} that makes git run commands`.replace(/\s+/g, ' '));
  }
  if (p.has('global') || p.has('system')) return void c.find('shell.write', `changes global git configuration (${key})`);
  c.find('shell.write', `changes git configuration (${key})`);
}

const cloneOpts = options({
  flags: { f: ['--bare', '--naked', '--mirror', '-l', '--local', '--no-hardlinks', '-s', '--shared', '-q', '--quiet', '-v', '--verbose', '-n', '--no-checkout', '--single-branch', '--no-single-branch', '--no-tags', '--shallow-submodules', '--sparse', '--progress', '--reject-shallow', '--dissociate', '--also-filter-submodules', '--remote-submodules', '-4', '--ipv4', '-6', '--ipv6'] },
  values: { branch: ['-b', '--branch'], origin: ['-o', '--origin'], depth: ['--depth', '--shallow-since', '--shallow-exclude', '--filter', '-j', '--jobs', '--server-option'], reference: ['--reference', '--reference-if-able'], gitDir: ['--separate-git-dir'], template: ['--template'], uploadPack: ['-u', '--upload-pack'], config: ['-c', '--config'], bundle: ['--bundle-uri'] },
  optional: { recurse: ['--recurse-submodules', '--recursive'] },
});

function clone(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = cloneOpts.parse(args);
  const at = cwd ? { cwd } : {};
  const [repo, dir] = p.operands;
  if (repo) {
    const target = repo.known ? remoteTarget(repo.value) : undefined;
    if (target) c.fetch(target);
    else if (!repo.known) c.fetch(repo.value, true);
    else c.read(repo, { recursive: true, ...at });
  }
  for (const u of p.values('uploadPack')) c.runScript(u.value, u.known, 'git clone --upload-pack');
  for (const b of p.values('bundle')) if (b.known && isUrl(b.value)) c.fetch(b.value);
  for (const r of p.values('reference')) c.read(r, { recursive: true, ...at });
  for (const d of p.values('gitDir')) c.write(d, { recursive: true, ...at });
  for (const kv of p.values('config')) {
    const [key, value] = splitSetting(kv.value);
    if (!kv.known || isExecutingConfig(key, value)) c.find('shell.git-exec-config', `sets ${key} in the new repository, which makes git run a command`);
  }
  // Hooks copied from a template folder run during the clone itself (post-checkout).
  for (const t of p.values('template')) c.find('shell.git-exec-config', `installs the hooks of ${t.value}, which run during the clone`);
  const name = repo?.known ? repo.value.replace(/\/+$/, '').replace(/\.git$/, '').split(/[/:]/).at(-1) : undefined;
  const into = dir ?? (name ? literalField(name) : undefined);
  if (into) c.write(into, { recursive: true, ...at });
  c.find('shell.network', 'clones a repository');
}

/** `--template` and the prefixes git accepts for it (no other `git init` option starts with `--t`). */
const templateSpellings = ['--template', '--templat', '--templa', '--templ', '--temp', '--tem', '--te', '--t'];

function init(c: CommandContext, args: readonly Field[]): void {
  for (const t of optionValues(args, templateSpellings)) c.find('shell.git-exec-config', `installs the hooks of ${t.value}, which run on later git commands`);
  c.find('shell.write', 'changes the repository');
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

const fetchOpts = options({
  flags: { multiple: ['-m', '--multiple'], other: ['-v', '--verbose', '-q', '--quiet', '--all', '--set-upstream', '-a', '--append', '--atomic', '-f', '--force', '-t', '--tags', '-n', '--prefetch', '-p', '--prune', '-P', '--prune-tags', '--dry-run', '--write-fetch-head', '-k', '--keep', '-u', '--update-head-ok', '--progress', '--unshallow', '--refetch', '--update-shallow', '-4', '--ipv4', '-6', '--ipv6', '--negotiate-only', '--auto-maintenance', '--auto-gc', '--show-forced-updates', '--write-commit-graph', '--stdin'] },
  values: { uploadPack: ['--upload-pack'], v: ['-j', '--jobs', '--depth', '--shallow-since', '--shallow-exclude', '--deepen', '--submodule-prefix', '--recurse-submodules-default', '--refmap', '-o', '--server-option', '--negotiation-tip', '--filter'] },
  optional: { recurse: ['--recurse-submodules'] },
});

const pullOpts = options({
  flags: { other: ['-v', '--verbose', '-q', '--quiet', '--progress', '-n', '--stat', '--summary', '--squash', '--commit', '--edit', '--ff', '--ff-only', '--verify', '--verify-signatures', '--autostash', '--allow-unrelated-histories', '--all', '-a', '--append', '-f', '--force', '-t', '--tags', '-p', '--prune', '--dry-run', '-k', '--keep', '--unshallow', '--update-shallow', '-4', '--ipv4', '-6', '--ipv6', '--show-forced-updates', '--set-upstream'] },
  values: { uploadPack: ['--upload-pack'], v: ['--cleanup', '-s', '--strategy', '-X', '--strategy-option', '--depth', '--shallow-since', '--shallow-exclude', '--deepen', '--refmap', '-o', '--server-option', '--negotiation-tip'] },
  optional: { o: ['--recurse-submodules', '-r', '--rebase', '--log', '--signoff', '-S', '--gpg-sign', '-j', '--jobs'] },
});

const lsRemoteOpts = options({
  flags: { other: ['-q', '--quiet', '-t', '--tags', '-h', '--heads', '--refs', '--get-url', '--exit-code', '--symref'] },
  values: { uploadPack: ['--upload-pack', '--exec'], v: ['--sort', '-o', '--server-option'] },
});

/** fetch, pull, ls-remote: remotes are reached; URLs given directly go to the network guard; `--upload-pack` runs. */
const network =
  (parser: OptionParser, what: string): Sub =>
  (c, args, cwd) => {
    const p = parser.parse(args);
    const repos = p.has('multiple') ? p.operands : p.operands.slice(0, 1);
    for (const r of repos) {
      const kind = contactRemote(c, r);
      if (kind === 'path') c.read(r, { recursive: true, ...(cwd ? { cwd } : {}) });
    }
    for (const u of p.values('uploadPack')) c.runScript(u.value, u.known, 'git --upload-pack');
    c.find('shell.network', what);
  };

const subcommands: Record<string, Sub> = {
  status: readOnly,
  log: diffReader,
  diff,
  show: diffReader,
  blame,
  annotate: blame,
  'rev-parse': readOnly,
  'rev-list': readOnly,
  'ls-files': readOnly,
  'ls-tree': readOnly,
  describe: readOnly,
  shortlog: readOnly,
  grep,
  'cat-file': readOnly,
  help: readOnly,
  version: readOnly,
  whatchanged: diffReader,
  'show-ref': readOnly,
  'show-branch': readOnly,
  'merge-base': readOnly,
  'name-rev': readOnly,
  'for-each-ref': readOnly,
  'count-objects': readOnly,
  fsck: readOnly,
  'check-ignore': readOnly,
  'check-attr': readOnly,
  'diff-tree': diffReader,
  'diff-files': diffReader,
  'diff-index': diffReader,
  'range-diff': diffReader,
  'verify-commit': readOnly,
  'verify-tag': readOnly,
  'var': readOnly,
  difftool,
  mergetool: devWrite,
  bisect,
  add: devWrite,
  commit: devWrite,
  merge: devWrite,
  rebase,
  'cherry-pick': devWrite,
  revert: devWrite,
  init,
  am: devWrite,
  notes: devWrite,
  tag: (c, args) => c.find(args.length === 0 || args.some((a) => a.value === '-l' || a.value === '--list') ? 'shell.read-only' : 'shell.write', args.length === 0 ? undefined : 'changes tags'),
  switch: switchBranch,
  checkout,
  restore,
  reset,
  clean,
  stash,
  push,
  branch,
  config,
  clone,
  remote,
  fetch: network(fetchOpts, 'fetches from a remote'),
  pull: network(pullOpts, 'pulls from a remote'),
  'ls-remote': network(lsRemoteOpts, 'lists refs of a remote'),
  submodule,
  rm,
  mv,
  'filter-branch': (c, a, cwd) => historyRewrite(c, a, 'filter-branch', cwd),
  'filter-repo': (c, a, cwd) => historyRewrite(c, a, 'filter-repo', cwd),
  reflog: (c, a, cwd) => historyRewrite(c, a, 'reflog', cwd),
  gc: (c, a, cwd) => historyRewrite(c, a, 'gc', cwd),
  prune: (c, a, cwd) => historyRewrite(c, a, 'prune', cwd),
  'update-ref': updateRef,
  worktree,
  apply: applyPatch,
  archive,
  'format-patch': formatPatch,
  bundle,
  credential,
  send: (c) => c.find('shell.upload'),
  'send-email': sendEmail,
  daemon: (c) => c.find('shell.remote-shell', 'serves the repository on the network'),
};
