// The one atomic write, on real files in a temporary folder. Failures are injected through the fs it is given;
// what it did (which files it opened, which it fsynced) is observed there too.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeFileAtomic, type AtomicWriteFs } from '../../../src/core/atomicWrite';
import { pidOfName } from '../../../src/core/snapshots/packs';

const posix = process.platform !== 'win32';
let base = '';
let n = 0;
let umask = 0;

before(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-atomic-'));
  // Stricter than any mode the tests ask for, so a mode that survives it was set on purpose.
  umask = process.umask(0o077);
});
after(() => {
  process.umask(umask);
  fs.rmSync(base, { recursive: true, force: true });
});

/** A fresh empty folder per test. */
let dir = '';
function folder(): string {
  dir = path.join(base, `t${++n}`);
  fs.mkdirSync(dir);
  return dir;
}

const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

/** Node's fs, recording which paths were opened and which of them were fsynced. */
function recordingFs(overrides: Partial<AtomicWriteFs> = {}): { fsx: AtomicWriteFs; opened: string[]; synced: string[] } {
  const opened: string[] = [];
  const synced: string[] = [];
  const open = new Map<number, string>();
  const fsx: AtomicWriteFs = {
    ...fs,
    openSync: ((file: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
      const fd = fs.openSync(file, flags, mode);
      opened.push(String(file));
      open.set(fd, String(file));
      return fd;
    }) as AtomicWriteFs['openSync'],
    fsyncSync: (fd: number) => {
      fs.fsyncSync(fd);
      synced.push(open.get(fd) ?? `fd ${fd}`);
    },
    ...overrides,
  };
  return { fsx, opened, synced };
}

const fail = (syscall: string): Error => Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), { code: 'ENOSPC', syscall });

describe('the content', () => {
  test('is replaced whole, also when the disk takes it in short pieces', () => {
    const file = path.join(folder(), 'data.bin');
    fs.writeFileSync(file, 'old content, longer than nothing');
    const data = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    const { fsx } = recordingFs({
      writeSync: ((fd: number, buffer: Uint8Array, offset?: number, length?: number, position?: number | null) =>
        fs.writeSync(fd, buffer, offset, Math.min(length ?? buffer.length, 65_537), position)) as AtomicWriteFs['writeSync'],
    });
    writeFileAtomic(file, data, { fs: fsx });
    assert.ok(fs.readFileSync(file).equals(data));
    assert.deepEqual(fs.readdirSync(dir), ['data.bin']);
  });

  test('a shorter text leaves nothing of the longer one it replaces', () => {
    const file = path.join(folder(), 'settings.json');
    fs.writeFileSync(file, '{"a": "a long value that the new text does not reach"}\n');
    writeFileAtomic(file, '{}\n');
    assert.equal(fs.readFileSync(file, 'utf8'), '{}\n');
  });

  test('missing folders are created', () => {
    const file = path.join(folder(), 'a', 'b', 'c', 'deep.json');
    writeFileAtomic(file, 'deep');
    assert.equal(fs.readFileSync(file, 'utf8'), 'deep');
  });

  test('a name at the length limit still gets a temporary file', () => {
    const file = path.join(folder(), `${'n'.repeat(250)}.json`);
    writeFileAtomic(file, 'long name');
    assert.equal(fs.readFileSync(file, 'utf8'), 'long name');
  });
});

