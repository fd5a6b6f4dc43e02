import type { ActionKind } from '../actions';
import { bestSetMatch, compileGlob, globSet, type GlobSet, type PathGlob } from '../paths/glob';
import type { GlobCache } from '../paths/globCache';
import * as places from '../paths/places';
import { isInside, toSlashes, type Platform } from '../paths/resolve';
import type { Decision, Layer, Risk } from '../verdict';
import type { PathSubject, Rule, Subject } from './rule';
import type { Preset } from './types';
import { per } from './per';

export interface BuiltinContext {
  readonly home: string;
  readonly platform: Platform;
  /** Real paths of the workspace roots. */
  readonly roots: readonly string[];
  /** Extra temporary folders (the OS's own, e.g. from os.tmpdir()). */
  readonly tempDirs: readonly string[];
  /** Airlock's user folder: its store, trail and user policy. */
  readonly airlockHome: string;
  /** Compiled globs kept between processes. */
  readonly globCache?: GlobCache;
}

type Where = 'anywhere' | 'inside' | 'outside' | 'outside-or-home-workspace' | 'outside-or-system-workspace';

/** One row of the built-in table: decisions per preset, over path globs and/or a predicate. */
export interface BuiltinPathRule {
  readonly id: string;
  readonly kinds: readonly ActionKind[];
  readonly decisions: Readonly<Record<Preset, Decision>>;
  readonly reason: string;
  readonly risk: Risk;
  readonly where: Where;
  /** Globs that must match (absent: the rule applies to every path in `where`). */
  readonly globs?: (ctx: BuiltinContext) => readonly string[];
  /** Exceptions loosen the rule, so they count only for the file really touched, never for a link's name. */
  readonly except?: (ctx: BuiltinContext) => readonly string[];
  /** Exceptions that count for the name as written too: kernel-provided names (`/dev/stdout`) nobody can plant. */
  readonly exceptAsWritten?: (ctx: BuiltinContext) => readonly string[];
  /** Match only the file really touched: a rule looser than what it displaces must not be reached through a link. */
  readonly realOnly?: boolean;
  /** An extra condition on the subject. */
  readonly when?: (s: PathSubject, ctx: BuiltinContext) => boolean;
  /** Specificity when there are no globs: ranks catch-alls below anything glob-based. */
  readonly rank?: number;
}

const M: ActionKind[] = ['write', 'delete', 'rename'];
/** Removing a workspace folder or what holds it outranks any place rule (a workspace in /tmp is still a workspace). */
const aboveAnyGlob = 10_000_000;
const all = (d: Decision): Record<Preset, Decision> => ({ strict: d, balanced: d, permissive: d });


/** The floor: denied in every preset, whatever the user's or workspace's rules say. */
export const floorPathRules: readonly BuiltinPathRule[] = [
  {
    id: 'floor.system-write',
    kinds: M,
    decisions: all('deny'),
    reason: 'Agents may not write, delete or rename in operating-system folders.',
    risk: 'critical',
    where: 'outside-or-system-workspace',
    globs: () => places.systemFolders,
    except: () => places.systemExceptions,
    exceptAsWritten: () => places.streamDevices,
  },
  {
    id: 'floor.root-or-home',
    kinds: M,
    decisions: all('deny'),
    reason: 'Agents may not delete, rename or overwrite the filesystem root or the home folder itself.',
    risk: 'critical',
    where: 'anywhere',
    when: (s, ctx) => s.path.real === '/' || s.path.real === ctx.home || /^[A-Za-z]:\\?$/.test(s.path.real),
    rank: 1,
  },
  {
    id: 'floor.airlock-store',
    kinds: M,
    decisions: all('deny'),
    reason: "Agents may not change Airlock's own store, trail or user policy.",
    risk: 'critical',
    where: 'anywhere',
    globs: (ctx) => [ctx.airlockHome],
  },
  {
    id: 'floor.symlink-escape',
    kinds: M,
    decisions: all('deny'),
    reason: 'The path goes through a symbolic link that leads out of the workspace.',
    risk: 'critical',
    where: 'anywhere',
    when: (s) => s.path.escapes,
    rank: 1,
  },
];

