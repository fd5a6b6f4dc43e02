import type { Finding, FindingCategory } from './types';

interface RuleInfo {
  readonly category: FindingCategory;
  /** Default predicate of the reason sentence: "`<command>` <what>." */
  readonly what: string;
}

/**
 * Every rule the shell analysis can report: what it found, as facts (a category and a sentence). What each preset
 * decides about it is the policy's (`src/core/policy/shellDecisions.ts`); the engine takes the strictest of that and
 * of the path and network guards' verdicts on the command's derived actions.
 */
export const shellRules = {
  'shell.read-only': { category: 'read-only', what: 'only reads' },
  'shell.write': { category: 'write', what: 'writes files' },
  'shell.redirect-write': { category: 'write', what: 'writes its output to a file' },
  'shell.dev-tool': { category: 'write', what: 'runs a development tool' },
  'shell.rm': { category: 'write', what: 'deletes files' },
  'shell.process-signal': { category: 'write', what: 'signals or stops processes' },
  'shell.service-control': { category: 'write', what: 'starts or stops system services' },
  'shell.package-install': { category: 'network', what: 'installs packages (downloads and may run their install scripts)' },
  'shell.network': { category: 'network', what: 'makes a network request' },
  'shell.remote-shell': { category: 'network', what: 'opens a remote shell or raw network connection' },
  'shell.upload': { category: 'upload', what: 'sends local files to another machine' },
  'shell.publish': { category: 'upload', what: 'publishes a package or image' },
  'shell.upload-secret': { category: 'upload', what: 'sends a secret (credentials, keys or environment) over the network' },
  'shell.rm-recursive': { category: 'destructive', what: 'deletes folders with everything in them' },
  'shell.rm-catastrophic': { category: 'destructive', what: 'deletes the filesystem root, the home folder, a system folder or a parent of the current folder' },
  'shell.find-delete': { category: 'destructive', what: 'deletes every file find matches' },
  'shell.shred': { category: 'destructive', what: 'overwrites files so they cannot be recovered' },
  'shell.truncate': { category: 'destructive', what: 'truncates files' },
  'shell.dd': { category: 'destructive', what: 'copies raw blocks over its output file' },
  'shell.device-write': { category: 'destructive', what: 'writes to a raw disk device or formats a file system' },
  'shell.rsync-delete': { category: 'destructive', what: 'deletes files at the destination that are not in the source' },
  'shell.chmod-recursive': { category: 'destructive', what: 'changes permissions of a whole folder tree' },
  'shell.chown-recursive': { category: 'destructive', what: 'changes the owner of a whole folder tree' },
  'shell.git-reset-hard': { category: 'destructive', what: 'discards every uncommitted change in the repository' },
  'shell.git-checkout-discard': { category: 'destructive', what: 'overwrites local changes with the committed version' },
  'shell.git-restore': { category: 'destructive', what: 'discards local changes to the given files' },
  'shell.git-clean': { category: 'destructive', what: 'deletes untracked files' },
  'shell.git-stash-drop': { category: 'destructive', what: 'deletes stashed changes' },
  'shell.git-push-force': { category: 'destructive', what: 'overwrites or deletes history on the remote' },
  'shell.git-branch-force-delete': { category: 'destructive', what: 'deletes a branch even if it is not merged' },
  'shell.git-history-rewrite': { category: 'destructive', what: 'rewrites history or drops the records that allow recovery' },
  'shell.git-apply-unsafe': { category: 'destructive', what: 'applies a patch that may write outside the working tree (--unsafe-paths)' },
  'shell.infra-destroy': { category: 'destructive', what: 'deletes cloud, cluster or container resources' },
  'shell.system-power': { category: 'destructive', what: 'shuts down or restarts the machine' },
  'shell.privilege': { category: 'privilege', what: 'runs with elevated privileges' },
  'shell.setuid': { category: 'privilege', what: 'grants set-user-id or capabilities' },
  'shell.container-escape': { category: 'privilege', what: 'starts a container with host-level access' },
  'shell.persistence': { category: 'persistence', what: 'changes what runs at login, on a schedule or on the PATH' },
  'shell.agent-config': { category: 'persistence', what: 'changes editor, agent or Airlock settings' },
  'shell.git-config-tamper': { category: 'persistence', what: 'changes git configuration that runs commands (hooks, aliases, helpers)' },
  'shell.env-hijack': { category: 'dynamic', what: 'sets an environment variable that makes other programs load or run code' },
  'shell.inline-code': { category: 'inline-code', what: 'runs inline code that touches files, processes or the network' },
  'shell.inline-code-benign': { category: 'inline-code', what: 'runs inline code' },
  'shell.pipe-to-shell': { category: 'dynamic', what: 'runs downloaded text as a program' },
  'shell.decode-to-shell': { category: 'dynamic', what: 'decodes hidden text and runs it as a program' },
  'shell.eval-dynamic': { category: 'dynamic', what: 'runs code whose text is only known when the command runs' },
  'shell.dynamic-command': { category: 'dynamic', what: 'runs a command whose name is only known when it runs' },
  'shell.source-generated': { category: 'dynamic', what: 'runs a script that was downloaded or generated by the same command line' },
  'shell.recursive-function': { category: 'dynamic', what: 'calls a function recursively (a fork bomb pattern)' },
  'shell.git-exec-config': { category: 'dynamic', what: 'passes git configuration that runs a command' },
  'shell.unparsable': { category: 'unparsable', what: 'could not be fully understood' },
  // From the command catalog (catalog/): what a known form does, whatever program does it.
  'shell.remote-change': { category: 'network', what: 'changes resources on a remote service' },
  'shell.database': { category: 'network', what: 'runs statements against a database' },
  'shell.data-destroy': { category: 'destructive', what: 'drops or wipes data in a database' },
  'shell.credential-print': { category: 'upload', what: 'prints a credential (it would reach the model and its provider)' },
  'shell.agent-run': { category: 'dynamic', what: 'starts another AI agent' },
  'shell.agent-unguarded': { category: 'privilege', what: "starts an AI agent with its own permission checks turned off" },
  // Programs and forms nobody described: judged by what their arguments show.
  'shell.unknown-command': { category: 'unknown', what: 'is not a program Airlock knows; nothing in its arguments is risky' },
  'shell.unknown-subcommand': { category: 'unknown', what: 'is not a form Airlock knows; nothing in its arguments is risky' },
  'shell.unknown-destructive': { category: 'destructive', what: 'is not a form Airlock knows, and its arguments name a destructive action' },
  // What outlives the session or hands the machine to someone else: refused in every preset.
  'shell.ssh-tamper': { category: 'persistence', what: 'changes SSH keys or settings (who may log in, and what runs when they do)' },
  'shell.persistence-job': { category: 'persistence', what: 'installs a job that runs on a schedule or at login (cron, at, launchd, systemd)' },
  'shell.reverse-shell': { category: 'network', what: 'connects a shell to another machine (a reverse shell)' },
} as const satisfies Record<string, RuleInfo>;

export type ShellRuleId = keyof typeof shellRules;

/** One sentence for the user: the command, then what it does. */
export function finding(rule: ShellRuleId, command: string, what?: string): Finding {
  const info: RuleInfo = shellRules[rule];
  return { category: info.category, rule, reason: `\`${command}\` ${what ?? info.what}.` };
}

/** How a command is shown in reasons: one line, shortened. */
export function display(argv: readonly string[]): string {
  const text = argv.map(quoteForDisplay).join(' ').replace(/\s+/g, ' ');
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

function quoteForDisplay(arg: string): string {
  if (arg === '') return "''";
  return /^[\w@%+=:,./~$*?[\]{}-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
