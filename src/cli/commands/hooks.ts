import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  applyPlan,
  detectAgents,
  hookStatus,
  nodeInstallFs,
  planInstall,
  onceEach,
  runNodeProbe,
  planRemove,
  type HookCommandOptions,
  type HookPlan,
  type InstallContext,
  type NodeProbe,
  type StatusContext,
} from '../../core/hooks/install';
import { agentIds, type AgentId } from '../../core/hooks/types';
import type { Result } from '../../core/result';
import { ExitCode, UsageError, type CliIo } from '../io';
import { unifiedDiff } from '../lineDiff';
import { describeHookServer } from '../hookServerClient';

export const hooksUsage = `Usage: airlock hooks status [--json] [--workspace DIR] [--hook-command FILE] [--node PATH]
       airlock hooks install [--agent NAME …] [--yes] [--dry-run] [--hook-command FILE] [--node PATH]
       airlock hooks remove [--agent NAME …] [--yes] [--dry-run]

Installs Airlock's hook (before each tool call, and after it for its result) in the agents' user-level hook files,
removes it, or shows whether each agent runs it.
Agents: ${agentIds.join(', ')} (names may also follow the sub-command: 'airlock hooks install claude cursor').

  status   each agent: whether it is used here, and whether it runs Airlock's hook:
             protecting      installed, and the agent has called it since the file was written
             installed       installed and nothing stops it, but no call has been seen yet
             not-yet-active  installed, but the agent needs a step first (the step is printed)
             disabled        a setting of the agent turns hooks off or shadows them (file and setting printed)
             silent          the agent has been at work since its last call without calling the hook
             would-not-start the entry's script or Node is gone, or its Node is too old
             outdated / missing / error
  install  adds Airlock's entry (idempotent: an entry of an earlier install, say from an older extension
           folder, is replaced, never doubled); default: the agents found in your home folder
  remove   removes Airlock's entries, and only those; default: every agent

install and remove first print every file they would change, as a diff. They write only with --yes; without
it (or with --dry-run) nothing is written. A hook file that is not valid JSON is never rewritten: fix it first.

  --agent NAME        an agent to act on (repeatable)
  --yes               write the changes
  --dry-run           print the changes only, even with --yes
  --hook-command FILE the dist/hook.js the entries run (default: the one beside this CLI)
  --node PATH         the Node executable the entries start (default: the Node running this command, by its
                      absolute path, after checking that it runs and is Node 20 or later; 'node' writes a
                      lookup on the agent's PATH instead)
  --json              status as JSON
  --workspace DIR     status: also check what applies in this folder (Gemini CLI's folder trust, Claude Code's
                      project settings); default: the current folder
Each entry runs: <node> "<hook.js>" <agent>; the installer knows its own entries by that command.
Most agents let every tool run when a hook would not start, is disabled, or is not yet trusted.
Exit codes: 0 done (or nothing to do); 1 a file could not be read, planned or written, or no agent was found;
2 bad arguments.
`;

