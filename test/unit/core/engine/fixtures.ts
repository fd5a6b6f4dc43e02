// The decision engine's table: actions with the decision, rule and layer they must get. These strings are data:
// the engine only decides, nothing here is executed, and paths starting with {ws}, {home}, {base}, {out} are
// placeholders filled in by the runner (see worlds below).
import type { Action } from '../../../../src/core/actions';
import type { PolicyFile, Preset } from '../../../../src/core/policy/types';
import type { Decision, Layer } from '../../../../src/core/verdict';
import type { VirtualTree } from '../paths/virtualProbe';

/**
 * Where a case runs. `virtual`: an in-memory filesystem (home /home/dev, workspace /home/dev/proj), so system
 * folders and links planted in /tmp can be described without touching the disk. `disk`: a fresh temporary folder
 * with real symbolic links, built by the runner (home {base}/home, workspace {base}/ws, outside folder {out}).
 */
export type World = 'virtual' | 'disk';

export type ConfigName =
  | 'plain'
  | 'multi'
  | 'nested'
  | 'nestedWorkspace'
  | 'user'
  | 'workspace'
  | 'layered'
  | 'untrusted'
  | 'multiWorkspace'
  | 'userStrict'
  | 'wsStrict'
  | 'wsPermissive'
  | 'untrustedStrict'
  | 'kindsOnly'
  | 'symlinkedHome'
  | 'rootAtSlash'
  | 'rootAtEtc'
  | 'rootUnderOpt';

export interface EngineConfig {
  /** Workspace roots, with placeholders. */
  readonly roots: readonly string[];
  readonly user?: PolicyFile;
  readonly workspace?: PolicyFile;
  /** Default true. */
  readonly trusted?: boolean;
  /** The HOME the engine is given (default {home}). */
  readonly home?: string;
}

export type CaseAction = Omit<Action, 'source'>;

export interface Expected {
  readonly decision: Decision;
  readonly rule: string;
  readonly layer?: Layer;
}

export interface EngineCase {
  readonly name: string;
  readonly world: World;
  readonly config: ConfigName;
  readonly preset?: Preset;
  readonly action: CaseAction;
  readonly expected: Expected;
}

export const virtualPlaces = {
  home: '/home/dev',
  ws: '/home/dev/proj',
  ws2: '/home/dev/lib2',
} as const;

/** The virtual world's filesystem. Links here stand for ones an agent could plant in shared temp folders. */
export const virtualTree: VirtualTree = {
  entries: [
    '/home/dev/proj/src/a.ts',
    '/home/dev/proj/src/lib/util.ts',
    '/home/dev/proj/docs/guide.md',
    '/home/dev/proj/secrets/README.md',
    '/home/dev/proj/secrets/key.txt',
    '/home/dev/proj/.env',
    '/home/dev/proj/.env.example',
    '/home/dev/proj/.git/HEAD',
    '/home/dev/proj/.git/hooks/pre-commit.sample',
    '/home/dev/proj/.vscode/settings.json',
    '/home/dev/proj/packages/inner/index.ts',
    '/home/dev/proj/build/out.js',
    '/home/dev/proj/vendor/lib/x.js',
    '/home/dev/lib2/b.ts',
    '/home/dev/lib2/secrets/token',
    '/home/dev/.ssh/id_rsa',
    '/home/dev/.ssh/config',
    '/home/dev/.bashrc',
    '/home/dev/.airlock/policy.json',
    '/home/dev/notes.txt',
    '/home/dev/other/notes.txt',
    '/etc/passwd',
    '/etc/hosts',
    '/etc/shadow',
    '/usr/local/bin/node',
    '/usr/bin/git',
    '/var/log/syslog',
    '/var/tmp',
    '/tmp',
    '/dev/null',
    '/dev/shm',
  ],
  links: {
    '/var/tmp/planted': '/etc/passwd',
    '/dev/shm/planted': '/usr/local/bin',
    '/tmp/planted': '/home/dev/other/notes.txt',
  },
};

const userPolicy: PolicyFile = {
  rules: [
    { id: 'allow-dotenv', paths: ['.env'], kinds: ['read'], decision: 'allow' },
    { id: 'no-docs', paths: ['docs/**'], decision: 'deny' },
    { id: 'ask-generated', paths: ['src/generated/**'], kinds: ['write'], decision: 'ask' },
    { id: 'allow-build-delete', paths: ['build'], kinds: ['delete'], decision: 'allow' },
    { id: 'allow-ssh-config', paths: ['~/.ssh/config'], kinds: ['read'], decision: 'allow' },
    { id: 'allow-deploy-key', paths: ['~/.ssh/id_deploy'], kinds: ['read'], decision: 'allow' },
    { id: 'deny-hosts-read', paths: ['/etc/hosts'], kinds: ['read'], decision: 'deny' },
    { id: 'allow-etc-write', paths: ['/etc/**'], kinds: ['write'], decision: 'allow' },
    { id: 'allow-airlock', paths: ['~/.airlock/**'], decision: 'allow' },
    { id: 'allow-notes', paths: ['~/notes/**'], decision: 'allow' },
    { id: 'deny-private', paths: ['Private/**'], decision: 'deny' },
    { id: 'vendor-deny', paths: ['vendor/**'], decision: 'deny' },
    { id: 'vendor-patches', paths: ['vendor/patches/**'], decision: 'allow' },
    { id: 'vendor-readme', paths: ['vendor/README.md'], decision: 'allow' },
    { id: 'tie-allow', paths: ['tie/*.txt'], decision: 'allow' },
    { id: 'tie-ask', paths: ['tie/*.txt'], decision: 'ask' },
    { id: 'husky-ok', paths: ['.husky/**'], kinds: ['write'], decision: 'allow' },
    { id: 'dev-server', hosts: ['127.0.0.1:3000'], decision: 'allow' },
    { id: 'npm-test', commands: ['npm test'], decision: 'allow' },
  ],
};

