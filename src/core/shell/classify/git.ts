import { options, type OptionParser, type OptionSpec, type ParsedArgs } from '../args';
import { literalField, type Field } from '../scope';
import { type Classifier, isUrl, readAll } from './common';
import type { CommandContext } from './context';
import { judgeUnknown } from './unknown';

/** Options before the subcommand: context only (`-C dir`, `-c key=value`, `--git-dir`). */
const globalOpts = options({
  flags: { noPager: ['--no-pager', '-P'], paginate: ['-p', '--paginate'], bare: ['--bare'], noReplace: ['--no-replace-objects'], literal: ['--literal-pathspecs', '--glob-pathspecs', '--noglob-pathspecs', '--icase-pathspecs', '--no-optional-locks'], version: ['--version'], help: ['--help'] },
  values: { C: ['-C'], config: ['-c'], gitDir: ['--git-dir'], workTree: ['--work-tree'], namespace: ['--namespace'], superPrefix: ['--super-prefix'], configEnv: ['--config-env'] },
  optional: { execPath: ['--exec-path'], listCmds: ['--list-cmds'] },
  stopAtOperand: true,
});

/**
 * Configuration keys whose value is a command git (or a program it starts) runs, or that redirect where code,
 * hooks, credentials or traces come from (git-config(1)). Harmless keys such as `core.quotePath` stay out.
 */
const executingKeys = new RegExp(
  '^(' +
    [
      'core\\.(hookspath|sshcommand|fsmonitor|pager|editor|askpass|gitproxy|alternaterefscommand|worktree)',
      'alias\\..+',
      'credential\\.(.+\\.)?helper',
      'sequence\\.editor',
      'gpg\\.(.+\\.)?program',
      'gpg\\.ssh\\.defaultkeycommand',
      'diff\\.external',
      'diff\\..+\\.(textconv|command)',
      'merge\\..+\\.driver',
      'filter\\..+\\.(clean|smudge|process)',
      '(difftool|mergetool|man|browser)\\..+\\.(cmd|path)',
      'guitool\\..+\\.cmd',
      '(web|help|instaweb)\\.browser',
      'instaweb\\.httpd',
      'pager\\..+',
      'interactive\\.difffilter',
      'imap\\.tunnel',
      'sendemail\\.((.+\\.)?smtpserver|tocmd|cccmd|headercmd)',
      'submodule\\..+\\.update',
      'include\\.path',
      'includeif\\..+',
      'init\\.templatedir',
      'url\\..+\\.(push)?insteadof',
      '(http|http\\..+|remote\\..+)\\.proxy',
      'protocol\\.(.+\\.)?allow',
      'uploadpack\\.packobjectshook',
      'remote\\..+\\.(uploadpack|receivepack|vcs)',
      'receive\\.procreceiverefs',
      'trace2\\.(normal|perf|event)target',
      'safe\\.directory',
    ].join('|') +
    ')$',
  'i',
);

function isExecutingConfig(key: string, value: string | undefined): boolean {
  if (!executingKeys.test(key)) return false;
  // Aliases run a program only when they start with `!`; the others are expanded as git commands.
  if (/^alias\./i.test(key)) return value === undefined || value.trimStart().startsWith('!');
  // `pager.<cmd>` is also a boolean switch.
  if (/^pager\./i.test(key)) return value === undefined || !/^(true|false|yes|no|on|off|1|0)?$/i.test(value.trim());
  return true;
}

/** `-c key=value` settings of this command line, keys lower-cased; a key without `=` is `true`. */
type LineConfig = ReadonlyMap<string, string>;

function splitSetting(text: string): [key: string, value: string | undefined] {
  const eq = text.indexOf('=');
  return eq < 0 ? [text, undefined] : [text.slice(0, eq), text.slice(eq + 1)];
}

/** A remote given as a URL or scp-style `[user@]host:path` (a configured remote's name cannot hold a `:`). */
function remoteTarget(s: string): string | undefined {
  if (isUrl(s)) return s;
  if (/^[A-Za-z]:[\\/]/.test(s) || s.startsWith('ext::') || s.startsWith('fd::')) return undefined;
  return /^(?:[^@/:]+@)?(?:\[[^\]/]+\]|[^/:[\]]+):/.test(s) ? s : undefined;
}

