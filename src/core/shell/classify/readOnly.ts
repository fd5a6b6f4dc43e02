import { options } from '../args';
import type { Field } from '../scope';
import { type Classifier, passthrough, readAll, stdinOutput } from './common';
import { decodeAnsiC } from '../parseWords';

/** Commands that only read the files named by their operands (and pass stdin through when given none). */
const fileReaders = ['cat', 'tac', 'nl', 'head', 'tail', 'wc', 'file', 'stat', 'od', 'hexdump', 'hd', 'strings', 'md5sum', 'sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'b2sum', 'cksum', 'sum', 'shasum', 'md5', 'less', 'more', 'most', 'bat', 'batcat', 'cmp', 'diff', 'diff3', 'sdiff', 'colordiff', 'comm', 'paste', 'join', 'fold', 'fmt', 'expand', 'unexpand', 'column', 'cut', 'tr', 'uniq', 'rev', 'look', 'iconv', 'lsattr', 'getfacl', 'realpath', 'readlink', 'ls', 'dir', 'vdir', 'exa', 'eza', 'lsd', 'tree', 'du', 'wc', 'pr', 'ptx', 'tsort', 'numfmt', 'xmllint', 'yamllint', 'csvlook', 'glow', 'pandoc'];

/** Commands with no file effects at all. */
const inert = ['pwd', 'whoami', 'id', 'groups', 'users', 'who', 'w', 'last', 'date', 'cal', 'uname', 'hostnamectl', 'arch', 'nproc', 'getconf', 'locale', 'lsb_release', 'which', 'type', 'whereis', 'hash', 'uptime', 'free', 'df', 'ps', 'pgrep', 'pidof', 'top', 'htop', 'vmstat', 'iostat', 'lsof', 'netstat', 'ss', 'lscpu', 'lsblk', 'lsusb', 'lspci', 'true', 'false', ':', 'test', '[', 'sleep', 'seq', 'yes', 'tty', 'basename', 'dirname', 'expr', 'bc', 'dc', 'factor', 'jobs', 'wait', 'help', 'man', 'info', 'tldr', 'apropos', 'whatis', 'history', 'alias', 'unalias', 'set', 'shopt', 'ulimit', 'umask', 'cd', 'pushd', 'popd', 'dirs', 'read', 'mapfile', 'readarray', 'getopts', 'shift', 'return', 'exit', 'break', 'continue', 'local', 'let', 'enable', 'disown', 'bg', 'fg', 'suspend', 'logout', 'times', 'compgen', 'complete', 'caller', 'declare', 'typeset', 'export', 'readonly', 'printenv', 'hostname', 'ip', 'ifconfig', 'uuidgen', 'mktemp', 'tput', 'dircolors', 'sync', 'nvidia-smi', 'systemd-analyze', 'journalctl', 'dmesg', 'env-update', 'fc-list'];

const grepOpts = options({
  flags: { recursive: ['-r', '-R', '--recursive', '--dereference-recursive'], f: ['-i', '-v', '-n', '-l', '-L', '-c', '-o', '-q', '-s', '-w', '-x', '-E', '-F', '-G', '-P', '-H', '-h', '-a', '-I', '-z', '-Z', '-b', '-U', '-T', '--ignore-case', '--invert-match', '--line-number', '--files-with-matches', '--files-without-match', '--count', '--only-matching', '--quiet', '--silent', '--word-regexp', '--line-regexp', '--extended-regexp', '--fixed-strings', '--perl-regexp', '--with-filename', '--no-filename', '--text', '--null', '--no-messages', '--byte-offset', '--line-buffered'] },
  values: { pattern: ['-e', '--regexp'], patternFile: ['-f', '--file'], context: ['-A', '-B', '-C', '--after-context', '--before-context', '--context', '-m', '--max-count', '--include', '--exclude', '--exclude-dir', '--exclude-from', '--label', '-d', '--directories', '-D', '--devices', '--binary-files'] },
  optional: { color: ['--color', '--colour'] },
});

/** grep and friends: the first operand is the pattern unless -e/-f gave one; the rest are files or folders. */
const grep: Classifier = (c) => {
  const p = grepOpts.parse(c.args);
  const explicit = p.has('pattern') || p.has('patternFile');
  for (const f of p.values('patternFile')) c.read(f);
  const files = explicit ? p.operands : p.operands.slice(1);
  const recursive = p.has('recursive') || /^(rg|ag|ack|ack-grep|ugrep)$/.test(c.inv.name);
  if (files.length === 0 && recursive) readAll(c, [{ value: '.', known: true, glob: false, pattern: '.', secrets: [] }], true);
  readAll(c, files, recursive);
  passthrough(c, files.length > 0 || recursive);
  c.find('shell.read-only');
};

/** Options of the readers above that take a value as the next word (`head -n 5`, `cut -d , -f 1`). */
const valueOptions: Record<string, readonly string[]> = {
  head: ['-n', '-c', '--lines', '--bytes'],
  tail: ['-n', '-c', '--lines', '--bytes', '-s', '--pid', '--sleep-interval'],
  cut: ['-d', '-f', '-b', '-c', '--delimiter', '--fields', '--bytes', '--characters', '--output-delimiter'],
  fold: ['-w', '--width'],
  fmt: ['-w', '--width', '-p', '--prefix'],
  column: ['-s', '-c', '-o', '-N', '-R', '-E', '-H', '-W', '-O', '-d', '--separator', '--output-separator'],
  uniq: ['-f', '-s', '-w', '--skip-fields', '--skip-chars', '--check-chars'],
  join: ['-1', '-2', '-j', '-t', '-o', '-e', '-a', '-v'],
  paste: ['-d', '--delimiters'],
  diff: ['-U', '-C', '-I', '-x', '-X', '-L', '--label', '--exclude', '--exclude-from', '--ignore-matching-lines'],
  cmp: ['-i', '-n', '--ignore-initial', '--bytes'],
  od: ['-A', '-j', '-N', '-t', '-w', '-S'],
  hexdump: ['-n', '-s', '-e', '-f'],
  ls: ['-I', '-w', '-T', '--ignore', '--hide', '--width', '--tabsize', '--format', '--sort', '--time', '--block-size'],
  tree: ['-L', '-I', '-P', '-o', '--filelimit', '--charset'],
  du: ['-d', '--max-depth', '-B', '--block-size', '-t', '--threshold', '--exclude', '-X', '--exclude-from'],
  wc: ['--files0-from'],
  nl: ['-b', '-d', '-f', '-h', '-i', '-l', '-n', '-s', '-v', '-w'],
  pr: ['-h', '-l', '-w', '-o', '-s', '-e', '-i', '-N'],
};

const reader: Classifier = (c) => {
  const takesValue = new Set(valueOptions[c.inv.name] ?? []);
  const files: Field[] = [];
  let endOfOptions = false;
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i]!;
    if (!endOfOptions && a.known && a.value === '--') endOfOptions = true;
    else if (!endOfOptions && a.known && a.value.startsWith('-') && a.value !== '-') {
      if (takesValue.has(a.value)) i++;
    } else files.push(a);
  }
  // tr's operands are character sets; tree -o writes its listing.
  const reads = c.inv.name === 'tr' ? [] : files;
  const recursive = c.inv.name === 'du' || c.inv.name === 'tree' || (c.inv.name === 'ls' && c.args.some((a) => /^-\w*R/.test(a.value) || a.value === '--recursive'));
  readAll(c, reads.filter((f) => f.value !== '-'), recursive);
  if (c.inv.name === 'tree') {
    const out = c.args.find((_, i) => c.args[i - 1]?.value === '-o');
    if (out) c.write(out, { truncate: true });
  }
  passthrough(c, reads.length > 0);
  if ((c.inv.name === 'cat' || c.inv.name === 'tac') && reads.length === 0) {
    const inherited = stdinOutput(c);
    if (c.inv.name === 'cat' && inherited.text !== undefined) c.output = { ...c.output, text: inherited.text, ...(inherited.partial ? { partial: true } : {}) };
  }
  c.find('shell.read-only');
};

