import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { applyRestore, findSnapshot, planRestore, type ConflictChoice, type RestoreItem, type RestorePlan } from '../../core/snapshots';
import { ExitCode, UsageError, type CliIo } from '../io';
import { formatCount, formatTime, withCliStore, workspaceArg } from '../snapshotSetup';

export const restoreUsage = `Usage: airlock restore --workspace DIR --snapshot ID [--path PATH …] [--dry-run] [--delete-new]
                       [--on-conflict keep|overwrite|skip] [--json]

Puts back what a snapshot holds: deleted files, renamed ones, changed content, symlinks and permissions. First
prints the plan; with --dry-run that is all it does. ID is a snapshot id, a unique prefix of one, or 'latest'.

  --path PATH      restore only this file or folder (repeat for several); default: the whole snapshot
  --dry-run        show what would change, write nothing
  --on-conflict    a file that differs from the snapshot now: keep its current copy beside the restored one as
                   NAME.airlock-<time> (keep, the default), replace it (overwrite), or leave it (skip)
  --delete-new     also remove files created after the snapshot (inside folders it captured whole);
                   without it they are listed and left alone
  --json           print the plan and the result as JSON
Before writing, what the restore replaces or removes is saved as a new snapshot, so a restore can be undone.
Exit codes: 0 done (or planned); 1 some paths could not be restored, or the store failed; 2 bad arguments.
`;

const options = {
  workspace: { type: 'string' },
  snapshot: { type: 'string' },
  path: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  'delete-new': { type: 'boolean' },
  'on-conflict': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const choices: Record<string, ConflictChoice> = { keep: 'keep-both', 'keep-both': 'keep-both', overwrite: 'overwrite', skip: 'skip' };

const shown = (p: string): string => p || '.';
/** An absolute path, relative to the workspace when inside it. */
const shownAbs = (root: string, abs: string): string => {
  const rel = path.relative(root, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
};

function describe(item: RestoreItem, choice: ConflictChoice): string {
  switch (item.action) {
    case 'overwrite':
      return `${item.reason}${choice === 'keep-both' ? '; the current copy is kept beside it' : choice === 'skip' ? '; left as it is' : '; replaced'}`;
    case 'keep-new':
      return `${item.reason.replace(/; kept \(removing it needs confirmation\)$/, '')}; kept (pass --delete-new to remove it)`;
    case 'delete':
      return `${item.reason}${item.files !== undefined ? ` (a folder of ${formatCount(item.files)} file${item.files === 1 ? '' : 's'})` : ''}`;
    default:
      return item.reason;
  }
}

function planJson(plan: RestorePlan): unknown {
  return {
    snapshot: plan.manifest.id,
    kind: plan.manifest.kind,
    workspace: plan.workspace.root,
    counts: plan.counts,
    items: plan.items.filter((i) => i.action !== 'unchanged').map((i) => ({ path: i.path, action: i.action, reason: i.reason, ...(i.files !== undefined ? { files: i.files } : {}) })),
  };
}

export async function runRestore(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout.write(restoreUsage);
    return ExitCode.Ok;
  }
  const workspace = workspaceArg(values.workspace, io);
  const snapshotRef = values.snapshot;
  if (!snapshotRef) throw new UsageError('--snapshot ID is required (see airlock snapshots --workspace DIR)');
  const conflictFlag = values['on-conflict'] ?? 'keep';
  const choice = Object.hasOwn(choices, conflictFlag) ? choices[conflictFlag]! : undefined;
  if (!choice) throw new UsageError(`--on-conflict must be keep, overwrite or skip`);
  if (values.path?.some((p) => p === '')) throw new UsageError('--path takes a non-empty path');
  return withCliStore(io, ({ store }) => {
    const manifest = findSnapshot(store, workspace, snapshotRef);
    const plan = planRestore(store, manifest, { ...(values.path ? { paths: values.path } : {}), deleteNew: values['delete-new'] === true });
    if (plan.unmatched.length > 0) {
      throw new UsageError(`${plan.unmatched.map(shown).join(', ')} ${plan.unmatched.length === 1 ? 'is' : 'are'} not in snapshot ${manifest.id}`);
    }
    const changing = plan.items.filter((i) => i.action !== 'unchanged');
    if (!values.json) {
      io.stdout.write(`Restore of snapshot ${manifest.id} (${manifest.kind}, ${formatTime(manifest.createdAt)}${manifest.label ? `, "${manifest.label}"` : ''}) into ${plan.workspace.root}\n`);
      for (const i of changing) io.stdout.write(`  ${i.action.padEnd(11)} ${shown(i.path)}  — ${describe(i, choice)}\n`);
      const c = plan.counts;
      io.stdout.write(
        `${formatCount(c.create + c.overwrite + c.chmod)} to restore (${formatCount(c.overwrite)} conflicting), ` +
          `${formatCount(c.delete)} to remove, ${formatCount(c['keep-new'])} new kept, ${formatCount(c.unavailable)} not restorable, ${formatCount(c.unchanged)} unchanged.\n`,
      );
    }
    if (values['dry-run']) {
      if (values.json) io.stdout.write(`${JSON.stringify({ dryRun: true, plan: planJson(plan) })}\n`);
      else io.stdout.write('Dry run: nothing was written.\n');
      return ExitCode.Ok;
    }
    const result = applyRestore(store, plan, { onConflict: choice });
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ dryRun: false, plan: planJson(plan), result })}\n`);
    } else {
      for (const k of result.keptBeside) io.stdout.write(`kept beside  ${shown(k.path)} → ${shownAbs(plan.workspace.root, k.keptAs)}\n`);
      for (const s of result.skipped) io.stdout.write(`skipped      ${shown(s.path)}: ${s.reason}\n`);
      for (const f of result.failed) io.stderr.write(`airlock: could not restore ${shown(f.path)}: ${f.error}\n`);
      io.stdout.write(
        `Restored ${formatCount(result.restored.length)}, removed ${formatCount(result.deleted.length)}` +
          `${result.failed.length > 0 ? `, failed ${formatCount(result.failed.length)}` : ''}.` +
          `${result.savedAs ? ` What was there before is snapshot ${result.savedAs} (undo: airlock restore --workspace ${plan.workspace.root} --snapshot ${result.savedAs}).` : ''}\n`,
      );
    }
    return result.failed.length > 0 ? ExitCode.Failure : ExitCode.Ok;
  });
}
