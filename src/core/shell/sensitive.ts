import * as path from 'node:path';
import { isHomeAgentConfig, isProjectAgentConfig } from '../paths/agentConfig';
import { isSshPath, scheduledJobs } from '../paths/places';
import type { ShellRuleId } from './rules';
import { isInsideFolder } from './secrets';

/** Files a shell or session reads at start-up: writing them makes a change that outlives the command. */
const startupFiles = [
  '.bashrc',
  '.bash_profile',
  '.bash_login',
  '.bash_logout',
  '.profile',
  '.zshrc',
  '.zshenv',
  '.zprofile',
  '.zlogin',
  '.zlogout',
  '.kshrc',
  '.cshrc',
  '.tcshrc',
  '.inputrc',
  '.xprofile',
  '.xinitrc',
  '.pam_environment',
  '.npmrc',
  '.pip/pip.conf',
  '.config/pip/pip.conf',
  '.pydistutils.cfg',
  '.curlrc',
  '.wgetrc',
];
const startupFolders = ['.config/fish', '.config/systemd', '.config/autostart', 'Library/LaunchAgents', '.config/environment.d', '.local/bin', 'bin'];
const systemPersistence = ['/etc/profile', '/etc/profile.d', '/etc/bash.bashrc', '/etc/zsh', '/etc/environment', '/etc/cron.d', '/etc/crontab', '/etc/cron.daily', '/etc/cron.hourly', '/etc/cron.weekly', '/etc/cron.monthly', '/var/spool/cron', '/etc/systemd', '/lib/systemd', '/usr/lib/systemd', '/Library/LaunchAgents', '/Library/LaunchDaemons', '/etc/init.d', '/etc/rc.local', '/etc/sudoers', '/etc/sudoers.d', '/etc/ld.so.preload', '/etc/passwd', '/etc/group', '/usr/local/bin', '/usr/local/sbin', '/usr/bin', '/usr/sbin', '/bin', '/sbin', '/opt/homebrew/bin'];

/** Project files that run commands on entering the folder or on commit (agent and editor settings: agentConfig.ts). */
const runsInProject = /(^|\/)(\.envrc$|\.husky\/)/;

/** Scheduled and login jobs (places.ts), as path prefixes with `~` for home and `*` within one name. */
function isScheduledJob(p: string, home: string): boolean {
  return scheduledJobs.some((entry) => {
    const full = entry.startsWith('~/') ? path.posix.join(home, entry.slice(2)) : entry;
    const re = new RegExp(`^${full.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/|$)`);
    return re.test(p);
  });
}

const gitConfigFiles = /(^|\/)\.git\/(config|hooks\/.*)$|(^|\/)\.gitconfig$|(^|\/)\.config\/git\/(config|hooks\/.*)$|(^|\/)\.githooks\//;

const rawDevice = /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|disk\d|rdisk\d|md\d|dm-\d|mapper\/|loop\d|sr\d)/;

/**
 * What writing to `p` would tamper with, if anything: start-up and schedule files, settings of editors, agents
 * and Airlock, git configuration that runs commands, folders on the PATH, raw disks.
 */
export function sensitiveWrite(p: string, home: string, pathVar?: string): ShellRuleId | undefined {
  const normal = path.posix.normalize(p);
  if (rawDevice.test(normal)) return 'shell.device-write';
  if (isSshPath(normal)) return 'shell.ssh-tamper';
  if (isScheduledJob(normal, home.replace(/\/+$/, ''))) return 'shell.persistence-job';
  if (gitConfigFiles.test(normal)) return 'shell.git-config-tamper';
  const rel = isInsideFolder(normal, home) ? normal.slice(home.replace(/\/+$/, '').length + 1) : undefined;
  if (rel !== undefined) {
    if (startupFiles.includes(rel)) return 'shell.persistence';
    if (startupFolders.some((f) => rel === f || rel.startsWith(`${f}/`))) return 'shell.persistence';
    if (isHomeAgentConfig(rel)) return 'shell.agent-config';
  }
  if (systemPersistence.some((f) => normal === f || normal.startsWith(`${f}/`))) return 'shell.persistence';
  if (isProjectAgentConfig(normal) || runsInProject.test(normal)) return 'shell.agent-config';
  if (pathVar) {
    for (const dir of pathVar.split(':')) {
      if (dir.startsWith('/') && dir !== '/' && isInsideFolder(normal, dir) && !dir.includes('node_modules')) return 'shell.persistence';
    }
  }
  return undefined;
}

/** Writes to these never matter: the null device, the terminal, the process's own descriptors. */
export function isPseudoFile(p: string): boolean {
  return /^\/dev\/(null|zero|stdout|stderr|stdin|tty|fd\/\d+|full|random|urandom)$/.test(p) || /^\/proc\/self\/fd\/\d+$/.test(p) || p === '-';
}
