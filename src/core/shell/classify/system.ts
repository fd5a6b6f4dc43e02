import type { Field } from '../scope';
import { type Classifier } from './common';
import type { CommandContext } from './context';
import { isRemoteSpec } from './network';

const words = (c: CommandContext): readonly Field[] => c.args.filter((a) => !a.value.startsWith('-'));

const signal: Classifier = (c) => c.find('shell.process-signal');

const power: Classifier = (c) => c.find('shell.system-power');

const init: Classifier = (c) => (/^[06]$/.test(c.args[0]?.value ?? '') ? c.find('shell.system-power') : c.find('shell.service-control'));

const systemctl: Classifier = (c) => {
  const verb = words(c)[0]?.value ?? '';
  if (/^(enable|disable|mask|unmask|link|edit|set-default|daemon-reload|preset|preset-all|revert|add-wants|add-requires|set-environment|import-environment)$/.test(verb)) {
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
  if (/^(load|bootstrap|enable|submit|setenv|config)$/.test(verb)) return void c.find('shell.persistence', `changes what launchd starts (${verb})`);
  if (/^(unload|bootout|disable|kill|kickstart|stop|start|remove)$/.test(verb)) return void c.find('shell.service-control');
  c.find('shell.read-only');
};

const crontab: Classifier = (c) => {
  if (c.args.some((a) => a.value === '-l')) return void c.find('shell.read-only');
  for (const f of words(c)) if (f.value !== '-') c.read(f);
  c.find('shell.persistence', c.args.some((a) => a.value === '-r') ? 'removes the scheduled jobs of a user' : 'changes scheduled jobs');
};

const at: Classifier = (c) => {
  if (c.args.some((a) => a.value === '-l' || a.value === '-c') || c.inv.name === 'atq') return void c.find('shell.read-only');
  c.find('shell.persistence', 'schedules a command to run later');
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

/** docker and podman: prune and remove destroy resources; privileged or host-mounting containers escape. */
const docker: Classifier = (c) => {
  const w = words(c).map((a) => a.value);
  const [verb, object] = w;
  const has = (re: RegExp): boolean => c.args.some((a) => re.test(a.value));
  if (verb === 'run' || verb === 'create' || verb === 'exec') {
    const mounts = c.args.filter((_, i) => /^(-v|--volume|--mount)$/.test(c.args[i - 1]?.value ?? '')).map((a) => a.value);
    const inline = c.args.filter((a) => /^(--volume|--mount|-v)=/.test(a.value)).map((a) => a.value.replace(/^[^=]+=/, ''));
    const hostRoot = [...mounts, ...inline].some((m) => /^(\/|\/etc|\/root|\/home|\/var\/run\/docker\.sock|~|\$HOME)(:|,|$)/.test(m) || /source=\/(,|$)/.test(m));
    if (has(/^--privileged$/) || has(/^--(pid|net|network|ipc|uts|userns)=host$/) || has(/^--cap-add(=|$)/) || hostRoot) {
      return void c.find('shell.container-escape');
    }
  }
  if (verb === 'push') return void c.find('shell.publish', 'pushes an image to a registry');
  if (verb === 'login') return void c.find('shell.network', 'logs in to a registry');
  if ((verb === 'system' || verb === 'volume' || verb === 'image' || verb === 'container' || verb === 'network' || verb === 'builder') && (object === 'prune' || object === 'rm')) return void c.find('shell.infra-destroy');
  if (verb === 'rm' || verb === 'rmi' || verb === 'kill') return void c.find('shell.infra-destroy');
  if ((verb === 'compose' || c.inv.name === 'docker-compose') && w.includes('down') && has(/^(-v|--volumes|--rmi)/)) return void c.find('shell.infra-destroy', 'removes containers with their volumes');
  if (verb === 'pull') return void c.find('shell.network', 'pulls an image');
  c.find('shell.dev-tool', `runs ${c.inv.name} ${verb ?? ''}`.trim());
};

const kubectl: Classifier = (c) => {
  const verb = words(c)[0]?.value ?? '';
  if (/^(delete|drain|cordon|replace|scale|patch|apply|edit|rollout|set|taint|label|annotate|create|expose|run)$/.test(verb)) {
    return void c.find(/^(delete|drain)$/.test(verb) || c.args.some((a) => a.value === '--force' || a.value === '--prune') ? 'shell.infra-destroy' : 'shell.network', `changes cluster resources (${verb})`);
  }
  if (verb === 'exec' || verb === 'cp' || verb === 'port-forward' || verb === 'attach' || verb === 'debug') return void c.find('shell.remote-shell', `runs ${verb} against a cluster`);
  c.find('shell.network', 'reads cluster state');
};

const terraform: Classifier = (c) => {
  const verb = words(c)[0]?.value ?? '';
  if (verb === 'destroy' || (verb === 'apply' && c.args.some((a) => a.value === '-destroy'))) return void c.find('shell.infra-destroy');
  if (verb === 'apply' || verb === 'import' || verb === 'taint' || verb === 'state') return void c.find('shell.network', `changes infrastructure (${verb})`);
  c.find('shell.dev-tool', `runs ${c.inv.name} ${verb}`.trim());
};

const helm: Classifier = (c) => {
  const verb = words(c)[0]?.value ?? '';
  if (verb === 'uninstall' || verb === 'delete' || verb === 'rollback') return void c.find('shell.infra-destroy');
  c.find('shell.network', `runs helm ${verb}`.trim());
};

/** aws, gcloud, az: deletes destroy; copies from local paths to buckets upload. */
const cloud: Classifier = (c) => {
  const w = words(c).map((a) => a.value);
  if (w.some((x) => /^(delete|remove|rm|rb|terminate|destroy|purge|deregister)([-_]|$)/.test(x)) || c.args.some((a) => a.value === '--delete')) {
    return void c.find('shell.infra-destroy');
  }
  const i = w.findIndex((x) => x === 'cp' || x === 'sync' || x === 'mv');
  if (i >= 0) {
    const [src, dest] = w.slice(i + 1);
    const remote = (s: string | undefined): boolean => s !== undefined && (/^(s3|gs|az|https?):\/\//.test(s) || isRemoteSpec(s));
    if (src && dest && !remote(src) && remote(dest)) {
      const field = c.args.find((a) => a.value === src)!;
      const ref = c.read(field, { recursive: true });
      const secret = ref !== undefined && c.secretReads().includes(ref.path);
      return void c.find(secret ? 'shell.upload-secret' : 'shell.upload', `copies ${src} to ${dest}`);
    }
  }
  c.find('shell.network', `calls the ${c.inv.name} API`);
};

/** gh and glab talk to the forge's API; deleting repositories or releases destroys remote state. */
const forge: Classifier = (c) => {
  const w = words(c).map((a) => a.value);
  if (w.includes('delete') || c.args.some((a) => /^(-X|--method)(=)?(DELETE)?$/.test(a.value) && /DELETE/i.test(a.value + (c.args[c.args.indexOf(a) + 1]?.value ?? '')))) {
    return void c.find('shell.infra-destroy', 'deletes remote repositories, releases or other forge resources');
  }
  c.find('shell.network', `calls the ${c.inv.name} API`);
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
  docker,
  podman: docker,
  'docker-compose': docker,
  kubectl,
  oc: kubectl,
  terraform,
  tofu: terraform,
  pulumi: terraform,
  helm,
  aws: cloud,
  gcloud: cloud,
  gsutil: cloud,
  az: cloud,
  gh: forge,
  glab: forge,
  security: keychain,
  gpg: (c) => {
    if (c.args.some((a) => /^--export-secret-(sub)?keys$/.test(a.value))) c.output = { network: false, decoded: false, reads: true, secrets: ['gpg secret keys'] };
    if (c.args.some((a) => /^--(delete-secret|delete-key)/.test(a.value))) c.find('shell.infra-destroy', 'deletes gpg keys');
    else c.find('shell.read-only');
  },
  'secret-tool': keychain,
};
