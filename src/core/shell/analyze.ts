import type { ShellParser } from './parse';
import { finding } from './rules';
import { Scope } from './scope';
import type { AnalyzedCommand, ShellAnalysis, ShellContext } from './types';
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

