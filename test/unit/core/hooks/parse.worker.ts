// Spawned by the agents tier (test/agents/capture.mjs): reads one hook payload on stdin and prints, as one JSON line,
// how the adapter of AGENT reads it: its error, or its actions (each action's fields as strings) and its own
// verdicts' rules. The live payloads of the real agents are checked against their fixtures' expected actions with it.
import { hookAdapters } from '../../../../src/core/hooks/adapters';
import { agentIds, type AgentId } from '../../../../src/core/hooks/types';

async function main(): Promise<void> {
  const agent = process.argv[2] as AgentId;
  if (!agentIds.includes(agent)) throw new Error(`usage: parse.worker AGENT (one of ${agentIds.join(', ')}) < payload.json`);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const parsed = hookAdapters[agent].parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  const out = parsed.ok
    ? {
        ok: true,
        actions: parsed.value.actions.map((a) => {
          const fields = a as unknown as Record<string, unknown>;
          return Object.fromEntries(['kind', 'path', 'to', 'command', 'url', 'cwd'].filter((k) => fields[k] !== undefined).map((k) => [k, String(fields[k])]));
        }),
        verdicts: parsed.value.verdicts.map((v) => v.rule),
      }
    : { ok: false, error: parsed.error };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