const workspacePolicy: PolicyFile = {
  rules: [
    { id: 'ws-secrets', paths: ['secrets/**'], decision: 'deny' },
    { id: 'ws-secrets-readme', paths: ['secrets/README.md'], decision: 'allow' },
    { id: 'ws-allow-env', paths: ['.env'], decision: 'allow' },
    { id: 'ws-allow-docs', paths: ['docs/**'], decision: 'allow' },
    { id: 'ws-allow-passwd', paths: ['/etc/passwd'], kinds: ['read'], decision: 'allow' },
    { id: 'ws-ask-src-write', paths: ['src/**'], kinds: ['write'], decision: 'ask' },
    { id: 'ws-deny-generated', paths: ['src/generated/**'], decision: 'deny' },
    { id: 'ws-allow-build-delete', paths: ['build'], kinds: ['delete'], decision: 'allow' },
    { id: 'ws-deny-example', hosts: ['example.com'], decision: 'deny' },
    { id: 'ws-allow-dev', hosts: ['127.0.0.1:3000'], decision: 'allow' },
    { id: 'ws-allow-ssh', paths: ['~/.ssh/**'], decision: 'allow' },
    { id: 'ws-allow-hooks', paths: ['.git/hooks/**'], decision: 'allow' },
    { id: 'ws-deny-vendor-patches', paths: ['vendor/patches/**'], decision: 'deny' },
  ],
};

export const configs: Readonly<Record<ConfigName, EngineConfig>> = {
  plain: { roots: ['{ws}'] },
  multi: { roots: ['{ws}', '{ws2}'] },
  nested: { roots: ['{ws}', '{ws}/packages/inner'] },
  nestedWorkspace: {
    roots: ['{ws}', '{ws}/packages/inner'],
    workspace: { rules: [{ id: 'inner-secret', paths: ['packages/inner/secret.txt'], decision: 'deny' }] },
  },
  user: { roots: ['{ws}'], user: userPolicy },
  workspace: { roots: ['{ws}'], workspace: workspacePolicy },
  layered: { roots: ['{ws}'], user: userPolicy, workspace: workspacePolicy },
  untrusted: { roots: ['{ws}'], user: userPolicy, workspace: workspacePolicy, trusted: false },
  multiWorkspace: { roots: ['{ws}', '{ws2}'], workspace: workspacePolicy },
  userStrict: { roots: ['{ws}'], user: { preset: 'strict', rules: [] } },
  wsStrict: { roots: ['{ws}'], workspace: { preset: 'strict', rules: [] } },
  wsPermissive: { roots: ['{ws}'], workspace: { preset: 'permissive', rules: [] } },
  untrustedStrict: { roots: ['{ws}'], workspace: { preset: 'strict', rules: [] }, trusted: false },
  kindsOnly: { roots: ['{ws}'], user: { rules: [{ id: 'ask-deletes', kinds: ['delete'], decision: 'ask' }] } },
  symlinkedHome: { roots: ['{ws}'], home: '{base}/home-link' },
  rootAtSlash: { roots: ['/'] },
  rootAtEtc: { roots: ['/etc'] },
  rootUnderOpt: { roots: ['/opt/project'] },
};

const allow = (rule: string, layer?: Layer): Expected => ({ decision: 'allow', rule, ...(layer ? { layer } : {}) });
const ask = (rule: string, layer?: Layer): Expected => ({ decision: 'ask', rule, ...(layer ? { layer } : {}) });
const deny = (rule: string, layer?: Layer): Expected => ({ decision: 'deny', rule, ...(layer ? { layer } : {}) });

const read = (path: string, extra: Partial<CaseAction> = {}): CaseAction => ({ kind: 'read', path, ...extra });
const write = (path: string, extra: Partial<CaseAction> = {}): CaseAction => ({ kind: 'write', path, ...extra });
const del = (path: string, extra: Partial<CaseAction> = {}): CaseAction => ({ kind: 'delete', path, ...extra });
const rdel = (path: string, extra: Partial<CaseAction> = {}): CaseAction => ({ kind: 'delete', path, recursive: true, ...extra });
const rename = (path: string, to: string): CaseAction => ({ kind: 'rename', path, to });
const fetch = (url: string): CaseAction => ({ kind: 'fetch', url });
const exec = (command: string): CaseAction => ({ kind: 'exec', command });

/** A row: [name, action, expected], for one world, config and preset. */
type Row = readonly [string, CaseAction, Expected];

function group(world: World, config: ConfigName, rows: readonly Row[], preset?: Preset): EngineCase[] {
  return rows.map(([name, action, expected]) => ({ name, world, config, action, expected, ...(preset ? { preset } : {}) }));
}

/** The same action under strict, balanced and permissive, with the decisions in that order. */
type SweepRow = readonly [string, CaseAction, readonly [Decision, Decision, Decision], string, Layer?];

function sweep(world: World, rows: readonly SweepRow[]): EngineCase[] {
  const presets: readonly Preset[] = ['strict', 'balanced', 'permissive'];
  return rows.flatMap(([name, action, decisions, rule, layer]) =>
    presets.map((preset, i) => ({
      name: `${preset}: ${name}`,
      world,
      config: 'plain' as const,
      preset,
      action,
      expected: { decision: decisions[i] as Decision, rule, ...(layer ? { layer } : {}) },
    })),
  );
}

/** Every built-in default under each preset. */
const presetSweep = sweep('virtual', [
  ['read a workspace file', read('src/a.ts'), ['allow', 'allow', 'allow'], 'preset.workspace-read', 'preset'],
  ['write a workspace file', write('src/a.ts'), ['allow', 'allow', 'allow'], 'preset.workspace-write', 'preset'],
  ['delete a workspace file', del('src/a.ts'), ['ask', 'allow', 'allow'], 'preset.workspace-delete'],
  ['delete a folder recursively', rdel('src'), ['ask', 'ask', 'allow'], 'preset.recursive-delete'],
  ['delete the workspace root', rdel('{ws}'), ['deny', 'deny', 'ask'], 'preset.workspace-root'],
  ['move the workspace root away', rename('{ws}', '{ws}-old'), ['deny', 'deny', 'ask'], 'preset.workspace-root'],
  ['read .env', read('.env'), ['deny', 'ask', 'allow'], 'preset.secret-read'],
  ['write .vscode/tasks.json', write('.vscode/tasks.json'), ['deny', 'ask', 'ask'], 'preset.execution-config'],
  ['write .git/HEAD', write('.git/HEAD'), ['ask', 'ask', 'ask'], 'preset.vcs-internals'],
  ['read a file outside', read('{home}/other/notes.txt'), ['ask', 'ask', 'allow'], 'preset.outside-read'],
  ['write a file outside', write('{home}/other/notes.txt'), ['deny', 'ask', 'ask'], 'preset.outside-write'],
  ['write in /tmp', write('/tmp/scratch.txt'), ['ask', 'allow', 'allow'], 'preset.temp'],
  ['write /dev/null', write('/dev/null'), ['allow', 'allow', 'allow'], 'preset.stream-device'],
  ['write ~/.bashrc', write('~/.bashrc'), ['deny', 'deny', 'ask'], 'preset.home-config'],
  ['read ~/.ssh/id_rsa', read('~/.ssh/id_rsa'), ['deny', 'deny', 'ask'], 'preset.credential-read'],
  ['write /etc/passwd', write('/etc/passwd'), ['deny', 'deny', 'deny'], 'floor.system-write', 'floor'],
  ['write the Airlock store', write('~/.airlock/policy.json'), ['deny', 'deny', 'deny'], 'floor.airlock-store', 'floor'],
  ['delete the home folder', rdel('~'), ['deny', 'deny', 'deny'], 'floor.root-or-home', 'floor'],
  ['fetch a public site', fetch('https://example.com/'), ['ask', 'allow', 'allow'], 'preset.network-public'],
  ['fetch a loopback port', fetch('http://127.0.0.1:3000/'), ['deny', 'ask', 'ask'], 'preset.network-loopback'],
  ['fetch cloud metadata', fetch('http://169.254.169.254/latest/'), ['deny', 'deny', 'deny'], 'floor.cloud-metadata', 'floor'],
]);

