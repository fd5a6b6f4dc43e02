import { agentEntries } from './entries/agents';
import { cloudEntries } from './entries/cloud';
import { containerEntries } from './entries/containers';
import { databaseEntries } from './entries/databases';
import { frameworkEntries } from './entries/frameworks';
import { publishEntries } from './entries/forges';
import { infraEntries } from './entries/infra';
import { serviceEntries } from './entries/services';
import type { CatalogEntry } from './types';

export type { CatalogEntry, Does, Form, OptionInfo, OptionTable, Role, VerbClass } from './types';
export { classifyWith } from './interpret';

/** Every catalog entry, by group (the README's shell section lists them from here). */
export const catalogGroups: Readonly<Record<string, readonly CatalogEntry[]>> = {
  databases: databaseEntries,
  frameworks: frameworkEntries,
  cloud: cloudEntries,
  infrastructure: infraEntries,
  containers: containerEntries,
  'backups, secrets': serviceEntries,
  'publishing, forges': publishEntries,
  agents: agentEntries,
};

export const catalog: readonly CatalogEntry[] = Object.values(catalogGroups).flat();

const byName = new Map<string, CatalogEntry>();
const byScript = new Map<string, CatalogEntry>();
const byModule = new Map<string, CatalogEntry>();
for (const e of catalog) {
  for (const n of e.names) byName.set(n, e);
  for (const s of e.scripts ?? []) byScript.set(s, e);
  for (const m of e.modules ?? []) byModule.set(m, e);
}

export const catalogEntry = (name: string): CatalogEntry | undefined => byName.get(name);
/** The entry for a script an interpreter runs (`manage.py`, `artisan`, `bin/rails`). */
export const catalogScript = (basename: string): CatalogEntry | undefined => byScript.get(basename);
/** The entry for `python -m <module>`. */
export const catalogModule = (module: string): CatalogEntry | undefined => byModule.get(module);