describe('a failure mid-write', () => {
  const writeFails: Partial<AtomicWriteFs> = {
    // Half of the first write lands, then the disk is full.
    writeSync: ((fd: number, buffer: Uint8Array, offset?: number, length?: number): number => {
      const len = length ?? buffer.length - (offset ?? 0);
      if (len > 1) fs.writeSync(fd, buffer, offset, len >> 1);
      throw fail('write');
    }) as AtomicWriteFs['writeSync'],
  };
  const cases: [string, Partial<AtomicWriteFs>][] = [
    ['write', writeFails],
    ['fsync', { fsyncSync: () => { throw fail('fsync'); } }],
    ['chmod', { chmodSync: () => { throw fail('chmod'); } }],
    ['rename', { renameSync: () => { throw fail('rename'); } }],
  ];
  for (const [syscall, overrides] of cases) {
    test(`in ${syscall}: the error is thrown, the old file is untouched and no temporary file is left`, () => {
      const file = path.join(folder(), 'keep.json');
      fs.writeFileSync(file, 'the old content');
      fs.chmodSync(file, 0o640);
      const { fsx, opened } = recordingFs(overrides);
      assert.throws(
        () => writeFileAtomic(file, 'the new content that never lands', { fs: fsx }),
        (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOSPC' && (e as NodeJS.ErrnoException).syscall === syscall,
      );
      assert.equal(fs.readFileSync(file, 'utf8'), 'the old content');
      if (posix) assert.equal(modeOf(file), 0o640);
      assert.deepEqual(fs.readdirSync(dir), ['keep.json']);
      assert.equal(opened.length, 1, 'the temporary file was written');
    });
  }

  test('in a folder of its own for temporary files: that folder is left empty', () => {
    const root = folder();
    const tmp = path.join(root, 'tmp');
    const file = path.join(root, 'manifest.json');
    fs.writeFileSync(file, 'old');
    const { fsx } = recordingFs(writeFails);
    assert.throws(() => writeFileAtomic(file, 'new', { fs: fsx, tempDir: tmp }), /ENOSPC/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(fs.readdirSync(tmp), []);
  });
});

describe('the mode', { skip: !posix && 'POSIX modes' }, () => {
  test('the mode given is kept despite the umask', () => {
    const file = path.join(folder(), 'script.sh');
    writeFileAtomic(file, '#!/bin/sh\n', { mode: 0o755 });
    assert.equal(modeOf(file), 0o755);
  });

  test("by default the existing file's mode is kept", () => {
    const file = path.join(folder(), 'config.json');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o640);
    writeFileAtomic(file, 'new');
    assert.equal(modeOf(file), 0o640);
  });

  test('a new file without a mode given is 0644', () => {
    const file = path.join(folder(), 'new.json');
    writeFileAtomic(file, 'new');
    assert.equal(modeOf(file), 0o644);
  });

  test('a mode given replaces the existing one', () => {
    const file = path.join(folder(), 'secret.json');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o644);
    writeFileAtomic(file, 'new', { mode: 0o600 });
    assert.equal(modeOf(file), 0o600);
  });
});

describe('symbolic links', { skip: !posix && 'symbolic links need privileges on Windows' }, () => {
  test('a link stays a link and its target gets the content', () => {
    const root = folder();
    const real = path.join(root, 'dotfiles', 'settings.json');
    fs.mkdirSync(path.dirname(real));
    fs.writeFileSync(real, 'old');
    fs.chmodSync(real, 0o600);
    const link = path.join(root, 'settings.json');
    fs.symlinkSync('dotfiles/settings.json', link);
    writeFileAtomic(link, 'new');
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(fs.readlinkSync(link), 'dotfiles/settings.json');
    assert.equal(fs.readFileSync(real, 'utf8'), 'new');
    assert.equal(modeOf(real), 0o600, "the target's mode is kept");
    assert.deepEqual(fs.readdirSync(path.dirname(real)), ['settings.json'], 'the temporary file was beside the target');
  });

  test("a dangling link's target is created, with its folder", () => {
    const root = folder();
    const link = path.join(root, 'config.json');
    fs.symlinkSync(path.join(root, 'elsewhere', 'config.json'), link);
    writeFileAtomic(link, 'created');
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(root, 'elsewhere', 'config.json'), 'utf8'), 'created');
  });

  test('a chain of links is followed to its end', () => {
    const root = folder();
    fs.writeFileSync(path.join(root, 'real'), 'old');
    fs.symlinkSync('real', path.join(root, 'middle'));
    fs.symlinkSync('middle', path.join(root, 'first'));
    writeFileAtomic(path.join(root, 'first'), 'new');
    assert.ok(fs.lstatSync(path.join(root, 'first')).isSymbolicLink());
    assert.ok(fs.lstatSync(path.join(root, 'middle')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(root, 'real'), 'utf8'), 'new');
  });

  test('not following links: the link is replaced by the file and its target is left alone', () => {
    const root = folder();
    const outside = path.join(root, 'outside.txt');
    fs.writeFileSync(outside, 'not to be touched');
    const file = path.join(root, 'restored.txt');
    fs.symlinkSync(outside, file);
    writeFileAtomic(file, 'restored', { followLinks: false, mode: 0o600 });
    assert.ok(fs.lstatSync(file).isFile());
    assert.equal(fs.readFileSync(file, 'utf8'), 'restored');
    assert.equal(modeOf(file), 0o600);
    assert.equal(fs.readFileSync(outside, 'utf8'), 'not to be touched');
  });
});