const diskSweep = sweep('disk', [
  ['write through a link that leads out', write('link-out/f.txt'), ['deny', 'deny', 'deny'], 'floor.symlink-escape', 'floor'],
  ['delete a symlink itself', del('link-out'), ['ask', 'allow', 'allow'], 'preset.workspace-delete'],
]);

const workspacePaths = group('virtual', 'plain', [
  ['a new file in a new folder', write('src/new/deep/file.ts'), allow('preset.workspace-write', 'preset')],
  ['./ prefix', write('./src/a.ts'), allow('preset.workspace-write')],
  ['absolute path inside', write('{ws}/src/a.ts'), allow('preset.workspace-write')],
  ['read the workspace folder itself', read('{ws}'), allow('preset.workspace-read')],
  ['rename inside', rename('src/a.ts', 'src/b.ts'), allow('preset.workspace-write')],
  ['delete "." recursively is the root', rdel('.'), deny('preset.workspace-root', 'preset')],
  ['delete src/.. is the root', rdel('src/..'), deny('preset.workspace-root')],
  ['delete the root without recursive', del('{ws}'), deny('preset.workspace-root')],
  ['delete src recursively', rdel('src'), ask('preset.recursive-delete')],
  ['delete .git recursively', rdel('.git'), ask('preset.vcs-internals')],
  ['delete .git/hooks recursively', rdel('.git/hooks'), ask('preset.execution-config')],
  ['delete .airlock recursively', rdel('.airlock'), ask('preset.execution-config')],
  ['write src/./a.ts', write('src/./a.ts'), allow('preset.workspace-write')],
  ['a file named like a prefix of the root is outside', write('{ws}-evil/x'), ask('preset.outside-write')],
  ['deleting the home folder that holds the workspace', rdel('..'), deny('floor.root-or-home', 'floor')],
  ['deleting a sibling of the workspace is only outside', rdel('../other'), ask('preset.outside-write')],
]);

const ancestors = group('disk', 'plain', [
  ['deleting the parent of the workspace', rdel('..'), deny('preset.workspace-ancestor', 'preset')],
  ['moving the parent of the workspace', rename('..', '{out}/moved'), deny('preset.workspace-ancestor')],
  ['deleting the parent of the workspace by its absolute path', rdel('{base}'), deny('preset.workspace-ancestor')],
]);

const systemRoots = [
  ...group('virtual', 'rootAtSlash', [
    ['a workspace opened at / keeps /etc protected', write('/etc/passwd'), deny('floor.system-write', 'floor')],
    ['a workspace opened at / keeps /usr protected', del('usr/bin/env'), deny('floor.system-write', 'floor')],
    ['a workspace opened at / still allows a home file', write('/home/dev/proj/src/a.ts'), allow('preset.workspace-write')],
  ]),
  ...group('virtual', 'rootAtEtc', [
    ['a workspace opened at /etc keeps it protected', write('hosts'), deny('floor.system-write', 'floor')],
  ]),
  ...group('virtual', 'rootUnderOpt', [
    ['a project under /opt is an ordinary workspace', write('src/app.ts'), allow('preset.workspace-write')],
    ['next to it, /opt stays protected', write('/opt/other/x'), deny('floor.system-write', 'floor')],
  ]),
];

const secrets = group('virtual', 'plain', [
  ['read .env.local', read('.env.local'), ask('preset.secret-read', 'preset')],
  ['read nested .env.production', read('config/.env.production'), ask('preset.secret-read')],
  ['case variant .Env', read('.Env'), ask('preset.secret-read')],
  ['case variant .ENV.LOCAL', read('.ENV.LOCAL'), ask('preset.secret-read')],
  ['read a .pem', read('certs/server.pem'), ask('preset.secret-read')],
  ['read a .key', read('certs/server.key'), ask('preset.secret-read')],
  ['read id_rsa in the workspace', read('deploy/id_rsa'), ask('preset.secret-read')],
  ['read credentials.json', read('deploy/credentials.json'), ask('preset.secret-read')],
  ['read service-account-prod.json', read('service-account-prod.json'), ask('preset.secret-read')],
  ['read secrets.yaml', read('config/secrets.yaml'), ask('preset.secret-read')],
  ['read terraform.tfstate', read('infra/terraform.tfstate'), ask('preset.secret-read')],
  ['read a project .npmrc', read('.npmrc'), ask('preset.secret-read')],
  ['read .htpasswd', read('public/.htpasswd'), ask('preset.secret-read')],
  ['read a .p12 keystore', read('android/release.p12'), ask('preset.secret-read')],
  ['.env.example is a template', read('.env.example'), allow('preset.workspace-read')],
  ['.env.sample is a template', read('.env.sample'), allow('preset.workspace-read')],
  ['.env.template is a template', read('.env.template'), allow('preset.workspace-read')],
  ['.env.dist is a template', read('.env.dist'), allow('preset.workspace-read')],
  ['nested .env.example is a template', read('services/api/.env.example'), allow('preset.workspace-read')],
  ['.env.example.bak is not a template', read('.env.example.bak'), ask('preset.secret-read')],
  ['.environment is not .env', read('.environment'), allow('preset.workspace-read')],
  ['writing .env is an edit, not a leak', write('.env'), allow('preset.workspace-write')],
]);

