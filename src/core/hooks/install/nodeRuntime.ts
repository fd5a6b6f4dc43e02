import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { thisProcess } from '../../host';

/**
 * The Node a hook entry starts. An agent that cannot start its hook treats that as a non-blocking error and runs
 * the tool, so the installer writes an absolute path to a Node it ran and checked, and the status says when an
 * entry would not start.
 */
export type NodeCheck = { readonly ok: true; readonly version: string } | { readonly ok: false; readonly error: string };

/** Runs a Node executable and reports its version, or why it cannot be used. */
export type NodeProbe = (node: string) => NodeCheck;

/** The oldest Node the hook supports (`engines.node` in package.json). */
export const minNodeMajor = 20;

/** Why a version string is not a supported Node, or undefined when it is. */
export function unsupportedVersion(version: string): string | undefined {
  const m = /^v(\d+)\.\d+\.\d+/.exec(version.trim());
  if (!m) return `it printed ${JSON.stringify(version.trim().slice(0, 60))}, not a Node version`;
  return Number(m[1]) < minNodeMajor ? `it is Node ${version.trim()}; the hook needs Node ${minNodeMajor} or later` : undefined;
}

/** The same probe, running each Node once: a status reads every entry, and entries share their Node. */
export function onceEach(probe: NodeProbe): NodeProbe {
  const seen = new Map<string, NodeCheck>();
  return (node) => {
    let checked = seen.get(node);
    if (!checked) seen.set(node, (checked = probe(node)));
    return checked;
  };
}

/** Runs `<node> -p process.version` with no input and an empty environment but PATH; at most 10 seconds. */
export const runNodeProbe: NodeProbe = (node) => {
  const r = spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: thisProcess.env().PATH ?? '' } });
  if (r.error) return { ok: false, error: `${node} cannot be started (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})` };
  if (r.status !== 0) return { ok: false, error: `${node} exited with ${r.status ?? r.signal}` };
  const problem = unsupportedVersion(r.stdout);
  return problem ? { ok: false, error: `${node}: ${problem}` } : { ok: true, version: r.stdout.trim() };
};

/** The first `node` on a PATH that runs and is recent enough, as an absolute path; undefined when none is. */
export function findNode(pathVar: string | undefined, platform: NodeJS.Platform, probe: NodeProbe, exists: (file: string) => boolean): string | undefined {
  const api = platform === 'win32' ? path.win32 : path.posix;
  const names = platform === 'win32' ? ['node.exe'] : ['node'];
  for (const dir of (pathVar ?? '').split(platform === 'win32' ? ';' : ':')) {
    if (dir === '' || !api.isAbsolute(dir)) continue;
    for (const name of names) {
      const candidate = api.join(dir, name);
      if (exists(candidate) && probe(candidate).ok) return candidate;
    }
  }
  return undefined;
}

/** The program a hook command starts: its first word, unquoted (`"/a b/node" "…/hook.js" claude` → `/a b/node`). */
export function commandProgram(command: string): string {
  const text = command.trim().replace(/^exec\s+/, '');
  const quoted = /^"((?:\\.|[^"\\])*)"/.exec(text) ?? /^'([^']*)'/.exec(text);
  if (quoted) return (quoted[1] ?? '').replace(/\\(["\\$`])/g, '$1');
  return text.split(/\s+/)[0] ?? '';
}

/**
 * Why a hook command would not start, or undefined when nothing shows it would not: an absolute Node that is
 * missing, does not run or is too old. A bare `node` (looked up on the agent's own PATH) and the `airlock` command
 * are not judged here: whether the agent finds them depends on how the agent was started.
 */
export function startProblem(command: string, exists: (file: string) => boolean, probe?: NodeProbe): string | undefined {
  const program = commandProgram(command);
  if (!isAbsoluteOnAnyPlatform(program)) return undefined;
  if (!exists(program)) return `its Node ${program} no longer exists`;
  if (!probe) return undefined;
  const checked = probe(program);
  return checked.ok ? undefined : `its Node cannot run the hook: ${checked.error}`;
}

/** Whether the command finds its program on the agent's PATH rather than by an absolute path. */
export function usesPathLookup(command: string): boolean {
  return !isAbsoluteOnAnyPlatform(commandProgram(command));
}

/** A POSIX or Windows absolute path (`/usr/bin/node`, `C:/Program Files/nodejs/node.exe`), whatever runs Airlock. */
export const isAbsoluteOnAnyPlatform = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