/** git-remote-ext(1): words split at unescaped spaces; `% ` is a space, `%%` a percent, `%s`/`%S` the service. */
function extCommand(text: string): string[] {
  const words: string[] = [];
  let word = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ' ') {
      if (word !== '') words.push(word);
      word = '';
    } else if (ch === '%' && i + 1 < text.length) {
      const next = text[++i]!;
      word += next === 's' ? 'upload-pack' : next === 'S' ? 'git-upload-pack' : next === 'G' || next === 'V' ? '' : next;
    } else word += ch;
  }
  if (word !== '') words.push(word);
  return words;
}

/** A local repository path rather than a remote name (`../backup`, `/srv/repo.git`). */
const localRepo = (s: string): boolean => s.startsWith('/') || s.startsWith('./') || s.startsWith('../') || s === '.' || s === '..';

/** The repository argument of fetch, pull, push, ls-remote: a URL goes to the network guard. */
function contactRemote(c: CommandContext, repo: Field | undefined): 'url' | 'path' | 'name' | 'none' {
  if (!repo) return 'none';
  if (!repo.known) {
    c.fetch(repo.value, true);
    return 'url';
  }
  // `ext::<command>` runs a command for transport (git refuses it unless protocol.ext.allow says otherwise).
  if (repo.value.startsWith('ext::')) {
    const argv = extCommand(repo.value.slice(5));
    if (argv.length > 0) c.runArgv(argv.map(literalField), 'git ext:: transport');
    return 'url';
  }
  const target = remoteTarget(repo.value);
  if (target) {
    c.fetch(target);
    return 'url';
  }
  return localRepo(repo.value) ? 'path' : 'name';
}

/** An argument of `git checkout` that names files rather than a branch. */
const looksLikePathspec = (s: string): boolean => s === '.' || s.startsWith('./') || s.startsWith('../') || s.startsWith('/') || s.startsWith(':') || /[*?[]/.test(s);

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

type Sub = (c: CommandContext, args: readonly Field[], cwd: string | undefined, settings: LineConfig) => void;

const readOnly: Sub = (c) => c.find('shell.read-only');
const devWrite: Sub = (c) => c.find('shell.write', 'changes the repository');

interface GitParsed extends ParsedArgs {
  /** `-h`, `--help`, or an option git does not define: parse-options stops before anything happens. */
  readonly refused?: string;
}

/**
 * git's parse-options over a table that is complete from `git <sub> --help-all`. A spelling is refused only when
 * it can be nothing git accepts: not a prefix of a long option, of its `--no-` form, or of the form without `no-`.
 */
function gitOptions(spec: OptionSpec): { parse(args: readonly Field[]): GitParsed } {
  const parser = options(spec);
  const longs = [spec.flags, spec.values, spec.optional].flatMap((group) => Object.values(group ?? {}).flat()).filter((s) => s.startsWith('--')).map((s) => s.slice(2));
  const names = longs.flatMap((l) => (l.startsWith('no-') ? [l, l.slice(3)] : [l, `no-${l}`]));
  const accepted = (u: string): boolean => u.startsWith('--') && u !== '--help' && u !== '--help-all' && names.some((n) => n.startsWith(u.slice(2)));
  return {
    parse(args) {
      const p = parser.parse(args);
      const refused = p.unknown.find((u) => !accepted(u));
      return refused === undefined ? p : { ...p, refused };
    },
  };
}

function refusedForm(c: CommandContext, spelling: string): void {
  if (spelling === '-h' || spelling === '--help' || spelling === '--help-all') return void c.find('shell.read-only', 'only shows help');
  c.find('shell.read-only', `is refused by git (it has no option ${spelling}), so nothing changes`);
}

/** Values of an option spelled out in full (`--output=f`, `--output f`, `-o f`, `-of`), up to `--`. */
function optionValues(args: readonly Field[], longs: readonly string[], short?: string): Field[] {
  const out: Field[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.known) continue;
    if (a.value === '--') break;
    const long = longs.find((l) => a.value === l || a.value.startsWith(`${l}=`));
    if (long) {
      const attached = a.value.length > long.length ? a.value.slice(long.length + 1) : undefined;
      const value = attached !== undefined ? { ...a, value: attached, pattern: attached } : args[++i];
      if (value) out.push(value);
    } else if (short && (a.value === short || (a.value.startsWith(short) && !a.value.startsWith('--')))) {
      const attached = a.value.slice(short.length);
      const value = attached !== '' ? { ...a, value: attached, pattern: attached } : args[++i];
      if (value) out.push(value);
    }
  }
  return out;
}

