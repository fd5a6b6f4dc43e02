import type * as ChildProcess from 'node:child_process';
import * as fs from 'node:fs';
import type { EffectFs, GitRunner } from '../shell/effects';
import { thisProcess } from '../host';

/** The effect preview's view of the real filesystem (reads only). */
export const nodeEffectFs: EffectFs = {
  readdirSync: (p) => fs.readdirSync(p),
  lstatSync: (p) => fs.lstatSync(p),
  existsSync: (p) => fs.existsSync(p),
};

/**
 * Runs git for effect previews (`status`, `clean -n`): read-only arguments only, no optional locks, no pager,
 * no prompts, a short timeout. Returns stdout, or undefined when git fails.
 */
export const nodeGitRunner: GitRunner = (args, cwd) => runGit(args, cwd, thisProcess.env());

/** The same, with the environment of the process the decision is for (the hook server decides for other processes). */
export const gitRunnerWith =
  (env: NodeJS.ProcessEnv): GitRunner =>
  (args, cwd) =>
    runGit(args, cwd, env);

function runGit(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  // Loaded here, not with the engine: most decisions never run git, and a hook process would pay for it on each.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module, loaded on first use
  const { spawnSync } = require('node:child_process') as typeof ChildProcess;
  const r = spawnSync('git', ['--no-pager', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 5_000,
    maxBuffer: 4 * 1024 * 1024,
    env: { ...env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return r.status === 0 ? r.stdout : undefined;
}
