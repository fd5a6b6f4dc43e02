import * as path from 'node:path';
import { err, ok, type Result } from '../result';
import { segmentRegExp } from './glob';
import type { AnalyzedCommand } from './types';

/**
 * A policy pattern over a parsed command: `git push --force *`, `npm run *`, `rm -r* *`.
 *
 * - The first word is the command name, matched against the unwrapped command's basename (`/bin/rm` is `rm`).
 *   A wrapper name (`sudo *`) also matches every command run through that wrapper.
 * - Words starting with `-` are option patterns: each must match some option of the command, in any order
 *   (`-f` also matches inside a cluster such as `-rf`).
 * - Other words match the command's other arguments in order; `*` matches exactly one argument, and a final
 *   lone `*` matches any remaining arguments (including none). Words are globs (`*`, `?`, `[...]`), quoting
 *   with '...' or "..." keeps spaces and glob characters literal.
 */
export interface CommandPattern {
  readonly source: string;
  readonly name: string;
  readonly options: readonly Token[];
  readonly positionals: readonly Token[];
  /** Ends with a lone `*`: any number of further positional arguments. */
  readonly rest: boolean;
}

interface Token {
  readonly text: string;
  readonly literal: boolean;
  readonly re: RegExp;
}

function tokenize(text: string): Result<{ word: string; quoted: boolean }[], string> {
  const out: { word: string; quoted: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    let word = '';
    let quoted = false;
    while (i < text.length && !/\s/.test(text[i]!)) {
      const ch = text[i]!;
      if (ch === "'" || ch === '"') {
        const end = text.indexOf(ch, i + 1);
        if (end < 0) return err(`unterminated ${ch} quote in command pattern '${text}'`);
        word += text.slice(i + 1, end).replace(/[*?[\]\\]/g, '\\$&');
        quoted = true;
        i = end + 1;
      } else {
        word += ch;
        i++;
      }
    }
    out.push({ word, quoted });
  }
  return ok(out);
}

const isLiteral = (word: string): boolean => !/(^|[^\\])[*?[]/.test(word);

function token(word: string): Result<Token, string> {
  try {
    return ok({ text: word, literal: isLiteral(word), re: segmentRegExp(word) });
  } catch (e) {
    return err(`invalid glob '${word}': ${String(e)}`);
  }
}

export function parseCommandPattern(text: string): Result<CommandPattern, string> {
  if (typeof text !== 'string') return err('a command pattern must be a string');
  const words = tokenize(text.trim());
  if (!words.ok) return words;
  const [first, ...rest] = words.value;
  if (!first || first.word === '') return err('a command pattern needs a command name');
  if (/[*?[]/.test(first.word) && !first.quoted && first.word !== '*') {
    return err(`the command name of '${text}' must be a plain name or '*'`);
  }
  const options: Token[] = [];
  const positionals: Token[] = [];
  let restAll = false;
  rest.forEach((w, i) => {
    if (w.word === '*' && i === rest.length - 1 && !w.quoted) restAll = true;
    else if (w.word.startsWith('-') && !w.quoted) {
      const t = token(w.word);
      if (t.ok) options.push(t.value);
    } else {
      const t = token(w.word);
      if (t.ok) positionals.push(t.value);
    }
  });
  return ok({ source: text, name: path.posix.basename(first.word), options, positionals, rest: restAll });
}

function optionMatches(t: Token, args: readonly string[]): boolean {
  return args.some((a) => {
    if (t.re.test(a)) return true;
    // `-f` matches the cluster `-rf`; `--force` matches `--force=...`.
    if (/^-[a-zA-Z0-9]$/.test(t.text) && /^-[a-zA-Z0-9]{2,}$/.test(a)) return a.slice(1).includes(t.text[1]!);
    if (t.text.startsWith('--') && t.literal) return a.startsWith(`${t.text}=`);
    return false;
  });
}

export function matchCommandPattern(p: CommandPattern, cmd: AnalyzedCommand): boolean {
  if (p.name !== '*' && p.name !== cmd.name) {
    // A wrapper's name matches whatever runs through it (`sudo *`), when the pattern asks nothing more.
    return p.options.length === 0 && p.positionals.length === 0 && cmd.via.some((v) => v.split(' ')[0] === p.name);
  }
  const args = cmd.matchArgs;
  const dd = args.indexOf('--');
  const optionArgs = (dd < 0 ? args : args.slice(0, dd)).filter((a) => a.startsWith('-') && a !== '-');
  const positional = [...(dd < 0 ? args : args.slice(0, dd)).filter((a) => !a.startsWith('-') || a === '-'), ...(dd < 0 ? [] : args.slice(dd + 1))];
  if (!p.options.every((t) => optionMatches(t, optionArgs))) return false;
  if (positional.length < p.positionals.length) return false;
  if (!p.rest && positional.length !== p.positionals.length) return false;
  return p.positionals.every((t, i) => t.text === '*' || t.re.test(positional[i]!));
}

/** More literal words make a pattern more specific; a trailing `*` makes it less. */
export function commandPatternSpecificity(p: CommandPattern): number {
  const literal = (t: Token): number => (t.literal ? 10 : t.text === '*' ? 1 : 5);
  return (p.name === '*' ? 0 : 10) + p.options.reduce((n, t) => n + literal(t), 0) + p.positionals.reduce((n, t) => n + literal(t), 0) + (p.rest ? 0 : 2);
}