const executionConfig = group('virtual', 'plain', [
  ['.vscode/settings.json', write('.vscode/settings.json'), ask('preset.execution-config', 'preset')],
  ['case variant .VSCode/Settings.json', write('.VSCode/Settings.json'), ask('preset.execution-config')],
  ['.vscode/launch.json', write('.vscode/launch.json'), ask('preset.execution-config')],
  ['.vscode/mcp.json', write('.vscode/mcp.json'), ask('preset.execution-config')],
  ['a .code-workspace file', write('proj.code-workspace'), ask('preset.execution-config')],
  ['.git/hooks/pre-commit', write('.git/hooks/pre-commit'), ask('preset.execution-config')],
  ['case variant .GIT/hooks/pre-commit', write('.GIT/hooks/pre-commit'), ask('preset.execution-config')],
  ['case variant .Git/HOOKS/Pre-Commit', write('.Git/HOOKS/Pre-Commit'), ask('preset.execution-config')],
  ['.git/config', write('.git/config'), ask('preset.execution-config')],
  ['.gitmodules', write('.gitmodules'), ask('preset.execution-config')],
  ['.husky/pre-commit', write('.husky/pre-commit'), ask('preset.execution-config')],
  ['.githooks/pre-push', write('.githooks/pre-push'), ask('preset.execution-config')],
  ['.pre-commit-config.yaml', write('.pre-commit-config.yaml'), ask('preset.execution-config')],
  ['.github/workflows/ci.yml', write('.github/workflows/ci.yml'), ask('preset.execution-config')],
  ['case variant .GitHub/Workflows/ci.yml', write('.GitHub/Workflows/ci.yml'), ask('preset.execution-config')],
  ['.claude/settings.json', write('.claude/settings.json'), ask('preset.execution-config')],
  ['case variant .Claude/Settings.Local.json', write('.Claude/Settings.Local.json'), ask('preset.execution-config')],
  ['.cursor/rules/x.mdc', write('.cursor/rules/x.mdc'), ask('preset.execution-config')],
  ['.gemini/settings.json', write('.gemini/settings.json'), ask('preset.execution-config')],
  ['.codex/config.toml', write('.codex/config.toml'), ask('preset.execution-config')],
  ['.mcp.json', write('.mcp.json'), ask('preset.execution-config')],
  ['.envrc', write('.envrc'), ask('preset.execution-config')],
  ['writing .npmrc', write('.npmrc'), ask('preset.execution-config')],
  ['.yarnrc.yml', write('.yarnrc.yml'), ask('preset.execution-config')],
  ['.airlock/policy.json', write('.airlock/policy.json'), ask('preset.execution-config')],
  ['case variant .Airlock/Policy.json', write('.Airlock/Policy.json'), ask('preset.execution-config')],
  ['a nested package .vscode/tasks.json', write('packages/app/.vscode/tasks.json'), ask('preset.execution-config')],
  ['delete .git/hooks/pre-commit', del('.git/hooks/pre-commit'), ask('preset.execution-config')],
  ['rename into .git/hooks (destination end)', rename('src/a.ts', '.git/hooks/pre-commit'), ask('preset.execution-config')],
  ['rename a workflow away (source end)', rename('.github/workflows/ci.yml', 'src/ci.yml'), ask('preset.execution-config')],
  ['reading tasks.json is fine', read('.vscode/tasks.json'), allow('preset.workspace-read')],
  ['.git/objects', write('.git/objects/ab/cdef'), ask('preset.vcs-internals')],
  ['.hg/store', write('.hg/store/data'), ask('preset.vcs-internals')],
  ['.svn/entries', write('.svn/entries'), ask('preset.vcs-internals')],
]);

const strictOnly = group(
  'virtual',
  'plain',
  [
    ['delete .git/hooks recursively', rdel('.git/hooks'), deny('preset.execution-config')],
    ['.GIT/hooks/pre-commit', write('.GIT/hooks/pre-commit'), deny('preset.execution-config')],
    ['/tmp read', read('/tmp/x'), ask('preset.temp')],
    ['outside delete', del('{home}/other/notes.txt'), deny('preset.outside-write')],
  ],
  'strict',
);

const permissiveOnly = group(
  'virtual',
  'plain',
  [
    ['.git/hooks stays asked', write('.git/hooks/pre-commit'), ask('preset.execution-config')],
    ['recursive delete of a non-root', rdel('src'), allow('preset.recursive-delete')],
    ['home config is asked', write('~/.zshrc'), ask('preset.home-config')],
    ['system folder still denied', write('/usr/bin/git'), deny('floor.system-write', 'floor')],
  ],
  'permissive',
);

