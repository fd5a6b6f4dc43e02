import * as path from 'node:path';
import { options } from '../args';
import { literalField, type Field } from '../scope';
import { isInsideFolder } from '../secrets';
import { type Classifier, passthrough, readAll } from './common';
import type { CommandContext, PathRef } from './context';
import { compressor, patch, sed, sortCmd, tar, unzip, writeAll, zip } from './archives';

/** Top-level folders whose recursive deletion wrecks the system. */
const systemTops = new Set(['/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib32', '/lib64', '/libx32', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/usr', '/var', '/Users', '/System', '/Library', '/Applications', '/Volumes', '/private', '/mnt', '/media', '/snap', '/nix']);

/** The target of a recursive delete is the root, home, a system folder, or contains the current folder. */
export function catastrophicTarget(ref: PathRef, home: string, cwd: string | undefined): boolean {
  if (ref.unknown) return false;
  let p = ref.path.replace(/\/+$/, '') || '/';
  // `/*`, `~/*`, `/usr/*`: the folder of the pattern is what is really wiped.
  if (ref.glob) p = p.replace(/(\/[^/]*[*?[][^/]*)+$/, '') || '/';
  if (systemTops.has(p) || p === home || isInsideFolder(home, p)) return true;
  return cwd !== undefined && isInsideFolder(cwd, p);
}

const rmOpts = options({
  flags: {
    recursive: ['-r', '-R', '--recursive'],
    force: ['-f', '--force'],
    dir: ['-d', '--dir'],
    verbose: ['-v', '--verbose'],
    noPreserveRoot: ['--no-preserve-root'],
    oneFs: ['--one-file-system'],
    i: ['-i'],
    I: ['-I'],
  },
  optional: { interactive: ['--interactive'], preserveRoot: ['--preserve-root'] },
});

const rm: Classifier = (c) => {
  const p = rmOpts.parse(c.args);
  const recursive = p.has('recursive');
  let catastrophic = p.has('noPreserveRoot');
  for (const f of p.operands) {
    const ref = c.delete(f, recursive ? { recursive: true } : {});
    if (ref && recursive && catastrophicTarget(ref, c.home, c.cwd)) catastrophic = true;
  }
  if (catastrophic) c.find('shell.rm-catastrophic');
  else if (recursive) c.find('shell.rm-recursive', `deletes ${describeTargets(c)} recursively`);
  else c.find('shell.rm', `deletes ${describeTargets(c)}`);
};

function describeTargets(c: CommandContext): string {
  const paths = c.effects.filter((e) => e.kind === 'delete').map((e) => e.path ?? '?');
  if (paths.length === 0) return 'nothing';
  return paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more`;
}

const simpleDelete: Classifier = (c) => {
  for (const f of c.args) if (!f.value.startsWith('-') || !f.known) c.delete(f);
  c.find('shell.rm', `deletes ${describeTargets(c)}`);
};

const shredOpts = options({
  flags: { remove: ['-u'], zero: ['-z', '--zero'], force: ['-f', '--force'], verbose: ['-v', '--verbose'], exact: ['-x', '--exact'] },
  values: { iterations: ['-n', '--iterations'], size: ['-s', '--size'], random: ['--random-source'] },
  optional: { removeHow: ['--remove'] },
});

const shred: Classifier = (c) => {
  const p = shredOpts.parse(c.args);
  for (const f of p.operands) {
    c.write(f, { truncate: true });
    if (p.has('remove') || p.has('removeHow')) c.delete(f);
  }
  c.find('shell.shred');
};

const cpOpts = options({
  flags: {
    recursive: ['-r', '-R', '--recursive', '-a', '--archive'],
    force: ['-f', '--force'],
    interactive: ['-i', '--interactive'],
    noClobber: ['-n', '--no-clobber'],
    u: ['-u'],
    verbose: ['-v', '--verbose'],
    p: ['-p'],
    P: ['-P', '--no-dereference'],
    L: ['-L', '--dereference'],
    H: ['-H'],
    l: ['-l', '--link'],
    s: ['-s', '--symbolic-link'],
    x: ['-x', '--one-file-system'],
    noTarget: ['-T', '--no-target-directory'],
    b: ['-b'],
    removeDest: ['--remove-destination'],
    parents: ['--parents'],
  },
  values: { target: ['-t', '--target-directory'], suffix: ['-S', '--suffix'] },
  optional: { backup: ['--backup'], preserve: ['--preserve'], reflink: ['--reflink'], sparse: ['--sparse'], update: ['--update'] },
});

function sourcesAndDest(operands: readonly Field[], target: Field | undefined): { sources: readonly Field[]; dest?: Field } {
  if (target) return { sources: operands, dest: target };
  if (operands.length < 2) return { sources: operands };
  return { sources: operands.slice(0, -1), dest: operands.at(-1) };
}

/** Where `src` lands when copied or moved to `dest`: inside it when dest is a folder (several sources, trailing `/`). */
function landing(src: Field, dest: Field, intoFolder: boolean): Field {
  if (!intoFolder || !src.known || !dest.known) return dest;
  const name = path.posix.basename(src.value.replace(/\/+$/, ''));
  return { ...dest, value: path.posix.join(dest.value, name), pattern: path.posix.join(dest.pattern, name), glob: dest.glob || src.glob };
}

const cp: Classifier = (c) => {
  const p = cpOpts.parse(c.args);
  const recursive = p.has('recursive');
  const { sources, dest } = sourcesAndDest(p.operands, p.value('target'));
  readAll(c, sources, recursive);
  if (dest) {
    const intoFolder = p.has('target') || sources.length > 1 || dest.value.endsWith('/');
    if (intoFolder) for (const s of sources) c.write(landing(s, dest, true), recursive ? { recursive: true } : {});
    else c.write(dest, { truncate: true, ...(recursive ? { recursive: true } : {}) });
  }
  c.find('shell.write', dest ? `copies files to ${c.resolve(dest).path}` : undefined);
};

const mvOpts = options({
  flags: { force: ['-f', '--force'], interactive: ['-i', '--interactive'], noClobber: ['-n', '--no-clobber'], u: ['-u'], verbose: ['-v', '--verbose'], noTarget: ['-T', '--no-target-directory'], b: ['-b'], strip: ['--strip-trailing-slashes'] },
  values: { target: ['-t', '--target-directory'], suffix: ['-S', '--suffix'] },
  optional: { backup: ['--backup'], update: ['--update'] },
});

const mv: Classifier = (c) => {
  const p = mvOpts.parse(c.args);
  const { sources, dest } = sourcesAndDest(p.operands, p.value('target'));
  if (!dest) return void c.find('shell.write');
  const intoFolder = p.has('target') || sources.length > 1 || dest.value.endsWith('/');
  for (const s of sources) c.rename(s, landing(s, dest, intoFolder));
  c.find('shell.write', `moves files to ${c.resolve(dest).path}`);
};

const lnOpts = options({
  flags: { symbolic: ['-s', '--symbolic'], force: ['-f', '--force'], noDeref: ['-n', '--no-dereference'], verbose: ['-v', '--verbose'], relative: ['-r', '--relative'], noTarget: ['-T', '--no-target-directory'], b: ['-b'], L: ['-L', '--logical'], P: ['-P', '--physical'], i: ['-i', '--interactive'] },
  values: { target: ['-t', '--target-directory'], suffix: ['-S', '--suffix'] },
  optional: { backup: ['--backup'] },
});

const ln: Classifier = (c) => {
  const p = lnOpts.parse(c.args);
  const target = p.value('target');
  const make = (source: Field, name: Field): void => rememberLink(c, source, c.write(name, { entry: true }), p.has('symbolic') && !p.has('relative'));
  if (target) for (const s of p.operands) make(s, landing(s, target, true));
  else if (p.operands.length === 1) make(p.operands[0]!, literalField(path.posix.basename(p.operands[0]!.value)));
  else if (p.operands.length >= 2) {
    const dest = p.operands.at(-1)!;
    const sources = p.operands.slice(0, -1);
    if (sources.length > 1 || dest.value.endsWith('/')) for (const s of sources) make(s, landing(s, dest, true));
    else make(sources[0]!, dest);
  }
  c.find('shell.write', 'creates links');
};

/**
 * Later commands of the line see through the link. A symbolic link's relative target is relative to the link's
 * folder (`-r` computes that from a target written relative to here); a hard link names the file itself.
 */
function rememberLink(c: CommandContext, source: Field, link: PathRef | undefined, fromLinkFolder: boolean): void {
  if (!link || link.unknown || link.glob) return;
  const links = c.inv.line.links;
  links.delete(link.path);
  if (!source.known || source.glob) return;
  const to = fromLinkFolder && !source.value.startsWith('/') ? path.posix.join(path.posix.dirname(link.path), source.value) : c.resolve(source).path;
  if (to.startsWith('/')) links.set(link.path, path.posix.normalize(to).replace(/(.)\/+$/, '$1'));
}

const touchOpts = options({ flags: { a: ['-a'], c: ['-c', '--no-create'], m: ['-m'], h: ['-h', '--no-dereference'] }, values: { date: ['-d', '--date'], t: ['-t'], ref: ['-r', '--reference'], time: ['--time'] } });
const mkdirOpts = options({ flags: { parents: ['-p', '--parents'], verbose: ['-v', '--verbose'] }, values: { mode: ['-m', '--mode'], context: ['-Z', '--context'] } });

const writeOperands =
  (spec: ReturnType<typeof options>, what: string): Classifier =>
  (c) => {
    for (const f of spec.parse(c.args).operands) c.write(f);
    c.find('shell.write', what);
  };

const teeOpts = options({ flags: { append: ['-a', '--append'], ignore: ['-i', '--ignore-interrupts'], p: ['-p'] }, optional: { outputError: ['--output-error'] } });

const tee: Classifier = (c) => {
  const p = teeOpts.parse(c.args);
  for (const f of p.operands) c.write(f, p.has('append') ? {} : { truncate: true });
  passthrough(c, false);
  c.find('shell.write', 'writes its input to files');
};

const truncateOpts = options({ flags: { noCreate: ['-c', '--no-create'], o: ['-o', '--io-blocks'] }, values: { size: ['-s', '--size'], ref: ['-r', '--reference'] } });

const truncate: Classifier = (c) => {
  const p = truncateOpts.parse(c.args);
  for (const f of p.operands) c.write(f, { truncate: true });
  c.find('shell.truncate');
};

/**
 * dd: `if=` is read, `of=` written (emptied first unless `conv=notrunc`). Into an ordinary file that is a plain
 * write like `>` (the file's snapshot restores it); only an output that is a device or unknown keeps `shell.dd`
 * (raw disks are named by the sensitive-write check as `shell.device-write`).
 */
const dd: Classifier = (c) => {
  let raw = false;
  let wrote = false;
  const conv = c.args.find((a) => a.value.startsWith('conv='))?.value ?? '';
  for (const a of c.args) {
    const m = /^(if|of)=(.*)$/s.exec(a.value);
    if (!m) continue;
    const f: Field = { ...a, value: m[2]!, pattern: m[2]! };
    if (m[1] === 'if') c.read(f);
    else {
      const ref = c.write(f, conv.includes('notrunc') ? {} : { truncate: true });
      if (!ref) continue;
      wrote = true;
      if (ref.unknown || ref.path.startsWith('/dev/')) raw = true;
    }
  }
  if (raw) c.find('shell.dd');
  else if (wrote) c.find('shell.write', 'copies raw blocks into a file');
  else {
    passthrough(c, true);
    c.find('shell.read-only');
  }
};

const deviceTools: Classifier = (c) => {
  if (c.inv.name === 'fdisk' && c.args.some((a) => a.value === '-l' || a.value === '--list')) return void c.find('shell.read-only');
  for (const a of c.args) if (a.known && a.value.startsWith('/dev/')) c.write(a);
  c.find('shell.device-write', 'formats or repartitions a disk');
};

/** chmod/chown/chgrp: the first operand is the mode or owner, a leading `-x` mode is not an option. */
function permissionChange(kind: 'chmod' | 'chown'): Classifier {
  return (c) => {
    let recursive = false;
    let spec: Field | undefined;
    const files: Field[] = [];
    let reference = false;
    let endOfOptions = false;
    for (const a of c.args) {
      const v = a.value;
      if (!endOfOptions && a.known && v === '--') endOfOptions = true;
      else if (!endOfOptions && a.known && (v === '-R' || v === '--recursive' || /^-[a-zA-Z]*R[a-zA-Z]*$/.test(v) && !/^-[rwxXstugoa]+$/.test(v))) recursive = true;
      else if (!endOfOptions && a.known && v.startsWith('--reference')) reference = true;
      else if (!endOfOptions && a.known && v.startsWith('-') && !(kind === 'chmod' && spec === undefined && /^-[rwxXst]+$/.test(v))) continue;
      else if (spec === undefined && !reference) spec = a;
      else files.push(a);
    }
    for (const f of files) c.write(f, recursive ? { recursive: true } : {});
    if (kind === 'chmod' && spec && (/^[0-7]*[2-7][0-7]{3}$/.test(spec.value) || /[ug]*\+[rwx]*s/.test(spec.value))) c.find('shell.setuid');
    if (recursive) c.find(kind === 'chmod' ? 'shell.chmod-recursive' : 'shell.chown-recursive');
    else c.find('shell.write', kind === 'chmod' ? 'changes file permissions' : 'changes file owners');
  };
}

const installOpts = options({
  flags: { dirs: ['-d', '--directory'], D: ['-D'], c: ['-c'], C: ['-C', '--compare'], p: ['-p', '--preserve-timestamps'], s: ['-s', '--strip'], v: ['-v', '--verbose'], b: ['-b'], noTarget: ['-T', '--no-target-directory'] },
  values: { mode: ['-m', '--mode'], owner: ['-o', '--owner'], group: ['-g', '--group'], target: ['-t', '--target-directory'], suffix: ['-S', '--suffix'] },
});

const install: Classifier = (c) => {
  const p = installOpts.parse(c.args);
  if (p.has('dirs')) for (const f of p.operands) c.write(f);
  else {
    const { sources, dest } = sourcesAndDest(p.operands, p.value('target'));
    readAll(c, sources);
    if (dest) for (const s of sources) c.write(landing(s, dest, p.has('target') || sources.length > 1));
  }
  c.find('shell.write', 'installs files');
};

export const fileClassifiers: Record<string, Classifier> = {
  rm,
  rmdir: simpleDelete,
  unlink: simpleDelete,
  srm: rm,
  shred,
  wipe: shred,
  cp,
  mv,
  ln,
  link: ln,
  touch: writeOperands(touchOpts, 'creates or touches files'),
  mkdir: writeOperands(mkdirOpts, 'creates folders'),
  tee,
  truncate,
  dd,
  mkfs: deviceTools,
  mke2fs: deviceTools,
  mkswap: deviceTools,
  wipefs: deviceTools,
  fdisk: deviceTools,
  sfdisk: deviceTools,
  gdisk: deviceTools,
  sgdisk: deviceTools,
  parted: deviceTools,
  chmod: permissionChange('chmod'),
  chown: permissionChange('chown'),
  chgrp: permissionChange('chown'),
  install,
  tar,
  bsdtar: tar,
  unzip,
  zip,
  gzip: compressor,
  gunzip: compressor,
  zcat: compressor,
  bzip2: compressor,
  bunzip2: compressor,
  bzcat: compressor,
  xz: compressor,
  unxz: compressor,
  xzcat: compressor,
  zstd: compressor,
  unzstd: compressor,
  zstdcat: compressor,
  lz4: compressor,
  lz4cat: compressor,
  compress: compressor,
  uncompress: compressor,
  sort: sortCmd,
  patch,
  split: writeAll,
  csplit: writeAll,
  mkfifo: writeAll,
  mknod: writeAll,
  trash: writeAll,
  'trash-put': writeAll,
  sed,
  gsed: sed,
};
