import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Action } from '../../../../src/core/actions';
import { Engine } from '../../../../src/core/engine/engine';
import { nodeEffectFs } from '../../../../src/core/engine/nodeDeps';
import { nodeProbe } from '../../../../src/core/paths/nodeProbe';
import { matcherValidators } from '../../../../src/core/policy/compile';
import { parsePolicy } from '../../../../src/core/policy/parse';
import type { PolicyFile, Preset } from '../../../../src/core/policy/types';
import type { ShellParser } from '../../../../src/core/shell/parse';
import { virtualProbe } from '../paths/virtualProbe';
import { configs, fakeDns, virtualPlaces, virtualTree, type CaseAction, type ConfigName, type World } from './fixtures';

export interface Places {
  readonly base: string;
  readonly home: string;
  readonly ws: string;
  readonly ws2: string;
  readonly out: string;
}

/**
 * Builds the disk world in a fresh temporary folder: a fake home, two workspace folders, a folder outside them,
 * and the symbolic links the table walks through. Nothing is created outside `base`; links only point.
 */
export function buildDiskWorld(): Places {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-')));
  const p: Places = {
    base,
    home: path.join(base, 'home'),
    ws: path.join(base, 'ws'),
    ws2: path.join(base, 'ws2'),
    out: path.join(base, 'outside', 'deep', 'dir'),
  };
  const dirs = ['home/.ssh', 'home/.airlock', 'ws/src/lib', 'ws/config', 'ws/ci-src', 'ws/.github/workflows', 'ws/app', 'ws/.git/hooks', 'ws/.vscode', 'ws2', 'outside/deep/dir'];
  for (const d of dirs) fs.mkdirSync(path.join(base, d), { recursive: true });
  const files: Record<string, string> = {
    'ws/src/a.ts': 'export {};\n',
    'ws/.env': 'TOKEN=x\n',
    'ws/config/dev.env': 'TOKEN=x\n',
    'ws/ci-src/deploy.yml': 'on: push\n',
    'ws2/b.ts': 'export {};\n',
    'home/.ssh/id_rsa': 'not a key\n',
    'home/.bashrc': '# rc\n',
    'home/.airlock/policy.json': '{"rules":[]}\n',
    'outside/deep/dir/f.txt': 'outside\n',
  };
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(base, f), text);
  const links: Record<string, string> = {
    'ws/link-out': p.out,
    'ws/link-rel': '../outside/deep/dir',
    'ws/chain-1': 'chain-2',
    'ws/chain-2': p.out,
    'ws/chain-in': 'src',
    'ws/dangling-out': path.join(base, 'outside', 'not-yet.txt'),
    'ws/dangling-in': 'src/not-yet.ts',
    'ws/future': path.join(base, 'outside', 'future-dir'),
    'ws/hooks-alias': '.git/hooks',
    'ws/env-alias': '.env',
    'ws/app/.env': '../config/dev.env',
    'ws/.env.sample': '.env',
    'ws/.github/workflows/deploy.yml': '../../ci-src/deploy.yml',
    'ws/link-etc': '/etc',
    'ws/link-home': p.home,
    'ws/loop-a': 'loop-b',
    'ws/loop-b': 'loop-a',
    'ws/src/up': p.out,
    'ws/..evil': p.out,
    'home-link': 'home',
  };
  for (const [link, target] of Object.entries(links)) fs.symlinkSync(target, path.join(base, link));
  return p;
}

export function removeDiskWorld(p: Places | undefined): void {
  // rmSync removes links without following them.
  if (p && path.basename(p.base).startsWith('airlock-')) fs.rmSync(p.base, { recursive: true, force: true });
}

/** Replaces {ws}, {ws2}, {home}, {base}, {out} with the world's places. */
export function fill(text: string, p: Places): string {
  return text.replace(/\{(ws2|ws|home|base|out)\}/g, (_, key: keyof Places) => p[key]);
}

export function fillAction(a: CaseAction, p: Places): Action {
  const f = (s: string | undefined) => (s === undefined ? undefined : fill(s, p));
  const filled: Record<string, unknown> = { ...a, source: { agent: 'test', channel: 'unit' } };
  for (const key of ['path', 'to', 'cwd', 'url', 'command'] as const) if (a[key] !== undefined) filled[key] = f(a[key]);
  return filled as unknown as Action;
}

export const resolver = async (host: string): Promise<readonly string[]> => {
  const answers = fakeDns[host];
  if (answers === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return answers;
};

const virtual: Places = { base: '/nonexistent-airlock-base', out: '/nonexistent-airlock-out', ...virtualPlaces };

function validated(policy: PolicyFile, file: string, home: string): PolicyFile {
  const parsed = parsePolicy(policy, file, matcherValidators({ home, platform: 'posix' }));
  if (!parsed.ok) throw new Error(`fixture policy ${file} is invalid: ${parsed.error.field}: ${parsed.error.message}`);
  return parsed.value;
}

/** Engines per world, configuration and preset, built on first use. */
export class Engines {
  private readonly cache = new Map<string, Engine>();

  constructor(
    private readonly disk: Places,
    private readonly shell: ShellParser,
  ) {}

  places(world: World): Places {
    return world === 'disk' ? this.disk : virtual;
  }

  get(world: World, name: ConfigName, preset?: Preset): Engine {
    const key = `${world}/${name}/${preset ?? ''}`;
    let engine = this.cache.get(key);
    if (!engine) {
      const p = this.places(world);
      const config = configs[name];
      const home = fill(config.home ?? '{home}', p);
      engine = new Engine({
        roots: config.roots.map((r) => fill(r, p)),
        home,
        platform: 'posix',
        ...(preset ? { preset } : {}),
        ...(config.user ? { userPolicy: { file: 'user/policy.json', policy: validated(config.user, 'user/policy.json', home) } } : {}),
        ...(config.workspace
          ? { workspacePolicy: { file: '.airlock/policy.json', policy: validated(config.workspace, '.airlock/policy.json', home) } }
          : {}),
        workspaceTrusted: config.trusted ?? true,
        probe: world === 'disk' ? nodeProbe : virtualProbe(virtualTree),
        resolver,
        shell: this.shell,
        tempDirs: [],
        airlockHome: path.join(home, '.airlock'),
        ...(world === 'disk' ? { effectFs: nodeEffectFs } : {}),
      });
      this.cache.set(key, engine);
    }
    return engine;
  }
}
