import { actionKinds, type ActionKind } from '../actions';
import { err, ok, type Result } from '../result';
import type { Decision } from '../verdict';
import { checkOutputMatcher } from './output';
import { presets, type PolicyFile, type Preset, type RuleSpec } from './types';
import { isObject } from '../values';

/** A policy that cannot be used, naming the file and the field: `rules[2].hosts[0]`. */
export interface PolicyError {
  readonly file: string;
  readonly field: string;
  readonly message: string;
}

export const formatPolicyError = (e: PolicyError): string =>
  `${e.file}${e.field ? ` (${e.field})` : ''}: ${e.message}`;

/** Checks a matcher's text; returns an error message, or undefined when it is valid. */
export interface MatcherValidators {
  readonly path: (pattern: string) => string | undefined;
  readonly host: (pattern: string) => string | undefined;
  readonly command: (pattern: string) => string | undefined;
}

export const topLevelFields = new Set(['$schema', 'preset', 'rules']);
export const ruleFields = new Set(['id', 'kinds', 'paths', 'hosts', 'commands', 'outputs', 'decision', 'reason']);
const decisions: readonly Decision[] = ['allow', 'ask', 'deny'];
const pathKinds: readonly ActionKind[] = ['read', 'write', 'delete', 'rename'];

/** Which action kinds each matcher can apply to. */
const matcherKinds: Record<'paths' | 'hosts' | 'commands', readonly ActionKind[]> = {
  paths: pathKinds,
  hosts: ['fetch'],
  commands: ['exec'],
};

/** Parses policy JSON text. Every problem is an error; no rule is ever silently dropped. */
export function parsePolicyText(text: string, file: string, validators: MatcherValidators): Result<PolicyFile, PolicyError> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return err({ file, field: '', message: `not valid JSON: ${(e as Error).message}` });
  }
  return parsePolicy(data, file, validators);
}

/** Validates a parsed policy value (from a file, or from the `airlock.userPolicy` setting). */
export function parsePolicy(data: unknown, file: string, validators: MatcherValidators): Result<PolicyFile, PolicyError> {
  const fail = (field: string, message: string) => err({ file, field, message });
  if (!isObject(data)) return fail('', 'a policy must be a JSON object with a "rules" list');
  for (const key of Object.keys(data)) {
    if (!topLevelFields.has(key)) return fail(key, `unknown field "${key}" (expected ${[...topLevelFields].join(', ')})`);
  }
  let preset: Preset | undefined;
  if (data.preset !== undefined) {
    if (!presets.includes(data.preset as Preset)) return fail('preset', `must be one of ${presets.join(', ')}`);
    preset = data.preset as Preset;
  }
  const rawRules = data.rules ?? [];
  if (!Array.isArray(rawRules)) return fail('rules', 'must be a list of rules');
  const rules: RuleSpec[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of rawRules.entries()) {
    const parsed = parseRule(raw, `rules[${i}]`, validators);
    if (!parsed.ok) return fail(parsed.error.field, parsed.error.message);
    if (seen.has(parsed.value.id)) return fail(`rules[${i}].id`, `duplicate rule id "${parsed.value.id}"`);
    seen.add(parsed.value.id);
    rules.push(parsed.value);
  }
  return ok(preset === undefined ? { rules } : { preset, rules });
}

