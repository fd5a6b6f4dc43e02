// git subcommands that change or discard the working tree (checkout, switch, restore, reset, clean, stash, rm, mv).
import { literalField, type Field } from '../scope';
import type { CommandContext } from './context';
import { diffReader, branchMove, discard, gitOptions, looksLikePathspec, refusedForm, unknownArg, type LineConfig } from './gitCommon';

const checkoutOpts = gitOptions({
  flags: { force: ['-f', '--force'], patch: ['-p', '--patch'], other: ['-l', '--guess', '--overlay', '-q', '--quiet', '--progress', '-m', '--merge', '-d', '--detach', '--overwrite-ignore', '--ignore-other-worktrees', '-2', '--ours', '-3', '--theirs', '--ignore-skip-worktree-bits', '--pathspec-file-nul'] },
  values: { b: ['-b'], B: ['-B'], orphan: ['--orphan'], conflict: ['--conflict'], pathspecFrom: ['--pathspec-from-file'] },
  optional: { track: ['-t', '--track'], recurse: ['--recurse-submodules'] },
});

export function checkout(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
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

export function switchBranch(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
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

export function restore(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
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

export function reset(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
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

export function clean(c: CommandContext, args: readonly Field[], cwd: string | undefined, settings: LineConfig): void {
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

export function stash(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
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

const rmOpts = gitOptions({
  flags: { cached: ['--cached'], r: ['-r'], force: ['-f', '--force'], dryRun: ['-n', '--dry-run'], other: ['-q', '--quiet', '--ignore-unmatch', '--sparse', '--pathspec-file-nul'] },
  values: { pathspecFrom: ['--pathspec-from-file'] },
});

export function rm(c: CommandContext, args: readonly Field[], cwd: string | undefined): void {
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

export function mv(c: CommandContext, args: readonly Field[]): void {
  const ops = args.filter((a) => !a.value.startsWith('-'));
  const dest = ops.at(-1);
  if (dest) for (const s of ops.slice(0, -1)) c.rename(s, ops.length > 2 ? { ...dest, value: `${dest.value}/${s.value.split('/').at(-1)}` } : dest);
  c.find('shell.write', 'moves tracked files');
}
