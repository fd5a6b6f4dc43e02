// What git's classifiers share: its executing configuration keys, remotes, option parsing, the forms that discard work.
import { options, type OptionSpec, type ParsedArgs } from '../args';
import { literalField, type Field } from '../scope';
import { isUrl } from './common';
import type { CommandContext } from './context';

/**
 * Configuration keys whose value is a command git (or a program it starts) runs, or that redirect where code,
 * hooks, credentials or traces come from (git-config(1)). Harmless keys such as `core.quotePath` stay out.
 */
export const executingKeys = new RegExp(
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

export function isExecutingConfig(key: string, value: string | undefined): boolean {
  if (!executingKeys.test(key)) return false;
  // Aliases run a program only when they start with `!`; the others are expanded as git commands.
  if (/^alias\./i.test(key)) return value === undefined || value.trimStart().startsWith('!');
  // `pager.<cmd>` is also a boolean switch.
  if (/^pager\./i.test(key)) return value === undefined || !/^(true|false|yes|no|on|off|1|0)?$/i.test(value.trim());
  return true;
}

/** `-c key=value` settings of this command line, keys lower-cased; a key without `=` is `true`. */
export type LineConfig = ReadonlyMap<string, string>;

export function splitSetting(text: string): [key: string, value: string | undefined] {
  const eq = text.indexOf('=');
  return eq < 0 ? [text, undefined] : [text.slice(0, eq), text.slice(eq + 1)];
}

/** A remote given as a URL or scp-style `[user@]host:path` (a configured remote's name cannot hold a `:`). */
export function remoteTarget(s: string): string | undefined {
  if (isUrl(s)) return s;
  if (/^[A-Za-z]:[\\/]/.test(s) || s.startsWith('ext::') || s.startsWith('fd::')) return undefined;
  return /^(?:[^@/:]+@)?(?:\[[^\]/]+\]|[^/:[\]]+):/.test(s) ? s : undefined;
}

/** git-remote-ext(1): words split at unescaped spaces; `% ` is a space, `%%` a percent, `%s`/`%S` the service. */
export function extCommand(text: string): string[] {
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
export const localRepo = (s: string): boolean => s.startsWith('/') || s.startsWith('./') || s.startsWith('../') || s === '.' || s === '..';

/** The repository argument of fetch, pull, push, ls-remote: a URL goes to the network guard. */
export function contactRemote(c: CommandContext, repo: Field | undefined): 'url' | 'path' | 'name' | 'none' {
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
export const looksLikePathspec = (s: string): boolean => s === '.' || s.startsWith('./') || s.startsWith('../') || s.startsWith('/') || s.startsWith(':') || /[*?[]/.test(s);

export type Sub = (c: CommandContext, args: readonly Field[], cwd: string | undefined, settings: LineConfig) => void;

export const readOnly: Sub = (c) => c.find('shell.read-only');
export const devWrite: Sub = (c) => c.find('shell.write', 'changes the repository');

export interface GitParsed extends ParsedArgs {
  /** `-h`, `--help`, or an option git does not define: parse-options stops before anything happens. */
  readonly refused?: string;
}

/**
 * git's parse-options over a table that is complete from `git <sub> --help-all`. A spelling is refused only when
 * it can be nothing git accepts: not a prefix of a long option, of its `--no-` form, or of the form without `no-`.
 */
export function gitOptions(spec: OptionSpec): { parse(args: readonly Field[]): GitParsed } {
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

export function refusedForm(c: CommandContext, spelling: string): void {
  if (spelling === '-h' || spelling === '--help' || spelling === '--help-all') return void c.find('shell.read-only', 'only shows help');
  c.find('shell.read-only', `is refused by git (it has no option ${spelling}), so nothing changes`);
}

/** Values of an option spelled out in full (`--output=f`, `--output f`, `-o f`, `-of`), up to `--`. */
export function optionValues(args: readonly Field[], longs: readonly string[], short?: string): Field[] {
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
export function discard(c: CommandContext, paths: readonly Field[], cwd: string | undefined, rule: 'shell.git-checkout-discard' | 'shell.git-restore' | 'shell.git-reset-hard', what?: string): void {
  if (paths.length === 0) c.write(literalField('.'), { recursive: true, ...(cwd ? { cwd } : {}) });
  for (const p of paths) c.write(p, { ...(cwd ? { cwd } : {}), ...(p.value === '.' || p.glob ? { recursive: true } : {}) });
  c.find(rule, what);
}

export const unknownArg = 'an argument is only known when it runs, and it could be an option that discards changes';

/** `-b`/`-B` style moves: an existing branch is reset to another commit, so its own commits are only in the reflog. */
export function branchMove(c: CommandContext, name: Field | undefined): void {
  c.find('shell.git-branch-force-delete', `moves branch ${name?.value ?? ''} even if it exists, which may leave its commits unreachable`.replace(/\s+/g, ' '));
}
/** git diff options that write: `--output=<file>` (full name only: every prefix is also one of `--output-indicator-*`). */
export function diffOutput(c: CommandContext, args: readonly Field[], cwd: string | undefined): boolean {
  const files = optionValues(args, ['--output']);
  for (const f of files) c.write(f, { truncate: true, ...(cwd ? { cwd } : {}) });
  return files.length > 0;
}

/** log, show, diff-tree and the other commands that take diff options: read-only unless `--output` writes. */
export const diffReader: Sub = (c, args, cwd) => {
  if (diffOutput(c, args, cwd)) return void c.find('shell.write', 'writes its output to a file');
  c.find('shell.read-only');
};