function parseRule(
  raw: unknown,
  at: string,
  validators: MatcherValidators,
): Result<RuleSpec, { field: string; message: string }> {
  const fail = (field: string, message: string) => err({ field: field ? `${at}.${field}` : at, message });
  if (!isObject(raw)) return fail('', 'a rule must be an object');
  for (const key of Object.keys(raw)) {
    if (!ruleFields.has(key)) return fail(key, `unknown field "${key}" (expected ${[...ruleFields].join(', ')})`);
  }
  if (typeof raw.id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(raw.id)) {
    return fail('id', 'must be a name of letters, digits, ".", "_" or "-" (at most 80)');
  }
  if (!decisions.includes(raw.decision as Decision)) return fail('decision', 'must be "allow", "ask" or "deny"');
  if (raw.reason !== undefined && (typeof raw.reason !== 'string' || raw.reason.length > 500)) {
    return fail('reason', 'must be a sentence of at most 500 characters');
  }

  const lists: Partial<Record<'paths' | 'hosts' | 'commands', string[]>> = {};
  for (const field of ['paths', 'hosts', 'commands'] as const) {
    const value = raw[field];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.length === 0) return fail(field, 'must be a non-empty list of patterns');
    const validate = validators[field === 'paths' ? 'path' : field === 'hosts' ? 'host' : 'command'];
    for (const [j, item] of value.entries()) {
      if (typeof item !== 'string') return fail(`${field}[${j}]`, 'must be a string');
      const problem = validate(item);
      if (problem !== undefined) return fail(`${field}[${j}]`, problem);
    }
    lists[field] = value as string[];
  }

  if (raw.outputs !== undefined) {
    const outputs = raw.outputs;
    if (!Array.isArray(outputs) || outputs.length === 0) return fail('outputs', 'must be a non-empty list such as ["secret", "injection:fake-turn"]');
    for (const [j, item] of outputs.entries()) {
      if (typeof item !== 'string') return fail(`outputs[${j}]`, 'must be a string');
      const problem = checkOutputMatcher(item);
      if (problem !== undefined) return fail(`outputs[${j}]`, problem);
    }
    const other = [...Object.keys(lists), ...(raw.kinds !== undefined ? ['kinds'] : [])];
    if (other.length > 0) return fail(other[0] ?? '', '"outputs" rules judge tool results and take no other matcher; write a separate rule');
    return ok({
      id: raw.id,
      decision: raw.decision as Decision,
      outputs: outputs as string[],
      ...(typeof raw.reason === 'string' ? { reason: raw.reason } : {}),
    });
  }

  let kinds: ActionKind[] | undefined;
  if (raw.kinds !== undefined) {
    if (!Array.isArray(raw.kinds) || raw.kinds.length === 0) return fail('kinds', 'must be a non-empty list of action kinds');
    for (const [j, k] of raw.kinds.entries()) {
      if (!actionKinds.includes(k as ActionKind)) return fail(`kinds[${j}]`, `unknown action kind "${String(k)}" (expected ${actionKinds.join(', ')})`);
    }
    kinds = raw.kinds as ActionKind[];
  }
  const matchers = (Object.keys(lists) as (keyof typeof lists)[]).filter((m) => lists[m] !== undefined);
  if (matchers.length === 0 && kinds === undefined) {
    return fail('', 'a rule needs "kinds" or at least one of "paths", "hosts", "commands", "outputs"');
  }
  // Each matcher must be able to apply to some listed kind, and each kind must be covered by some matcher;
  // otherwise part of the rule would silently never match.
  if (kinds !== undefined && matchers.length > 0) {
    for (const m of matchers) {
      if (!kinds.some((k) => matcherKinds[m].includes(k))) {
        return fail(m, `"${m}" apply to ${matcherKinds[m].join('/')} actions, but the rule's kinds are ${kinds.join(', ')}`);
      }
    }
    for (const k of kinds) {
      if (!matchers.some((m) => matcherKinds[m].includes(k))) {
        return fail('kinds', `no matcher of this rule applies to "${k}" actions (${matchers.join(', ')} do not)`);
      }
    }
  }
  const spec: RuleSpec = {
    id: raw.id,
    decision: raw.decision as Decision,
    ...(kinds ? { kinds } : {}),
    ...(lists.paths ? { paths: lists.paths } : {}),
    ...(lists.hosts ? { hosts: lists.hosts } : {}),
    ...(lists.commands ? { commands: lists.commands } : {}),
    ...(typeof raw.reason === 'string' ? { reason: raw.reason } : {}),
  };
  return ok(spec);
}

