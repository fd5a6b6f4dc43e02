import * as path from 'node:path';
import { airlockHomeFor } from '../../core/airlockHome';
import { askBridge } from '../../core/bridge/client';
import type { HookRequest } from '../../core/hooks/types';
import type { Verdict } from '../../core/verdict';
import { realPathOf } from '../../core/workspace';
import type { CliIo } from '../io';

/** A verdict from the editor, with who decided there. */
export interface Decided {
  readonly verdict: Verdict;
}

export function airlockHomeOf(io: CliIo): string | undefined {
  const home = io.env.HOME;
  return home && path.isAbsolute(home) ? airlockHomeFor(io.env, home) : undefined;
}

/** The editor bridge for the request's first workspace folder; a failure there is a deny, never a fallback. */
export async function askEditor(request: HookRequest, roots: readonly string[], timeoutMs: number, io: CliIo): Promise<Decided | undefined> {
  const airlockHome = airlockHomeOf(io);
  const root = roots[0];
  if (!airlockHome || root === undefined) return undefined;
  const outcome = await askBridge({
    airlockHome,
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
