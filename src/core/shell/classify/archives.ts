// Archives, compressors and the tools that rewrite files in place (tar, zip, gzip…, sort -o, patch, sed -i): what
// they write, and what they run (a tar or sed that executes commands).
import { options } from '../args';
import { literalField } from '../scope';
import { type Classifier, passthrough, readAll } from './common';
import { scriptText } from './context';

const tarOpts = options({
  flags: {
    create: ['-c', '--create'],
    extract: ['-x', '--extract', '--get'],
    list: ['-t', '--list'],
    append: ['-r', '--append', '-u', '--update', '-A', '--catenate', '--concatenate'],
    deleteMembers: ['--delete'],
    diff: ['-d', '--diff', '--compare'],
    removeFiles: ['--remove-files'],
    toStdout: ['-O', '--to-stdout'],
    absolute: ['-P', '--absolute-names'],
    z: ['-z', '-j', '-J', '-a', '-v', '-p', '-k', '-h', '-m', '-S', '-W', '-w', '-B', '-G', '-i', '-l', '-M', '-o', '-s', '-U', '-Z'],
  },
  values: {
    file: ['-f', '--file'],
    directory: ['-C', '--directory'],
    filesFrom: ['-T', '--files-from'],
    excludeFrom: ['-X', '--exclude-from'],
    exclude: ['--exclude'],
    blocking: ['-b', '--blocking-factor'],
    format: ['-H', '--format'],
    compressProgram: ['-I', '--use-compress-program'],
    toCommand: ['--to-command'],
    infoScript: ['-F', '--info-script', '--new-volume-script'],
    rsh: ['--rsh-command'],
    newer: ['-N', '--newer', '--after-date'],
    label: ['-V', '--label'],
    owner: ['--owner', '--group', '--mode', '--transform', '--xform', '--strip-components'],
    tapeLength: ['-L', '--tape-length'],
  },
  optional: { checkpointAction: ['--checkpoint-action'], checkpoint: ['--checkpoint'] },
});

export const tar: Classifier = (c) => {
  // Old-style `tar czf x.tgz dir`: the first word is a cluster of flags without a dash.
  const args = c.args[0]?.known && /^[a-zA-Z]+$/.test(c.args[0].value) ? [{ ...c.args[0], value: `-${c.args[0].value}` }, ...c.args.slice(1)] : c.args;
  const p = tarOpts.parse(args);
  const dir = p.value('directory');
  const cwd = dir ? (dir.known ? c.resolve(dir).path : undefined) : c.cwd;
  const archive = p.value('file');
  for (const cmd of [...p.values('compressProgram'), ...p.values('toCommand'), ...p.values('infoScript'), ...p.values('rsh')]) {
    c.runScript(cmd.value, cmd.known, 'tar command option');
  }
  for (const a of p.values('checkpointAction')) {
    const m = /^exec=(.*)$/s.exec(a.value);
    if (m) c.runScript(m[1]!, a.known, 'tar --checkpoint-action');
  }
  if (p.has('create') || p.has('append')) {
    for (const f of p.operands) c.read(f, { recursive: true, ...(cwd ? { cwd } : {}) });
    if (archive && archive.value !== '-') c.write(archive, p.has('create') ? { truncate: true } : {});
    for (const f of p.values('filesFrom')) c.read(f);
    if (p.has('removeFiles')) {
      for (const f of p.operands) c.delete(f, { recursive: true, ...(cwd ? { cwd } : {}) });
      c.find('shell.rm-recursive', 'deletes the files it archived');
    } else c.find('shell.write', 'creates an archive');
    c.output = { network: false, decoded: false, reads: true, secrets: c.secretReads() };
    return;
  }
  if (archive && archive.value !== '-') c.read(archive);
  if (p.has('extract') && !p.has('toStdout')) {
    const into = dir ?? literalField('.');
    c.write(into, { recursive: true });
    c.find('shell.write', `extracts an archive into ${c.resolve(into).path}`);
  } else if (p.has('deleteMembers')) {
    if (archive) c.write(archive);
    c.find('shell.write', 'removes members from an archive');
  } else {
    c.find('shell.read-only');
    passthrough(c, true);
  }
};

