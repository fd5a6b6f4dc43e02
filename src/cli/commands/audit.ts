import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { version } from '../../../package.json';
import type { ChainVerification } from '../../core/audit/chain';
import { actionTarget } from '../../core/audit/record';
import { recordedDns, replayRecords, type VerdictChange } from '../../core/audit/replay';
import { renderReport } from '../../core/audit/report';
import { openTrail, readTrail, type Trail } from '../../core/audit/trail';
import { setupEngine } from '../engineSetup';
import { ExitCode, UsageError, type CliIo } from '../io';
import { asOutputFindings } from '../../core/output/scan';

export const verifyUsage = `Usage: airlock verify --workspace DIR [--json]

Checks the workspace's audit trail: every record's hash, the numbering, the link to the record before it (across
rotated segments), and that the trail still reaches the last record appended. Prints the first broken link.
  --workspace DIR  the workspace folder whose trail to check
  --json           print the result as JSON
Exit codes: 0 intact (or no trail yet); 1 broken; 2 bad arguments.
`;

export const reportUsage = `Usage: airlock report --workspace DIR [-o FILE] [--policy FILE] [--preset NAME]

Exports the workspace's audit trail as one standalone HTML file (no scripts, no external resources): a summary,
blocked attempts, a timeline, every entry, the chain verification and the policy in force.
  --workspace DIR  the workspace folder whose trail to export
  -o, --output FILE  where to write the report (default: standard output)
  --policy FILE    the user policy to show as in force (default: $AIRLOCK_HOME/policy.json, else ~/.airlock/policy.json)
  --preset NAME    strict, balanced or permissive (default: the user policy's, else balanced)
Exit codes: 0 written (a broken chain is shown in the report and noted on stderr); 2 bad arguments or policy.
`;

export const replayUsage = `Usage: airlock replay --workspace DIR [--policy FILE] [--preset NAME] [--json]

Decides every recorded action again under a policy and lists those whose verdict would change (before → after,
with the rules). Executes nothing; DNS answers come from the trail. Use it to try a policy edit on real history:
  airlock replay --workspace . --policy ./candidate-policy.json
  --workspace DIR  the workspace folder whose trail to replay (its .airlock/policy.json applies)
  --policy FILE    the user policy to test (default: $AIRLOCK_HOME/policy.json, else ~/.airlock/policy.json)
  --preset NAME    strict, balanced or permissive (default: the user policy's, else balanced)
  --json           print the result as JSON
Exit codes: 0 replayed (whether or not verdicts change); 2 bad arguments or policy.
`;

/** Agent-supplied text on a terminal: control characters shown as escapes, so a command cannot drive the terminal. */
const printable = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function workspaceFlag(values: { workspace?: string[] | string }, io: CliIo): string {
  const ws = Array.isArray(values.workspace) ? values.workspace : values.workspace === undefined ? [] : [values.workspace];
  if (ws.length !== 1 || ws[0] === undefined || ws[0] === '') throw new UsageError('--workspace DIR is required (one folder)');
  return path.resolve(io.cwd, ws[0]);
}

function trailFor(workspace: string, io: CliIo): Trail {
  if (!io.airlock) throw new UsageError('HOME must be set to an absolute path');
  return openTrail({ airlockHome: io.airlock.root, workspace });
}

const num = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`): string => `${num(n)} ${n === 1 ? one : many}`;

/** The verification in a few lines a person reads (a tampered record's text is shown escaped). */
export function describeVerification(v: ChainVerification): string {
  const lines: string[] = [];
  if (v.ok) {
    lines.push(
      v.verified === 0
        ? 'Trail intact: no records yet.'
        : `Trail intact: ${plural(v.verified, 'record')} in ${plural(v.segments, 'segment')}; last record ${v.lastSeq}, sha256 ${v.lastHash}.`,
    );
  } else {
    const b = v.break;
    const where = b ? `${b.segment}${b.line > 0 ? ` line ${b.line}` : ''}${b.seq !== undefined ? ` (record ${b.seq})` : ''}` : 'an unknown place';
    lines.push(`Trail broken at ${where}: ${printable(b?.message ?? 'unknown problem')}.`);
    lines.push(`${plural(v.verified, 'record')} before it verify.`);
  }
  for (const w of v.warnings) lines.push(`warning: ${printable(w)}`);
  return `${lines.join('\n')}\n`;
}

export async function runVerify(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { workspace: { type: 'string', multiple: true }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(verifyUsage);
    return ExitCode.Ok;
  }
  const workspace = workspaceFlag(values, io);
  const trail = trailFor(workspace, io);
  const contents = await readTrail(trail);
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ workspace: contents.workspace, dir: contents.dir, exists: contents.exists, ...contents.verification })}\n`);
  } else if (!contents.exists) {
    io.stdout.write(`No audit trail for ${printable(workspace)} yet (${printable(trail.dir)}).\n`);
  } else {
    io.stdout.write(describeVerification(contents.verification));
  }
  return contents.verification.ok ? ExitCode.Ok : ExitCode.Failure;
}