/** The presets' defaults. Catch-alls rank lowest, so a named place always beats them. */
export const presetPathRules: readonly BuiltinPathRule[] = [
  {
    id: 'preset.workspace-read',
    kinds: ['read'],
    decisions: all('allow'),
    reason: 'Reading a file in the workspace.',
    risk: 'low',
    where: 'inside',
    rank: 1,
  },
  {
    id: 'preset.workspace-write',
    kinds: ['write', 'rename'],
    decisions: all('allow'),
    reason: 'Editing a file in the workspace (restorable from its snapshot).',
    risk: 'low',
    where: 'inside',
    rank: 1,
  },
  {
    id: 'preset.workspace-delete',
    kinds: ['delete'],
    decisions: per('ask', 'allow', 'allow'),
    reason: 'Deleting a single file in the workspace (restorable from its snapshot).',
    risk: 'low',
    where: 'inside',
    rank: 1,
  },
  {
    id: 'preset.recursive-delete',
    kinds: ['delete'],
    decisions: per('ask', 'ask', 'allow'),
    reason: 'Deleting a folder with everything in it.',
    risk: 'high',
    where: 'inside',
    when: (s) => s.recursive,
    rank: 2,
  },
  {
    id: 'preset.restorable-delete',
    kinds: ['delete'],
    decisions: per('ask', 'allow', 'allow'),
    reason: 'Deleting a folder in the workspace that Airlock snapshots first (restorable).',
    risk: 'medium',
    where: 'inside',
    when: (s) => s.recursive && s.restorable === true,
    rank: 3,
  },
  {
    id: 'preset.build-output-delete',
    kinds: ['delete'],
    decisions: per('ask', 'allow', 'allow'),
    reason: 'Deleting dependencies, build output or a cache in the workspace (a command rebuilds it).',
    risk: 'low',
    where: 'inside',
    when: (s) => s.recursive && isBuildOutput(s.path.relative ?? ''),
    rank: 4,
  },
  {
    id: 'preset.workspace-root',
    kinds: ['delete', 'rename'],
    decisions: per('deny', 'deny', 'ask'),
    reason: 'Deleting or moving a whole workspace folder.',
    risk: 'critical',
    where: 'inside',
    when: (s) => s.path.relative === '',
    rank: aboveAnyGlob,
  },
  {
    id: 'preset.workspace-ancestor',
    kinds: ['delete', 'rename'],
    decisions: per('deny', 'deny', 'ask'),
    reason: 'Deleting or moving a folder that contains a workspace folder.',
    risk: 'critical',
    where: 'outside',
    when: (s, ctx) => ctx.roots.some((r) => isInside(r, s.path.real, ctx.platform)),
    rank: aboveAnyGlob,
  },
  {
    id: 'preset.secret-read',
    kinds: ['read'],
    decisions: per('deny', 'ask', 'allow'),
    reason: 'Reading a secret file (environment, key or credentials file).',
    risk: 'high',
    where: 'inside',
    globs: () => places.workspaceSecrets,
    except: () => places.workspaceSecretTemplates,
  },
  {
    id: 'preset.execution-config',
    kinds: M,
    decisions: per('deny', 'ask', 'ask'),
    reason: "Changing a file that can make tools or agents run code or widen an agent's permissions.",
    risk: 'high',
    where: 'inside',
    globs: () => places.executionConfig,
  },
  {
    id: 'preset.vcs-internals',
    kinds: M,
    decisions: all('ask'),
    reason: 'Changing version-control internals directly, not through the VCS.',
    risk: 'high',
    where: 'inside',
    globs: () => places.vcsInternals,
  },
  {
    id: 'preset.outside-read',
    kinds: ['read'],
    decisions: per('ask', 'ask', 'allow'),
    reason: 'Reading a file outside the workspace.',
    risk: 'medium',
    where: 'outside',
    rank: 0,
  },
  {
    id: 'preset.outside-write',
    kinds: M,
    decisions: per('deny', 'ask', 'ask'),
    reason: 'Writing, deleting or renaming outside the workspace.',
    risk: 'high',
    where: 'outside',
    rank: 0,
  },
  {
    id: 'preset.temp',
    kinds: ['read', ...M],
    decisions: per('ask', 'allow', 'allow'),
    reason: 'Using a temporary folder.',
    risk: 'low',
    where: 'outside',
    globs: (ctx) => [...places.tempFolders, ...ctx.tempDirs],
    realOnly: true,
    when: isScratch,
  },
  {
    id: 'preset.temp-root',
    kinds: ['delete', 'rename'],
    decisions: all('ask'),
    reason: 'Deleting or moving a whole temporary folder (other programs keep their files there).',
    risk: 'high',
    where: 'outside',
    when: (s, ctx) => [...places.tempFolders, ...ctx.tempDirs].some((t) => toSlashes(t).replace(/\/+$/, '') === toSlashes(s.path.real)),
    rank: aboveAnyGlob,
  },
  {
    id: 'preset.ssh-write',
    kinds: M,
    decisions: all('deny'),
    reason: "Changing SSH keys or settings (authorized_keys lets anyone holding a key log in as you).",
    risk: 'critical',
    where: 'anywhere',
    when: (s) => places.isSshPath(toSlashes(s.path.real)) || places.isSshPath(toSlashes(s.path.lexical)),
    rank: aboveAnyGlob,
  },
  {
    id: 'preset.scheduled-persistence',
    kinds: M,
    decisions: all('deny'),
    reason: 'Changing what runs on a schedule or at login (cron, at, launchd, systemd user units, autostart).',
    risk: 'critical',
    where: 'anywhere',
    globs: () => places.scheduledJobs,
  },
  {
    id: 'preset.stream-device',
    kinds: ['read', 'write'],
    decisions: all('allow'),
    reason: 'Reading or writing the null device or a standard stream.',
    risk: 'low',
    where: 'outside',
    globs: () => places.streamDevices,
  },
  {
    id: 'preset.home-config',
    kinds: M,
    decisions: per('deny', 'deny', 'ask'),
    reason: 'Changing your home configuration (dotfiles, shell start-up, agent and editor settings).',
    risk: 'critical',
    where: 'outside-or-home-workspace',
    globs: () => places.homeConfig,
  },
  {
    id: 'preset.credential-read',
    kinds: ['read'],
    decisions: per('deny', 'deny', 'ask'),
    reason: 'Reading a credential store, keyring or shell history.',
    risk: 'critical',
    where: 'anywhere',
    globs: () => places.credentialStores,
    except: () => places.credentialExceptions,
  },
];

