import * as path from 'node:path';
import type { Effects } from '../verdict';
import { countFiles, expandGlob, type EffectFs } from './glob';
import type { AnalyzedCommand, ShellAnalysis } from './types';

export type { EffectFs } from './glob';

/** Runs `git` read-only (the caller's spawn); returns stdout, or undefined when git fails. */
export type GitRunner = (args: string[], cwd: string) => string | undefined;

export interface PreviewOptions {
  readonly fs: EffectFs;
  readonly git?: GitRunner;
  /** At most this many files are counted and listed. */
  readonly cap?: number;
}

const destructiveGit = new Set(['shell.git-reset-hard', 'shell.git-checkout-discard', 'shell.git-restore', 'shell.git-clean', 'shell.git-stash-drop', 'shell.git-push-force', 'shell.git-branch-force-delete']);

/**
 * What a line's destructive commands would touch, for the approval prompt and targeted snapshots: the concrete
 * files and folders (globs expanded against the real file system), how many files lie below recursive targets,
 * and what git says would be lost. Reads only; git runs through the injected runner with dry-run arguments.
 */
export function previewEffects(analysis: ShellAnalysis, options: PreviewOptions): Effects {
  const cap = options.cap ?? 10_000;
  const fs = options.fs;
  const paths = new Set<string>();
  const notes: string[] = [];
  let fileCount = 0;
  let truncated = false;
  const counted = new Set<string>();

  const touch = (p: string, recursive: boolean): void => {
    let stat;
    try {
      if (!fs.existsSync(p)) return;
      stat = fs.lstatSync(p);
    } catch {
      return;
    }
    if (paths.size < cap) paths.add(p);
    else truncated = true;
    if (counted.has(p)) return;
    counted.add(p);
    if (stat.isDirectory() && !stat.isSymbolicLink()) {
      if (!recursive) return;
      const n = countFiles(p, fs, Math.max(1, cap - fileCount));
      fileCount += n.count;
      truncated ||= n.truncated;
    } else fileCount++;
    if (fileCount >= cap) truncated = true;
  };

  for (const cmd of analysis.commands) {
    for (const e of cmd.effects) {
      const destructive = e.kind === 'delete' || (e.kind === 'write' && e.truncate) || (e.kind === 'write' && cmd.findings.some((f) => f.category === 'destructive'));
      if (!destructive || !e.path) continue;
      if (e.unknown) {
        notes.push(`${cmd.name || 'the command'} ${e.kind === 'delete' ? 'deletes' : 'overwrites'} ${e.path}, which is only known when it runs`);
        continue;
      }
      // With git at hand, git itself lists what a discard or clean loses; the folder would only count every file.
      if (cmd.findings.some((f) => destructiveGit.has(f.rule)) && (options.git || e.kind === 'write')) continue;
      const targets = e.glob ? expandGlob(e.path, fs, cap) : [e.path];
      if (e.glob && targets.length === 0) notes.push(`${e.path} matches nothing`);
      for (const t of targets) touch(t, e.recursive === true);
    }
    if (options.git) gitNotes(cmd, options.git, notes, (p) => touch(p, false));
  }
  return {
    ...(paths.size > 0 ? { paths: [...paths] } : {}),
    ...(paths.size > 0 || fileCount > 0 ? { fileCount } : {}),
    ...(truncated ? { truncated: true } : {}),
    ...(notes.length > 0 ? { notes: notes.slice(0, 200) } : {}),
  };
}

function gitCwd(cmd: AnalyzedCommand): string | undefined {
  let cwd = cmd.cwd;
  for (let i = 1; i < cmd.argv.length; i++) {
    if (cmd.argv[i] === '-C' && cmd.argv[i + 1] !== undefined) cwd = cwd === undefined ? undefined : path.posix.resolve(cwd, cmd.argv[++i]!);
    else if (!cmd.argv[i]!.startsWith('-')) break;
  }
  return cwd;
}

/** Lines of git output, trimmed, without empties. */
const lines = (out: string | undefined): string[] => (out ?? '').split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');

