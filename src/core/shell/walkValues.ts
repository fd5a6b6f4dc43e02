import type { Assignment, Stmt } from './ast';
import { arithmeticRefs } from './arith';
import { CommandContext, type Invocation, type Output, type Stdin } from './classify/context';
import type { ShellParser } from './parse';
import { unknownValue, type Field, type Scope, type VarValue } from './scope';
import { expandValue, expandWords, type SubstitutionRunner } from './expand';
import type { DerivedAction, Finding } from './types';

/** Unwrapping and nested scripts deeper than this are not followed (and reported as a problem). */
export const maxNesting = 12;
/** Variables whose values name further variables are followed this deep in arithmetic. */
const maxArithmeticDepth = 8;

/** Where a walked statement reads from, and the wrappers it was reached through. */
export interface Io {
  readonly stdin: Stdin;
  readonly via: readonly string[];
}

/**
 * Values in a walked line: command substitutions, assignments, and arithmetic (`$(( e ))`, `(( e ))`,
 * `[[ a -eq b ]]`, subscripts), where bash evaluates every variable it reads as an expression in turn, so a value
 * can run commands. The line walker (walk.ts) extends this.
 */
export abstract class ValueWalker {
  readonly problems: string[] = [];
  protected nesting = 0;

  constructor(protected readonly parser: ShellParser) {}

  abstract walkList(stmts: readonly Stmt[], scope: Scope, io: Io): Output;
  protected abstract invocation(argv: readonly Field[], text: string, scope: Scope, io: Io, stdin: Stdin, assigns: readonly (readonly [string, VarValue])[]): Invocation;
  protected abstract emit(inv: Invocation, name: string, findings: readonly Finding[], effects: readonly DerivedAction[], matchArgs: readonly string[] | undefined): unknown;

  /** Command and process substitutions run in a subshell before the command that uses their output. */
  protected substitutions(scope: Scope, io: Io): SubstitutionRunner {
    const run = (body: readonly Stmt[]): { secrets: readonly string[]; network: boolean; decoded: boolean } => {
      const out = this.walkList(body, scope.fork(), { stdin: { kind: 'none' }, via: io.via });
      return { secrets: out.secrets, network: out.network, decoded: out.decoded };
    };
    return Object.assign(run, { arithmetic: (text: string) => this.arithmeticWord(text, scope, io) });
  }

  /** The value an assignment gives a variable (`declare -i` ones evaluated as arithmetic). */
  protected assignValue(a: Assignment, scope: Scope, io: Io): VarValue {
    const run = this.substitutions(scope, io);
    const base = a.name.replace(/\[\]$/, '');
    if (a.index !== undefined && scope.attributes.get(base) !== 'A') this.arithmetic(a.index, `${base}[${a.index}]`, scope, io, true);
    if (scope.attributes.get(a.name) === 'i' && a.value) {
      // `declare -i n`: every assignment to n is evaluated as arithmetic.
      const value = expandValue(a.value, scope, run);
      if (!value.known) this.arithmeticUnknown(a.name, `${a.name}=${a.value.text}`, scope, io);
      else this.arithmetic(value.value, `${a.name}=${a.value.text}`, scope, io, false);
      return value.known && /^\s*-?\d+\s*$/.test(value.value) ? value : { known: false, numeric: true };
    }
    if (a.array) {
      expandWords(a.array, scope, run);
      return unknownValue;
    }
    if (!a.value) return { known: true, value: '' };
    if (a.name.endsWith('[]')) {
      expandValue(a.value, scope, run);
      return unknownValue;
    }
    return expandValue(a.value, scope, run);
  }

  protected problem(message: string): void {
    if (!this.problems.includes(message) && this.problems.length < 20) this.problems.push(message);
  }