/** Compiles built-in rows into rules for one context and preset. */
export function compileBuiltin(
  rows: readonly BuiltinPathRule[],
  layer: Layer,
  preset: Preset,
  ctx: BuiltinContext,
): Rule[] {
  return rows.map((row) => {
    // Compiled when the rule is first reached: a hook process decides one action and reaches a few rules, while
    // compiling every built-in glob up front costs about 30 ms.
    let compiled: { globs: GlobSet; except: GlobSet; exceptAsWritten: GlobSet } | undefined;
    const sets = () =>
      (compiled ??= {
        globs: globSet(compileAll(row.globs?.(ctx) ?? [], ctx)),
        except: globSet(row.except ? compileAll(row.except(ctx), ctx) : []),
        exceptAsWritten: globSet(row.exceptAsWritten ? compileAll(row.exceptAsWritten(ctx), ctx) : []),
      });
    const kinds = new Set(row.kinds);
    return {
      id: row.id,
      layer,
      decision: row.decisions[preset],
      reason: row.reason,
      risk: row.risk,
      kinds,
      origin: 'built-in',
      match(subject: Subject): number | undefined {
        if (subject.type !== 'path' || !kinds.has(subject.kind)) return undefined;
        if (!placeMatches(row.where, subject, ctx)) return undefined;
        if (row.when && !row.when(subject, ctx)) return undefined;
        if (row.globs === undefined) return row.rank ?? 0;
        const { globs, except, exceptAsWritten } = sets();
        const m = bestSetMatch(globs, subject.path, !row.realOnly);
        if (m === undefined) return undefined;
        if (bestSetMatch(except, subject.path, false) !== undefined || bestSetMatch(exceptAsWritten, subject.path, true) !== undefined) {
          return undefined;
        }
        return m;
      },
    };
  });
}

/**
 * Folders that a command recreates, decided one by one: dependency folders reinstalled from the lock file
 * (node_modules, bower_components, jspm_packages, .pnpm-store), build output (dist, build, out, target, .next,
 * .nuxt, .svelte-kit, .output, .angular, DerivedData) and tool caches (.cache, .turbo, .parcel-cache, coverage,
 * .nyc_output, __pycache__, .pytest_cache, .mypy_cache, .ruff_cache, .tox, .nox, .gradle, .dart_tool).
 * Not listed: `.venv`/`venv` (packages installed by hand are not in any lock file), `.terraform` (it holds the
 * backend's state settings), `vendor` (often committed, hand-patched code), `bin`/`lib` (source in many projects).
 */
const buildOutput = new Set([
  'node_modules', 'bower_components', 'jspm_packages', '.pnpm-store', 'dist', 'build', 'out', 'target', '.next',
  '.nuxt', '.svelte-kit', '.output', '.angular', 'DerivedData', '.cache', '.turbo', '.parcel-cache', 'coverage',
  '.nyc_output', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.gradle', '.dart_tool',
]);

/** A workspace-relative path that is, or lies in, a build or dependency folder. */
export function isBuildOutput(relative: string): boolean {
  return relative !== '' && relative.split('/').some((seg) => buildOutput.has(seg));
}

/**
 * A temporary folder is scratch space only where it is no one's home and holds no workspace: a home or workspace
 * in /tmp (containers, CI runners) keeps all its protections.
 */
function isScratch(s: PathSubject, ctx: BuiltinContext): boolean {
  const p = s.path.real;
  if (isInside(p, ctx.home, ctx.platform) || isInside(ctx.home, p, ctx.platform)) return false;
  return !ctx.roots.some((r) => isInside(r, p, ctx.platform));
}

function compileAll(sources: readonly string[], ctx: BuiltinContext): PathGlob[] {
  return sources.map((source) => {
    const glob = compileGlob(source, { home: ctx.home, platform: ctx.platform, nocase: true, ...(ctx.globCache ? { cache: ctx.globCache } : {}) });
    if (!glob.ok) throw new Error(`built-in glob ${source}: ${glob.error}`);
    return glob.value;
  });
}

function placeMatches(where: Where, s: PathSubject, ctx: BuiltinContext): boolean {
  switch (where) {
    case 'anywhere':
      return true;
    case 'inside':
      return s.path.root !== undefined;
    case 'outside':
      return s.path.root === undefined;
    case 'outside-or-home-workspace':
      return s.path.root === undefined || isInside(ctx.home, s.path.root, ctx.platform);
    case 'outside-or-system-workspace':
      // A workspace opened at `/` or at a system folder itself does not make that folder writable.
      return s.path.root === undefined || s.path.root === '/' || places.systemFolders.includes(toSlashes(s.path.root));
  }
}