export const unzip: Classifier = (c) => {
  const p = options({ flags: { list: ['-l', '-t', '-v', '-z', '-Z'], o: ['-o', '-n', '-q', '-j', '-a', '-b', '-C', '-L', '-U', '-V', '-X', '-K', '-M', '-f', '-u'], p: ['-p', '-c'] }, values: { dir: ['-d'], exclude: ['-x'], password: ['-P'] } }).parse(c.args);
  const archive = p.operands[0];
  if (archive) c.read(archive);
  if (p.has('list') || p.has('p')) return void c.find('shell.read-only');
  const into = p.value('dir') ?? literalField('.');
  c.write(into, { recursive: true });
  c.find('shell.write', `extracts an archive into ${c.resolve(into).path}`);
};

export const zip: Classifier = (c) => {
  const p = options({ flags: { recursive: ['-r', '-R', '--recurse-paths'], move: ['-m', '--move'], q: ['-q', '-j', '-0', '-1', '-9', '-v', '-u', '-f', '-D', '-y', '-T', '-o', '-X'], del: ['-d', '--delete'] }, values: { exclude: ['-x', '--exclude'], include: ['-i', '--include'], password: ['-P'], TT: ['-TT', '--unzip-command'], n: ['-n'] } }).parse(c.args);
  const [archive, ...files] = p.operands;
  for (const cmd of p.values('TT')) c.runScript(cmd.value, cmd.known, 'zip -TT');
  if (archive) c.write(archive);
  readAll(c, files, p.has('recursive'));
  if (p.has('move')) {
    for (const f of files) c.delete(f, p.has('recursive') ? { recursive: true } : {});
    c.find('shell.rm', 'deletes the files it archived');
  } else c.find('shell.write', 'creates an archive');
  c.output = { network: false, decoded: false, reads: true, secrets: c.secretReads() };
};

/** gzip and friends replace each file with its (de)compressed form, or filter stdin to stdout. */
export const compressor: Classifier = (c) => {
  const p = options({
    flags: { stdout: ['-c', '--stdout', '--to-stdout'], decompress: ['-d', '--decompress', '--uncompress'], keep: ['-k', '--keep'], list: ['-l', '--list', '-t', '--test'], r: ['-r', '--recursive'], f: ['-f', '--force', '-v', '-q', '-n', '-N', '-1', '-9', '--fast', '--best'] },
    values: { suffix: ['-S', '--suffix'], T: ['-T', '--threads'] },
  }).parse(c.args);
  const decompress = p.has('decompress') || /^(gunzip|zcat|bunzip2|bzcat|unxz|xzcat|unzstd|zstdcat|lz4cat|uncompress)$/.test(c.inv.name);
  if (p.operands.length === 0 || p.has('stdout') || /cat$/.test(c.inv.name)) {
    readAll(c, p.operands);
    passthrough(c, p.operands.length > 0);
    // Compressed input is hidden from a reader of the line, like base64.
    if (decompress) c.output = { ...c.output, decoded: true };
    return void c.find('shell.read-only');
  }
  if (p.has('list')) return void c.find('shell.read-only');
  for (const f of p.operands) {
    c.write(f, p.has('r') ? { recursive: true } : {});
  }
  c.find('shell.write', decompress ? 'decompresses files in place' : 'compresses files in place');
};

export const sortCmd: Classifier = (c) => {
  const p = options({
    flags: { f: ['-b', '-d', '-f', '-g', '-i', '-M', '-h', '-n', '-R', '-r', '-V', '-c', '-C', '-m', '-s', '-u', '-z'] },
    values: { output: ['-o', '--output'], key: ['-k', '--key'], sep: ['-t', '--field-separator'], buffer: ['-S', '--buffer-size'], tmp: ['-T', '--temporary-directory'], parallel: ['--parallel'], files0: ['--files0-from'] },
    optional: { sortHow: ['--sort'], randomSource: ['--random-source'], compress: ['--compress-program'] },
  }).parse(c.args);
  readAll(c, p.operands);
  passthrough(c, p.operands.length > 0);
  const out = p.value('output');
  if (out) {
    c.write(out, { truncate: true });
    c.find('shell.write', 'writes sorted output to a file');
  } else c.find('shell.read-only');
};