function gitNotes(cmd: AnalyzedCommand, git: GitRunner, notes: string[], touch: (p: string) => void): void {
  const rule = cmd.findings.find((f) => destructiveGit.has(f.rule))?.rule;
  const cwd = gitCwd(cmd);
  if (!rule || cwd === undefined || cmd.name !== 'git') return;
  const args = cmd.matchArgs.slice(1);
  const top = git(['rev-parse', '--show-toplevel'], cwd)?.trim();
  const changes = (pathspec: readonly string[]): void => {
    const status = lines(git(['status', '--porcelain=v1', '--untracked-files=no', '--', ...pathspec], cwd));
    if (status.length === 0) return void notes.push('git: no uncommitted changes would be lost');
    notes.push(`git: uncommitted changes to ${status.length} file(s) would be lost:`);
    for (const l of status.slice(0, 50)) {
      notes.push(`  ${l}`);
      if (top) touch(path.posix.join(top, l.slice(3).replace(/^.* -> /, '')));
    }
  };
  switch (rule) {
    case 'shell.git-reset-hard': {
      changes([]);
      const target = args.find((a) => !a.startsWith('-'));
      if (target) {
        const lost = lines(git(['log', '--oneline', `${target}..HEAD`], cwd));
        if (lost.length > 0) notes.push(`git: ${lost.length} commit(s) would leave the branch (still in the reflog): ${lost.slice(0, 5).join('; ')}`);
      }
      return;
    }
    case 'shell.git-checkout-discard':
    case 'shell.git-restore': {
      const dd = args.indexOf('--');
      const pathspec = dd >= 0 ? args.slice(dd + 1) : args.filter((a) => !a.startsWith('-')).slice(rule === 'shell.git-checkout-discard' && args.filter((a) => !a.startsWith('-')).length > 1 ? 1 : 0);
      return changes(pathspec);
    }
    case 'shell.git-clean': {
      // Same selection as the real command, but `-n`: git only lists.
      const flags = args.filter((a) => a !== '--force' && a !== '--interactive' && a !== '-i').map((a) => (/^-[a-zA-Z]+$/.test(a) ? a.replace(/[fi]/g, '') : a)).filter((a) => a !== '-');
      const listed = lines(git(['clean', '-n', ...flags], cwd)).map((l) => l.replace(/^Would remove /, ''));
      notes.push(listed.length === 0 ? 'git clean: nothing to remove' : `git clean would remove ${listed.length} item(s)`);
      for (const l of listed.slice(0, 50)) notes.push(`  ${l}`);
      for (const l of listed) touch(path.posix.join(cwd, l.replace(/\/$/, '')));
      return;
    }
    case 'shell.git-stash-drop': {
      const stashes = lines(git(['stash', 'list'], cwd));
      const which = args.includes('clear') ? stashes : stashes.filter((s) => s.startsWith(args.find((a) => a.startsWith('stash@')) ?? 'stash@{0}'));
      notes.push(which.length === 0 ? 'git: no stash would be dropped' : `git: would drop ${which.length} stash(es): ${which.slice(0, 5).join('; ')}`);
      return;
    }
    case 'shell.git-push-force': {
      const lost = lines(git(['log', '--oneline', 'HEAD..@{upstream}'], cwd));
      notes.push(lost.length === 0 ? 'git: the remote branch has no commits that the push would drop' : `git: ${lost.length} commit(s) on the remote branch would be overwritten: ${lost.slice(0, 5).join('; ')}`);
      return;
    }
    case 'shell.git-branch-force-delete': {
      const branch = args.filter((a) => !a.startsWith('-')).at(-1);
      if (!branch) return;
      const unmerged = lines(git(['log', '--oneline', branch, '--not', 'HEAD'], cwd));
      notes.push(unmerged.length === 0 ? `git: ${branch} is merged into HEAD` : `git: ${unmerged.length} commit(s) of ${branch} are not in HEAD: ${unmerged.slice(0, 5).join('; ')}`);
      return;
    }
  }
}
