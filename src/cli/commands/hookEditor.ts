import * as path from 'node:path';
import type { AirlockPaths } from '../../core/airlockPaths';
import { askBridge } from '../../core/bridge/client';
import type { HookRequest } from '../../core/hooks/types';
import type { Verdict } from '../../core/verdict';
import { realPathOf } from '../../core/workspace';
import type { CliIo } from '../io';

/** A verdict from the editor, with who decided there. */
export interface Decided {
  readonly verdict: Verdict;
}

/**
 * Airlock's folder as a hook uses it: only when HOME is an absolute path, as the engine a hook falls back to
 * needs HOME too (without it the hook fails closed, and asks no editor).
 */
export function hookAirlock(io: CliIo): AirlockPaths | undefined {
  const home = io.env.HOME;
  return home && path.isAbsolute(home) ? io.airlock : undefined;
}

/** The editor bridge for the request's first workspace folder; a failure there is a deny, never a fallback. */
export async function askEditor(request: HookRequest, roots: readonly string[], timeoutMs: number, io: CliIo): Promise<Decided | undefined> {
  const airlock = hookAirlock(io);
  const root = roots[0];
  if (!airlock || root === undefined) return undefined;
  const outcome = await askBridge({
    airlockHome: airlock.root,
    realRoot: realPathOf(root),
    agent: request.agent,
    ...(request.session ? { session: request.session } : {}),
    tool: request.tool,
    actions: request.actions,
    timeoutMs,
  });
  switch (outcome.kind) {
    case 'no-editor':
      return undefined;
    case 'answered':
      return { verdict: outcome.verdict };
    case 'failed':
      return {
        verdict: {
          decision: 'deny',
          rule: 'hook.editor-unavailable',
          layer: 'internal',
          reason: `The editor guarding this workspace could not decide (${outcome.reason}), so the action is denied.`,
          risk: 'high',
        },
      };
  }
}