/** echo and printf: known output text (so `echo "rm -rf /" | sh` can be analysed). */
const echo: Classifier = (c) => {
  let args: readonly Field[] = c.args;
  let newline = true;
  let escapes = false;
  while (args[0]?.known && /^-[neE]+$/.test(args[0].value)) {
    if (args[0].value.includes('n')) newline = false;
    if (args[0].value.includes('e')) escapes = true;
    args = args.slice(1);
  }
  const known = args.every((a) => a.known);
  const body = args.map((a) => a.value).join(' ');
  const text = (escapes ? decodeAnsiC(body) : body) + (newline ? '\n' : '');
  c.output = { network: false, decoded: false, reads: false, secrets: [...new Set(args.flatMap((a) => a.secrets))], ...(known ? { text } : {}) };
  c.find('shell.read-only');
};

const printf: Classifier = (c) => {
  const args = c.args[0]?.value === '-v' ? c.args.slice(2) : c.args;
  const [format, ...rest] = args;
  const known = args.every((a) => a.known);
  const simple = format !== undefined && !format.value.includes('%');
  const text = simple ? decodeAnsiC(format.value) : format !== undefined && /^%s(\\n)?$/.test(format.value) ? rest.map((a) => a.value + (format.value.endsWith('\\n') ? '\n' : '')).join('') : undefined;
  c.output = { network: false, decoded: false, reads: false, secrets: [...new Set(args.flatMap((a) => a.secrets))], ...(known && text !== undefined ? { text } : {}) };
  c.find('shell.read-only');
};

