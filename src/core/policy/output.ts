import type { OutputFinding, OutputRuleId } from '../output/scan';
import { isStricter, strictestVerdict, type Decision, type Layer, type Risk, type Verdict } from '../verdict';
import type { Preset, RuleSpec } from './types';

/**
 * How a tool's result is judged. The scanners report what they found; these tables decide, per preset, and a
 * policy rule with `outputs` decides instead (`{"id": "…", "outputs": ["secret:jwt"], "decision": "allow"}`).
 *
 * For a result, the decisions mean: **deny**, the result is withheld from the model where the agent lets a hook do
 * that, and otherwise the model is told the result holds a secret or an injection that it must not repeat or
 * follow; **ask**, nobody can be asked about a result the tool already produced, so the result goes through with
 * that warning to the model; **allow**, the result goes through unremarked (the finding is still recorded).
 */

interface OutputRow {
  readonly decisions: Readonly<Record<Preset, Decision>>;
  readonly risk: Risk;
  /** What was found, for the verdict's reason. */
  readonly found: string;
}

export const outputRows: Readonly<Record<OutputRuleId, OutputRow>> = {
  'output.secret': {
    decisions: { strict: 'deny', balanced: 'deny', permissive: 'ask' },
    risk: 'high',
    found: 'a credential',
  },
  'output.injection': {
    decisions: { strict: 'deny', balanced: 'deny', permissive: 'ask' },
    risk: 'high',
    found: 'text aimed at the model (a prompt injection)',
  },
  'output.hidden-text': {
    decisions: { strict: 'deny', balanced: 'ask', permissive: 'ask' },
    risk: 'medium',
    found: 'invisible characters that hide text from you',
  },
};

/** `secret`, `injection`, `hidden-text`, each optionally narrowed to a kind: `secret:jwt`, `injection:fake-turn`. */
export const outputMatcherPattern = /^(secret|injection|hidden-text)(?::([a-z0-9-]{1,40}))?$/;

/** Checks one entry of a rule's `outputs`; an error message, or undefined when it is valid. */
export function checkOutputMatcher(text: string): string | undefined {
  return outputMatcherPattern.test(text)
    ? undefined
    : 'must be "secret", "injection" or "hidden-text", optionally with ":kind" (e.g. "secret:jwt")';
}

/** How specifically a rule's `outputs` names a finding: 2 for its kind, 1 for its rule; undefined when not at all. */
function outputSpecificity(outputs: readonly string[], f: OutputFinding): number | undefined {
  let best: number | undefined;
  for (const o of outputs) {
    const m = outputMatcherPattern.exec(o);
    if (!m || `output.${m[1] ?? ''}` !== f.rule) continue;
    if (m[2] === undefined) best = Math.max(best ?? 0, 1);
    else if (m[2] === f.kind) best = 2;
  }
  return best;
}

/** The policy's rules for results, with the layer they came from. */
export interface OutputPolicy {
  readonly preset: Preset;
  readonly user: readonly RuleSpec[];
  /** Applied only in a trusted workspace; they can only make a decision stricter. */
  readonly workspace: readonly RuleSpec[];
}

interface Pick {
  readonly spec: RuleSpec;
  readonly specificity: number;
}

function winner(specs: readonly RuleSpec[], f: OutputFinding): Pick | undefined {
  let best: Pick | undefined;
  for (const spec of specs) {
    if (!spec.outputs) continue;
    const specificity = outputSpecificity(spec.outputs, f);
    if (specificity === undefined) continue;
    if (!best || specificity > best.specificity || (specificity === best.specificity && isStricter(spec.decision, best.spec.decision))) {
      best = { spec, specificity };
    }
  }
  return best;
}

const where = (f: { readonly line: number }): string => (f.line > 0 ? `line ${f.line}` : 'hidden text');

/** One line per finding, as verdicts and the trail show them: `line 3 · aws-access-key · KEY=[REDACTED:…]`. */
export const findingNote = (f: { readonly rule: string; readonly kind: string; readonly line: number; readonly excerpt: string }): string => `${where(f)} · ${f.rule.slice('output.'.length)}:${f.kind} · ${f.excerpt}`;

function verdictFor(f: OutputFinding, policy: OutputPolicy): Verdict {
  const row = outputRows[f.rule];
  const user = winner(policy.user, f);
  const base: { decision: Decision; rule: string; layer: Layer; reason?: string } = user
    ? { decision: user.spec.decision, rule: `user:${user.spec.id}`, layer: 'user', ...(user.spec.reason ? { reason: user.spec.reason } : {}) }
    : { decision: row.decisions[policy.preset], rule: f.rule, layer: 'preset' };
  const ws = winner(policy.workspace, f);
  const final =
    ws && isStricter(ws.spec.decision, base.decision)
      ? { decision: ws.spec.decision, rule: `workspace:${ws.spec.id}`, layer: 'workspace' as const, ...(ws.spec.reason ? { reason: ws.spec.reason } : {}) }
      : base;
  const found = `The tool's result holds ${row.found} (${f.kind}, ${where(f)}).`;
  return {
    decision: final.decision,
    rule: final.rule,
    layer: final.layer,
    reason: final.reason ? `${found} ${final.reason}` : found,
    risk: row.risk,
  };
}

/**
 * The verdict on a tool's result: the strictest over its findings, with every finding in the effects' notes.
 * A clean result is allowed by `output.clean`.
 */
export function judgeOutput(findings: readonly OutputFinding[], policy: OutputPolicy): Verdict {
  if (findings.length === 0) {
    return { decision: 'allow', rule: 'output.clean', layer: 'preset', reason: "Nothing in the tool's result was flagged.", risk: 'low' };
  }
  const worst = strictestVerdict(findings.map((f) => verdictFor(f, policy)));
  return { ...worst, effects: { notes: findings.map(findingNote) } };
}
