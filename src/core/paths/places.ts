import { agentHomeGlobs, agentProjectGlobs } from './agentConfig';

/**
 * Well-known places, as globs (`~/` is the home folder; others are absolute, or workspace-relative with `**`).
 * The built-in floor and presets are written over these lists; README's default table is generated from them.
 */

/** Operating-system folders: no agent writes or deletes here. */
export const systemFolders = [
  '/bin', '/sbin', '/usr', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/boot', '/sys', '/proc', '/dev',
  '/var', '/opt', '/srv', '/snap', '/System', '/Library', '/Applications', '/private/etc', '/private/var',
  'C:/Windows', 'C:/Program Files', 'C:/Program Files (x86)', 'C:/ProgramData',
];

/** Inside system folders, the places ordinary tools write to. */
export const systemExceptions = [
  '/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty', '/dev/fd/**', '/dev/shm/**', '/var/tmp/**',
  '/var/folders/**', '/private/var/folders/**', '/private/tmp/**', '/private/var/tmp/**',
];

/** Jobs that run on a schedule or at login: cron and at spools, launchd agents, systemd units, autostart entries. */
export const scheduledJobs = [
  '/etc/crontab', '/etc/cron.*', '/etc/anacrontab', '/var/spool/cron', '/var/spool/at', '/var/spool/anacron',
  '/usr/lib/cron/tabs', '/var/at', '/etc/systemd', '/Library/LaunchAgents', '/Library/LaunchDaemons',
  '~/Library/LaunchAgents', '~/.config/systemd', '~/.local/share/systemd', '~/.config/autostart',
];

/** Anything in an `.ssh` folder at any depth (anyone's home, /root, a workspace used as a home), `authorized_keys` files wherever they are, and /etc/ssh. */
export function isSshPath(p: string): boolean {
  const segs = p.toLowerCase().split('/');
  return segs.includes('.ssh') || /^authorized_keys2?$/.test(segs.at(-1) ?? '') || /^\/etc\/ssh(\/|$)/i.test(p);
}

/** Where programs keep scratch files. */
export const tempFolders = ['/tmp', '/var/tmp', '/private/tmp', '/private/var/tmp', '/dev/shm', '/var/folders', '/private/var/folders'];

/** The null and standard streams: writing to them writes nowhere. */
export const streamDevices = ['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty', '/dev/fd/**'];

/** The user's configuration: dotfiles and dot-folders in home, and the platforms' settings folders. */
export const homeConfig = ['~/.*', '~/Library', '~/AppData', '~/bin', ...agentHomeGlobs()];

/** Credential stores, keyrings and shell history: reading them is how secrets leak. */
export const credentialStores = [
  '~/.ssh/id_*', '~/.ssh/*_key', '~/.ssh/*.pem',
  '~/.aws/**', '~/.azure/**', '~/.config/gcloud/**', '~/.kube/**', '~/.docker/config.json',
  '~/.netrc', '~/.npmrc', '~/.pypirc', '~/.gnupg/**', '~/.password-store/**', '~/.local/share/keyrings/**',
  '~/Library/Keychains/**', '~/.git-credentials', '~/.config/gh/hosts.yml', '~/.config/hub',
  '~/.terraform.d/credentials.tfrc.json', '~/.cargo/credentials', '~/.cargo/credentials.toml',
  '~/.m2/settings-security.xml', '~/.vault-token', '~/.config/op/**', '~/.boto', '~/.s3cfg', '~/.pgpass',
  '~/.my.cnf', '~/.config/rclone/rclone.conf', '~/.gem/credentials', '~/.config/helm/repositories.yaml',
  '~/.bash_history', '~/.zsh_history', '~/.zhistory', '~/.history', '~/.sh_history',
  '~/.local/share/fish/fish_history', '~/.python_history', '~/.node_repl_history', '~/.psql_history',
  '~/.mysql_history', '~/.sqlite_history', '~/.lesshst', '~/.viminfo',
  '/etc/shadow', '/etc/gshadow', '/etc/sudoers', '/etc/sudoers.d/**', '/etc/ssh/ssh_host_*key',
  '/root/.ssh/**',
];

/** Public halves of key pairs sit beside the private ones and are not secrets. */
export const credentialExceptions = ['~/.ssh/*.pub', '/etc/ssh/*.pub'];

/** Secret files in a project. Reading them is asked; their templates are not secrets. */
export const workspaceSecrets = [
  '**/.env', '**/.env.*', '**/*.pem', '**/*.key', '**/id_rsa', '**/id_dsa', '**/id_ecdsa', '**/id_ed25519',
  '**/*.p12', '**/*.pfx', '**/*.jks', '**/*.keystore', '**/credentials.json', '**/service-account*.json',
  '**/.npmrc', '**/.netrc', '**/.pypirc', '**/secrets.{yml,yaml,json,toml}', '**/*.tfstate',
  '**/.git-credentials', '**/.htpasswd',
];

export const workspaceSecretTemplates = ['**/.env.example', '**/.env.sample', '**/.env.template', '**/.env.dist'];

/** Project files that can make an agent or tool run code, or widen an agent's permissions. */
export const executionConfig = [
  '**/.vscode/settings.json', '**/.vscode/tasks.json', '**/.vscode/launch.json', '**/.vscode/mcp.json',
  '**/*.code-workspace', '**/.git/hooks', '**/.git/config', '**/.gitmodules',
  '**/.husky', '**/.githooks', '**/.pre-commit-config.yaml', '**/.github/hooks', '**/.github/workflows',
  '**/.envrc', '**/.npmrc', '**/.yarnrc', '**/.yarnrc.yml', ...agentProjectGlobs(),
];

/** Version-control internals, which only the VCS itself should write. */
export const vcsInternals = ['**/.git', '**/.hg', '**/.svn'];
