// A generated workspace for the snapshot benchmark: nested source folders, file sizes drawn from a log-normal
// distribution (median 2.5 KB, long tail), some binary assets and duplicates, secrets (.env), and dependency and
// build folders that checkpoints exclude. Deterministic for a seed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rng } from './stats';

export interface GeneratedWorkspace {
  readonly root: string;
  /** Workspace-relative paths of the files a checkpoint includes (not those in excluded folders). */
  readonly files: string[];
  /** Their total size in bytes. */
  readonly bytes: number;
  /** Files in excluded folders (node_modules, dist). */
  readonly excludedFiles: number;
}

const words = [
  'const', 'let', 'function', 'return', 'if', 'else', 'for', 'while', 'import', 'export', 'from', 'class', 'extends',
  'interface', 'type', 'async', 'await', 'new', 'this', 'true', 'false', 'null', 'undefined', 'string', 'number',
  'value', 'result', 'items', 'index', 'config', 'options', 'request', 'response', 'error', 'handler', 'context',
  'user', 'session', 'token', 'path', 'file', 'buffer', 'length', 'push', 'map', 'filter', 'reduce', 'then',
  'catch', 'throw', 'try', 'finally', 'switch', 'case', 'break', 'default', 'public', 'private', 'static',
  'readonly', '=', '==', '===', '=>', '(', ')', '{', '}', '[', ']', ';', ',', '.', '+', '-', '*', '/', '0', '1', '42',
];

/** A corpus of code-like text; files are slices of it with a unique first line, so they compress like code. */
function makeCorpus(r: () => number, size: number): string {
  const parts: string[] = [];
  let n = 0;
  let indent = 0;
  while (n < size) {
    const lineWords = 3 + Math.floor(r() * 10);
    let line = '  '.repeat(indent);
    for (let i = 0; i < lineWords; i++) line += words[Math.floor(r() * words.length)] + (r() < 0.15 ? '' : ' ');
    if (r() < 0.1) line += `// ${Math.floor(r() * 1e9).toString(36)} note`;
    indent = Math.max(0, Math.min(6, indent + (r() < 0.2 ? 1 : r() < 0.2 ? -1 : 0)));
    parts.push(line);
    n += line.length + 1;
  }
  return parts.join('\n');
}

function logNormal(r: () => number, median: number, sigma: number): number {
  const u = Math.max(r(), 1e-12);
  const v = r();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.round(median * Math.exp(sigma * z));
}

function randomBytes(r: () => number, size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i + 4 <= size; i += 4) b.writeUInt32LE((r() * 4294967296) >>> 0, i);
  for (let i = size - (size % 4); i < size; i++) b[i] = Math.floor(r() * 256);
  return b;
}

const dirNames = ['src', 'lib', 'core', 'api', 'models', 'views', 'utils', 'services', 'components', 'hooks', 'store',
  'server', 'client', 'db', 'auth', 'config', 'tests', 'fixtures', 'docs', 'scripts', 'assets', 'styles', 'i18n',
  'internal', 'pkg', 'cmd', 'handlers', 'middleware', 'routes', 'schemas', 'types', 'helpers', 'workers', 'jobs'];
const exts = ['ts', 'ts', 'ts', 'tsx', 'js', 'py', 'go', 'rs', 'md', 'json', 'css', 'yaml', 'html', 'sql'];

/**
 * Writes a workspace of `fileCount` included files below `root` (which must not exist yet), plus about 5% more in
 * node_modules and dist.
 */
