import * as os from 'node:os';
import type { Resolver } from '../network/resolve';
import type { GlobCache } from '../paths/globCache';
import { nodeProbe } from '../paths/nodeProbe';
import type { PolicyFile, Preset } from '../policy/types';
import { Engine, type LoadedPolicy } from './engine';
import { gitRunnerWith, nodeEffectFs, nodeGitRunner } from './nodeDeps';
import { thisProcess } from '../host';

export interface NodeEngineOptions {
  readonly roots: readonly string[];
  readonly home: string;
  readonly airlockHome: string;
  readonly preset?: Preset;
  readonly userPolicy?: LoadedPolicy;
  /** One policy per workspace folder that has one; together they form the workspace layer. */
  readonly workspacePolicies: readonly LoadedPolicy[];
  readonly workspaceTrusted: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * The whole environment of the process the decisions are for, when it is not this one (the hook server decides
   * for hook processes): git previews run with it, and its temporary folder counts as one.
   */
  readonly processEnv?: NodeJS.ProcessEnv;
  /** Shared across engines so the DNS cache survives a policy reload. */
  readonly resolver?: Resolver;
  /** Compiled path globs kept between processes. */
  readonly globCache?: GlobCache;
}

/** Merges the policies of a multi-root workspace's folders into the one workspace layer. */
export function mergeWorkspacePolicies(policies: readonly LoadedPolicy[]): LoadedPolicy | undefined {
  if (policies.length === 0) return undefined;
  const preset = policies.map((p) => p.policy.preset).find((p) => p !== undefined);
  const policy: PolicyFile = { ...(preset ? { preset } : {}), rules: policies.flatMap((p) => p.policy.rules) };
  return { file: policies.map((p) => p.file).join(', '), policy };
}

/**
 * The engine over the real machine: the filesystem, DNS, git for effect previews and the bash grammar. Used by
 * the CLI and the extension alike. Without the grammar (a broken install) every command is asked.
 */
export async function createNodeEngine(options: NodeEngineOptions): Promise<Engine> {
  const workspacePolicy = mergeWorkspacePolicies(options.workspacePolicies);
  return new Engine({
    roots: options.roots,
    home: options.home,
    platform: thisProcess.isWindows ? 'win32' : 'posix',
    ...(options.preset ? { preset: options.preset } : {}),
    ...(options.userPolicy ? { userPolicy: options.userPolicy } : {}),
    ...(workspacePolicy ? { workspacePolicy } : {}),
    workspaceTrusted: options.workspaceTrusted,
    probe: nodeProbe,
    // Without one, the engine makes its own resolver with the network guard, on the first fetch.
    ...(options.resolver ? { resolver: options.resolver } : {}),
    // Loaded on the first command only: path and fetch decisions never pay for the grammar.
    shell: async () => (await import('../shell/parse')).loadShellParser(),
    tempDirs: [options.processEnv ? tempDirOf(options.processEnv) : os.tmpdir()],
    airlockHome: options.airlockHome,
    effectFs: nodeEffectFs,
    git: options.processEnv ? gitRunnerWith(options.processEnv) : nodeGitRunner,
    env: options.env,
    ...(options.globCache ? { globCache: options.globCache } : {}),
  });
}

/** The temporary folder a process with this environment uses, as `os.tmpdir()` finds it on POSIX and Windows. */
export function tempDirOf(env: NodeJS.ProcessEnv): string {
  const dir = thisProcess.isWindows ? (env.TEMP ?? env.TMP ?? `${env.SystemRoot ?? env.windir ?? 'C:\\Windows'}\\temp`) : (env.TMPDIR ?? env.TMP ?? env.TEMP ?? '/tmp');
  return dir.length > 1 && (dir.endsWith('/') || (thisProcess.isWindows && dir.endsWith('\\') && !dir.endsWith(':\\'))) ? dir.slice(0, -1) : dir;
}
