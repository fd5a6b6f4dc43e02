import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Told } from '../../core/audit/record';
import { hookAdapters, resultAdapterFor } from '../../core/hooks/adapters';
import type { ResultAdapter, ResultRequest } from '../../core/hooks/results';
import { scanOutput, type OutputFinding } from '../../core/output/scan';
import { noteCall, versionFromPayload } from '../../core/hooks/seen';
import { decideRequest, maxActionsPerCall } from '../../core/hooks/decide';
import { detectAgent } from '../../core/hooks/detect';
import { agentIds, type AgentId, type HookAdapter, type HookRequest, type HookResponse } from '../../core/hooks/types';
import { hookTimeoutMs, maxPayloadBytes, parseHookArgs, type Flags } from './hookArgs';
import type { Result } from '../../core/result';
import type { Verdict } from '../../core/verdict';
import { ExitCode, UsageError, type CliIo } from '../io';
import { hookAirlock, type Decided } from './hookEditor';
import { errorMessage } from '../../core/values';
import { readAll } from '../stdinFd';

export { askEditor } from './hookEditor';

/** Kept back from the hook's deadline for the editor's answer to travel back. */
const bridgeMarginMs = 500;

export const hookUsage = `Usage: airlock hook <agent> [--workspace DIR …] [--policy FILE] [--preset NAME] [--timeout-ms N]

Reads one tool call in the agent's own hook format on stdin, decides it against the policy, and answers in that
agent's format and exit-code convention. It executes nothing. Any failure (malformed input, an unknown payload,
no workspace, an internal error, the deadline) is a deny.

Agents (the hook events to attach it to):
  vscode   VS Code / GitHub Copilot agent hooks   PreToolUse; PostToolUse
  claude   Claude Code                            PreToolUse; PostToolUse, PostToolUseFailure
  cursor   Cursor                                 beforeShellExecution, beforeMCPExecution, beforeReadFile, preToolUse;
                                                  postToolUse
  gemini   Gemini CLI                             BeforeTool; AfterTool
  cline    Cline                                  PreToolUse; PostToolUse
  codex    Codex                                  PreToolUse; PostToolUse
After a tool ran (the events after ";"), the hook checks its result for credentials, instructions aimed at the
model and hidden text, and answers as the agent allows: the result replaced (Claude Code, Cursor's MCP tools),
withheld (Gemini CLI, Codex), the task stopped before the model reads it (Cline), or passed on with a warning to
the model (VS Code, Cursor's other tools, a failed command in Claude Code).
The caller is also recognised by the payload's shape (VS Code runs Claude Code's hook files), and answered in its
own format.

  --workspace DIR   a workspace folder (repeatable); default: the agent's project folder from the payload
                    ($CLAUDE_PROJECT_DIR for Claude Code)
  --policy FILE     your user policy (default: $AIRLOCK_HOME/policy.json, else ~/.airlock/policy.json)
  --preset NAME     strict, balanced or permissive
  --timeout-ms N    answer deny if no decision is reached within N ms (default: 2 s less than the agent's own
                    hook timeout — 28 s for vscode, cursor and cline, 58 s for claude, gemini and codex)

When an editor with Airlock runs for the workspace, the hook asks it (its private bridge): "ask" becomes a prompt
there, and the person's answer is returned. When none runs, the hook decides alone and records the decision.
`;


/** What deciding needs; tests replace it to make deciding hang or fail. */
export interface HookDeps {
  /**
   * Decides a request without an editor (the guard pipeline: judge, snapshot first, record) and returns the
   * verdict to answer with. `tell` says what the agent will be told for a verdict (an "ask" it cannot show is a
   * deny), for the record.
   */
  decideAlone(request: HookRequest, roots: readonly string[], flags: { policy?: string; preset?: string }, io: CliIo, tell?: (verdict: Verdict) => Told): Promise<Verdict>;
  /**
   * Asks the editor that guards the workspace, within `timeoutMs`. Undefined when no editor runs (the hook then
   * decides alone); a deny when one runs but cannot answer properly.
   */
  bridge?(request: HookRequest, roots: readonly string[], timeoutMs: number, io: CliIo): Promise<Decided | undefined>;
  /** Builds the judge of tool results for a workspace: the policy's output rules. */
  judgeOutput?(roots: readonly string[], flags: { policy?: string; preset?: string }, io: CliIo): Promise<(findings: readonly OutputFinding[]) => Verdict>;
  /** Records a judged result (one with findings) in the workspace's trail. */
  recordResult?(request: ResultRequest, roots: readonly string[], verdict: Verdict, findings: readonly OutputFinding[], told: Told, io: CliIo): Promise<void>;
}