export function generateWorkspace(root: string, fileCount: number, seed = 1): GeneratedWorkspace {
  const r = rng(seed);
  const corpus = makeCorpus(r, 1 << 20);
  fs.mkdirSync(root, { recursive: true });
  // Folders: each new one hangs below a random earlier one, at most 7 deep; about 15 files a folder.
  const dirs: { rel: string; depth: number }[] = [{ rel: '', depth: 0 }];
  const dirCount = Math.max(4, Math.round(fileCount / 15));
  const used = new Set<string>();
  for (let i = 0; i < dirCount; i++) {
    let parent = dirs[Math.floor(r() * dirs.length)]!;
    if (parent.depth >= 7) parent = dirs[0]!;
    let name = dirNames[Math.floor(r() * dirNames.length)]!;
    let rel = parent.rel ? `${parent.rel}/${name}` : name;
    if (used.has(rel)) {
      name = `${name}-${i}`;
      rel = parent.rel ? `${parent.rel}/${name}` : name;
    }
    used.add(rel);
    dirs.push({ rel, depth: parent.depth + 1 });
    fs.mkdirSync(path.join(root, rel), { recursive: true });
  }
  const files: string[] = [];
  let bytes = 0;
  const write = (rel: string, data: string | Buffer): void => {
    fs.writeFileSync(path.join(root, rel), data);
    files.push(rel);
    bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  };
  write('.env', 'DATABASE_URL=postgres://app:secret@localhost/app\nAPI_TOKEN=tok_0123456789abcdef\n');
  write('.env.local', 'DEBUG=1\n');
  write('package.json', JSON.stringify({ name: 'generated', version: '1.0.0', dependencies: { left: '^1.0.0' } }, null, 2));
  const license = 'Permission is hereby granted, free of charge, to any person obtaining a copy\n'.repeat(20);
  for (let i = files.length; i < fileCount; i++) {
    const dir = dirs[1 + Math.floor(r() * (dirs.length - 1))]!.rel;
    const roll = r();
    if (roll < 0.015) {
      write(`${dir}/image-${i}.png`, randomBytes(r, 2_000 + Math.floor(r() * 60_000)));
    } else if (roll < 0.025) {
      write(`${dir}/${r() < 0.5 ? `__init__-${i}.py` : `LICENSE-${i}`}`, roll < 0.02 ? '' : license);
    } else {
      const ext = exts[Math.floor(r() * exts.length)]!;
      const size = Math.min(400_000, Math.max(20, logNormal(r, 2_500, 1.1)));
      const start = Math.floor(r() * (corpus.length - size - 1));
      write(`${dir}/file-${i}.${ext}`, `// ${dir}/file-${i} generated ${i}\n${corpus.slice(start, start + size)}\n`);
    }
  }
  // Dependency and build folders: excluded by default, present so the walk has to skip them.
  let excludedFiles = 0;
  const extra = Math.max(10, Math.round(fileCount * 0.05));
  for (let i = 0; i < extra; i++) {
    const rel = i % 4 === 0 ? `dist/chunk-${i % 50}/out-${i}.js` : `node_modules/pkg-${i % 200}/lib/index-${i}.js`;
    fs.mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    const start = Math.floor(r() * (corpus.length - 3000));
    fs.writeFileSync(path.join(root, rel), corpus.slice(start, start + 500 + Math.floor(r() * 2500)));
    excludedFiles++;
  }
  return { root, files, bytes, excludedFiles };
}

/**
 * Changes `count` files the way an agent turn does: edits most of them, creates one and deletes one. Returns the
 * workspace-relative paths touched (what an editor's file watcher would report).
 */
export function changeFiles(ws: GeneratedWorkspace, count: number, round: number): string[] {
  const r = rng(1000 + round);
  const changed: string[] = [];
  for (let i = 0; i < count - 2; i++) {
    const rel = ws.files[Math.floor(r() * ws.files.length)]!;
    if (rel.endsWith('.png')) continue;
    fs.appendFileSync(path.join(ws.root, rel), `// round ${round} edit ${i}\n`);
    changed.push(rel);
  }
  const created = `${path.posix.dirname(ws.files[Math.floor(r() * ws.files.length)]!)}/new-${round}.ts`;
  fs.writeFileSync(path.join(ws.root, created), `export const round = ${round};\n`);
  changed.push(created);
  ws.files.push(created);
  const victim = Math.floor(r() * ws.files.length);
  const deleted = ws.files[victim]!;
  fs.rmSync(path.join(ws.root, deleted), { force: true });
  ws.files.splice(victim, 1);
  changed.push(deleted);
  while (changed.length < count) {
    const rel = ws.files[Math.floor(r() * ws.files.length)]!;
    fs.appendFileSync(path.join(ws.root, rel), `// round ${round} extra\n`);
    changed.push(rel);
  }
  return changed;
}
