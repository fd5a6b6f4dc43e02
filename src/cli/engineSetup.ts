import * as path from 'node:path';
import { createNodeEngine } from '../core/engine/create';
import type { Engine, LoadedPolicy } from '../core/engine/engine';
import { airlockHomeFor, loadPolicyFile, userPolicyPath, workspacePolicyPath } from '../core/policy/load';
import type { Resolver } from '../core/network/resolve';
import { formatPolicyError } from '../core/policy/parse';
import { presets, type Preset } from '../core/policy/types';
import { UsageError, type CliIo } from './io';

/** The flags every deciding command shares: `--workspace DIR…`, `--policy FILE`, `--preset NAME`. */
export interface EngineFlags {
  readonly workspace?: readonly string[];
  readonly policy?: string;
  readonly preset?: string;
}

export interface CliEngine {
  readonly engine: Engine;
  readonly roots: readonly string[];
  readonly home: string;
  readonly airlockHome: string;
  /** The policy files in force: the user's, then each workspace folder's. */
  readonly policies: readonly LoadedPolicy[];
}

/**
 * Builds the engine a CLI command decides with: the user and workspace policies, the real filesystem, DNS and
 * the shell parser. A bad flag or an unusable policy is a usage error (exit 2) naming the file and the field.
 */
export async function setupEngine(values: EngineFlags, io: CliIo, extra: { readonly resolver?: Resolver } = {}): Promise<CliEngine> {
  const home = io.env.HOME;
  if (!home || !path.isAbsolute(home)) throw new UsageError('HOME must be set to an absolute path');
  if (!values.workspace || values.workspace.length === 0) throw new UsageError('--workspace DIR is required');
  const roots = values.workspace.map((w) => path.resolve(io.cwd, w));
  if (values.preset !== undefined && !presets.includes(values.preset as Preset)) {
    throw new UsageError(`--preset must be one of ${presets.join(', ')}`);
  }
  const platform = process.platform === 'win32' ? 'win32' : 'posix';
  const ctx = { home, platform } as const;
  const airlockHome = airlockHomeFor(io.env, home);
  const userFile = values.policy !== undefined ? path.resolve(io.cwd, values.policy) : userPolicyPath(airlockHome);
  const user = loadPolicyFile(userFile, ctx, values.policy !== undefined);
  if (!user.ok) throw new UsageError(`policy error: ${formatPolicyError(user.error)}`);
  // A multi-root workspace's folders each bring their rules; together they form the workspace layer.
  const workspacePolicies: LoadedPolicy[] = [];
  for (const root of roots) {
    const ws = loadPolicyFile(workspacePolicyPath(root), ctx);
    if (!ws.ok) throw new UsageError(`policy error: ${formatPolicyError(ws.error)}`);
    if (ws.value) workspacePolicies.push(ws.value);
  }
  const engine = await createNodeEngine({
    roots,
    home,
    airlockHome,
    ...(values.preset ? { preset: values.preset as Preset } : {}),
    ...(user.value ? { userPolicy: user.value } : {}),
    workspacePolicies,
    // The CLI has no notion of workspace trust; workspace rules can only tighten, so applying them is safe.
    workspaceTrusted: true,
    env: { HOME: home, ...(io.env.USER ? { USER: io.env.USER } : {}) },
    ...(extra.resolver ? { resolver: extra.resolver } : {}),
  });
  return { engine, roots, home, airlockHome, policies: [...(user.value ? [user.value] : []), ...workspacePolicies] };
}
