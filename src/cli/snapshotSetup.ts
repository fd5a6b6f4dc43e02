import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSnapshotSettings, SnapshotStore, StoreError, type SnapshotSettings } from '../core/snapshots';
import { ExitCode, UsageError, type CliIo } from './io';

export interface CliStore {
  readonly store: SnapshotStore;
  readonly settings: SnapshotSettings;
  /** The user's home folder, when known: never checkpointed whole. */
  readonly home?: string;
}

/**
 * Opens the user's snapshot store (`$AIRLOCK_HOME/store`, else `~/.airlock/store`) and reads the optional
 * `snapshots.json` next to the user policy. A malformed settings file is a usage error naming the field.
 */
export function openCliStore(io: CliIo): CliStore {
  const home = io.env.HOME && path.isAbsolute(io.env.HOME) ? io.env.HOME : undefined;
  if (!io.airlock) throw new UsageError('HOME (or AIRLOCK_HOME) must be set to an absolute path');
  const settingsFile = io.airlock.snapshotSettings;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw new UsageError(`${settingsFile}: ${(e as Error).message}`);
  }
  const settings = parseSnapshotSettings(raw);
  if (!settings.ok) throw new UsageError(`${settingsFile}: ${settings.error}`);
  const store = SnapshotStore.open({ root: io.airlock.store });
  return { store, settings: settings.value, ...(home ? { home } : {}) };
}

/**
 * Runs a command's work with the user's store open and closes it after (dropping this process's idle writer
 * lock). A StoreError becomes one line on stderr and exit 1; usage errors and anything else propagate to main.
 */
export function withCliStore(io: CliIo, fn: (cli: CliStore) => number): number {
  let cli: CliStore | undefined;
  try {
    cli = openCliStore(io);
    return fn(cli);
  } catch (e) {
    if (e instanceof StoreError) {
      io.stderr.write(`airlock: ${e.message}\n`);
      return ExitCode.Failure;
    }
    throw e;
  } finally {
    cli?.store.close();
  }
}

/** The workspace folder from `--workspace`, resolved against the current folder. */
export function workspaceArg(value: string | undefined, io: CliIo): string {
  if (value === undefined || value === '') throw new UsageError('--workspace DIR is required');
  return path.resolve(io.cwd, value);
}

/** 1536 → "1.5 KB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** 12345 → "12,345" (without toLocaleString, whose first call loads locale data: 10+ ms on every hook call). */
export const formatCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A snapshot's time as people read it, in UTC: `2026-11-21 10:15:00Z`. */
export const formatTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