describe('the temporary file', () => {
  test('goes beside the target by default, hidden', () => {
    const file = path.join(folder(), 'state.json');
    const { fsx, opened } = recordingFs();
    writeFileAtomic(file, 'x', { fs: fsx, durable: false });
    assert.equal(opened.length, 1);
    assert.equal(path.dirname(opened[0]!), dir);
    assert.match(path.basename(opened[0]!), /^\./);
  });

  test('goes in the folder asked for, created if missing, named so a dead writer can be told', () => {
    const root = folder();
    const tmp = path.join(root, 'store', 'tmp');
    const file = path.join(root, 'store', 'FORMAT');
    const { fsx, opened } = recordingFs();
    writeFileAtomic(file, '{"format":1}\n', { fs: fsx, tempDir: tmp });
    assert.equal(fs.readFileSync(file, 'utf8'), '{"format":1}\n');
    assert.equal(path.dirname(opened[0]!), tmp);
    assert.match(path.basename(opened[0]!), new RegExp(`^[0-9a-z]+-${process.pid}-[0-9a-f]+\\.FORMAT\\.tmp$`));
    // The store's clean-up reads the writer's pid from the name, for every name made (the counter grows).
    for (let i = 0; i < 40; i++) writeFileAtomic(file, `${i}`, { fs: fsx, tempDir: tmp });
    const temps = opened.filter((f) => path.dirname(f) === tmp);
    assert.equal(temps.length, 41);
    for (const t of temps) assert.equal(pidOfName(path.basename(t)), process.pid, t);
    assert.deepEqual(fs.readdirSync(tmp), []);
  });
});

describe('durability', () => {
  test('a durable write (the default) fsyncs the file before the rename and the folder after', () => {
    const file = path.join(folder(), 'index.json');
    const order: string[] = [];
    const { fsx, opened, synced } = recordingFs({ renameSync: (from, to) => (order.push('rename'), fs.renameSync(from, to)) });
    const recorded = fsx.fsyncSync;
    writeFileAtomic(file, 'durable', { fs: { ...fsx, fsyncSync: (fd) => (order.push('fsync'), recorded(fd)) } });
    const temp = opened[0]!;
    assert.deepEqual(synced, [temp, dir]);
    assert.deepEqual(order, ['fsync', 'rename', 'fsync']);
    assert.equal(fs.readFileSync(file, 'utf8'), 'durable');
  });

  test('with a folder for temporary files, the folder synced is the target\'s', () => {
    const root = folder();
    const file = path.join(root, 'manifests', 'm.json');
    const { fsx, synced } = recordingFs();
    writeFileAtomic(file, 'm', { fs: fsx, tempDir: path.join(root, 'tmp') });
    assert.equal(synced.at(-1), path.join(root, 'manifests'));
  });

  test('durable: false fsyncs nothing', () => {
    const file = path.join(folder(), 'cache.json');
    const { fsx, synced } = recordingFs();
    writeFileAtomic(file, 'cache', { fs: fsx, durable: false });
    assert.deepEqual(synced, []);
    assert.equal(fs.readFileSync(file, 'utf8'), 'cache');
  });

  test('syncFolder: false fsyncs the file only', () => {
    const file = path.join(folder(), 'restored.txt');
    const { fsx, opened, synced } = recordingFs();
    writeFileAtomic(file, 'restored', { fs: fsx, syncFolder: false });
    assert.deepEqual(synced, [opened[0]]);
  });
});
