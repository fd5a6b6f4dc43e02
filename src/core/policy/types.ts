import type { ActionKind } from '../actions';
import type { Decision } from '../verdict';

export type Preset = 'strict' | 'balanced' | 'permissive';
export const presets: readonly Preset[] = ['strict', 'balanced', 'permissive'];

/** A rule as written in a policy file, after validation. */
export interface RuleSpec {
  readonly id: string;
  /** Action kinds the rule applies to; absent means every kind its matchers make sense for. */
  readonly kinds?: readonly ActionKind[];
  /** minimatch globs: workspace-relative, absolute, or starting with `~/`. */
  readonly paths?: readonly string[];
  /** Host patterns: `example.com`, `*.example.com`, `10.0.0.0/8`, `127.0.0.1:3000`, `[::1]:8080`. */
  readonly hosts?: readonly string[];
  /** Command patterns over parsed commands, e.g. `git push --force *`, `rm -r* *`. */
  readonly commands?: readonly string[];
  /**
   * What a tool's result holds: `secret`, `injection`, `hidden-text`, optionally `:kind` (`secret:jwt`). A rule
   * with `outputs` judges results only, and takes no other matcher.
   */
  readonly outputs?: readonly string[];
  readonly decision: Decision;
  /** Shown to the user with the verdict. */
  readonly reason?: string;
}

export interface PolicyFile {
  readonly preset?: Preset;
  readonly rules: readonly RuleSpec[];
}

/** A policy with where it came from, for messages and `explain`. */
export interface LoadedPolicy {
  readonly file: string;
  readonly policy: PolicyFile;
}
