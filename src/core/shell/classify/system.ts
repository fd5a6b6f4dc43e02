import type { Field } from '../scope';
import { type Classifier } from './common';
import type { CommandContext } from './context';

const words = (c: CommandContext): readonly Field[] => c.args.filter((a) => !a.value.startsWith('-'));

const signal: Classifier = (c) => c.find('shell.process-signal');

const power: Classifier = (c) => c.find('shell.system-power');

const init: Classifier = (c) => (/^[06]$/.test(c.args[0]?.value ?? '') ? c.find('shell.system-power') : c.find('shell.service-control'));

const systemctl: Classifier = (c) => {
  const verb = words(c)[0]?.value ?? '';
  const userScope = c.args.some((a) => a.value === '--user' || a.value === '--global');
  if (userScope && /^(enable|reenable|link|edit|preset|preset-all|add-wants|add-requires)$/.test(verb)) {
    return void c.find('shell.persistence-job', `installs a systemd user unit that starts at login (${verb})`);
  }
  if (/^(enable|reenable|disable|mask|unmask|link|edit|set-default|daemon-reload|preset|preset-all|revert|add-wants|add-requires|set-environment|import-environment)$/.test(verb)) {
    return void c.find('shell.persistence', `changes what systemd starts (${verb})`);
  }
  if (/^(poweroff|reboot|halt|suspend|hibernate|hybrid-sleep|kexec|emergency|rescue|isolate|default|soft-reboot)$/.test(verb)) return void c.find('shell.system-power');
  if (/^(start|stop|restart|reload|try-restart|reload-or-restart|kill|reset-failed|freeze|thaw|clean)$/.test(verb)) return void c.find('shell.service-control');
  c.find('shell.read-only');
};

const service: Classifier = (c) => {
  const verb = words(c)[1]?.value ?? '';
  c.find(/^(status|--status-all)$/.test(verb) || c.args.some((a) => a.value === '--status-all') ? 'shell.read-only' : 'shell.service-control');
};

const launchctl: Classifier = (c) => {
  const verb = words(c)[0]?.value ?? '';
  if (/^(load|bootstrap|enable|submit)$/.test(verb)) return void c.find('shell.persistence-job', `installs a launchd job that runs at login or on a schedule (${verb})`);
  if (/^(setenv|config)$/.test(verb)) return void c.find('shell.persistence', `changes what launchd starts (${verb})`);
  if (/^(unload|bootout|disable|kill|kickstart|stop|start|remove)$/.test(verb)) return void c.find('shell.service-control');
  c.find('shell.read-only');
};

/**
 * crontab(1): `-l` lists, `-r` removes, `-T file` only checks; a file operand, `-` or no operand (standard input)
 * and `-e` install a new table. `-u user` and `-n host` take a value; short flags may be clustered (`-lu root`).
 */
const crontab: Classifier = (c) => {
  const flags = new Set<string>();
  const files: Field[] = [];
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i]!;
    if (a.known && /^-[a-zA-Z]+$/.test(a.value)) {
      for (const ch of a.value.slice(1)) flags.add(ch);
      if (/[unT]$/.test(a.value) && i + 1 < c.args.length) {
        if (a.value.endsWith('T')) files.push(c.args[i + 1]!);
        i++;
      }
    } else files.push(a);
  }
  for (const f of files) if (f.value !== '-') c.read(f);
  if (flags.has('l') || flags.has('V') || flags.has('T')) return void c.find('shell.read-only');
  if (flags.has('r')) return void c.find('shell.persistence', 'removes the scheduled jobs of a user');
  c.find('shell.persistence-job', 'installs a table of scheduled jobs');
};

