/** allow: go ahead; ask: a person must approve; deny: refused. Ordered by strictness. */
export type Decision = 'allow' | 'ask' | 'deny';

const strictness: Record<Decision, number> = { allow: 0, ask: 1, deny: 2 };

export const stricter = (a: Decision, b: Decision): Decision => (strictness[a] >= strictness[b] ? a : b);
export const isStricter = (a: Decision, b: Decision): boolean => strictness[a] > strictness[b];

/** Where the deciding rule lives. `input` and `internal` are fail-closed verdicts for bad input and errors. */
export type Layer = 'floor' | 'preset' | 'user' | 'workspace' | 'session' | 'input' | 'internal';

export type Risk = 'low' | 'medium' | 'high' | 'critical';

/** What an action would touch, shown in the approval prompt and used for targeted snapshots. */
export interface Effects {
  /** Absolute paths the action would delete, overwrite or truncate. */
  readonly paths?: readonly string[];
  /** Files below recursive targets, counted up to a cap. */
  readonly fileCount?: number;
  /** True when the count hit the cap. */
  readonly truncated?: boolean;
  /** Network targets with the addresses they resolved to. */
  readonly hosts?: readonly { readonly host: string; readonly addresses: readonly string[] }[];
  /** Free-form lines, e.g. what `git clean -n` would remove. */
  readonly notes?: readonly string[];
}

export interface Verdict {
  readonly decision: Decision;
  /** The id of the rule that decided, e.g. `floor.system-write` or `user:allow-dev-server`. */
  readonly rule: string;
  readonly layer: Layer;
  /** One sentence a person understands. */
  readonly reason: string;
  readonly risk?: Risk;
  readonly effects?: Effects;
}

/** The strictest of several verdicts (the first on a tie); a deny when there are none. */
export function strictestVerdict(verdicts: readonly Verdict[]): Verdict {
  let best: Verdict | undefined;
  for (const v of verdicts) if (!best || isStricter(v.decision, best.decision)) best = v;
  return best ?? { decision: 'deny', rule: 'internal.no-verdict', layer: 'internal', reason: 'Nothing decided this action, so it is denied.' };
}
