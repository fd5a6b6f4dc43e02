import { parseArgs } from 'node:util';
import {
  collectGarbage,
  findSnapshot,
  listSnapshots,
  parseSize,
  snapshotEntries,
  takeCheckpoint,
  takeTargetedSnapshot,
  verifyStore,
  type SnapshotEntry,
} from '../../core/snapshots';
import { ExitCode, UsageError, type CliIo } from '../io';
import { formatBytes, formatCount, formatTime, withCliStore, workspaceArg } from '../snapshotSetup';

export const snapshotUsage = `Usage: airlock snapshot --workspace DIR [--paths PATH …] [--label TEXT] [--json]

Without --paths: a checkpoint of the whole workspace, incremental (files unchanged since the latest checkpoint
are not read again; nothing is written when nothing changed). Dependency, build and version-control folders are
left out; ignored files such as .env are kept.
With --paths: a targeted snapshot of those files and folders (absolute, or relative to the workspace), taken
before a destructive action; a path that does not exist is recorded as such, so restore can remove it again.

  --workspace DIR  the workspace folder
  --paths PATH …   snapshot only these paths (repeat --paths, or list them after it)
  --label TEXT     a note shown in listings
  --json           print the result as JSON
Exit codes: 0 taken; 1 the store could not take it (the message says why, e.g. a full disk); 2 bad arguments.
`;

export const snapshotsUsage = `Usage: airlock snapshots --workspace DIR [--json]            list a workspace's snapshots, newest first
       airlock snapshots show --workspace DIR --snapshot ID [--json]   the paths a snapshot holds
       airlock snapshots verify [--repair] [--quick] [--json]  check the store; --repair fixes what it can
       airlock snapshots gc [--max-size SIZE] [--max-age DAYS] [--dry-run] [--json]

The store is one per user: $AIRLOCK_HOME/store, else ~/.airlock/store. Settings (exclusions, size cap, retention)
come from snapshots.json next to it.
  verify   checks every pack, object and manifest; after a crash it finds what a killed writer left (removed by
           --repair or gc) and what content was lost (--repair records it in the snapshots, so restore says so)
  gc       removes snapshots older than the age limit, then the oldest while the store is over the size cap; never
           the newest snapshot of a workspace nor the newest copy of any file (those are kept, thinned to those files)
Exit codes: 0 ok; 1 damage found (verify) or the store failed; 2 bad arguments.
`;

