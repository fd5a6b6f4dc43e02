import type { ShellRuleId } from '../rules';
import type { Does } from './types';

/**
 * The rule each fact is reported under. The rule carries the per-preset decision, so a preset (or a user's
 * command rule) decides what a fact means; the catalog only says which facts hold.
 */
export const ruleFor: Readonly<Record<Does, ShellRuleId>> = {
  reads: 'shell.read-only',
  writes: 'shell.write',
  network: 'shell.network',
  'remote-change': 'shell.remote-change',
  destroys: 'shell.infra-destroy',
  'destroys-data': 'shell.data-destroy',
  database: 'shell.database',
  uploads: 'shell.upload',
  publishes: 'shell.publish',
  credential: 'shell.credential-print',
  'runs-code': 'shell.dev-tool',
  installs: 'shell.package-install',
  'host-access': 'shell.container-escape',
  'remote-shell': 'shell.remote-shell',
  service: 'shell.service-control',
  agent: 'shell.agent-run',
  'unguarded-agent': 'shell.agent-unguarded',
};

/** Facts in order of weight: when a form has several, each is reported; the policy takes the strictest. */
export const weight: Readonly<Record<Does, number>> = {
  reads: 0,
  writes: 1,
  'runs-code': 1,
  network: 2,
  database: 2,
  agent: 3,
  installs: 3,
  'remote-change': 4,
  service: 4,
  'remote-shell': 5,
  uploads: 6,
  publishes: 6,
  credential: 6,
  destroys: 7,
  'destroys-data': 7,
  'host-access': 8,
  'unguarded-agent': 9,
};

/**
 * Words that name a destructive action, in a subcommand, a script or target name, or an option
 * (`db:drop`, `reset-db`, `--purge`, `flushall`, `nukeCache`). Used for programs and forms nobody described.
 */
const destroyWords = new Set([
  'delete', 'del', 'drop', 'dropdb', 'destroy', 'purge', 'prune', 'wipe', 'wipeout', 'flush', 'flushall', 'flushdb',
  'reset', 'forget', 'truncate', 'kill', 'killall', 'remove', 'rm', 'rmdir', 'rmrf', 'erase', 'nuke', 'obliterate',
  'expunge', 'shred', 'teardown', 'uninstall', 'unpublish', 'terminate', 'deregister', 'zap', 'scrub', 'clobber',
  'annihilate', 'dropall', 'deleteall', 'removeall', 'destroyall', 'unlink', 'evict', 'decommission', 'deprovision',
  'overwrite', 'revoke', 'yank', 'discard',
]);

/** The destructive word in `word`, if any (split on `:._-/` and camelCase). */
export function destroyVerb(word: string): string | undefined {
  if (word.length > 64 || !/^-{0,2}[A-Za-z][\w:.\-/]*$/.test(word)) return undefined;
  const parts = word
    .replace(/^-+/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s:._\-/]+/);
  return parts.find((p) => destroyWords.has(p));
}
