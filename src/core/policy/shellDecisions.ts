import type { Finding, FindingCategory, ShellAnalysis } from '../shell/types';
import type { ShellRuleId } from '../shell/rules';
import { isStricter, type Decision } from '../verdict';
import { per, type PerPreset } from './per';
import type { Preset } from './types';

const allow = per('allow', 'allow', 'allow');
const ask = per('ask', 'ask', 'ask');
const deny = per('deny', 'deny', 'deny');
/** Ordinary in balanced and permissive, a question in strict. */
const strictAsks = per('ask', 'allow', 'allow');
/** A question unless the user chose permissive. */
const askUnlessPermissive = per('ask', 'ask', 'allow');
/** Refused in strict, a question otherwise. */
const strictDenies = per('deny', 'ask', 'ask');

/** What each preset decides about each finding of the shell analysis (`src/core/shell/rules.ts` says what it is). */
export const shellDecisions: Readonly<Record<ShellRuleId, PerPreset>> = {
  'shell.read-only': allow,
  'shell.write': allow,
  'shell.redirect-write': allow,
  'shell.dev-tool': allow,
  'shell.rm': strictAsks,
  'shell.process-signal': strictAsks,
  'shell.service-control': strictDenies,
  'shell.package-install': strictAsks,
  'shell.network': strictAsks,
  'shell.remote-shell': askUnlessPermissive,
  'shell.upload': askUnlessPermissive,
  'shell.publish': askUnlessPermissive,
  'shell.upload-secret': deny,
  'shell.rm-recursive': askUnlessPermissive,
  'shell.rm-catastrophic': deny,
  'shell.find-delete': askUnlessPermissive,
  'shell.shred': ask,
  'shell.truncate': askUnlessPermissive,
  'shell.dd': ask,
  'shell.device-write': deny,
  'shell.rsync-delete': ask,
  'shell.chmod-recursive': askUnlessPermissive,
  'shell.chown-recursive': askUnlessPermissive,
  'shell.git-reset-hard': ask,
  'shell.git-checkout-discard': ask,
  'shell.git-restore': ask,
  'shell.git-clean': ask,
  'shell.git-stash-drop': ask,
  'shell.git-push-force': ask,
  'shell.git-branch-force-delete': askUnlessPermissive,
  'shell.git-history-rewrite': ask,
  'shell.git-apply-unsafe': ask,
  'shell.infra-destroy': ask,
  'shell.system-power': ask,
  'shell.privilege': strictDenies,
  'shell.setuid': strictDenies,
  'shell.container-escape': strictDenies,
  'shell.persistence': strictDenies,
  'shell.agent-config': strictDenies,
  'shell.git-config-tamper': strictDenies,
  'shell.env-hijack': ask,
  'shell.inline-code': ask,
  'shell.inline-code-benign': strictAsks,
  'shell.pipe-to-shell': strictDenies,
  'shell.decode-to-shell': per('deny', 'deny', 'ask'),
  'shell.eval-dynamic': ask,
  'shell.dynamic-command': ask,
  'shell.source-generated': strictDenies,
  'shell.recursive-function': strictDenies,
  'shell.git-exec-config': ask,
  'shell.unparsable': ask,
  // From the command catalog (catalog/): what a known form does, whatever program does it.
  'shell.remote-change': strictAsks,
  'shell.database': strictAsks,
  'shell.data-destroy': ask,
  'shell.credential-print': askUnlessPermissive,
  'shell.agent-run': strictAsks,
  'shell.agent-unguarded': per('deny', 'deny', 'ask'),
  // Programs and forms nobody described: judged by what their arguments show.
  'shell.unknown-command': strictAsks,
  'shell.unknown-subcommand': strictAsks,
  'shell.unknown-destructive': askUnlessPermissive,
  // What outlives the session or hands the machine to someone else: refused in every preset.
  'shell.ssh-tamper': deny,
  'shell.persistence-job': deny,
  'shell.reverse-shell': deny,
};

/** The preset's decision on a finding; a rule the table does not know is asked. */
export function shellDecision(rule: string, preset: Preset): Decision {
  return (shellDecisions as Readonly<Record<string, PerPreset>>)[rule]?.[preset] ?? 'ask';
}

/** Which kind of finding wins a tie between equally strict ones: the more specific. */
const categoryRank: Record<FindingCategory, number> = {
  unparsable: 10,
  upload: 9,
  dynamic: 8,
  destructive: 7,
  persistence: 6,
  privilege: 5,
  'inline-code': 4,
  network: 3,
  write: 2,
  'read-only': 1,
  unknown: 0,
};

export interface ShellSummary {
  readonly decision: Decision;
  readonly rule: string;
  readonly reason: string;
  readonly finding?: Finding;
}

/**
 * The strictest finding of the line for a preset (ties go to the more specific category, then the first).
 * Only the findings: the engine adds the path and network guards' verdicts on the derived actions.
 */
export function summarizeShell(analysis: ShellAnalysis, preset: Preset): ShellSummary {
  let best: Finding | undefined;
  for (const cmd of analysis.commands) {
    for (const f of cmd.findings) {
      if (!best) best = f;
      else {
        const a = shellDecision(f.rule, preset);
        const b = shellDecision(best.rule, preset);
        if (isStricter(a, b) || (a === b && categoryRank[f.category] > categoryRank[best.category])) best = f;
      }
    }
  }
  if (!analysis.parsed && (!best || shellDecision(best.rule, preset) === 'allow')) {
    return { decision: 'ask', rule: 'shell.unparsable', reason: `The command could not be fully understood (${analysis.problems[0] ?? 'syntax error'}).` };
  }
  if (best) return { decision: shellDecision(best.rule, preset), rule: best.rule, reason: best.reason, finding: best };
  if (analysis.commands.length === 0) return { decision: 'allow', rule: 'shell.empty', reason: 'The command line runs nothing.' };
  const names = [...new Set(analysis.commands.map((c) => c.name).filter(Boolean))].slice(0, 3).join(', ');
  return { decision: 'allow', rule: 'shell.unknown-command', reason: `\`${names}\` is not a command Airlock knows; only its file and network arguments are checked.` };
}