const snapshotOptions = {
  workspace: { type: 'string' },
  paths: { type: 'string', multiple: true },
  label: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runSnapshot(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: snapshotOptions, strict: true, allowPositionals: true });
  if (values.help) {
    io.stdout.write(snapshotUsage);
    return ExitCode.Ok;
  }
  if (positionals.length > 0 && !values.paths) throw new UsageError(`unexpected argument '${positionals[0]}' (paths go after --paths)`);
  const workspace = workspaceArg(values.workspace, io);
  const paths = values.paths ? [...values.paths, ...positionals] : undefined;
  if (paths && paths.some((p) => p === '')) throw new UsageError('--paths takes non-empty paths');
  return withCliStore(io, ({ store, settings, home }) => {
    const label = values.label !== undefined ? { label: values.label } : {};
    if (paths) {
      const r = takeTargetedSnapshot(store, workspace, paths, { settings, ...label });
      const m = r.manifest;
      const missing = m.entries.filter((e) => e.type === 'missing').length;
      if (values.json) {
        io.stdout.write(`${JSON.stringify({ id: m.id, kind: m.kind, workspace: m.workspace.root, createdAt: m.createdAt, files: m.stats.files, bytes: m.stats.bytes, newBytes: m.stats.newBytes, missing, filesRead: r.filesRead, limited: r.limited, warnings: r.warnings })}\n`);
      } else {
        io.stdout.write(
          `Snapshot ${m.id} of ${formatCount(paths.length)} path${paths.length === 1 ? '' : 's'} in ${m.workspace.root}: ` +
            `${formatCount(m.stats.files)} file${m.stats.files === 1 ? '' : 's'} (${formatBytes(m.stats.bytes)})` +
            `${missing > 0 ? `, ${missing} not existing yet` : ''}; ${formatBytes(m.stats.newBytes)} added to the store.\n`,
        );
        for (const w of r.warnings) io.stderr.write(`airlock: warning: ${w}\n`);
        if (r.limited) io.stderr.write('airlock: warning: the snapshot reached its size limit; some files were recorded without content\n');
      }
      return ExitCode.Ok;
    }
    const r = takeCheckpoint(store, workspace, { settings, ...label, ...(home ? { refuse: [home] } : {}) });
    const m = r.manifest;
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ id: m.id, kind: m.kind, workspace: m.workspace.root, createdAt: m.createdAt, unchanged: r.unchanged, mode: r.mode, files: m.stats.files, bytes: m.stats.bytes, newBytes: r.unchanged ? 0 : m.stats.newBytes, filesRead: r.filesRead, warnings: r.warnings })}\n`);
    } else if (r.unchanged) {
      io.stdout.write(`Nothing changed in ${m.workspace.root} since checkpoint ${m.id}; no new snapshot.\n`);
    } else {
      io.stdout.write(
        `Checkpoint ${m.id} of ${m.workspace.root}: ${formatCount(m.stats.files)} files (${formatBytes(m.stats.bytes)}), ` +
          `${formatCount(r.filesRead)} read, ${formatBytes(m.stats.newBytes)} added to the store.\n`,
      );
      for (const w of r.warnings) io.stderr.write(`airlock: warning: ${w}\n`);
    }
    return ExitCode.Ok;
  });
}

const snapshotsOptions = {
  workspace: { type: 'string' },
  snapshot: { type: 'string' },
  json: { type: 'boolean' },
  repair: { type: 'boolean' },
  quick: { type: 'boolean' },
  'max-size': { type: 'string' },
  'max-age': { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type SnapshotsValues = ReturnType<typeof parseArgs<{ options: typeof snapshotsOptions; allowPositionals: true; strict: true }>>['values'];

const allowed: Record<string, readonly string[]> = {
  list: ['workspace', 'json'],
  show: ['workspace', 'snapshot', 'json'],
  verify: ['repair', 'quick', 'json'],
  gc: ['max-size', 'max-age', 'dry-run', 'json'],
};

export async function runSnapshots(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: snapshotsOptions, strict: true, allowPositionals: true });
  if (values.help) {
    io.stdout.write(snapshotsUsage);
    return ExitCode.Ok;
  }
  const [sub = 'list', ...extra] = positionals;
  if (!Object.hasOwn(allowed, sub)) throw new UsageError(`unknown snapshots command '${sub}' (expected list, show, verify or gc)`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const wrong = Object.keys(values).find((k) => k !== 'help' && !allowed[sub]!.includes(k));
  if (wrong) throw new UsageError(`--${wrong} does not apply to 'snapshots ${sub}'`);
  switch (sub) {
    case 'show':
      return show(values, io);
    case 'verify':
      return verify(values, io);
    case 'gc':
      return gc(values, io);
    default:
      return list(values, io);
  }
}

function list(values: SnapshotsValues, io: CliIo): number {
  const workspace = workspaceArg(values.workspace, io);
  return withCliStore(io, ({ store }) => {
    const all = listSnapshots(store, workspace);
    if (values.json) {
      io.stdout.write(`${JSON.stringify(all)}\n`);
      return ExitCode.Ok;
    }
    if (all.length === 0) {
      io.stdout.write(`No snapshots of ${workspace}.\n`);
      return ExitCode.Ok;
    }
    for (const s of all) {
      const what = s.kind === 'checkpoint' ? 'checkpoint' : s.thinned ? 'kept files' : 'targeted';
      const paths = s.paths && s.kind === 'targeted' && !s.thinned ? `  ${s.paths.slice(0, 3).map((p) => p || '.').join(' ')}${s.paths.length > 3 ? ' …' : ''}` : '';
      const flags = s.damaged ? '  [damaged]' : '';
      io.stdout.write(`${s.id}  ${formatTime(s.createdAt)}  ${what.padEnd(10)}  ${formatCount(s.files).padStart(7)} files  ${formatBytes(s.bytes).padStart(8)}${s.label ? `  "${s.label}"` : ''}${paths}${flags}\n`);
    }
    return ExitCode.Ok;
  });
}

function describeEntry(e: SnapshotEntry): string {
  switch (e.type) {
    case 'file':
      return `file     ${e.mode.toString(8).padStart(4, '0')}  ${formatBytes(e.size).padStart(8)}  ${e.path}`;
    case 'dir':
      return `folder   ${e.mode.toString(8).padStart(4, '0')}            ${e.path || '.'}`;
    case 'symlink':
      return `symlink                   ${e.path} -> ${e.target}`;
    case 'missing':
      return `missing                   ${e.path}  (did not exist)`;
    case 'skipped':
      return `skipped                   ${e.path}  (${e.reason}${e.size !== undefined ? `, ${formatBytes(e.size)}` : ''})`;
  }
}

function show(values: SnapshotsValues, io: CliIo): number {
  const workspace = workspaceArg(values.workspace, io);
  const ref = values.snapshot;
  if (!ref) throw new UsageError('--snapshot ID is required');
  return withCliStore(io, ({ store }) => {
    const m = findSnapshot(store, workspace, ref);
    const entries = snapshotEntries(store, m);
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ id: m.id, kind: m.kind, workspace: m.workspace.root, createdAt: m.createdAt, label: m.label, damaged: m.damaged ?? [], entries })}\n`);
      return ExitCode.Ok;
    }
    io.stdout.write(`Snapshot ${m.id} (${m.kind}, ${formatTime(m.createdAt)}${m.label ? `, "${m.label}"` : ''}) of ${m.workspace.root}\n`);
    for (const e of entries) io.stdout.write(`  ${describeEntry(e)}\n`);
    if (m.damaged?.length) io.stdout.write(`Lost in a disk problem: ${m.damaged.map((p) => p || '.').join(', ')}\n`);
    return ExitCode.Ok;
  });
}