const options = {
  agent: { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  'hook-command': { type: 'string' },
  node: { type: 'string' },
  json: { type: 'boolean' },
  workspace: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const allowed: Record<string, readonly string[]> = {
  status: ['json', 'hook-command', 'node', 'workspace'],
  install: ['agent', 'yes', 'dry-run', 'hook-command', 'node'],
  remove: ['agent', 'yes', 'dry-run'],
};

export async function runHooks(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
  const [sub, ...names] = positionals;
  if (values.help) {
    io.stdout.write(hooksUsage);
    return ExitCode.Ok;
  }
  if (sub === undefined) throw new UsageError("hooks needs a sub-command: status, install or remove (see 'airlock hooks --help')");
  const permitted = allowed[sub];
  if (!permitted) throw new UsageError(`unknown hooks command '${sub}' (status, install or remove)`);
  const extra = Object.keys(values).find((k) => !permitted.includes(k));
  if (extra) throw new UsageError(`--${extra} does not apply to 'hooks ${sub}'`);
  if (sub === 'status' && names.length > 0) throw new UsageError(`unexpected argument '${names[0] ?? ''}'`);

  const home = io.env.HOME;
  // (With HOME absolute, Airlock's folder is known too.)
  if (!home || !path.isAbsolute(home) || !io.airlock) throw new UsageError('HOME must be set to an absolute path: the hook files are found from it');
  // One probe for the whole command: the Node checked for install is the one most entries start.
  const probeNode = onceEach(runNodeProbe);
  const ctx: InstallContext = { home, env: io.env, platform: process.platform, fs: nodeInstallFs, probeNode };
  const agents = agentList([...(values.agent ?? []), ...names]);

  if (sub === 'status') {
    if (values.workspace === '') throw new UsageError('--workspace needs a folder');
    const workspace = path.resolve(io.cwd, values.workspace ?? '.');
    return status({ ...ctx, airlockHome: io.airlock.root, workspace }, io, hookOptions(values, io, false, probeNode), values.json === true);
  }
  const write = values.yes === true && values['dry-run'] !== true;
  if (sub === 'install') {
    const hook = hookOptions(values, io, true, probeNode);
    if (!hook) return ExitCode.Failure;
    const chosen = agents ?? detectAgents(ctx).filter((d) => d.present).map((d) => d.agent);
    if (chosen.length === 0) {
      io.stderr.write(`airlock: no supported agent found in ${home}; name one with --agent (${agentIds.join(', ')})\n`);
      return ExitCode.Failure;
    }
    return carryOut(chosen.map((a) => planInstall(a, hook, ctx)), write, ctx, io, true);
  }
  return carryOut((agents ?? agentIds).map((a) => planRemove(a, ctx)), write, ctx, io, agents !== undefined);
}

function agentList(names: readonly string[]): AgentId[] | undefined {
  if (names.length === 0) return undefined;
  for (const n of names) {
    if (!(agentIds as readonly string[]).includes(n)) throw new UsageError(`unknown agent '${n}' (one of ${agentIds.join(', ')})`);
  }
  return [...new Set(names as AgentId[])];
}

/** The hook script the entries run; for install it must exist, or every entry would fail (and most agents fail open). */
function hookOptions(values: { 'hook-command'?: string; node?: string }, io: CliIo, required: boolean, probe: NodeProbe): HookCommandOptions | undefined {
  if (values['hook-command'] === '' || values.node === '') throw new UsageError('--hook-command and --node need a value');
  const given = values['hook-command'];
  const script = given !== undefined ? path.resolve(io.cwd, given) : path.join(__dirname, 'hook.js');
  const node = values.node !== undefined ? (/[/\\]/.test(values.node) ? path.resolve(io.cwd, values.node) : values.node) : process.execPath;
  // An entry whose Node cannot start is skipped by most agents, which then run the tool: check it first.
  if (path.isAbsolute(node)) {
    const checked = probe(node);
    if (!checked.ok) {
      io.stderr.write(`airlock: the hook's Node cannot be used: ${checked.error}; pass another with --node\n`);
      return undefined;
    }
  }
  if (fs.existsSync(script)) return { script, node };
  if (required || given !== undefined) {
    io.stderr.write(`airlock: the hook script ${script} does not exist; pass the extension's dist/hook.js with --hook-command\n`);
  }
  return undefined;
}

function status(ctx: StatusContext, io: CliIo, hook: HookCommandOptions | undefined, json: boolean): number {
  const all = hookStatus(ctx, hook);
  if (json) {
    io.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
  } else {
    const said = (s: (typeof all)[number]): string =>
      s.problem ?? (s.lastCall ? `last call ${s.lastCall.last}${s.lastCall.version ? ` (${s.name} ${s.lastCall.version})` : ''}` : '');
    const rows = all.map((s) => [s.agent, s.detected ? 'yes' : 'no', s.state, s.file, said(s)]);
    const header = ['agent', 'detected', 'hook', 'file', ''];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    for (const r of [header, ...rows]) {
      const cells = r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] ?? 0) : c));
      io.stdout.write(`${cells.join('  ').trimEnd()}\n`);
    }
    if (io.airlock) io.stdout.write(`${describeHookServer(io.airlock, io.env)}\n`);
  }
  return all.some((s) => s.state === 'error') ? ExitCode.Failure : ExitCode.Ok;
}

/** Prints every agent's plans (the diff of each file they change), then writes them when asked to. */
function carryOut(agents: readonly Result<HookPlan[], string>[], write: boolean, ctx: InstallContext, io: CliIo, named: boolean): number {
  let failed = false;
  const changing: HookPlan[] = [];
  const plans: HookPlan[] = [];
  for (const p of agents) {
    if (p.ok) plans.push(...p.value);
    else {
      failed = true;
      io.stderr.write(`airlock: ${p.error}\n`);
    }
  }
  for (const plan of plans) {
    if (!plan.changed) {
      if (named) io.stdout.write(`${plan.name}: ${plan.summary}\n`);
      continue;
    }
    changing.push(plan);
    io.stdout.write(`${plan.name}: ${plan.summary}\n`);
    io.stdout.write(
      plan.after === undefined
        ? unifiedDiff(plan.before ?? '', '', { from: plan.file, to: '/dev/null' })
        : unifiedDiff(plan.before ?? '', plan.after, { from: plan.created ? '/dev/null' : plan.file, to: plan.file }),
    );
    io.stdout.write('\n');
  }
  if (changing.length === 0) {
    if (!named) io.stdout.write('Nothing to change.\n');
    return failed ? ExitCode.Failure : ExitCode.Ok;
  }
  if (!write) {
    io.stdout.write(`Nothing was written. Run again with --yes to write ${changing.length === 1 ? 'this change' : 'these changes'}.\n`);
    return failed ? ExitCode.Failure : ExitCode.Ok;
  }
  // An agent with several files (Cline's scripts) has its notes printed once.
  const noted = new Set<string>();
  for (const plan of changing) {
    const applied = applyPlan(plan, ctx.fs);
    if (!applied.ok) {
      failed = true;
      io.stderr.write(`airlock: ${applied.error}\n`);
      continue;
    }
    io.stdout.write(`${plan.after === undefined ? 'Deleted' : 'Wrote'} ${plan.file}\n`);
    for (const note of plan.notes.map((n) => `  ${plan.name}: ${n}\n`)) {
      if (noted.has(note)) continue;
      noted.add(note);
      io.stdout.write(note);
    }
  }
  return failed ? ExitCode.Failure : ExitCode.Ok;
}
