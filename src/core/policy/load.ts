import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { airlockPathsIn } from '../airlockPaths';
import type { Platform } from '../paths/resolve';
import { err, ok, type Result } from '../result';
import { matcherValidators } from './compile';
import { parsePolicy, parsePolicyText, type PolicyError } from './parse';
import type { LoadedPolicy } from './types';

/** Where a workspace keeps its policy. */
export const workspacePolicyPath = (root: string): string => path.join(root, '.airlock', 'policy.json');

export const userPolicyPath = (airlockHome: string): string => airlockPathsIn(airlockHome).userPolicy;

export interface LoadContext {
  readonly home: string;
  readonly platform: Platform;
}

/**
 * Reads and validates a policy file. A missing file is no policy (`undefined`) unless `required`; an unreadable
 * or invalid one is an error naming the file and the field.
 */
export function loadPolicyFile(file: string, ctx: LoadContext, required = false): Result<LoadedPolicy | undefined, PolicyError> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return ok(undefined);
    return err({ file, field: '', message: code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(e)})` });
  }
  const parsed = parsePolicyText(text, file, matcherValidators(ctx));
  return parsed.ok ? ok({ file, policy: parsed.value }) : parsed;
}

/** Validates a policy given as a value (the `airlock.userPolicy` setting). */
export function loadPolicyValue(value: unknown, source: string, ctx: LoadContext): Result<LoadedPolicy, PolicyError> {
  const parsed = parsePolicy(value, source, matcherValidators(ctx));
  return parsed.ok ? ok({ file: source, policy: parsed.value }) : parsed;
}