export async function runReport(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      workspace: { type: 'string', multiple: true },
      output: { type: 'string', short: 'o' },
      policy: { type: 'string' },
      preset: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(reportUsage);
    return ExitCode.Ok;
  }
  const workspace = workspaceFlag(values, io);
  const { engine, policies, airlock } = await setupEngine({ ...values, workspace: [workspace] }, io);
  const trail = openTrail({ airlockHome: airlock.root, workspace });
  const contents = await readTrail(trail);
  const html = renderReport({
    workspace: contents.workspace,
    dir: contents.dir,
    lines: contents.lines,
    verification: contents.verification,
    policy: { preset: engine.preset, files: policies.map((p) => ({ file: p.file, policy: p.policy })) },
    generatedAt: Date.now(),
    version,
  });
  const records = contents.records.length;
  const chain = contents.verification.ok ? 'chain intact' : 'CHAIN BROKEN';
  if (values.output === undefined || values.output === '-') {
    io.stdout.write(html);
    if (!contents.verification.ok) io.stderr.write(describeVerification(contents.verification));
    return ExitCode.Ok;
  }
  const out = path.resolve(io.cwd, values.output);
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, html, { mode: 0o600 });
  } catch (e) {
    throw new UsageError(`cannot write ${out}: ${(e as Error).message}`);
  }
  io.stdout.write(`Wrote ${printable(out)}: ${plural(records, 'record')}, ${chain}.\n`);
  if (!contents.verification.ok) io.stderr.write(describeVerification(contents.verification));
  return ExitCode.Ok;
}

function changeLine(c: VerdictChange): string {
  const target = actionTarget(c.action);
  const shown = target.length > 160 ? `${target.slice(0, 157)}…` : target;
  return (
    `  #${c.seq}  ${c.time.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')}  ${printable(c.source.agent)}  ${c.action.kind}  ${printable(shown)}\n` +
    `      ${c.before.decision} (${printable(c.before.rule)}) → ${c.after.decision} (${printable(c.after.rule)})\n` +
    `      ${printable(c.after.reason)}\n`
  );
}

export async function runReplay(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      workspace: { type: 'string', multiple: true },
      policy: { type: 'string' },
      preset: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(replayUsage);
    return ExitCode.Ok;
  }
  const workspace = workspaceFlag(values, io);
  const dns = recordedDns();
  const { engine, policies, airlock } = await setupEngine({ ...values, workspace: [workspace] }, io, { resolver: dns.resolver });
  const contents = await readTrail(openTrail({ airlockHome: airlock.root, workspace }));
  if (!contents.verification.ok) {
    io.stderr.write(`airlock: ${describeVerification(contents.verification).split('\n')[0] ?? ''} Replaying the records that can be read.\n`);
  }
  const result = await replayRecords(contents.records, (action, answers) => {
    dns.use(answers);
    return engine.decide(action);
  }, (findings) => engine.judgeOutput(asOutputFindings(findings)));
  const policyNames = policies.map((p) => p.file);
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ workspace: contents.workspace, preset: engine.preset, policies: policyNames, chainIntact: contents.verification.ok, ...result })}\n`);
    return ExitCode.Ok;
  }
  const under = `preset ${engine.preset}${policyNames.length ? ` with ${policyNames.map(printable).join(', ')}` : ''}`;
  if (!contents.exists) {
    io.stdout.write(`No audit trail for ${printable(workspace)} yet: nothing to replay.\n`);
    return ExitCode.Ok;
  }
  let out = `Replayed ${plural(result.replayed, 'recorded action')} under ${under}.\n`;
  if (result.changed.length === 0) {
    out += 'No decision would change.\n';
  } else {
    const transitions = Object.entries(result.transitions).map(([k, n]) => `${k} ${num(n)}`).join(', ');
    out += `${plural(result.changed.length, 'decision')} would change (${transitions}):\n`;
    out += result.changed.map(changeLine).join('');
  }
  if (result.ruleChanged.length > 0) {
    out += `${plural(result.ruleChanged.length, 'more action')} would keep ${result.ruleChanged.length === 1 ? 'its' : 'their'} decision under another rule (--json lists them).\n`;
  }
  io.stdout.write(out);
  return ExitCode.Ok;
}