  /** `$(( e ))`, `$[ e ]` and an indexed array's subscript `${a[e]}` inside a word. */
  protected arithmeticWord(text: string, scope: Scope, io: Io): void {
    if (text.startsWith('$((')) return this.arithmetic(text.slice(3, -2), text, scope, io, true);
    if (text.startsWith('$[')) return this.arithmetic(text.slice(2, -1), text, scope, io, true);
    const sub = /^\$\{[!#]?([A-Za-z_]\w*)\[(.*)\][^\]]*\}$/s.exec(text);
    if (sub && sub[2] !== '@' && sub[2] !== '*' && scope.attributes.get(sub[1]!) !== 'A') this.arithmetic(sub[2]!, text, scope, io, true);
  }

  /** `(( e ))` and the operands of `[[ a -eq b ]]` (and -ne, -lt, ...); `[` and `test` only compare integers. */
  protected testArithmetic(text: string, scope: Scope, io: Io): void {
    if (text.startsWith('((')) return this.arithmetic(text.slice(2, -2), text, scope, io, true);
    if (!text.startsWith('[[')) return;
    const words = testWords(text.slice(2, -2));
    words.forEach((w, i) => {
      if (!/^-(eq|ne|lt|le|gt|ge)$/.test(w)) return;
      for (const operand of [words[i - 1], words[i + 1]]) if (operand) this.arithmetic(operand, text, scope, io, !operand.includes("'"));
    });
  }

  /**
   * An arithmetic context. Every variable it reads has its value evaluated as an expression in turn, and a
   * subscript in a value runs its command substitutions (`x='a[$(cmd)]'; (( x ))`): an unknown value is code
   * only known when it runs; a known one is evaluated here, its substitutions walked. `source`: text of the line
   * itself, whose substitutions the parser already hands to the walk.
   */
  protected arithmetic(expr: string, shown: string, scope: Scope, io: Io, source: boolean): void {
    const seen = new Set<string>();
    let unknown: string | undefined;
    const evaluate = (text: string, fromSource: boolean, depth: number): void => {
      const refs = arithmeticRefs(text);
      if (!fromSource) for (const script of refs.scripts) this.arithmeticScript(script, scope, io);
      for (const name of refs.names) {
        if (seen.has(name)) continue;
        seen.add(name);
        const v = scope.lookup(name);
        if (!v.known) unknown ??= v.numeric ? undefined : name;
        else if (depth < maxArithmeticDepth && !/^[\s\d+-]*$/.test(v.value)) evaluate(v.value, false, depth + 1);
      }
      if (depth === 0) for (const name of refs.assigned) scope.set(name, { known: false, numeric: true });
    };
    evaluate(expr, source, 0);
    if (unknown !== undefined) this.arithmeticUnknown(unknown, shown, scope, io);
  }

  protected arithmeticUnknown(name: string, shown: string, scope: Scope, io: Io): void {
    const inv = this.invocation([], shown, scope, io, io.stdin, []);
    const ctx = new CommandContext(inv);
    ctx.find('shell.eval-dynamic', `evaluates $${name} as arithmetic; its value is only known when it runs, and a value such as a[$(...)] runs a command`);
    this.emit(inv, '', ctx.findings, [], undefined);
  }

  /** A command substitution inside a value that arithmetic evaluates. */
  protected arithmeticScript(script: string, scope: Scope, io: Io): void {
    if (this.nesting >= maxNesting) return this.problem(`wrappers and nested scripts deeper than ${maxNesting} levels`);
    this.nesting++;
    try {
      const parsed = this.parser.parse(script);
      for (const p of parsed.problems) this.problem(`arithmetic: ${p}`);
      this.walkList(parsed.body, scope.fork(), { stdin: { kind: 'none' }, via: [...io.via, 'arithmetic'] });
    } finally {
      this.nesting--;
    }
  }
}

/** The words of a `[[ ]]` body: split on white space outside quotes and parentheses. */
function testWords(body: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote = '';
  let depth = 0;
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (ch === ' ' || ch === '\t' || ch === '\n')) {
      if (cur) words.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur) words.push(cur);
  return words;
}
