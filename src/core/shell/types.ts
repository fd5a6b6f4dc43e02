/** What the shell analysis says about one command that will run. */
export type FindingCategory =
  | 'read-only'
  | 'write'
  | 'destructive'
  | 'network'
  | 'upload'
  | 'privilege'
  | 'persistence'
  | 'inline-code'
  | 'dynamic'
  | 'unparsable'
  | 'unknown';

export interface Finding {
  readonly category: FindingCategory;
  /** Stable rule id, e.g. `shell.git-reset-hard`; the catalogue is in rules.ts. */
  readonly rule: string;
  /** One sentence naming the command. */
  readonly reason: string;
}

/**
 * A file or network effect of a command, for the path guard and the network guard.
 * `path` is absolute when it could be resolved; otherwise it is the raw text and `unknown` is true.
 */
export interface DerivedAction {
  readonly kind: 'read' | 'write' | 'delete' | 'rename' | 'fetch';
  readonly path?: string;
  /** rename: the destination (absolute when resolvable). */
  readonly to?: string;
  /** fetch: the host or URL text as given. */
  readonly url?: string;
  /** delete/read/write of a folder with everything in it. */
  readonly recursive?: boolean;
  /** write that empties the file first (`>`, `truncate`, `dd`). */
  readonly truncate?: boolean;
  /** The path (or URL) contains an expansion whose value is not known. */
  readonly unknown?: boolean;
  /** The path is an unexpanded glob pattern (`*.log`); the effect preview expands it. */
  readonly glob?: boolean;
}

export interface AnalyzedCommand {
  /** The command name as the classifier saw it: basename of argv[0] (`/bin/rm` -> `rm`). */
  readonly name: string;
  /** argv[0] as written, then the arguments after expansion; unknown expansions keep their source text. */
  readonly argv: readonly string[];
  /** The source text of the command (for unwrapped commands, of the outermost command it came from). */
  readonly text: string;
  /** Working directory it runs in; undefined when unknown (after `cd $X`). */
  readonly cwd?: string;
  /** Wrappers it was unwrapped from, outermost first, e.g. `['sudo', 'bash -c']`. */
  readonly via: readonly string[];
  readonly findings: readonly Finding[];
  readonly effects: readonly DerivedAction[];
  /** Arguments used by command patterns: argv without argv[0] and without options that only select context (git -C). */
  readonly matchArgs: readonly string[];
}

export interface ShellAnalysis {
  /** False when the parser could not parse the line or hit a construct it does not support. */
  readonly parsed: boolean;
  /** Unparsable or unsupported constructs, one line each. */
  readonly problems: readonly string[];
  /** Every command that will run, in execution order (substitutions before the command that uses them). */
  readonly commands: readonly AnalyzedCommand[];
}

export interface ShellContext {
  readonly cwd: string;
  readonly home: string;
  /** Known environment; variables absent from it are unknown unless the line sets them. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}
