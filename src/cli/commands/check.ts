import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { parseAction } from '../../core/actionParse';
import type { ActionSource } from '../../core/actions';
import type { Engine } from '../../core/engine/engine';
import { formatExplanation } from '../../core/engine/explainText';
import type { Verdict } from '../../core/verdict';
import { setupEngine } from '../engineSetup';
import { ExitCode, UsageError, type CliIo } from '../io';

const source: ActionSource = { agent: 'cli', channel: 'check' };

const checkOptions = {
  workspace: { type: 'string', multiple: true },
  policy: { type: 'string' },
  preset: { type: 'string' },
  explain: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const checkUsage = `Usage: airlock check --workspace DIR [--workspace DIR …] [--policy FILE] [--preset NAME] [--explain]

Reads actions as JSON lines on stdin and writes one verdict JSON line per action, in order. Executes nothing.
  {"kind":"exec","command":"rm -rf build","cwd":"/abs/dir"}   {"kind":"fetch","url":"http://10.0.0.1/"}
  {"kind":"read"|"write"|"delete","path":"src/a.ts"}        {"kind":"rename","path":"a","to":"b"}
Relative paths are relative to the first workspace folder. HOME comes from the environment.

  --workspace DIR  a workspace folder (repeat for a multi-root workspace); its .airlock/policy.json applies
  --policy FILE    your user policy (default: $AIRLOCK_HOME/policy.json, else ~/.airlock/policy.json)
  --preset NAME    strict, balanced or permissive (default: the user policy's, else balanced)
  --explain        write, per action, every rule that matched in every layer instead of the bare verdict
Exit codes: 0 every line answered; 2 bad arguments or an unusable policy.
`;

export const explainUsage = `Usage: airlock explain --workspace DIR [--policy FILE] [--preset NAME] ACTION_JSON

Prints, for one action, every rule that matched in every layer and why the winning rule won.
  airlock explain --workspace . '{"kind":"delete","path":"src","recursive":true}'
`;

function parseLine(line: string): { ok: true; value: ReturnType<typeof parseAction> } | { ok: false; error: string } {
  try {
    return { ok: true, value: parseAction(JSON.parse(line), source) };
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
}

const parseErrorVerdict = (message: string): Verdict => ({
  decision: 'deny',
  rule: 'input.parse-error',
  layer: 'input',
  reason: `The action could not be read: ${message}.`,
  risk: 'high',
});

export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: checkOptions, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout.write(checkUsage);
    return ExitCode.Ok;
  }
  void positionals;
  const { engine } = await setupEngine(values, io);
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = parseLine(line);
    let out: unknown;
    if (!parsed.ok || !parsed.value.ok) {
      const verdict = parseErrorVerdict(parsed.ok ? (parsed.value.ok ? '' : parsed.value.error) : parsed.error);
      out = values.explain ? { verdict, subjects: [] } : verdict;
    } else if (values.explain) {
      out = explanationJson(await engine.explain(parsed.value.value));
    } else {
      out = await engine.decide(parsed.value.value);
    }
    io.stdout.write(`${JSON.stringify(out)}\n`);
  }
  return ExitCode.Ok;
}

export async function runExplain(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: checkOptions, strict: true, allowPositionals: true });
  if (values.help) {
    io.stdout.write(explainUsage);
    return ExitCode.Ok;
  }
  if (positionals.length !== 1) throw new UsageError('explain takes exactly one action as JSON');
  const parsed = parseLine(positionals[0] ?? '');
  if (!parsed.ok) throw new UsageError(`the action is ${parsed.error}`);
  if (!parsed.value.ok) throw new UsageError(`the action is invalid: ${parsed.value.error}`);
  const { engine } = await setupEngine(values, io);
  io.stdout.write(formatExplanation(await engine.explain(parsed.value.value)));
  return ExitCode.Ok;
}

/** The explanation as plain JSON: rules by id, layer and decision (the compiled matchers are functions). */
function explanationJson(e: Awaited<ReturnType<Engine['explain']>>): unknown {
  const subject = (s: (typeof e.subjects)[number]): unknown => ({
    description: s.description,
    verdict: s.verdict,
    layers: s.layers.map((l) => ({
      layer: l.layer,
      winner: l.winner?.rule.id,
      matches: l.matches.map((m) => ({ rule: m.rule.id, decision: m.rule.decision, specificity: m.specificity, origin: m.rule.origin })),
    })),
    ...(s.children ? { children: s.children.map(subject) } : {}),
  });
  return { verdict: e.verdict, subjects: e.subjects.map(subject), precedence: e.precedence };
}
