import type { Preset } from '../policy/types';
import { isStricter, type Decision } from '../verdict';
import type { ShellParser } from './parse';
import { finding } from './rules';
import { Scope } from './scope';
import type { AnalyzedCommand, Finding, FindingCategory, ShellAnalysis, ShellContext } from './types';
import { Walker } from './walk';
import { markReverseShells } from './classify/reverseShell';

export type { AnalyzedCommand, DerivedAction, Finding, FindingCategory, ShellAnalysis, ShellContext } from './types';

/**
 * Understands a command line the way bash would: parses it, walks everything that will run (lists, pipelines,
 * substitutions, functions, wrappers, nested scripts) and classifies each command with its file and network
 * effects. Never throws: anything it cannot follow is a problem, and the line is then not `parsed`.
 */
export function analyzeCommand(command: string, ctx: ShellContext, parser: ShellParser): ShellAnalysis {
  try {
    const parsed = parser.parse(command);
    const walker = new Walker(parser);
    const scope = new Scope(ctx.home.replace(/\/+$/, '') || '/', ctx.env ?? {}, ctx.cwd);
    walker.walkList(parsed.body, scope, { stdin: { kind: 'none' }, via: [] });
    const problems = [...parsed.problems, ...walker.problems];
    const commands = markReverseShells(walker.commands());
    if (problems.length > 0 && !commands.some((c) => c.findings.some((f) => f.rule === 'shell.unparsable'))) {
      commands.unshift(unparsable(command, problems));
    }
    return { parsed: problems.length === 0, problems, commands };
  } catch (error) {
    const problems = [`internal error while analysing the command: ${String(error)}`];
    return { parsed: false, problems, commands: [unparsable(command, problems)] };
  }
}

function unparsable(command: string, problems: readonly string[]): AnalyzedCommand {
  const shown = command.replace(/\s+/g, ' ').trim();
  return {
    name: '',
    argv: [],
    text: command,
    via: [],
    findings: [finding('shell.unparsable', shown.length > 80 ? `${shown.slice(0, 77)}...` : shown, `could not be fully understood (${problems[0]})`)],
    effects: [],
    matchArgs: [],
  };
}

/** Which category wins a tie between findings with the same decision: the more specific danger. */
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
        const a = f.decisions[preset];
        const b = best.decisions[preset];
        if (isStricter(a, b) || (a === b && categoryRank[f.category] > categoryRank[best.category])) best = f;
      }
    }
  }
  if (!analysis.parsed && (!best || best.decisions[preset] === 'allow')) {
    return { decision: 'ask', rule: 'shell.unparsable', reason: `The command could not be fully understood (${analysis.problems[0] ?? 'syntax error'}).` };
  }
  if (best) return { decision: best.decisions[preset], rule: best.rule, reason: best.reason, finding: best };
  if (analysis.commands.length === 0) return { decision: 'allow', rule: 'shell.empty', reason: 'The command line runs nothing.' };
  const names = [...new Set(analysis.commands.map((c) => c.name).filter(Boolean))].slice(0, 3).join(', ');
  return { decision: 'allow', rule: 'shell.unknown-command', reason: `\`${names}\` is not a command Airlock knows; only its file and network arguments are checked.` };
}