const homeAndOutside = group('virtual', 'plain', [
  ['case variant ~/.SSH/id_rsa', read('~/.SSH/id_rsa'), deny('preset.credential-read', 'preset')],
  ['a public key is not a credential', read('~/.ssh/id_rsa.pub'), ask('preset.outside-read')],
  ['the private key beside it is', read('~/.ssh/id_rsa'), deny('preset.credential-read')],
  ['~/.ssh/config is not a credential', read('~/.ssh/config'), ask('preset.outside-read')],
  ['~/.aws/credentials', read('~/.aws/credentials'), deny('preset.credential-read')],
  ['case variant ~/.Aws/Credentials', read('~/.Aws/Credentials'), deny('preset.credential-read')],
  ['~/.kube/config', read('~/.kube/config'), deny('preset.credential-read')],
  ['~/.docker/config.json', read('~/.docker/config.json'), deny('preset.credential-read')],
  ['~/.netrc', read('~/.netrc'), deny('preset.credential-read')],
  ['~/.git-credentials', read('~/.git-credentials'), deny('preset.credential-read')],
  ['~/.bash_history', read('~/.bash_history'), deny('preset.credential-read')],
  ['~/.gnupg key', read('~/.gnupg/private-keys-v1.d/x.key'), deny('preset.credential-read')],
  ['~/.config/gh/hosts.yml', read('~/.config/gh/hosts.yml'), deny('preset.credential-read')],
  ['/etc/shadow', read('/etc/shadow'), deny('preset.credential-read')],
  ['/root/.ssh', read('/root/.ssh/id_ed25519'), deny('preset.credential-read')],
  ['read /etc/passwd', read('/etc/passwd'), ask('preset.outside-read')],
  ['read ~/notes.txt', read('~/notes.txt'), ask('preset.outside-read')],
  ['write ~/notes.txt', write('~/notes.txt'), ask('preset.outside-write')],
  ['read the home folder', read('~'), ask('preset.outside-read')],
  ['read the Airlock policy is not the floor', read('~/.airlock/policy.json'), ask('preset.outside-read')],
  ['~/.zshrc', write('~/.zshrc'), deny('preset.home-config')],
  ['~/.config/fish/config.fish', write('~/.config/fish/config.fish'), deny('preset.home-config')],
  ['~/.ssh/authorized_keys', write('~/.ssh/authorized_keys'), deny('preset.ssh-write')],
  ['~/.gitconfig', write('~/.gitconfig'), deny('preset.home-config')],
  ['~/.claude/settings.json', write('~/.claude/settings.json'), deny('preset.home-config')],
  ['~/Library/LaunchAgents', write('~/Library/LaunchAgents/x.plist'), deny('preset.scheduled-persistence')],
  ['~/bin', write('~/bin/tool'), deny('preset.home-config')],
  ['delete ~/.bashrc', del('~/.bashrc'), deny('preset.home-config')],
  ['rename ~/.bashrc', rename('~/.bashrc', '~/.bashrc.bak'), deny('preset.home-config')],
  ['delete ~/ recursively', rdel('~/'), deny('floor.root-or-home', 'floor')],
  ['delete the home folder by its path', rdel('{home}'), deny('floor.root-or-home', 'floor')],
  ['write over the home folder', write('~'), deny('floor.root-or-home', 'floor')],
  ['delete / recursively', rdel('/'), deny('floor.root-or-home', 'floor')],
  ['the Airlock trail', write('~/.airlock/trail/2026.jsonl'), deny('floor.airlock-store', 'floor')],
  ['delete the Airlock folder', rdel('~/.airlock'), deny('floor.airlock-store', 'floor')],
  ['move the Airlock folder', rename('~/.airlock', '~/airlock-old'), deny('floor.airlock-store', 'floor')],
  ['case variant ~/.AIRLOCK', write('~/.AIRLOCK/policy.json'), deny('floor.airlock-store', 'floor')],
]);

const systemAndTemp = group('virtual', 'plain', [
  ['/etc/hosts', write('/etc/hosts'), deny('floor.system-write', 'floor')],
  ['case variant /ETC/hosts', write('/ETC/hosts'), deny('floor.system-write', 'floor')],
  ['/usr/local/bin/node', write('/usr/local/bin/node'), deny('floor.system-write')],
  ['delete /var/log', rdel('/var/log'), deny('floor.system-write')],
  ['rename a system binary away', rename('/usr/bin/git', '/tmp/git'), deny('floor.system-write')],
  ['rename into a system folder', rename('src/a.ts', '/etc/a.ts'), deny('floor.system-write')],
  ['/bin/sh', write('/bin/sh'), deny('floor.system-write')],
  ['/boot', write('/boot/grub/grub.cfg'), deny('floor.system-write')],
  ['/opt', write('/opt/app/run.sh'), deny('floor.system-write')],
  ['macOS /Library/LaunchDaemons', write('/Library/LaunchDaemons/x.plist'), deny('floor.system-write')],
  ['macOS /private/etc', write('/private/etc/hosts'), deny('floor.system-write')],
  ['/proc', write('/proc/sys/kernel/core_pattern'), deny('floor.system-write')],
  ['a block device', write('/dev/sda'), deny('floor.system-write')],
  ['/var/tmp is a temp folder', write('/var/tmp/x.log'), allow('preset.temp', 'preset')],
  ['/var/folders is a temp folder', write('/var/folders/ab/T/x'), allow('preset.temp')],
  ['/private/tmp is a temp folder', write('/private/tmp/x'), allow('preset.temp')],
  ['/dev/shm is a temp folder', write('/dev/shm/x'), allow('preset.temp')],
  ['a new file deep in /tmp', write('/tmp/a/b/c.txt'), allow('preset.temp')],
  ['delete in /tmp', rdel('/tmp/build-cache'), allow('preset.temp')],
  ['read /dev/null', read('/dev/null'), allow('preset.stream-device')],
  ['write /dev/stdout', write('/dev/stdout'), allow('preset.stream-device')],
  ['write /dev/tty', write('/dev/tty'), allow('preset.stream-device')],
  ['write /dev/fd/3', write('/dev/fd/3'), allow('preset.stream-device')],
  ['deleting /dev/null is not a stream write', del('/dev/null'), ask('preset.outside-write')],
  ['a link planted in /var/tmp to /etc/passwd', write('/var/tmp/planted'), deny('floor.system-write', 'floor')],
  ['a link planted in /dev/shm into /usr/local/bin', write('/dev/shm/planted/node'), deny('floor.system-write', 'floor')],
  ['a link planted in /tmp to a file outside', write('/tmp/planted'), ask('preset.outside-write')],
  ['reading through a link planted in /tmp', read('/tmp/planted'), ask('preset.outside-read')],
  ['rename into /tmp (no view of the disk: judged as moving a folder out)', rename('src/a.ts', '/tmp/a.ts'), ask('preset.recursive-delete')],
  ['rename into the home config', rename('src/a.ts', '~/.bashrc'), deny('preset.home-config')],
  ['rename out of a system folder', rename('/etc/hosts', 'src/hosts'), deny('floor.system-write')],
]);