/** at(1) and batch: `-l` (atq) lists, `-c` prints a job, `-r`/`-d` (atrm) remove; anything else queues a job. */
const at: Classifier = (c) => {
  const flags = c.args.filter((a) => a.known && /^-[a-zA-Z]+$/.test(a.value)).map((a) => a.value.slice(1)).join('');
  if (/[lcV]/.test(flags) || c.inv.name === 'atq') return void c.find('shell.read-only');
  if (/[rd]/.test(flags) || c.inv.name === 'atrm') return void c.find('shell.persistence', 'removes scheduled jobs');
  const file = c.args.findIndex((a) => a.value === '-f');
  if (file >= 0 && c.args[file + 1]) c.read(c.args[file + 1]!);
  c.find('shell.persistence-job', 'schedules a command to run later');
};

/** ssh-copy-id(1) appends a key to `~/.ssh/authorized_keys` on the target machine; `-n` only shows which keys. */
const sshCopyId: Classifier = (c) => {
  if (c.args.some((a) => a.value === '-n')) return void c.find('shell.read-only');
  const key = c.args.findIndex((a) => /^-i/.test(a.value));
  const file = key >= 0 ? (c.args[key]!.value.length > 2 ? { ...c.args[key]!, value: c.args[key]!.value.slice(2), pattern: c.args[key]!.pattern.slice(2) } : c.args[key + 1]) : undefined;
  if (file) c.read(file);
  c.find('shell.ssh-tamper', 'adds a key to authorized_keys on another machine');
};

const accounts: Classifier = (c) => c.find('shell.privilege', 'changes user accounts or passwords');
const setcap: Classifier = (c) => c.find('shell.setuid');
const mount: Classifier = (c) => (c.args.length === 0 ? c.find('shell.read-only') : c.find('shell.privilege', 'mounts or unmounts file systems'));
const firewall: Classifier = (c) => (c.args.some((a) => /^(-L|--list|-S|status|list)$/.test(a.value)) ? c.find('shell.read-only') : c.find('shell.privilege', 'changes firewall rules'));
const chsh: Classifier = (c) => c.find('shell.persistence', 'changes the login shell');
const chroot: Classifier = (c) => {
  c.find('shell.privilege', 'changes the root folder');
  const [, ...argv] = words(c);
  if (argv.length > 0) c.runArgv(argv, 'chroot', { cwd: null });
};

/** macOS keychain and secret-tool reads print credentials. */
const keychain: Classifier = (c) => {
  const verb = words(c)[0]?.value ?? '';
  if (/^(dump-keychain|find-generic-password|find-internet-password|export|lookup|search)$/.test(verb)) {
    c.output = { network: false, decoded: false, reads: true, secrets: ['the keychain'] };
  }
  c.find('shell.read-only');
};

export const systemClassifiers: Record<string, Classifier> = {
  kill: signal,
  pkill: signal,
  killall: signal,
  shutdown: power,
  reboot: power,
  halt: power,
  poweroff: power,
  init,
  telinit: init,
  systemctl,
  service,
  launchctl,
  crontab,
  at,
  batch: at,
  atq: at,
  atrm: at,
  'ssh-copy-id': sshCopyId,
  useradd: accounts,
  usermod: accounts,
  userdel: accounts,
  adduser: accounts,
  deluser: accounts,
  groupadd: accounts,
  groupmod: accounts,
  groupdel: accounts,
  passwd: accounts,
  chpasswd: accounts,
  visudo: accounts,
  setcap,
  mount,
  umount: mount,
  iptables: firewall,
  ip6tables: firewall,
  nft: firewall,
  ufw: firewall,
  chsh,
  chroot,
  security: keychain,
  gpg: (c) => {
    if (c.args.some((a) => /^--export-secret-(sub)?keys$/.test(a.value))) c.output = { network: false, decoded: false, reads: true, secrets: ['gpg secret keys'] };
    if (c.args.some((a) => /^--(delete-secret|delete-key)/.test(a.value))) c.find('shell.infra-destroy', 'deletes gpg keys');
    else c.find('shell.read-only');
  },
  'secret-tool': keychain,
};