/** Discards apply to the working tree: the paths given, or the whole repository. */
function discard(c: CommandContext, paths: readonly Field[], cwd: string | undefined, rule: 'shell.git-checkout-discard' | 'shell.git-restore' | 'shell.git-reset-hard', what?: string): void {
  if (paths.length === 0) c.write(literalField('.'), { recursive: true, ...(cwd ? { cwd } : {}) });
  for (const p of paths) c.write(p, { ...(cwd ? { cwd } : {}), ...(p.value === '.' || p.glob ? { recursive: true } : {}) });
  c.find(rule, what);
}

const unknownArg = 'an argument is only known when it runs, and it could be an option that discards changes';

/** `-b`/`-B` style moves: an existing branch is reset to another commit, so its own commits are only in the reflog. */
function branchMove(c: CommandContext, name: Field | undefined): void {
  c.find('shell.git-branch-force-delete', `moves branch ${name?.value ?? ''} even if it exists, which may leave its commits unreachable`.replace(/\s+/g, ' '));
}

/** git diff options that write: `--output=<file>` (full name only: every prefix is also one of `--output-indicator-*`). */
function diffOutput(c: CommandContext, args: readonly Field[], cwd: string | undefined): boolean {
  const files = optionValues(args, ['--output']);
  for (const f of files) c.write(f, { truncate: true, ...(cwd ? { cwd } : {}) });
  return files.length > 0;
}

/** log, show, diff-tree and the other commands that take diff options: read-only unless `--output` writes. */
const diffReader: Sub = (c, args, cwd) => {
  if (diffOutput(c, args, cwd)) return void c.find('shell.write', 'writes its output to a file');
  c.find('shell.read-only');
};

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

const checkoutOpts = gitOptions({
  flags: { force: ['-f', '--force'], patch: ['-p', '--patch'], other: ['-l', '--guess', '--overlay', '-q', '--quiet', '--progress', '-m', '--merge', '-d', '--detach', '--overwrite-ignore', '--ignore-other-worktrees', '-2', '--ours', '-3', '--theirs', '--ignore-skip-worktree-bits', '--pathspec-file-nul'] },
  values: { b: ['-b'], B: ['-B'], orphan: ['--orphan'], conflict: ['--conflict'], pathspecFrom: ['--pathspec-from-file'] },
  optional: { track: ['-t', '--track'], recurse: ['--recurse-submodules'] },
});

function checkout(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const dashdash = args.findIndex((a) => a.known && a.value === '--');
  const before = dashdash < 0 ? args : args.slice(0, dashdash);
  const paths = dashdash < 0 ? [] : args.slice(dashdash + 1);
  const p = checkoutOpts.parse(before);
  if (p.refused) return refusedForm(c, p.refused);
  const pathLike = p.operands.filter((o) => !o.known || looksLikePathspec(o.value));
  if (p.has('force')) return discard(c, dashdash >= 0 ? paths : pathLike.length > 0 ? pathLike : p.operands.slice(1), cwd, 'shell.git-checkout-discard', 'throws away local changes (forced checkout)');
  const from = p.value('pathspecFrom');
  if (from) return discard(c, [], cwd, 'shell.git-checkout-discard', `overwrites the files listed in ${from.value} with the committed version`);
  if (dashdash >= 0) return discard(c, paths, cwd, 'shell.git-checkout-discard');
  if (p.has('patch')) return discard(c, pathLike.length > 0 ? pathLike : p.operands.slice(1), cwd, 'shell.git-checkout-discard');
  if (p.has('B')) return branchMove(c, p.value('B'));
  if (p.has('b') || p.has('orphan')) return void c.find('shell.write', 'creates and switches to a branch');
  // `git checkout <tree-ish> <paths>`: two or more operands overwrite the paths.
  if (pathLike.length > 0 || p.operands.length > 1) {
    return discard(c, p.operands.length > 1 ? p.operands.slice(1) : pathLike, cwd, 'shell.git-checkout-discard');
  }
  c.find('shell.write', 'switches branches');
}

