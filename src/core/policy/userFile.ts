import { nodeInstallFs } from '../hooks/install/installFs';
import { err, ok, type Result } from '../result';
import { userPolicyPath } from './load';
import type { RuleSpec } from './types';
import { errorMessage } from '../values';

/**
 * The user's own policy file, `<airlockHome>/policy.json`: the one place where both the editor and a hook deciding
 * alone read the user's rules, and where "Always allow" writes them. Agents cannot change it (the floor protects
 * Airlock's folder). An edit keeps every other field; a file that is not a JSON object is never rewritten.
 */

type Json = Record<string, unknown>;

function read(airlockHome: string): Result<Json, string> {
  const file = userPolicyPath(airlockHome);
  let text: string | undefined;
  try {
    text = nodeInstallFs.readText(file);
  } catch (e) {
    return err(`${file} cannot be read: ${errorMessage(e)}`);
  }
  if (text === undefined || text.trim() === '') return ok({});
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return err(`${file} is not valid JSON (${errorMessage(e)}); fix it before Airlock adds rules to it`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return err(`${file} must hold a JSON object`);
  const rules = (value as Json).rules;
  if (rules !== undefined && (!Array.isArray(rules) || rules.some((r) => typeof r !== 'object' || r === null || Array.isArray(r)))) {
    return err(`${file}: "rules" must be a list of rule objects; fix it before Airlock adds rules to it`);
  }
  return ok(value as Json);
}

const rulesOf = (policy: Json): RuleSpec[] => (Array.isArray(policy.rules) ? (policy.rules as RuleSpec[]) : []);

/** The rules in the user's policy file (none when it does not exist). */
export function readUserRules(airlockHome: string): Result<RuleSpec[], string> {
  const policy = read(airlockHome);
  return policy.ok ? ok(rulesOf(policy.value)) : policy;
}

/** Rewrites the file's rules through `edit`, atomically and readable by the user only. */
export function editUserRules(airlockHome: string, edit: (rules: readonly RuleSpec[]) => RuleSpec[]): Result<void, string> {
  const policy = read(airlockHome);
  if (!policy.ok) return policy;
  const next = { ...policy.value, rules: edit(rulesOf(policy.value)) };
  try {
    nodeInstallFs.writeAtomic(userPolicyPath(airlockHome), `${JSON.stringify(next, null, 2)}\n`, 0o600);
  } catch (e) {
    return err(`${userPolicyPath(airlockHome)} cannot be written: ${errorMessage(e)}`);
  }
  return ok(undefined);
}
