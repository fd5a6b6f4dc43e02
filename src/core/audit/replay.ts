import type { Action, ActionSource } from '../actions';
import type { Resolver } from '../network/resolve';
import type { Decision, Layer, Verdict } from '../verdict';
import { recordedAction, type DecisionRecord, type DnsAnswer, type RecordedAction, type RecordedFinding, type TrailRecord } from './record';

/** Decides one recorded action again (the engine's `decide`), given the DNS answers recorded with it. */
export type Redecide = (action: Action, dns: readonly DnsAnswer[]) => Promise<Verdict>;

/** Judges a recorded tool result again by its findings (the engine's `judgeOutput`). */
export type Rejudge = (findings: readonly RecordedFinding[]) => Verdict;

export interface VerdictBrief {
  readonly decision: Decision;
  readonly rule: string;
  readonly layer: Layer;
  readonly reason: string;
}

export interface VerdictChange {
  readonly seq: number;
  readonly time: string;
  readonly source: ActionSource;
  readonly action: RecordedAction;
  /** What the policy said when the action was recorded. */
  readonly before: VerdictBrief;
  /** What the policy under test says. */
  readonly after: VerdictBrief;
}

export interface ReplayResult {
  /** Decision records decided again. */
  readonly replayed: number;
  /** Actions whose decision would change. */
  readonly changed: readonly VerdictChange[];
  /** Actions that keep their decision but would be decided by another rule. */
  readonly ruleChanged: readonly VerdictChange[];
  readonly unchanged: number;
  /** `before→after` decision pairs with their counts, e.g. `{"ask→deny": 3}`. */
  readonly transitions: Readonly<Record<string, number>>;
}

const brief = (v: Pick<Verdict, 'decision' | 'rule' | 'layer' | 'reason'>): VerdictBrief => ({
  decision: v.decision,
  rule: v.rule,
  layer: v.layer,
  reason: v.reason,
});

/**
 * Re-decides every recorded action with `decide` and compares with the policy's verdict at the time (not with
 * what a person then answered: the question is what the policy would say). Executes nothing: only the decider
 * runs, and it is given the recorded DNS answers.
 */
export async function replayRecords(records: readonly TrailRecord[], decide: Redecide, judge?: Rejudge): Promise<ReplayResult> {
  const changed: VerdictChange[] = [];
  const ruleChanged: VerdictChange[] = [];
  const transitions: Record<string, number> = {};
  let replayed = 0;
  for (const r of records) {
    if (r.type !== 'decision') continue;
    replayed++;
    // A checked result is judged again by what was found in it; a tool call is decided again.
    const after = r.findings && judge ? judge(r.findings) : await decide(recordedAction(r), r.dns ?? []);
    if (after.decision === r.verdict.decision && after.rule === r.verdict.rule) continue;
    const change = changeOf(r, after);
    if (after.decision !== r.verdict.decision) {
      changed.push(change);
      const key = `${r.verdict.decision}→${after.decision}`;
      transitions[key] = (transitions[key] ?? 0) + 1;
    } else {
      ruleChanged.push(change);
    }
  }
  return { replayed, changed, ruleChanged, unchanged: replayed - changed.length - ruleChanged.length, transitions };
}

function changeOf(r: DecisionRecord, after: Verdict): VerdictChange {
  return { seq: r.seq, time: r.time, source: r.source, action: r.action, before: brief(r.verdict), after: brief(after) };
}

/**
 * A resolver that answers from the DNS answers recorded with the action being replayed, so a replay is
 * deterministic and sends nothing on the network. A name with no recorded answer fails to resolve, as it would
 * have with no answer.
 */
export function recordedDns(): { readonly resolver: Resolver; use(answers: readonly DnsAnswer[]): void } {
  let current = new Map<string, readonly string[]>();
  const resolver: Resolver = async (host) => {
    const answers = current.get(host.toLowerCase().replace(/\.$/, ''));
    if (!answers || answers.length === 0) throw new Error(`no DNS answer was recorded for ${host}`);
    return answers;
  };
  return {
    resolver,
    use(answers) {
      current = new Map(answers.map((a) => [a.host.toLowerCase().replace(/\.$/, ''), a.addresses]));
    },
  };
}