/** How a caller that already spent some of the hook's time runs it: the moment the answer is due. */
export interface HookRun {
  /** When the agent's time for the answer ends (epoch ms); default: `--timeout-ms` or the agent's, from now. */
  readonly deadline?: number;
  /** Runs once the answer is written, before the process exits (the client starts the hook server there). */
  readonly afterAnswer?: () => void;
}

export async function runHook(args: string[], io: CliIo, deps: HookDeps, run: HookRun = {}): Promise<number> {
  const parsedArgs = parseHookArgs(args);
  if (parsedArgs.help) {
    io.stdout.write(hookUsage);
    return ExitCode.Ok;
  }
  const named = parsedArgs.agent;
  if (named === undefined) {
    // No agent, no format to answer in: exit 2 is a block for every agent except Cline.
    throw new UsageError(`hook needs an agent: one of ${agentIds.join(', ')} (see 'airlock hook --help')`);
  }
  let adapter: HookAdapter = hookAdapters[named];

  // Flag problems are answered in the agent's format: they must fail closed too.
  const flags = parsedArgs.flags;
  const started = Date.now();
  const timeoutMs = run.deadline !== undefined ? Math.max(0, run.deadline - started) : hookTimeoutMs({ ...parsedArgs, agent: named });

  let timer: NodeJS.Timeout | undefined;
  let seenPayload: unknown;
  // A result being checked is answered at the deadline in the post-tool format, which differs from the pre-tool one.
  let results: ResultAdapter | undefined;
  const deadline = new Promise<HookResponse>((resolve) => {
    timer = setTimeout(() => resolve((results ?? adapter).respondToError(`no decision within ${timeoutMs} ms`)), timeoutMs);
  });
  const work = async (): Promise<HookResponse> => {
    try {
      if (!flags.ok) return adapter.respondToError(flags.error);
      const text = io.readInput ? await io.readInput(maxPayloadBytes) : await readAll(io.stdin, maxPayloadBytes);
      if (text === undefined) return adapter.respondToError(`the payload is larger than ${maxPayloadBytes} bytes`);
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch (e) {
        return adapter.respondToError(`the payload is not valid JSON: ${(e as Error).message}`);
      }
      seenPayload = payload;
      results = resultAdapterFor(payload, detectAgent(payload), adapter.agent);
      if (results) {
        adapter = hookAdapters[results.agent];
        return await checkResult(results, payload, flags, io, deps);
      }
      const read = readPayload(payload, adapter);
      adapter = read.adapter;
      const parsed = read.parsed;
      if (!parsed.ok) return adapter.respondToError(`the ${adapter.name} payload cannot be read: ${parsed.error}`);
      const request = parsed.value;
      const roots = workspaceRoots(flags.workspace ?? projectDir(adapter, io) ?? request.roots, io);
      if (!roots.ok) return adapter.respondToError(roots.error);
      // The engine is built only when there are actions to decide (not for a to-do list or an unknown tool).
      let fromEditor: Decided | undefined;
      const verdict = await decideRequest(request, async (actions) => {
        const remaining = timeoutMs - (Date.now() - started) - bridgeMarginMs;
        // One cap for both: a call with more targets than are judged one by one is not sent to the editor either.
        const bridged = deps.bridge && remaining > 0 && actions.length <= maxActionsPerCall;
        fromEditor = bridged ? await deps.bridge?.({ ...request, actions }, roots.value, remaining, io) : undefined;
        if (fromEditor) return fromEditor.verdict;
        const tell = (v: Verdict): Told => (v.decision === 'ask' ? (adapter.canAsk(request) ? 'agent-prompt' : 'deny') : v.decision);
        return deps.decideAlone({ ...request, actions }, roots.value, flags.engine, io, tell);
      });
      return adapter.respond(verdict, request);
    } catch (e) {
      return adapter.respondToError(`internal error: ${errorMessage(e)}`);
    }
  };
  const response = await Promise.race([work(), deadline]);
  clearTimeout(timer);
  await write(io, response);
  // After the answer, so the agent never waits for it: the agent really runs this hook (`hooks status`).
  const airlock = hookAirlock(io);
  if (airlock !== undefined && seenPayload !== undefined) noteCall(airlock.root, adapter.agent, () => versionFromPayload(seenPayload));
  run.afterAnswer?.();
  exitPromptly(io, response.exitCode);
  return response.exitCode;
}

/**
 * A post-tool payload: the tool's result is scanned, judged by the policy's output rules, answered in the agent's
 * own way (replaced, withheld or warned about) and recorded when something was found. A clean result costs no
 * engine and leaves no record.
 */
