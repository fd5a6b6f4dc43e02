import * as fs from 'node:fs';
import type { LoadedPolicy } from '../policy/types';
import type { Platform } from '../paths/resolve';
import { loadPolicyFile, loadPolicyValue, userPolicyPath, workspacePolicyPath } from '../policy/load';
import type { PolicyError } from '../policy/parse';
import { err, ok, type Result } from '../result';

/** Where the policies of one guard come from. */
export interface PolicySources {
  readonly home: string;
  readonly platform: Platform;
  readonly airlockHome: string;
  /** The workspace folders; each may hold `.airlock/policy.json`. */
  readonly roots: readonly string[];
  /** Workspace files are read only in a trusted workspace (the CLI has no notion of trust: it passes true). */
  readonly trusted: boolean;
  /** A user policy file named explicitly (`--policy FILE`): it must exist. Default: `<airlockHome>/policy.json`. */
  readonly userFile?: string;
  /** More user rules from elsewhere (the editor's `airlock.userPolicy` setting), added after the file's. */
  readonly extraUser?: { readonly value: unknown; readonly source: string };
}

/** The policy files in force for one guard. */
export interface Policies {
  readonly user?: LoadedPolicy;
  /** One per workspace folder that has one; together they form the workspace layer. */
  readonly workspace: readonly LoadedPolicy[];
}

/**
 * Reads the user's policy (one file for the editor and for hooks deciding alone, so an "Always allow" given in a
 * prompt holds everywhere) and each workspace folder's. An unusable file is an error naming it and the field:
 * a policy never half-loads.
 */
export function loadPolicies(sources: PolicySources): Result<Policies, PolicyError> {
  const ctx = { home: sources.home, platform: sources.platform };
  const fromFile = loadPolicyFile(sources.userFile ?? userPolicyPath(sources.airlockHome), ctx, sources.userFile !== undefined);
  if (!fromFile.ok) return fromFile;
  let user = fromFile.value;
  if (sources.extraUser) {
    const extra = loadPolicyValue(sources.extraUser.value, sources.extraUser.source, ctx);
    if (!extra.ok) return extra;
    user = mergeUserPolicies(user, extra.value);
  }
  const workspace: LoadedPolicy[] = [];
  // Workspace content never weakens the guard, and in an untrusted workspace it is not read at all.
  if (sources.trusted) {
    for (const root of sources.roots) {
      const loaded = loadPolicyFile(workspacePolicyPath(root), ctx);
      if (!loaded.ok) return err(loaded.error);
      if (loaded.value) workspace.push(loaded.value);
    }
  }
  return ok({ ...(user ? { user } : {}), workspace });
}

/**
 * What the policy files look like now (size, mtime and inode, or missing): a guard built from other files than
 * these is out of date. File watchers can lag or miss a change; this cannot.
 */
export function policySignature(sources: PolicySources): string {
  const stamp = (file: string) => {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    return st ? `${st.size}:${st.mtimeMs}:${st.ino}` : '-';
  };
  const user = stamp(sources.userFile ?? userPolicyPath(sources.airlockHome));
  if (!sources.trusted) return `${user}|untrusted`;
  return [user, ...sources.roots.map((root) => stamp(workspacePolicyPath(root)))].join('|');
}

/** The file's rules first, then the other source's; that source's preset, when it names one, else the file's. */
export function mergeUserPolicies(file: LoadedPolicy | undefined, extra: LoadedPolicy): LoadedPolicy {
  if (!file) return extra;
  const preset = extra.policy.preset ?? file.policy.preset;
  return {
    file: `${file.file} and ${extra.file}`,
    policy: { ...(preset ? { preset } : {}), rules: [...file.policy.rules, ...extra.policy.rules] },
  };
}
