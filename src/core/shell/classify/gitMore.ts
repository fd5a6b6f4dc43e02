// git subcommands that rewrite history, export or send repository content, and talk to credential helpers.
import { options } from '../args';
import { type Field } from '../scope';
import { readAll } from './common';
import type { CommandContext } from './context';
import { diffOutput, diffReader, contactRemote, gitOptions, optionValues, refusedForm, remoteTarget } from './gitCommon';

/** Filters of `git filter-branch` are shell commands run for every commit. */
const filterOptions = ['--env-filter', '--tree-filter', '--index-filter', '--parent-filter', '--msg-filter', '--commit-filter', '--tag-name-filter'];

export function historyRewrite(c: CommandContext, args: readonly Field[], sub: string, cwd: string | undefined): void {
  if (sub === 'gc' && !args.some((a) => /^--prune(=now|=all)?$/.test(a.value) || a.value === '--aggressive')) return void c.find('shell.write', 'packs the repository');
  if (sub === 'reflog' && args[0]?.value !== 'expire' && args[0]?.value !== 'delete') return diffReader(c, args, cwd, new Map());
  if (sub === 'filter-branch') for (const f of optionValues(args, filterOptions)) c.runScript(f.value, f.known, 'git filter-branch');
  c.find('shell.git-history-rewrite');
}

const updateRefOpts = gitOptions({ flags: { d: ['-d'], stdin: ['--stdin'], other: ['--no-deref', '-z', '--create-reflog'] }, values: { m: ['-m'] } });

export function updateRef(c: CommandContext, args: readonly Field[]): void {
  const p = updateRefOpts.parse(args);
  if (p.refused) return refusedForm(c, p.refused);
  if (p.has('d') || p.has('stdin')) return void c.find('shell.git-history-rewrite');
  c.find('shell.git-branch-force-delete', `moves ${p.operands[0]?.value ?? 'a ref'} to another commit, which may leave commits unreachable`);
}

const worktreeRemoveOpts = gitOptions({ flags: { force: ['-f', '--force'] } });

export function worktree(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
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
export function applyPatch(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
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

export function archive(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
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

export function formatPatch(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  const at = cwd ? { cwd } : {};
  diffOutput(c, args, cwd);
  for (const d of optionValues(args, ['--output-directory'], '-o')) c.write(d, { recursive: true, ...at });
  for (const f of optionValues(args, ['--signature-file'])) c.read(f, at);
  c.find('shell.write', 'writes patch files');
}

/** `git bundle create <file>` writes the bundle; the other actions read one. */
export function bundle(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
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
export function credential(c: CommandContext, args: readonly Field[]): void {
  const action = args.find((a) => !a.known || !a.value.startsWith('-'));
  if (!action?.known || action.value === 'fill') {
    c.output = credentialSecret;
    return void c.find('shell.credential-print', 'prints the credential git holds for a host');
  }
  c.find('shell.write', action.value === 'approve' ? 'stores a credential' : 'erases a credential');
}

/** `git credential-<helper> get` prints what that helper stores; `store`/`erase` change it. */
export function credentialHelper(c: CommandContext, args: readonly Field[]): void {
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
export function blame(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  for (const f of optionValues(args, ['--contents'])) c.read(f, cwd ? { cwd } : {});
  c.output = { network: false, decoded: false, reads: true, secrets: c.secretReads() };
  c.find('shell.read-only');
}

/** `git bisect run <cmd>...` runs the command on every step. */
export function bisect(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
  if (args[0]?.value === 'run' && args.length > 1) c.runArgv(args.slice(1), 'git bisect run', cwd === c.cwd ? {} : { cwd: cwd ?? null });
  c.find('shell.write', 'changes the repository');
}

/** `git rebase -x <cmd>` runs the command after every commit it replays. */
export function rebase(c: CommandContext, args: readonly Field[]): void {
  for (const cmd of optionValues(args, ['--exec', '--exe', '--ex'], '-x')) c.runScript(cmd.value, cmd.known, 'git rebase --exec');
  c.find('shell.write', 'changes the repository');
}

/** `git send-email --to-cmd` and friends run programs to find addresses; `--smtp-server=/path` is a program too. */
export function sendEmail(c: CommandContext, args: readonly Field[]): void {
  for (const cmd of optionValues(args, ['--to-cmd', '--cc-cmd', '--header-cmd'])) c.runScript(cmd.value, cmd.known, 'git send-email');
  for (const s of optionValues(args, ['--smtp-server'])) if (!s.known || s.value.startsWith('/')) c.runScript(s.value, s.known, 'git send-email --smtp-server');
  c.find('shell.upload', 'sends patches by email');
}

export function submodule(c: CommandContext, args: readonly Field[]): void {
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