const dotdot = group('virtual', 'plain', [
  ['src/nope/../../../../etc/passwd (write) leaves the workspace', write('src/nope/../../../../etc/passwd'), ask('preset.outside-write', 'preset')],
  ['src/nope/../../../../etc/passwd (read)', read('src/nope/../../../../etc/passwd'), ask('preset.outside-read')],
  ['five .. from src/nope reach /etc', write('src/nope/../../../../../etc/passwd'), deny('floor.system-write', 'floor')],
  ['a name starting with .. is inside', write('..hidden/x.ts'), allow('preset.workspace-write')],
  ['more .. than folders stops at /', read('src/nope/../../../../../../../../etc/shadow'), deny('preset.credential-read')],
  ['a/b/c/../../../.. is the home folder', rdel('a/b/c/../../../..'), deny('floor.root-or-home', 'floor')],
  ['a/b/c/../../.. is the workspace root', rdel('a/b/c/../../..'), deny('preset.workspace-root')],
  ['out and back in', write('../proj/src/a.ts'), allow('preset.workspace-write')],
  ['into a sibling with a similar name', write('../proj-evil/x'), ask('preset.outside-write')],
  ['into a sibling folder', write('src/../../lib2/b.ts'), ask('preset.outside-write')],
  ['an absolute path with .. back into .vscode', write('{ws}/src/../.vscode/settings.json'), ask('preset.execution-config')],
  ['.. to the home config', write('../.bashrc'), deny('preset.home-config')],
  ['absolute with many ..', write('{ws}/../../../../etc/hosts'), deny('floor.system-write')],
]);

const badInput = group('virtual', 'plain', [
  ['~root is refused', read('~root/.ssh/id_rsa'), deny('input.bad-path', 'input')],
  ['~dev is refused too', write('~dev/.bashrc'), deny('input.bad-path', 'input')],
  ['a NUL byte', write('src/a\0.ts'), deny('input.bad-path', 'input')],
  ['a NUL byte before an innocent suffix', read('/etc/shadow\0.txt'), deny('input.bad-path', 'input')],
  ['a Windows drive path', write('C:\\Windows\\System32\\drivers\\etc\\hosts'), deny('input.bad-path', 'input')],
  ['a Windows drive path with slashes', read('c:/Users/dev/.ssh/id_rsa'), deny('input.bad-path', 'input')],
  ['a bare drive', rdel('D:'), deny('input.bad-path', 'input')],
  ['a UNC path', write('\\\\server\\share\\x'), deny('input.bad-path', 'input')],
  ['a UNC path with forward slashes is a POSIX path', write('//server/share/x'), ask('preset.outside-write')],
  ['a rename with one bad end', rename('src/a.ts', 'C:\\x'), deny('input.bad-path', 'input')],
  ['an over-long path', write(`src/${'a'.repeat(4100)}`), deny('input.bad-path', 'input')],
]);

const backslashes = group('virtual', 'plain', [
  ['src\\a.ts is fine either way', write('src\\a.ts'), allow('preset.workspace-write')],
  ['..\\..\\..\\etc\\passwd is judged with slashes too', write('..\\..\\..\\etc\\passwd'), deny('floor.system-write', 'floor')],
  ['.git\\hooks\\pre-commit', write('.git\\hooks\\pre-commit'), ask('preset.execution-config')],
  ['src\\..\\..\\notes.txt leaves the workspace', write('src\\..\\..\\notes.txt'), ask('preset.outside-write')],
  ['~\\.ssh\\id_rsa', read('~\\.ssh\\id_rsa'), deny('preset.credential-read')],
  ['.vscode\\tasks.json', write('.vscode\\tasks.json'), ask('preset.execution-config')],
]);

const multiRoot = group('virtual', 'multi', [
  ['a relative path is in the first root', write('src/a.ts'), allow('preset.workspace-write')],
  ['a file in the second root is inside', write('{ws2}/b.ts'), allow('preset.workspace-write')],
  ['.. into the second root is inside', write('../lib2/b.ts'), allow('preset.workspace-write')],
  ['..\\lib2\\b.ts into the second root', write('..\\lib2\\b.ts'), allow('preset.workspace-write')],
  ['relative to a cwd in the second root', rdel('..', { cwd: '{ws2}/src' }), deny('preset.workspace-root')],
  ['.. from the first root is the home folder', rdel('..'), deny('floor.root-or-home', 'floor')],
  ['the second root is a root', rdel('{ws2}'), deny('preset.workspace-root')],
  ['execution config in the second root', write('{ws2}/.vscode/tasks.json'), ask('preset.execution-config')],
  ['secrets in the second root', read('{ws2}/.env'), ask('preset.secret-read')],
  ['a sibling with a similar name is outside', write('{ws2}-evil/x'), ask('preset.outside-write')],
]);

const nestedRoots = group('virtual', 'nested', [
  ['a nested root is a root', rdel('packages/inner'), deny('preset.workspace-root')],
  ['its parent folder is not', rdel('packages'), ask('preset.recursive-delete')],
  ['a file in the nested root', write('packages/inner/src/x.ts'), allow('preset.workspace-write')],
  ['execution config in the nested root', write('packages/inner/.vscode/tasks.json'), ask('preset.execution-config')],
]);

const nestedWorkspaceRules = group('virtual', 'nestedWorkspace', [
  // Globs are relative to the innermost root: an outer-root rule naming a path in a nested root does not match.
  ['an outer-root rule also covers a nested root', read('packages/inner/secret.txt'), deny('workspace:inner-secret', 'workspace')],
]);