async function checkResult(results: ResultAdapter, payload: unknown, flags: Flags & { ok: true }, io: CliIo, deps: HookDeps): Promise<HookResponse> {
  try {
    return await judgeResult(results, payload, flags, io, deps);
  } catch (e) {
    return results.respondToError(errorMessage(e));
  }
}

async function judgeResult(results: ResultAdapter, payload: unknown, flags: Flags & { ok: true }, io: CliIo, deps: HookDeps): Promise<HookResponse> {
  const parsed = results.parse(payload);
  if (!parsed.ok) return results.respondToError(`the ${results.name} result cannot be read: ${parsed.error}`);
  const request = parsed.value;
  const findings = scanOutput(request.text);
  if (findings.length === 0) return { stdout: '{}\n', stderr: '', exitCode: 0 };
  if (!deps.judgeOutput) return results.respondToError('no policy to judge the result with');
  const roots = workspaceRoots(flags.workspace ?? projectDirOf(results.agent, io) ?? request.roots, io);
  if (!roots.ok) return results.respondToError(roots.error);
  const judge = await deps.judgeOutput(roots.value, flags.engine, io);
  const verdict = judge(findings);
  const { response, told } = results.respond(verdict, request, findings, (f) => judge([f]).decision);
  await deps.recordResult?.(request, roots.value, verdict, findings, told, io);
  return response;
}

/**
 * The first adapter that can read the payload: the caller recognised by the payload's shape, then the agent named
 * on the command line. When neither can, the caller's error (and format) stands.
 */
function readPayload(payload: unknown, named: HookAdapter): { adapter: HookAdapter; parsed: Result<HookRequest, string> } {
  const caller = detectAgent(payload);
  const first = caller !== undefined ? hookAdapters[caller] : named;
  const parsed = first.parse(payload);
  if (parsed.ok || first === named) return { adapter: first, parsed };
  const fallback = named.parse(payload);
  return fallback.ok ? { adapter: named, parsed: fallback } : { adapter: first, parsed };
}

/** The agent's project folder from its environment ($CLAUDE_PROJECT_DIR), which does not drift with `cd`. */
function projectDir(adapter: HookAdapter, io: CliIo): string[] | undefined {
  const dir = adapter.projectDirEnv ? io.env[adapter.projectDirEnv] : undefined;
  return dir ? [dir] : undefined;
}

const projectDirOf = (agent: AgentId, io: CliIo): string[] | undefined => projectDir(hookAdapters[agent], io);

/**
 * The workspace folders to decide in: absolute, existing folders, and never the filesystem root or the home
 * folder itself (either would put every path "inside the workspace").
 */
export function workspaceRoots(candidates: readonly string[], io: CliIo): { ok: true; value: string[] } | { ok: false; error: string } {
  if (candidates.length === 0) {
    return { ok: false, error: 'no workspace folder: the payload names none; pass --workspace DIR in the hook command' };
  }
  const home = io.env.HOME ? path.resolve(io.env.HOME) : undefined;
  const roots: string[] = [];
  for (const c of candidates) {
    const root = path.resolve(io.cwd, c);
    if (path.parse(root).root === root) return { ok: false, error: `the workspace folder ${root} is the filesystem root` };
    if (home !== undefined && root === home) return { ok: false, error: `the workspace folder ${root} is the home folder itself` };
    let isDir = false;
    try {
      isDir = fs.statSync(root).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) return { ok: false, error: `the workspace folder ${root} does not exist or is not a folder` };
    roots.push(root);
  }
  return { ok: true, value: roots };
}

/** Writes the answer; resolves once both streams have taken it (so exiting right after loses nothing). */
async function write(io: CliIo, response: HookResponse): Promise<void> {
  const put = (stream: NodeJS.WritableStream, text: string) => new Promise<void>((resolve) => (text === '' ? resolve() : stream.write(text, () => resolve())));
  await put(io.stderr, response.stderr);
  await put(io.stdout, response.stdout);
}

/**
 * Agents wait for the hook process to exit, not just to answer: a DNS lookup still running after the deadline
 * would hold the process until the agent's own timeout, which most agents treat as "allow". So once the answer is
 * written, a process that runs `airlock hook` for real exits. (In-process callers, such as tests, are left alone.)
 */
function exitPromptly(io: CliIo, code: number): void {
  if (io.stdout !== process.stdout) return;
  // Everything the hook does is done by now (the answer written, the trail and the note of the call on disk): what
  // could still run is V8's background work (optimising the shell grammar's code), which would only delay the exit.
  process.exit(code);
}