function verify(values: SnapshotsValues, io: CliIo): number {
  return withCliStore(io, ({ store }) => {
    const r = verifyStore(store, { repair: values.repair === true, quick: values.quick === true });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(r)}\n`);
    } else {
      for (const p of r.problems) io.stdout.write(`${p.severity === 'damage' ? 'damage  ' : 'leftover'}  ${p.message}${p.repaired ? ` — ${p.repaired}` : ''}\n`);
      for (const d of r.damaged) io.stdout.write(`lost      snapshot ${d.id}: ${d.paths.slice(0, 5).map((p) => p || '.').join(', ')}${d.paths.length > 5 ? ` and ${d.paths.length - 5} more` : ''}\n`);
      io.stdout.write(
        `${r.ok ? 'The store is consistent' : 'The store is damaged; run airlock snapshots verify --repair'}: ` +
          `${formatCount(r.checked.snapshots)} snapshots, ${formatCount(r.checked.objects)} objects in ${formatCount(r.checked.packs)} packs checked.\n`,
      );
    }
    return r.ok ? ExitCode.Ok : ExitCode.Failure;
  });
}

function gc(values: SnapshotsValues, io: CliIo): number {
  let maxBytes: number | undefined;
  if (values['max-size'] !== undefined) {
    const s = parseSize(values['max-size']);
    if (!s.ok) throw new UsageError(`--max-size: ${s.error}`);
    maxBytes = s.value;
  }
  let maxAgeDays: number | undefined;
  if (values['max-age'] !== undefined) {
    const d = Number(values['max-age'].replace(/d$/, ''));
    if (!(d > 0)) throw new UsageError('--max-age takes a number of days, e.g. 30');
    maxAgeDays = d;
  }
  return withCliStore(io, ({ store, settings }) => {
    const retention = { maxBytes: maxBytes ?? settings.retention.maxBytes, maxAgeDays: maxAgeDays ?? settings.retention.maxAgeDays };
    const r = collectGarbage(store, { retention, dryRun: values['dry-run'] === true });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(r)}\n`);
      return ExitCode.Ok;
    }
    const verb = r.dryRun ? 'would be' : 'was';
    for (const d of r.decisions) {
      io.stdout.write(`${d.action === 'remove' ? 'remove' : 'thin  '}  ${d.id}  ${formatTime(d.createdAt)}  ${d.why === 'age' ? 'older than the age limit' : 'over the size cap'}${d.action === 'thin' ? `; keeps ${formatCount(d.kept ?? 0)} file(s) whose newest copy it holds` : ''}\n`);
    }
    io.stdout.write(
      `${r.decisions.length === 0 ? 'Nothing to remove' : `${r.decisions.length} snapshot(s) ${r.dryRun ? 'would be' : 'were'} removed or thinned`}; ` +
        `the store ${verb} ${formatBytes(r.bytesBefore)}${r.dryRun ? '' : `, now ${formatBytes(r.bytesAfter)}`}` +
        `${r.overCap ? ` (still over the cap of ${formatBytes(retention.maxBytes)}: what is left is the newest copy of something)` : ''}.\n`,
    );
    return ExitCode.Ok;
  });
}