const userRules = group('virtual', 'user', [
  ['user allow beats the preset', read('.env'), allow('user:allow-dotenv', 'user')],
  ['a root-anchored rule does not match deeper', read('config/.env'), ask('preset.secret-read', 'preset')],
  ['user deny (write)', write('docs/guide.md'), deny('user:no-docs', 'user')],
  ['user deny (read)', read('docs/guide.md'), deny('user:no-docs', 'user')],
  ['user deny on a rename destination', rename('src/a.ts', 'docs/a.ts'), deny('user:no-docs', 'user')],
  ['user ask', write('src/generated/api.ts'), ask('user:ask-generated', 'user')],
  ['a write rule does not cover reads', read('src/generated/api.ts'), allow('preset.workspace-read', 'preset')],
  ['user allow beats the recursive-delete ask', rdel('build'), allow('user:allow-build-delete', 'user')],
  ['a folder rule covers what is inside', del('build/out.js'), allow('user:allow-build-delete', 'user')],
  ['a ~/ rule', read('~/.ssh/config'), allow('user:allow-ssh-config', 'user')],
  ['a user rule can allow a named credential', read('~/.ssh/id_deploy'), allow('user:allow-deploy-key', 'user')],
  ['other credentials stay denied', read('~/.ssh/id_rsa'), deny('preset.credential-read', 'preset')],
  ['an absolute deny', read('/etc/hosts'), deny('user:deny-hosts-read', 'user')],
  ['a user allow cannot beat the floor', write('/etc/hosts'), deny('floor.system-write', 'floor')],
  ['nor the Airlock store', write('~/.airlock/policy.json'), deny('floor.airlock-store', 'floor')],
  ['a ~/ allow', write('~/notes/todo.md'), allow('user:allow-notes', 'user')],
  ['allow rules are case-sensitive', write('~/NOTES/todo.md'), ask('preset.outside-write', 'preset')],
  ['deny rules are case-insensitive', write('private/plan.md'), deny('user:deny-private', 'user')],
  ['most specific wins: the broad deny', write('vendor/lib/x.js'), deny('user:vendor-deny', 'user')],
  ['most specific wins: the narrower allow', write('vendor/patches/fix.diff'), allow('user:vendor-patches', 'user')],
  ['an exact path beats a glob', write('vendor/README.md'), allow('user:vendor-readme', 'user')],
  ['a tie goes to the stricter', write('tie/a.txt'), ask('user:tie-ask', 'user')],
  ['a user allow on .husky', write('.husky/pre-commit'), allow('user:husky-ok', 'user')],
  ['a host rule allows its port', fetch('http://127.0.0.1:3000/'), allow('user:dev-server', 'user')],
  ['with a path and query', fetch('http://127.0.0.1:3000/api?x=1'), allow('user:dev-server', 'user')],
  ['only that port', fetch('http://127.0.0.1:3001/'), ask('preset.network-loopback', 'preset')],
  ['not the default port', fetch('http://127.0.0.1/'), ask('preset.network-loopback', 'preset')],
  ['localhost also resolves to ::1, which the rule does not cover', fetch('http://localhost:3000/'), ask('preset.network-loopback')],
  ['cloud metadata stays on the floor', fetch('http://169.254.169.254/'), deny('floor.cloud-metadata', 'floor')],
  ['a command rule', exec('npm test'), allow('user:npm-test', 'user')],
]);

const workspaceRules = group('virtual', 'workspace', [
  ['workspace deny', read('secrets/key.txt'), deny('workspace:ws-secrets', 'workspace')],
  ['case variant of a workspace deny', read('SECRETS/key.txt'), deny('workspace:ws-secrets', 'workspace')],
  ['the carve-out gives back the base decision (read)', read('secrets/README.md'), allow('preset.workspace-read', 'preset')],
  ['the carve-out gives back the base decision (write)', write('secrets/README.md'), allow('preset.workspace-write', 'preset')],
  ['a workspace allow cannot loosen a preset ask', read('.env'), ask('preset.secret-read', 'preset')],
  ['nor an outside read', read('/etc/passwd'), ask('preset.outside-read', 'preset')],
  ['nor a credential', read('~/.ssh/id_rsa'), deny('preset.credential-read', 'preset')],
  ['nor execution config', write('.git/hooks/pre-commit'), ask('preset.execution-config', 'preset')],
  ['nor a recursive delete', rdel('src'), ask('preset.recursive-delete', 'preset')],
  ['nor a host', fetch('http://127.0.0.1:3000/'), ask('preset.network-loopback', 'preset')],
  ['workspace ask tightens', write('src/a.ts'), ask('workspace:ws-ask-src-write', 'workspace')],
  ['reads are untouched', read('src/a.ts'), allow('preset.workspace-read', 'preset')],
  ['the more specific workspace deny', write('src/generated/x.ts'), deny('workspace:ws-deny-generated', 'workspace')],
  ['a workspace host deny', fetch('https://example.com/'), deny('workspace:ws-deny-example', 'workspace')],
]);

const layeredRules = group('virtual', 'layered', [
  ['a workspace allow cannot loosen a user deny', write('docs/guide.md'), deny('user:no-docs', 'user')],
  ['a user allow stands when the workspace also allows', read('.env'), allow('user:allow-dotenv', 'user')],
  ['a workspace deny tightens a user ask', write('src/generated/api.ts'), deny('workspace:ws-deny-generated', 'workspace')],
  ['a workspace deny tightens a user allow', write('vendor/patches/fix.diff'), deny('workspace:ws-deny-vendor-patches', 'workspace')],
  ['a user host allow stands', fetch('http://127.0.0.1:3000/'), allow('user:dev-server', 'user')],
  ['a user delete allow stands', rdel('build'), allow('user:allow-build-delete', 'user')],
  ['workspace ask over the preset', write('src/a.ts'), ask('workspace:ws-ask-src-write', 'workspace')],
]);

const untrusted = group('virtual', 'untrusted', [
  ['workspace deny ignored', read('secrets/key.txt'), allow('preset.workspace-read', 'preset')],
  ['workspace ask ignored', write('src/a.ts'), allow('preset.workspace-write', 'preset')],
  ['user rules still count', write('src/generated/api.ts'), ask('user:ask-generated', 'user')],
  ['workspace host deny ignored', fetch('https://example.com/'), allow('preset.network-public', 'preset')],
  ['user allow not tightened', write('vendor/patches/fix.diff'), allow('user:vendor-patches', 'user')],
]);

const presetLayering = [
  ...group('virtual', 'multiWorkspace', [
    ['a workspace rule applies in every root', read('{ws2}/secrets/token'), deny('workspace:ws-secrets', 'workspace')],
  ]),
  ...group('virtual', 'userStrict', [['the user policy picks strict', read('.env'), deny('preset.secret-read')]]),
  ...group('virtual', 'userStrict', [['an explicit preset overrides the user policy', read('.env'), ask('preset.secret-read')]], 'balanced'),
  ...group('virtual', 'wsStrict', [
    ['a workspace can make the preset stricter', write('/tmp/x'), ask('preset.temp')],
    ['strict asks deletes', del('src/a.ts'), ask('preset.workspace-delete')],
  ]),
  ...group('virtual', 'wsPermissive', [
    ['a workspace cannot make the preset looser', rdel('src'), ask('preset.recursive-delete')],
  ]),
  ...group('virtual', 'untrustedStrict', [['an untrusted workspace preset is ignored', del('src/a.ts'), allow('preset.workspace-delete')]]),
  ...group('virtual', 'kindsOnly', [
    ['a kinds-only user rule matches every delete', del('src/a.ts'), ask('user:ask-deletes', 'user')],
    ['it also decides a workspace root delete (user layer beats preset)', rdel('{ws}'), ask('user:ask-deletes', 'user')],
    ['but not the floor', rdel('~'), deny('floor.root-or-home', 'floor')],
    ['other kinds fall to the preset', write('src/a.ts'), allow('preset.workspace-write', 'preset')],
  ]),
];