const switchOpts = gitOptions({
  flags: { force: ['-f', '--force', '--discard-changes'], other: ['--guess', '-q', '--quiet', '--progress', '-m', '--merge', '-d', '--detach', '--overwrite-ignore', '--ignore-other-worktrees'] },
  values: { create: ['-c', '--create'], C: ['-C', '--force-create'], orphan: ['--orphan'], conflict: ['--conflict'] },
  optional: { track: ['-t', '--track'], recurse: ['--recurse-submodules'] },
});

function switchBranch(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = switchOpts.parse(args);
  if (p.refused) return refusedForm(c, p.refused);
  if (p.has('force')) return discard(c, [], cwd, 'shell.git-checkout-discard', 'throws away local changes (forced switch)');
  if (p.operands.some((o) => !o.known)) return discard(c, [], cwd, 'shell.git-checkout-discard', `may throw away local changes: ${unknownArg}`);
  if (p.has('C')) return branchMove(c, p.value('C'));
  if (p.has('create') || p.has('orphan')) return void c.find('shell.write', 'creates and switches to a branch');
  c.find('shell.write', 'switches branches');
}

const restoreOpts = gitOptions({
  flags: { staged: ['-S', '--staged'], worktree: ['-W', '--worktree'], other: ['--ignore-unmerged', '--overlay', '-q', '--quiet', '--progress', '-m', '--merge', '-2', '--ours', '-3', '--theirs', '-p', '--patch', '--ignore-skip-worktree-bits', '--pathspec-file-nul'] },
  values: { source: ['-s', '--source'], conflict: ['--conflict'], pathspecFrom: ['--pathspec-from-file'] },
  optional: { recurse: ['--recurse-submodules'] },
});

function restore(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = restoreOpts.parse(args);
  if (p.refused) return refusedForm(c, p.refused);
  const unknown = p.operands.some((o) => !o.known);
  if (p.has('staged') && !p.has('worktree') && !unknown) return void c.find('shell.write', 'unstages changes');
  const from = p.value('pathspecFrom');
  if (from) return discard(c, [], cwd, 'shell.git-restore', `discards local changes to the files listed in ${from.value}`);
  discard(c, p.operands, cwd, 'shell.git-restore');
}

const resetOpts = gitOptions({
  flags: { hard: ['--hard'], soft: ['--soft'], mixed: ['--mixed'], merge: ['--merge'], keep: ['--keep'], other: ['-q', '--quiet', '--no-refresh', '-p', '--patch', '-N', '--intent-to-add', '--pathspec-file-nul'] },
  values: { pathspecFrom: ['--pathspec-from-file'] },
  optional: { recurse: ['--recurse-submodules'] },
});

function reset(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = resetOpts.parse(args);
  if (p.refused) return refusedForm(c, p.refused);
  if (p.has('hard')) return discard(c, [], cwd, 'shell.git-reset-hard');
  if (p.has('merge')) return discard(c, [], cwd, 'shell.git-reset-hard', 'resets the index and the changed files, losing staged changes');
  if (p.has('keep')) return discard(c, [], cwd, 'shell.git-reset-hard', 'moves the branch and rewrites the files that differ, leaving later commits only in the reflog');
  const mode = p.has('soft') || p.has('mixed');
  if (!mode && p.operands.some((o) => !o.known)) return discard(c, [], cwd, 'shell.git-reset-hard', `may discard changes: ${unknownArg}`);
  // The pathspec forms (`--pathspec-from-file`, `<paths>`) only reset index entries; the working tree stays.
  c.find('shell.write', p.has('pathspecFrom') ? 'unstages the listed paths' : 'moves HEAD or unstages changes');
}

const cleanOpts = gitOptions({
  flags: { force: ['-f', '--force'], dryRun: ['-n', '--dry-run'], dirs: ['-d'], ignored: ['-x'], onlyIgnored: ['-X'], interactive: ['-i', '--interactive'], q: ['-q', '--quiet'] },
  values: { exclude: ['-e', '--exclude'] },
});