export const patch: Classifier = (c) => {
  const p = options({
    flags: { f: ['-R', '--reverse', '-N', '--forward', '-f', '--force', '-s', '--silent', '--quiet', '-E', '--remove-empty-files', '-t', '--batch', '-l', '-u', '-c', '-e', '-n', '--verbose', '--dry-run', '-Z', '-T'] },
    values: { strip: ['-p', '--strip'], input: ['-i', '--input'], dir: ['-d', '--directory'], out: ['-o', '--output'], reject: ['-r', '--reject-file'], backupPrefix: ['-B', '-Y', '-z', '-V', '-D', '-F', '--fuzz'] },
  }).parse(c.args);
  if (c.args.some((a) => a.value === '--dry-run')) return void c.find('shell.read-only');
  for (const f of p.values('input')) c.read(f);
  const [orig, patchFile] = p.operands;
  if (patchFile) c.read(patchFile);
  const out = p.value('out');
  if (out) c.write(out, { truncate: true });
  else if (orig) c.write(orig);
  else c.write(p.value('dir') ?? literalField('.'), { recursive: true });
  c.find('shell.write', 'applies a patch');
};

/** `split`, `csplit`, `mktemp`, `mkfifo`, `mknod`, `trash`: files named by operands or prefixes are written. */
export const writeAll: Classifier = (c) => {
  for (const f of c.args) if (!f.value.startsWith('-')) c.write(f);
  c.find('shell.write');
};

/** GNU sed's `-i` edits in place; its `e` command and `s///e` flag run shell commands; `w file` writes. */
const sedOpts = options({
  flags: { n: ['-n', '--quiet', '--silent'], E: ['-E', '-r', '--regexp-extended'], s: ['-s', '--separate'], u: ['-u', '--unbuffered'], z: ['-z', '--null-data'], posix: ['--posix'], debug: ['--debug'], sandbox: ['--sandbox'], followSymlinks: ['--follow-symlinks'] },
  values: { expr: ['-e', '--expression'], file: ['-f', '--file'], l: ['-l', '--line-length'] },
  optional: { inplace: ['-i', '--in-place'] },
});

function sedScriptRisk(script: string): { exec: boolean; writes: string[] } {
  const writes: string[] = [];
  let exec = false;
  const subst = /s(.)(?:\\.|(?!\1)[^\\\n])*\1(?:\\.|(?!\1)[^\\\n])*\1([a-zA-Z0-9]*)(?:[ \t]*(\S[^;\n}]*))?/g;
  for (const m of script.matchAll(subst)) {
    const flags = m[2] ?? '';
    if (flags.includes('e')) exec = true;
    if (flags.includes('w') && m[3]) writes.push(m[3].trim());
  }
  const stripped = script.replace(subst, ' ');
  for (const cmd of stripped.split(/[;\n{}]/)) {
    const t = cmd.trim().replace(/^(\d+|\$|\/(?:\\.|[^/])*\/)(,(\d+|\$|\/(?:\\.|[^/])*\/))?!?\s*/, '');
    if (/^e(\s|$)/.test(t)) exec = true;
    const w = /^[wW]\s+(\S.*)$/.exec(t);
    if (w) writes.push(w[1]!.trim());
  }
  return { exec, writes };
}

export const sed: Classifier = (c) => {
  const p = sedOpts.parse(c.args);
  let operands = [...p.operands];
  // BSD `sed -i '' 's/a/b/' f`: the empty word is the backup suffix.
  if (p.has('inplace') && p.value('inplace')!.value === '' && operands[0]?.known && operands[0].value === '') operands = operands.slice(1);
  const scripts = p.values('expr');
  const scriptFields = scripts.length > 0 || p.has('file') ? scripts : operands.slice(0, 1);
  const files = scripts.length > 0 || p.has('file') ? operands : operands.slice(1);
  for (const f of p.values('file')) c.read(f);
  const { text, known } = scriptText(scriptFields);
  const risk = sedScriptRisk(text);
  if (!p.has('sandbox') && (risk.exec || !known)) c.find('shell.inline-code', risk.exec ? 'runs shell commands from a sed script' : 'runs a sed script that is only known when it runs');
  for (const w of risk.writes) if (w !== '/dev/stdout' && w !== '/dev/stderr') c.write(literalField(w));
  if (p.has('inplace')) {
    for (const f of files) c.write(f);
    c.find('shell.write', 'edits files in place');
  } else {
    readAll(c, files);
    passthrough(c, files.length > 0);
    if (risk.writes.length > 0) c.find('shell.write', 'writes files from a sed script');
    else c.find('shell.read-only');
  }
};