const throughEngine = group('virtual', 'plain', [
  ['exec rm -rf ~ hits the floor', exec('rm -rf ~'), deny('floor.root-or-home', 'floor')],
  ['exec cat of a credential', exec('cat ~/.ssh/id_rsa'), deny('preset.credential-read')],
  ['exec redirect into tasks.json', exec('echo {} > .vscode/tasks.json'), ask('shell.agent-config')],
  ['exec curl to cloud metadata', exec('curl http://169.254.169.254/'), deny('floor.cloud-metadata', 'floor')],
  ['file: URL reads are path reads', fetch('file:///etc/shadow'), deny('preset.credential-read')],
]);

const symlinks = group('disk', 'plain', [
  ['a new file through a link that leads out', write('link-out/new.txt'), deny('floor.symlink-escape', 'floor')],
  ['a relative link that leads out', write('link-rel/f.txt'), deny('floor.symlink-escape', 'floor')],
  ['a chain of links that leads out', write('chain-1/f.txt'), deny('floor.symlink-escape', 'floor')],
  ['a dangling link pointing outside', write('dangling-out'), deny('floor.symlink-escape', 'floor')],
  ['a link whose target folder does not exist yet', write('future/sub/file.txt'), deny('floor.symlink-escape', 'floor')],
  ['a dangling link pointing inside', write('dangling-in'), allow('preset.workspace-write', 'preset')],
  ['a link inside the workspace', write('chain-in/a.ts'), allow('preset.workspace-write')],
  ['delete a symlink recursively removes only the link', rdel('link-out'), allow('preset.restorable-delete')],
  ['delete link/ recursively deletes what it points to', rdel('link-out/'), deny('floor.symlink-escape', 'floor')],
  ['delete link/. recursively deletes what it points to', rdel('link-out/.'), deny('floor.symlink-escape', 'floor')],
  ['delete a file through the link', del('link-out/f.txt'), deny('floor.symlink-escape', 'floor')],
  ['delete a dangling link itself', del('dangling-out'), allow('preset.workspace-delete')],
  ['rename a link itself', rename('link-out', 'link-moved'), allow('preset.workspace-write')],
  ['rename through a link (destination)', rename('src/a.ts', 'link-out/a.ts'), deny('floor.symlink-escape', 'floor')],
  ['.. after a link climbs from its target', write('link-out/../escaped.txt'), deny('floor.symlink-escape', 'floor')],
  ['.. after a chain climbs from its target', write('chain-1/../escaped.txt'), deny('floor.symlink-escape', 'floor')],
  ['.. after a nested link', write('src/up/../x.txt'), deny('floor.symlink-escape', 'floor')],
  ['a link to /etc', write('link-etc/passwd'), deny('floor.system-write', 'floor')],
  ['reading through a link to /etc', read('link-etc/passwd'), ask('preset.outside-read', 'preset')],
  ['a link to the home folder', write('link-home/.bashrc'), deny('floor.symlink-escape', 'floor')],
  ['reading a credential through a link', read('link-home/.ssh/id_rsa'), deny('preset.credential-read', 'preset')],
  ['an inside link to .git/hooks', write('hooks-alias/pre-commit'), ask('preset.execution-config')],
  ['an inside link to .env', read('env-alias'), ask('preset.secret-read')],
  ['.env that is a link to an ordinary name', read('app/.env'), ask('preset.secret-read')],
  ['a template name that links to the secret', read('.env.sample'), ask('preset.secret-read')],
  ['a workflow that is a link to an ordinary file', write('.github/workflows/deploy.yml'), ask('preset.execution-config')],
  ['a link loop neither hangs nor escapes', write('loop-a/x'), allow('preset.workspace-write')],
  ['a link named ..evil that leads out', write('..evil/f.txt'), deny('floor.symlink-escape', 'floor')],
  ['the real path of the workspace through a link out', write('{ws}/link-out/f.txt'), deny('floor.symlink-escape', 'floor')],
  ['delete a folder without recursive is recursive (and restorable)', del('src'), allow('preset.restorable-delete')],
  ['the workspace root on disk', del('{ws}'), deny('preset.workspace-root')],
  ['a case variant on disk', write('.GIT/hooks/pre-commit'), ask('preset.execution-config')],
  ['a credential on disk', read('~/.ssh/id_rsa'), deny('preset.credential-read')],
  ['the Airlock store on disk', write('~/.airlock/policy.json'), deny('floor.airlock-store', 'floor')],
]);

const symlinkedHome = group('disk', 'symlinkedHome', [
  ['~/ through a symlinked HOME', rdel('~/'), deny('floor.root-or-home', 'floor')],
  ['~ through a symlinked HOME', rdel('~'), deny('floor.root-or-home', 'floor')],
  ['the real home folder by its path', rdel('{base}/home'), deny('floor.root-or-home', 'floor')],
  ['~/.bashrc through a symlinked HOME', write('~/.bashrc'), deny('preset.home-config')],
  ['the real ~/.bashrc by its path', write('{base}/home/.bashrc'), deny('preset.home-config')],
  ['the real Airlock store by its path', write('{base}/home/.airlock/policy.json'), deny('floor.airlock-store', 'floor')],
  ['a credential by its real path', read('{base}/home/.ssh/id_rsa'), deny('preset.credential-read')],
]);

export const engineCases: readonly EngineCase[] = [
  ...presetSweep,
  ...diskSweep,
  ...workspacePaths,
  ...secrets,
  ...executionConfig,
  ...strictOnly,
  ...permissiveOnly,
  ...homeAndOutside,
  ...systemAndTemp,
  ...dotdot,
  ...badInput,
  ...backslashes,
  ...multiRoot,
  ...nestedRoots,
  ...nestedWorkspaceRules,
  ...userRules,
  ...workspaceRules,
  ...layeredRules,
  ...untrusted,
  ...presetLayering,
  ...throughEngine,
  ...symlinks,
  ...symlinkedHome,
  ...systemRoots,
  ...ancestors,
];

/** The fake DNS the engine cases use. */
export const fakeDns: Readonly<Record<string, readonly string[]>> = {
  'example.com': ['93.184.216.34'],
  localhost: ['127.0.0.1', '::1'],
};