/**
 * git clean removes untracked entries below its paths, never the folder it runs in: `.` is judged as the folder's
 * contents (a pattern, asked like any recursive delete of a pattern), not as a delete of the working tree itself.
 */
const contentsOfCurrent = (t: Field): Field => (t.known && /^\.\/?$/.test(t.value) ? { ...t, value: './*', pattern: './*', glob: true } : t);

function clean(c: CommandContext, args: readonly Field[], cwd: string | undefined, settings: LineConfig): void {
  const p = cleanOpts.parse(args);
  if (p.refused) return refusedForm(c, p.refused);
  if (p.has('dryRun')) return void c.find('shell.read-only', 'only lists what git clean would delete');
  const unknown = p.operands.some((o) => !o.known);
  const requireForce = !/^(false|no|off|0)$/i.test(settings.get('clean.requireforce') ?? 'true');
  if (!p.has('force') && !p.has('interactive') && !unknown && requireForce) return void c.find('shell.read-only', 'is refused by git without -f (clean.requireForce), so nothing is deleted');
  const targets = p.operands.length > 0 ? p.operands : [literalField('.')];
  for (const t of targets) c.delete(contentsOfCurrent(t), { recursive: true, ...(cwd ? { cwd } : {}) });
  c.find('shell.git-clean', p.has('ignored') ? 'deletes untracked and ignored files (including .env and build output)' : undefined);
}

const dropOpts = gitOptions({ flags: { q: ['-q', '--quiet'] } });

