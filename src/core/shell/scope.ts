import type { Stmt } from './ast';

/** A variable's value as far as the analysis knows it. `secrets` names secret sources whose content flowed into it. */
export type VarValue =
  | { readonly known: true; readonly value: string; readonly glob?: boolean; readonly secrets?: readonly string[]; readonly exported?: boolean }
  /** `numeric`: unknown, but a number (assigned by arithmetic), so evaluating it as arithmetic runs nothing. */
  | { readonly known: false; readonly secrets?: readonly string[]; readonly exported?: boolean; readonly numeric?: boolean };

export const unknownValue: VarValue = { known: false };

/** Space, tab and newline: what bash splits on unless the line sets IFS (bash never takes IFS from its environment). */
export const defaultIfs = ' \t\n';
const defaultIfsValue: VarValue = { known: true, value: defaultIfs };

/** One expanded argument. Unknown parts keep their source text in `value`. */
export interface Field {
  readonly value: string;
  readonly known: boolean;
  /** Contains unquoted glob characters; `pattern` has quoted glob characters escaped with a backslash. */
  readonly glob: boolean;
  readonly pattern: string;
  /** The field is a process substitution: a `/dev/fd` path whose content comes from (or goes to) a command. */
  readonly procsub?: boolean;
  /** Secret sources whose content flowed into the field (command substitutions, tainted variables). */
  readonly secrets: readonly string[];
  /** Output traits of command substitutions inside the field. */
  readonly fromNetwork?: boolean;
  /** Output of a decoder (`base64 -d`) is inside the field. */
  readonly fromDecoded?: boolean;
}

export const literalField = (value: string): Field => ({ value, known: true, glob: false, pattern: value, secrets: [] });

/**
 * The shell state a command line builds up as it runs: variables, working folder, positional parameters and
 * functions. Subshells and pipeline stages work on a fork, so their `cd` and assignments do not leak out.
 */
export class Scope {
  constructor(
    readonly home: string,
    readonly env: Readonly<Record<string, string | undefined>>,
    public cwd: string | undefined,
    public oldCwd: string | undefined = undefined,
    private readonly vars = new Map<string, VarValue>(),
    /** Undefined: not known (top level of the line). */
    public positional: readonly Field[] | undefined = undefined,
    readonly functions = new Map<string, Stmt>(),
    /** `declare -i` (assignments are arithmetic) and `declare -A` (subscripts are not) names: `i` or `A`. */
    readonly attributes = new Map<string, 'i' | 'A'>(),
  ) {}

  fork(): Scope {
    return new Scope(this.home, this.env, this.cwd, this.oldCwd, new Map(this.vars), this.positional, new Map(this.functions), new Map(this.attributes));
  }

  /** A fresh shell process (`bash -c`): exported variables only, same folder, no functions. */
  child(positional: readonly Field[] | undefined): Scope {
    const exported = new Map([...this.vars].filter(([, v]) => v.exported));
    return new Scope(this.home, this.env, this.cwd, this.oldCwd, exported, positional, new Map());
  }

  /** Sets a variable; it stays exported once exported (`export X; X=1`). */
  set(name: string, value: VarValue): void {
    const exported = value.exported ?? this.vars.get(name)?.exported;
    this.vars.set(name, exported ? { ...value, exported: true } : value);
  }

  export(name: string): void {
    const v = this.vars.get(name);
    if (v) this.vars.set(name, { ...v, exported: true });
  }

  /** Removes a variable set on the line (`unset IFS` restores default splitting). */
  unset(name: string): void {
    this.vars.delete(name);
  }

  lookup(name: string): VarValue {
    const own = this.vars.get(name);
    if (own) return own;
    if (name === 'IFS') return defaultIfsValue;
    if (name === 'PWD') return this.cwd === undefined ? unknownValue : { known: true, value: this.cwd };
    if (name === 'OLDPWD') return this.oldCwd === undefined ? unknownValue : { known: true, value: this.oldCwd };
    if (name === 'HOME') return { known: true, value: this.home };
    if (/^[1-9]$/.test(name)) {
      if (!this.positional) return unknownValue;
      const f = this.positional[Number(name) - 1];
      if (!f) return { known: true, value: '' };
      return f.known ? { known: true, value: f.value, secrets: f.secrets } : { known: false, secrets: f.secrets };
    }
    if (name === '#') return this.positional ? { known: true, value: String(this.positional.length) } : unknownValue;
    const fromEnv = this.env[name];
    if (fromEnv !== undefined) return { known: true, value: fromEnv };
    return unknownValue;
  }
}
