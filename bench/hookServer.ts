// The hook server as the benches use it: started as an agent's first hook call starts it, and stopped at the end.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { airlockPathsIn } from '../src/core/airlockPaths';

const hookJs = path.join(process.cwd(), 'dist', 'hook.js');

/**
 * Starts the hook server of an Airlock folder with one hook call (a read in `ws`) and waits until it has announced
 * itself; returns its pid. `env` is the environment the call runs with (HOME, AIRLOCK_HOME, PATH).
 */
export function startHookServer(ws: string, env: NodeJS.ProcessEnv & { AIRLOCK_HOME: string }): number {
  const payload = JSON.stringify({ session_id: 'bench', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: path.join(ws, 'x') } });
  const r = spawnSync(process.execPath, [hookJs, 'claude'], { env, input: payload, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the hook failed: ${r.stderr}`);
  const announced = airlockPathsIn(env.AIRLOCK_HOME).hookServer;
  for (const end = Date.now() + 15_000; !fs.existsSync(announced); ) {
    if (Date.now() > end) throw new Error('the hook server did not start');
    spawnSync('sleep', ['0.05']);
  }
  return (JSON.parse(fs.readFileSync(announced, 'utf8')) as { pid: number }).pid;
}

/** Stops the hook server an Airlock folder announces, if one runs. */
export function stopHookServer(airlockHome: string): void {
  try {
    const { pid } = JSON.parse(fs.readFileSync(airlockPathsIn(airlockHome).hookServer, 'utf8')) as { pid: number };
    process.kill(pid, 'SIGTERM');
  } catch {
    // none runs
  }
}
