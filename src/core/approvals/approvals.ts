import { createHash } from 'node:crypto';
import type { Action } from '../actions';
import type { RuleSpec } from '../policy/types';

/**
 * Approvals a person gives in the editor. A session approval allows exactly the same action again (same kind,
 * same path, URL or command line) until the editor restarts; an "always" approval becomes a narrow user rule
 * naming exactly that target.
 */

/** The identity of an action for session approvals: kind plus its exact target. */
export function approvalKey(action: Action): string {
  const target =
    action.kind === 'exec'
      ? `${action.cwd ?? ''}\u0000${action.command ?? ''}`
      : action.kind === 'fetch'
        ? (action.url ?? '')
        : action.kind === 'rename'
          ? `${action.path ?? ''}\u0000${action.to ?? ''}`
          : `${action.path ?? ''}${action.recursive ? '\u0000recursive' : ''}`;
  return `${action.kind}:${target}`;
}

/** A short, stable id for a rule written from an approval. */
export const approvalRuleId = (action: Action): string =>
  `approved-${action.kind}-${createHash('sha256').update(approvalKey(action)).digest('hex').slice(0, 10)}`;

/** Quotes a word for a command pattern so that it matches itself only (spaces, globs and quotes kept literal). */
export function literalPatternWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return word.includes("'") ? `"${word}"` : `'${word}'`;
}

/**
 * The narrowest user rule that allows this action again: the exact absolute path, the exact host and port, or
 * the exact argument list of each command. Undefined when no rule can be that narrow (a command word holding
 * both kinds of quote): then only once or session approvals are offered.
 */
export function narrowAllowRule(
  action: Action,
  resolved: { readonly paths?: readonly string[]; readonly host?: string; readonly commands?: readonly (readonly string[])[] },
): RuleSpec | undefined {
  const id = approvalRuleId(action);
  const reason = 'Always allowed by you from an approval prompt.';
  switch (action.kind) {
    case 'read':
    case 'write':
    case 'delete':
    case 'rename': {
      const paths = resolved.paths?.filter((p) => p.startsWith('/') && !/[*?[\]{}()!+@\\]/.test(p));
      if (!paths || paths.length === 0) return undefined;
      return { id, kinds: [action.kind], paths, decision: 'allow', reason };
    }
    case 'fetch':
      return resolved.host ? { id, kinds: ['fetch'], hosts: [resolved.host], decision: 'allow', reason } : undefined;
    case 'exec': {
      const commands: string[] = [];
      for (const argv of resolved.commands ?? []) {
        if (argv.length === 0 || argv.some((w) => w.includes("'") && w.includes('"'))) return undefined;
        commands.push(argv.map(literalPatternWord).join(' '));
      }
      return commands.length > 0 ? { id, kinds: ['exec'], commands, decision: 'allow', reason } : undefined;
    }
  }
}