function stash(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const first = args[0];
  if (first && !first.known) return void c.find('shell.git-stash-drop', 'runs a stash action that is only known when it runs (it could drop stashes)');
  const action = first?.value;
  if (action === 'drop' || action === 'clear') {
    const p = dropOpts.parse(args.slice(1));
    return p.refused ? refusedForm(c, p.refused) : void c.find('shell.git-stash-drop');
  }
  if (action === 'show') return diffReader(c, args.slice(1), cwd, new Map());
  if (action === 'list') return diffReader(c, args.slice(1), cwd, new Map());
  c.find('shell.write', 'stashes or applies changes');
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

const rmOpts = gitOptions({
  flags: { cached: ['--cached'], r: ['-r'], force: ['-f', '--force'], dryRun: ['-n', '--dry-run'], other: ['-q', '--quiet', '--ignore-unmatch', '--sparse', '--pathspec-file-nul'] },
  values: { pathspecFrom: ['--pathspec-from-file'] },
});

function rm(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = rmOpts.parse(args);
  if (p.refused) return refusedForm(c, p.refused);
  if (p.has('dryRun')) return void c.find('shell.read-only', 'only lists what git rm would remove');
  if (p.has('cached')) return void c.find('shell.write', 'removes files from the index');
  for (const f of p.operands) c.delete(f, { ...(p.has('r') ? { recursive: true } : {}), ...(cwd ? { cwd } : {}) });
  const from = p.value('pathspecFrom');
  const listed = from ? ` listed in ${from.value}` : '';
  // Without -f git refuses files with uncommitted changes, so what it deletes is still in the last commit.
  if (p.has('force') || p.operands.some((o) => !o.known)) return void c.find('shell.git-restore', `deletes tracked files${listed} together with their uncommitted changes`);
  c.find('shell.write', `deletes tracked files${listed} (recoverable from git)`);
}

function mv(c: CommandContext, args: readonly Field[]): void {
  const ops = args.filter((a) => !a.value.startsWith('-'));
  const dest = ops.at(-1);
  if (dest) for (const s of ops.slice(0, -1)) c.rename(s, ops.length > 2 ? { ...dest, value: `${dest.value}/${s.value.split('/').at(-1)}` } : dest);
  c.find('shell.write', 'moves tracked files');
}

/** Filters of `git filter-branch` are shell commands run for every commit. */
const filterOptions = ['--env-filter', '--tree-filter', '--index-filter', '--parent-filter', '--msg-filter', '--commit-filter', '--tag-name-filter'];

function historyRewrite(c: CommandContext, args: readonly Field[], sub: string, cwd: string | undefined): void {
  if (sub === 'gc' && !args.some((a) => /^--prune(=now|=all)?$/.test(a.value) || a.value === '--aggressive')) return void c.find('shell.write', 'packs the repository');
  if (sub === 'reflog' && args[0]?.value !== 'expire' && args[0]?.value !== 'delete') return diffReader(c, args, cwd, new Map());
  if (sub === 'filter-branch') for (const f of optionValues(args, filterOptions)) c.runScript(f.value, f.known, 'git filter-branch');
  c.find('shell.git-history-rewrite');
}

const updateRefOpts = gitOptions({ flags: { d: ['-d'], stdin: ['--stdin'], other: ['--no-deref', '-z', '--create-reflog'] }, values: { m: ['-m'] } });

function updateRef(c: CommandContext, args: readonly Field[]): void {
  const p = updateRefOpts.parse(args);
  if (p.refused) return refusedForm(c, p.refused);
  if (p.has('d') || p.has('stdin')) return void c.find('shell.git-history-rewrite');
  c.find('shell.git-branch-force-delete', `moves ${p.operands[0]?.value ?? 'a ref'} to another commit, which may leave commits unreachable`);
}

const worktreeRemoveOpts = gitOptions({ flags: { force: ['-f', '--force'] } });

function worktree(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const action = args[0]?.value;
  if (action === 'list') return void c.find('shell.read-only');
  if (action === 'remove') {
    const p = worktreeRemoveOpts.parse(args.slice(1));
    if (p.refused) return refusedForm(c, p.refused);
    if (p.has('force')) {
      for (const d of p.operands) c.delete(d, { recursive: true, ...(cwd ? { cwd } : {}) });
      return void c.find('shell.rm-recursive', 'deletes a worktree with its uncommitted changes');
    }
  }
  if (action === 'add') {
    const dir = args.slice(1).find((a, i, all) => !a.value.startsWith('-') && !/^(-b|-B|--reason)$/.test(all[i - 1]?.value ?? ''));
    if (dir) c.write(dir, { recursive: true, ...(cwd ? { cwd } : {}) });
  }
  c.find('shell.write', 'changes worktrees');
}

const applyOpts = options({
  flags: { report: ['--stat', '--numstat', '--summary', '--check'], apply: ['--apply'], unsafe: ['--unsafe-paths'], cached: ['--cached'], other: ['--no-add', '--allow-binary-replacement', '--binary', '--index', '-N', '--intent-to-add', '-3', '--3way', '-z', '--ignore-space-change', '--ignore-whitespace', '-R', '--reverse', '--unidiff-zero', '--reject', '--allow-overlap', '-v', '--verbose', '-q', '--quiet', '--inaccurate-eof', '--recount', '--allow-empty'] },
  values: { v: ['--exclude', '--include', '-p', '-C', '--whitespace'], ancestor: ['--build-fake-ancestor'], directory: ['--directory'] },
});

/** `git apply`: writes what the patch names, below `--directory`; `--unsafe-paths` lifts the work-tree limit. */
function applyPatch(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = applyOpts.parse(args);
  const at = cwd ? { cwd } : {};
  readAll(c, p.operands);
  for (const f of p.values('ancestor')) c.write(f, { truncate: true, ...at });
  if (p.has('report') && !p.has('apply')) return void c.find(p.has('ancestor') ? 'shell.write' : 'shell.read-only');
  if (!p.has('cached')) for (const d of p.values('directory')) c.write(d, { recursive: true, ...at });
  if (p.has('unsafe') && !p.has('cached')) return void c.find('shell.git-apply-unsafe');
  c.find('shell.write', 'applies a patch');
}

const archiveOpts = options({
  flags: { list: ['-l', '--list'], other: ['--worktree-attributes', '-v', '--verbose', '-0', '-1', '-2', '-3', '-4', '-5', '-6', '-7', '-8', '-9'] },
  values: { output: ['-o', '--output'], addFile: ['--add-file'], remote: ['--remote'], exec: ['--exec'], v: ['--format', '--prefix', '--add-virtual-file'] },
});

function archive(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const p = archiveOpts.parse(args);
  const at = cwd ? { cwd } : {};
  for (const f of p.values('addFile')) c.read(f, at);
  const outputs = p.values('output');
  for (const o of outputs) c.write(o, { truncate: true, ...at });
  for (const r of p.values('remote')) contactRemote(c, r);
  for (const e of p.values('exec')) c.runScript(e.value, e.known, 'git archive --exec');
  if (outputs.length === 0) c.output = { network: p.has('remote'), decoded: false, reads: true, secrets: c.secretReads() };
  c.find(outputs.length > 0 ? 'shell.write' : 'shell.read-only', outputs.length > 0 ? 'writes an archive of the repository' : undefined);
}

function formatPatch(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const at = cwd ? { cwd } : {};
  diffOutput(c, args, cwd);
  for (const d of optionValues(args, ['--output-directory'], '-o')) c.write(d, { recursive: true, ...at });
  for (const f of optionValues(args, ['--signature-file'])) c.read(f, at);
  c.find('shell.write', 'writes patch files');
}

/** `git bundle create <file>` writes the bundle; the other actions read one. */
function bundle(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const [action, ...rest] = args;
  const file = rest.find((a) => !a.known || !a.value.startsWith('-'));
  const at = cwd ? { cwd } : {};
  if (action?.value === 'create') {
    if (file && file.value !== '-') c.write(file, { truncate: true, ...at });
    return void c.find('shell.write', 'writes a bundle of the repository');
  }
  if (file) c.read(file, at);
  c.find(action?.value === 'unbundle' ? 'shell.write' : 'shell.read-only', action?.value === 'unbundle' ? 'unpacks a bundle into the repository' : undefined);
}

const credentialSecret = { network: false, decoded: false, reads: true, secrets: ['git credentials'] };

/** `git credential fill` asks the helpers and prints the credential they hold. */
function credential(c: CommandContext, args: readonly Field[]): void {
  const action = args.find((a) => !a.known || !a.value.startsWith('-'));
  if (!action?.known || action.value === 'fill') {
    c.output = credentialSecret;
    return void c.find('shell.credential-print', 'prints the credential git holds for a host');
  }
  c.find('shell.write', action.value === 'approve' ? 'stores a credential' : 'erases a credential');
}

/** `git credential-<helper> get` prints what that helper stores; `store`/`erase` change it. */
function credentialHelper(c: CommandContext, args: readonly Field[]): void {
  const p = options({ values: { v: ['--file', '--timeout', '--socket'] } }).parse(args);
  for (const f of p.values('v')) if (f.known && f.value.includes('/')) c.read(f);
  const action = p.operands[0];
  if (!action?.known || action.value === 'get') {
    c.output = { ...credentialSecret, secrets: [...credentialSecret.secrets, ...c.secretReads()] };
    return void c.find('shell.credential-print', 'prints a credential stored by a git credential helper');
  }
  c.find(action.value === 'store' || action.value === 'erase' ? 'shell.write' : 'shell.read-only', action.value === 'store' || action.value === 'erase' ? 'changes stored credentials' : undefined);
}

/** `git blame --contents <file>` prints that file's lines. */
function blame(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  for (const f of optionValues(args, ['--contents'])) c.read(f, cwd ? { cwd } : {});
  c.output = { network: false, decoded: false, reads: true, secrets: c.secretReads() };
  c.find('shell.read-only');
}

/** `git bisect run <cmd>...` runs the command on every step. */
function bisect(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  if (args[0]?.value === 'run' && args.length > 1) c.runArgv(args.slice(1), 'git bisect run', cwd === c.cwd ? {} : { cwd: cwd ?? null });
  c.find('shell.write', 'changes the repository');
}

/** `git rebase -x <cmd>` runs the command after every commit it replays. */
function rebase(c: CommandContext, args: readonly Field[]): void {
  for (const cmd of optionValues(args, ['--exec', '--exe', '--ex'], '-x')) c.runScript(cmd.value, cmd.known, 'git rebase --exec');
  c.find('shell.write', 'changes the repository');
}

/** `git send-email --to-cmd` and friends run programs to find addresses; `--smtp-server=/path` is a program too. */
function sendEmail(c: CommandContext, args: readonly Field[]): void {
  for (const cmd of optionValues(args, ['--to-cmd', '--cc-cmd', '--header-cmd'])) c.runScript(cmd.value, cmd.known, 'git send-email');
  for (const s of optionValues(args, ['--smtp-server'])) if (!s.known || s.value.startsWith('/')) c.runScript(s.value, s.known, 'git send-email --smtp-server');
  c.find('shell.upload', 'sends patches by email');
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
