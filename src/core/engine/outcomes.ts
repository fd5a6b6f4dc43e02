import * as nodePath from 'node:path';
import type { PathProbe, Platform } from '../paths/resolve';
import type { Match, Rule, Ruling, Subject } from '../policy/rule';
import type { EffectFs } from '../shell/effects';
import { isStricter, strictestVerdict, type Decision, type Effects, type Layer, type Verdict } from '../verdict';

/** How the engine's answers are put together: each layer's matches, a subject's outcome, the strictest of them. */

/** One layer's view of a subject: every rule that matched, and the one that won. */
export interface LayerOutcome {
  readonly layer: Layer;
  readonly matches: readonly Match[];
  readonly winner?: Match;
}

/** How one subject (a path, a network target, one command of a line) was decided. */
export interface SubjectOutcome {
  readonly description: string;
  readonly layers: readonly LayerOutcome[];
  readonly verdict: Verdict;
  /** For a command: the outcomes of its file and network effects. */
  readonly children?: readonly SubjectOutcome[];
  /** What exactly was judged: the real path, the host with its port, or the command's words. */
  readonly target?: { readonly path?: string; readonly host?: string; readonly argv?: readonly string[] };
}

export interface Explanation {
  readonly verdict: Verdict;
  readonly subjects: readonly SubjectOutcome[];
  /** How the layers combine, in one paragraph. */
  readonly precedence: string;
}

export const precedenceText =
  'The floor denies first and nothing overrides it. Otherwise your own (user) rules decide where one matches, and ' +
  'the preset decides where none does. Workspace rules can then only make that stricter. Within a layer the most ' +
  'specific matching rule wins; on a tie the stricter decision wins. When an action has several targets (a rename, ' +
  'or the commands of a shell line), the strictest verdict among them is the answer.';

/** What a line moves out of the workspace is at risk like what it deletes: the snapshot taken first keeps it. */
export function withMovedOut(effects: Effects | undefined, movedOut: readonly string[]): Effects | undefined {
  if (movedOut.length === 0) return effects;
  const paths = [...new Set([...(effects?.paths ?? []), ...movedOut])];
  return { ...effects, paths };
}

/** One action's view of the filesystem: each path is probed once, however many targets share it. */
export function memoProbe(probe: PathProbe): PathProbe {
  const real = new Map<string, string | undefined>();
  const link = new Map<string, string | undefined>();
  return {
    realpath: (p) => (real.has(p) ? real.get(p) : (real.set(p, probe.realpath(p)), real.get(p))),
    readlink: (p) => (link.has(p) ? link.get(p) : (link.set(p, probe.readlink(p)), link.get(p))),
  };
}

export const pathApiFor = (platform: Platform) => (platform === 'win32' ? nodePath.win32 : nodePath.posix);

export function layerOutcome(layer: Layer, rules: readonly Rule[], subject: Subject): LayerOutcome {
  const matches: Match[] = [];
  for (const rule of rules) {
    const specificity = rule.match(subject);
    if (specificity !== undefined) matches.push({ rule, specificity });
  }
  return { layer, matches, winner: pickWinner(matches) };
}

/** Most specific wins; on a tie the stricter decision; then the first written. */
export function pickWinner(matches: readonly Match[]): Match | undefined {
  let best: Match | undefined;
  for (const m of matches) {
    if (
      !best ||
      m.specificity > best.specificity ||
      (m.specificity === best.specificity && isStricter(m.rule.decision, best.rule.decision))
    ) {
      best = m;
    }
  }
  return best;
}

/** A row of a guard's decision table, as the one answer of its layer. */
export function tableLayer(layer: Layer, ruling: Ruling | undefined): LayerOutcome {
  if (!ruling) return { layer, matches: [] };
  const match: Match = { rule: ruling, specificity: 0 };
  return { layer, matches: [match], winner: match };
}

