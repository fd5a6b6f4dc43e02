// Appends one decision to a workspace's trail, the way Airlock's recorders do (hash chain, lock, redaction).
// The audit panel's end-to-end test bundles and runs it to record an action that names a snapshot, which no hook
// records yet. Usage: AIRLOCK_HOME=… node recordAction.js '<JSON {workspace, action, verdict, snapshot?}>'
import type { DecisionInput } from '../../src/core/audit/record';
import { appendRecord, openTrail } from '../../src/core/audit/trail';

async function main(): Promise<void> {
  const airlockHome = process.env.AIRLOCK_HOME;
  if (!airlockHome) throw new Error('AIRLOCK_HOME must be set');
  const input = JSON.parse(process.argv[2] ?? '') as DecisionInput & { workspace: string };
  const record = await appendRecord(openTrail({ airlockHome, workspace: input.workspace }), input);
  process.stdout.write(`${JSON.stringify({ seq: record.seq })}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
