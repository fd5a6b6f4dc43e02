/**
 * Command knowledge as data: what each form of a program does. The catalog says facts (this form deletes remote
 * resources, that option prints a credential); `effects.ts` maps each fact to the rule whose per-preset
 * decisions the policy applies. Adding a tool is an entry here, not code.
 */

/** What a form of a command does. */
export type Does =
  /** Only reads local state. */
  | 'reads'
  /** Changes local files or local tool state. */
  | 'writes'
  /** Talks to a remote service and only reads there. */
  | 'network'
  /** Creates, updates or deploys resources on a remote service. */
  | 'remote-change'
  /** Deletes remote resources: infrastructure, clusters, containers, repositories, backups, secrets. */
  | 'destroys'
  /** Drops or wipes database contents. */
  | 'destroys-data'
  /** Runs statements against a database (read or write). */
  | 'database'
  /** Sends local files or data to another machine. */
  | 'uploads'
  /** Publishes a package, image or release. */
  | 'publishes'
  /** Prints a credential (token, password, key). */
  | 'credential'
  /** Runs code the line does not show (build steps, plugins, tasks). */
  | 'runs-code'
  /** Installs packages, plugins or extensions. */
  | 'installs'
  /** Starts a container or process with host-level access. */
  | 'host-access'
  /** Opens a shell on, or a tunnel to, another machine or container. */
  | 'remote-shell'
  /** Starts, stops or reconfigures services. */
  | 'service'
  /** Starts another AI agent. */
  | 'agent'
  /** Starts an AI agent with its own permission checks off. */
  | 'unguarded-agent';

/** What an operand (or an option's value) is. */
export type Role =
  /** A local file or folder the command reads. */
  | 'read'
  /** Read recursively (a folder and everything in it). */
  | 'read-tree'
  /** A local file the command writes. */
  | 'write'
  /** A folder the command writes into. */
  | 'write-tree'
  /** A local file or folder sent to another machine. */
  | 'upload'
  /** A URL or host the command connects to. */
  | 'url'
  /** SQL or database-shell text. */
  | 'sql'
  /** A data-store command (redis-cli's words, mongosh --eval text). */
  | 'store'
  /** Source and destination of a copy: `local remote` uploads, `remote local` downloads. */
  | 'transfer'
  /** A command line the program runs (`sh -c`-like text). */
  | 'script'
  /** The operands are a command the program runs (`doppler run -- npm start`). */
  | 'argv'
  /** The operands after the first are a command the program runs (`docker run IMAGE CMD...`). */
  | 'argv-after-first'
  /** A bind mount specification (`-v SRC:DST`, `--mount type=bind,source=SRC`). */
  | 'mount'
  /** Not a file, URL or command: a name, a number, a pattern. */
  | 'name';

export interface OptionInfo {
  /** Takes a value: as the next word or attached (`--x=v`, `-xv`). `optional`: only attached. */
  readonly value?: true | 'optional';
  readonly does?: readonly Does[];
  /** Only when the value matches (`--permission-mode bypassPermissions`). */
  readonly when?: RegExp;
  readonly role?: Role;
  /** Reason predicate when this option decides the command. */
  readonly what?: string;
}

/** Options by spelling; several spellings of one option share a key separated by `|` (`-o|--output`). */
export type OptionTable = Readonly<Record<string, OptionInfo>>;

/** A verb class for tools whose subcommands are open-ended (`aws ec2 delete-vpc`, `gcloud ... delete`). */
export interface VerbClass {
  readonly match: RegExp;
  /** Only when some argument also matches (`kubectl get secret x -o yaml`). */
  readonly withArg?: RegExp;
  readonly does: readonly Does[];
  readonly what?: string;
}

export interface Form {
  readonly does: readonly Does[];
  /** Reason predicate: "`<command>` <what>." */
  readonly what?: string;
  readonly options?: OptionTable;
  /** Named subcommands; a word that is none of them is an unknown form unless `verbs` or `open` covers it. */
  readonly subs?: Readonly<Record<string, Form>>;
  /** For open-ended subcommands: the first word matching a class decides (checked over `verbDepth` words). */
  readonly verbs?: readonly VerbClass[];
  /** How many words after this form the verb classes look at (gcloud's groups nest). Default 1. */
  readonly verbDepth?: number;
  /** What the operands are. */
  readonly operands?: Role;
  /** Facts that hold when an operand matches (`manage.py migrate app zero` unapplies every migration). */
  readonly operandFacts?: readonly VerbClass[];
  /** Operands before `operands` applies (`gh release upload TAG FILES...`: 1). */
  readonly skip?: number;
  /** Words after this form are operands, never subcommands (a free-form tail: make targets, SQL). */
  readonly open?: boolean;
  /** Options may come before and after operands (`true`), or stop at the first operand (POSIX). Default true. */
  readonly interleaved?: boolean;
}

export interface CatalogEntry extends Form {
  /** Program names (basename of argv[0]). */
  readonly names: readonly string[];
  /** Where the knowledge comes from: the manual or vendor page it was read from. */
  readonly source: string;
  /** Options before the subcommand (`docker -H`, `git -C`, `terraform -chdir`). */
  readonly globals?: OptionTable;
  /** Go-style flags: `--x` and `-x` are the same option, and only `=` attaches a value. */
  readonly goFlags?: boolean;
  /** Scripts run by an interpreter that this entry describes (`manage.py` for `python manage.py flush`). */
  readonly scripts?: readonly string[];
  /** Modules run with `python -m` that this entry describes. */
  readonly modules?: readonly string[];
}