/** What each layer answered for one subject, for combineLayers. */
export interface LayerAnswers {
  /** A floor deny: nothing overrides it. */
  readonly floor?: Verdict;
  /** The user's rule that won, if one matched. */
  readonly user?: Verdict;
  /** The preset's answers: the subject's own preset rule, or a command's findings and each effect's own verdict. */
  readonly preset: readonly Verdict[];
  /**
   * A command's findings and effects were judged on their own targets: a user rule written for the command answers
   * their asks, never their denies (a rule on the file or host itself can lift those, in the effect's own outcome).
   */
  readonly presetDeniesHold?: boolean;
  /** Workspace rules that matched: they can only make the answer stricter. */
  readonly workspace: readonly Verdict[];
  /** The answer when no layer said anything. */
  readonly unmatched: Verdict;
}

/** A layer's answer as a list: its winner's verdict, or nothing. */
export const answersOf = (l: LayerOutcome): Verdict[] => (l.winner ? [verdictOf(l.winner.rule)] : []);

/** `{ [key]: verdict }` when the layer has a winner, else `{}` (for the optional fields of LayerAnswers). */
export function withAnswer<K extends 'floor' | 'user'>(key: K, l: LayerOutcome): Partial<Record<K, Verdict>> {
  return l.winner ? ({ [key]: verdictOf(l.winner.rule) } as Record<K, Verdict>) : {};
}

/** How the layers combine, for every kind of subject; precedenceText says it in words. */
export function combineLayers(a: LayerAnswers): Verdict {
  if (a.floor) return a.floor;
  let verdict = a.user ?? (a.preset.length > 0 ? strictestVerdict(a.preset) : a.unmatched);
  if (a.user && a.presetDeniesHold) {
    const denied = a.preset.find((v) => v.decision === 'deny');
    if (denied && isStricter(denied.decision, verdict.decision)) verdict = denied;
  }
  for (const w of a.workspace) if (isStricter(w.decision, verdict.decision)) verdict = w;
  return verdict;
}

export function verdictOf(rule: Ruling): Verdict {
  return {
    decision: rule.decision,
    rule: rule.id,
    layer: rule.layer,
    reason: rule.reason,
    ...(rule.risk ? { risk: rule.risk } : {}),
  };
}

/** The verdict of an effect before workspace tightening: the user's rule if one matched, else the preset's. */
export function baseOf(o: SubjectOutcome): Verdict {
  const user = o.layers.find((l) => l.layer === 'user')?.winner;
  if (user) return verdictOf(user.rule);
  const preset = o.layers.find((l) => l.layer === 'preset')?.winner;
  return preset ? { ...verdictOf(preset.rule), ...(o.verdict.effects ? { effects: o.verdict.effects } : {}) } : o.verdict;
}

export function inputOutcome(description: string, rule: string, reason: string, decision: Decision = 'deny', layer?: Layer): SubjectOutcome {
  const l: Layer = layer ?? (rule.startsWith('internal.') ? 'internal' : rule.startsWith('input.') ? 'input' : 'preset');
  return { description, layers: [], verdict: { decision, rule, layer: l, reason, risk: decision === 'allow' ? 'low' : 'high' } };
}

/** "Reading a secret file." + /ws/.env → "Reading a secret file: /ws/.env." */
export function withPath(reason: string, path: string): string {
  return `${reason.replace(/\.$/, '')}: ${path}.`;
}

export function strictestIndex(verdicts: readonly Verdict[]): number {
  let best = 0;
  verdicts.forEach((v, i) => {
    const b = verdicts[best];
    if (b && isStricter(v.decision, b.decision)) best = i;
  });
  return best;
}


export function mergeEffects(a: Effects | undefined, b: Effects): Effects {
  return a ? { ...a, ...b, hosts: [...(a.hosts ?? []), ...(b.hosts ?? [])] } : b;
}

export function safeIsDir(fs: EffectFs, p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function required(value: string | undefined, field: string): string {
  if (value === undefined || value === '') throw new Error(`the action has no "${field}"`);
  return value;
}


