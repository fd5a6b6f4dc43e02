import type { Field } from './scope';

/** How one tool reads its options: canonical names with their spellings (`-r`, `--recursive`). */
export interface OptionSpec {
  readonly flags?: Readonly<Record<string, readonly string[]>>;
  /** Options that take a value, attached (`-n5`, `--lines=5`) or as the next argument. */
  readonly values?: Readonly<Record<string, readonly string[]>>;
  /** Options whose value may only be attached (`sed -i.bak`, `xargs -i{}`). */
  readonly optional?: Readonly<Record<string, readonly string[]>>;
  /** Stop at the first operand: wrappers (sudo, env, nice) and POSIX tools; what follows belongs to the command. */
  readonly stopAtOperand?: boolean;
}

export interface ParsedArgs {
  /** Canonical option name -> the values it was given (a flag has one empty literal per use). */
  readonly options: ReadonlyMap<string, readonly Field[]>;
  readonly operands: readonly Field[];
  /** Spellings that the spec does not know, as written (`-z`, `--frobnicate`). */
  readonly unknown: readonly string[];
  has(name: string): boolean;
  value(name: string): Field | undefined;
  values(name: string): readonly Field[];
}

type Kind = 'flag' | 'value' | 'optional';

export interface OptionParser {
  parse(args: readonly Field[]): ParsedArgs;
}

const sub = (f: Field, value: string): Field => ({ ...f, value, pattern: value, glob: false });
const empty = (f: Field): Field => sub(f, '');

/** Compiles a spec once; parsing follows getopt_long: clustered short flags, `--name=value`, unique prefixes, `--`. */
export function options(spec: OptionSpec): OptionParser {
  const table = new Map<string, { name: string; kind: Kind }>();
  const add = (group: Readonly<Record<string, readonly string[]>> | undefined, kind: Kind): void => {
    for (const [name, spellings] of Object.entries(group ?? {})) for (const s of spellings) table.set(s, { name, kind });
  };
  add(spec.flags, 'flag');
  add(spec.values, 'value');
  add(spec.optional, 'optional');
  const longs = [...table.keys()].filter((k) => k.startsWith('--'));

  const lookupLong = (spelling: string): { name: string; kind: Kind } | undefined => {
    const exact = table.get(spelling);
    if (exact) return exact;
    const candidates = longs.filter((l) => l.startsWith(spelling));
    const names = new Set(candidates.map((c) => table.get(c)!.name));
    return names.size === 1 ? table.get(candidates[0]!) : undefined;
  };

  return {
    parse(args: readonly Field[]): ParsedArgs {
      const opts = new Map<string, Field[]>();
      const operands: Field[] = [];
      const unknown: string[] = [];
      const record = (name: string, value: Field): void => {
        const list = opts.get(name);
        if (list) list.push(value);
        else opts.set(name, [value]);
      };
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        const v = a.value;
        if (!a.known || v === '-' || !v.startsWith('-')) {
          if (spec.stopAtOperand) {
            operands.push(...args.slice(i));
            break;
          }
          operands.push(a);
          continue;
        }
        if (v === '--') {
          operands.push(...args.slice(i + 1));
          break;
        }
        if (v.startsWith('--')) {
          const eq = v.indexOf('=');
          const spelling = eq < 0 ? v : v.slice(0, eq);
          const attached = eq < 0 ? undefined : v.slice(eq + 1);
          const hit = lookupLong(spelling);
          if (!hit) {
            unknown.push(spelling);
            record(spelling, attached === undefined ? empty(a) : sub(a, attached));
          } else if (hit.kind === 'value') {
            const value = attached !== undefined ? sub(a, attached) : args[++i];
            record(hit.name, value ?? empty(a));
          } else {
            record(hit.name, attached === undefined ? empty(a) : sub(a, attached));
          }
          continue;
        }
        const whole = table.get(v);
        if (whole && v.length > 2) {
          // Single-dash long options (`find -name`, `java -jar`) spelled out in the spec.
          record(whole.name, whole.kind === 'value' ? (args[++i] ?? empty(a)) : empty(a));
          continue;
        }
        for (let j = 1; j < v.length; j++) {
          const spelling = `-${v[j]}`;
          const hit = table.get(spelling);
          const rest = v.slice(j + 1);
          if (!hit) {
            unknown.push(spelling);
            record(spelling, empty(a));
          } else if (hit.kind === 'flag') {
            record(hit.name, empty(a));
          } else if (hit.kind === 'optional') {
            record(hit.name, sub(a, rest));
            break;
          } else {
            record(hit.name, rest !== '' ? sub(a, rest) : (args[++i] ?? empty(a)));
            break;
          }
        }
      }
      return {
        options: opts,
        operands,
        unknown,
        has: (name) => opts.has(name),
        value: (name) => opts.get(name)?.at(-1),
        values: (name) => opts.get(name) ?? [],
      };
    },
  };
}
