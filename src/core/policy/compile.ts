import type { ActionKind } from '../actions';
import { hostPatternCovers, hostPatternSpecificity, matchHostPattern, parseHostPattern, type HostPattern } from '../network/hostPattern';
import { bestGlobMatch, compileGlob, type PathGlob } from '../paths/glob';
import type { GlobCache } from '../paths/globCache';
import type { Platform } from '../paths/resolve';
import { commandPatternSpecificity, matchCommandPattern, parseCommandPattern, type CommandPattern } from '../shell/commandPattern';
import type { Layer } from '../verdict';
import type { MatcherValidators } from './parse';
import type { Rule, Subject } from './rule';
import type { RuleSpec } from './types';

export interface CompileContext {
  readonly home: string;
  readonly platform: Platform;
  /** Compiled globs kept between processes. */
  readonly globCache?: GlobCache;
}

/** Validators for policy parsing that use the same compilers as matching, so what parses also compiles. */
export function matcherValidators(ctx: CompileContext): MatcherValidators {
  return {
    path: (p) => {
      const r = compileGlob(p, { home: ctx.home, platform: ctx.platform, nocase: true });
      return r.ok ? undefined : r.error;
    },
    host: (p) => {
      const r = parseHostPattern(p);
      return r.ok ? undefined : r.error;
    },
    command: (p) => {
      const r = parseCommandPattern(p);
      return r.ok ? undefined : r.error;
    },
  };
}

const inferredKinds = (spec: RuleSpec): ActionKind[] => [
  ...(spec.paths ? (['read', 'write', 'delete', 'rename'] as const) : []),
  ...(spec.hosts ? (['fetch'] as const) : []),
  ...(spec.commands ? (['exec'] as const) : []),
];

/**
 * Compiles a validated rule. Protective rules (ask, deny) match paths regardless of case and under both the
 * written and the resolved name; allow rules match only the file really touched, with the platform's case rules.
 */
export function compileRule(spec: RuleSpec, layer: Layer, origin: string, ctx: CompileContext): Rule {
  const protective = spec.decision !== 'allow';
  const globs: PathGlob[] | undefined = spec.paths?.map((p) =>
    unwrap(compileGlob(p, { home: ctx.home, platform: ctx.platform, nocase: protective, ...(ctx.globCache ? { cache: ctx.globCache } : {}) }), p),
  );
  const hosts: HostPattern[] | undefined = spec.hosts?.map((h) => unwrap(parseHostPattern(h), h));
  const commands: CommandPattern[] | undefined = spec.commands?.map((c) => unwrap(parseCommandPattern(c), c));
  const kinds = new Set<ActionKind>(spec.kinds ?? inferredKinds(spec));
  const hasMatchers = globs !== undefined || hosts !== undefined || commands !== undefined;
  const prefix = layer === 'workspace' ? 'workspace' : 'user';
  return {
    id: `${prefix}:${spec.id}`,
    layer,
    decision: spec.decision,
    reason: spec.reason ?? `${layer === 'workspace' ? 'Workspace' : 'Your'} rule "${spec.id}" says ${spec.decision}.`,
    kinds,
    origin,
    match(subject: Subject): number | undefined {
      if (!kinds.has(subject.kind)) return undefined;
      if (!hasMatchers) return 0;
      switch (subject.type) {
        case 'path':
          return globs ? bestGlobMatch(globs, subject.path, protective) : undefined;
        case 'network': {
          if (!hosts) return undefined;
          let best: number | undefined;
          for (const h of hosts) {
            // An allow must cover every address the name resolved to; a protection needs only one.
            const hit = protective ? matchHostPattern(h, subject.assessment) : hostPatternCovers(h, subject.assessment);
            if (hit) best = Math.max(best ?? 0, hostPatternSpecificity(h));
          }
          return best;
        }
        case 'command': {
          if (!commands) return undefined;
          let best: number | undefined;
          for (const c of commands) {
            if (matchCommandPattern(c, subject.command)) best = Math.max(best ?? 0, commandPatternSpecificity(c));
          }
          return best;
        }
      }
    },
  };
}

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: string }, source: string): T {
  // Policies are validated before compiling; reaching this is a bug, and throwing makes the caller deny.
  if (!r.ok) throw new Error(`pattern '${source}' did not compile: ${r.error}`);
  return r.value;
}