/** printenv, set, export -p: print variables, so the output carries secrets. */
const printsEnvironment: Classifier = (c) => {
  const all = c.args.filter((a) => !a.value.startsWith('-')).length === 0;
  c.output = { network: false, decoded: false, reads: false, secrets: all ? ['the environment variables'] : [] };
  c.find('shell.read-only');
};

/** Decoders turn hidden text into something runnable: their output is marked decoded (and decoded when known). */
const decoder: Classifier = (c) => {
  const decode = c.args.some((a) => /^(-d|-D|--decode|-r|--revert|-u|--uudecode)$/.test(a.value) || (c.inv.name === 'xxd' && /^-\w*r/.test(a.value))) || c.inv.name === 'uudecode';
  const files = c.args.filter((a) => !a.value.startsWith('-'));
  readAll(c, files);
  passthrough(c, files.length > 0);
  if (decode) {
    const input = stdinOutput(c);
    let text: string | undefined;
    if (files.length === 0 && input.text !== undefined && (c.inv.name === 'base64' || c.inv.name === 'gbase64')) {
      const compact = input.text.replace(/\s+/g, '');
      if (/^[A-Za-z0-9+/=_-]*$/.test(compact)) text = Buffer.from(compact, 'base64').toString('utf8');
    }
    c.output = { ...c.output, decoded: true, ...(text !== undefined ? { text } : {}) };
  }
  c.find('shell.read-only');
};

/** openssl: `s_client` connects, `enc -d`/`base64 -d` decode, the rest reads files. */
const openssl: Classifier = (c) => {
  const sub = c.args[0]?.value;
  if (sub === 's_client') {
    const target = c.args.find((_, i) => c.args[i - 1]?.value === '-connect');
    if (target) c.fetch(target.value, !target.known);
    return void c.find('shell.remote-shell', `opens a TLS connection to ${target?.value ?? 'a host'}`);
  }
  for (let i = 1; i < c.args.length; i++) {
    const v = c.args[i]!.value;
    if ((v === '-in' || v === '-inkey' || v === '-key' || v === '-CAfile') && c.args[i + 1]) c.read(c.args[++i]!);
    else if (v === '-out' && c.args[i + 1]) c.write(c.args[++i]!, { truncate: true });
  }
  passthrough(c, true);
  if ((sub === 'enc' || sub === 'base64') && c.args.some((a) => a.value === '-d')) c.output = { ...c.output, decoded: true };
  c.find('shell.read-only');
};

/** jq and yq: the first operand is the filter (unless -f); yq -i edits in place. */
const jq: Classifier = (c) => {
  const p = options({
    flags: { f: ['-r', '-j', '-c', '-n', '-s', '-e', '-S', '-C', '-M', '-a', '--raw-output', '--compact-output', '--null-input', '--slurp', '--exit-status', '--sort-keys', '--tab', '--raw-input', '-R', '-P', '--prettyPrint'], inPlace: ['-i', '--inplace'] },
    values: { file: ['-f', '--from-file'], arg: ['--indent', '-o', '--output-format', '-p', '--input-format'] },
  }).parse(c.args);
  const operands = p.operands.filter((_o, i) => !(i > 0 && /^--(arg|argjson|slurpfile|rawfile)$/.test(p.operands[i - 1]?.value ?? '')));
  const files = p.has('file') ? operands : operands.slice(1);
  for (const f of p.values('file')) c.read(f);
  if (p.has('inPlace')) {
    for (const f of files) c.write(f);
    return void c.find('shell.write', 'edits files in place');
  }
  readAll(c, files);
  passthrough(c, files.length > 0);
  c.find('shell.read-only');
};

export const readOnlyClassifiers: Record<string, Classifier> = {
  ...Object.fromEntries(fileReaders.map((n) => [n, reader])),
  ...Object.fromEntries(inert.map((n) => [n, (c) => c.find('shell.read-only')] as const)),
  grep,
  egrep: grep,
  fgrep: grep,
  zgrep: grep,
  rg: grep,
  ag: grep,
  ack: grep,
  'ack-grep': grep,
  ugrep: grep,
  echo,
  printf,
  printenv: printsEnvironment,
  set: printsEnvironment,
  base64: decoder,
  gbase64: decoder,
  base32: decoder,
  basenc: decoder,
  xxd: decoder,
  uudecode: decoder,
  openssl,
  jq,
  yq: jq,
  gojq: jq,
};
