import { options, type OptionParser } from './args';
import { type Classifier, stdinOutput } from './classify/common';
import { scriptText, type CommandContext } from './classify/context';
import { catastrophicTarget } from './classify/files';
import { segmentRegExp } from './glob';
import { inlineCode, type Language } from './classify/inlineCode';
import { unknownValue, type Field, type VarValue } from './scope';

const commandBase = (argv0: string): string => argv0.replace(/^.*\//, '');

/** `NAME=value` words before the command of `env`, `sudo`, `cross-env`. */
function leadingAssignments(operands: readonly Field[]): { env: (readonly [string, VarValue])[]; rest: readonly Field[] } {
  const env: (readonly [string, VarValue])[] = [];
  let i = 0;
  for (; i < operands.length; i++) {
    const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(operands[i]!.value);
    if (!m) break;
    env.push([m[1]!, operands[i]!.known ? { known: true, value: m[2]! } : unknownValue]);
  }
  return { env, rest: operands.slice(i) };
}

/** A wrapper that runs its operands as a command after its own options. */
function simpleWrapper(label: string, spec: OptionParser, skip = 0): Classifier {
  return (c) => {
    const p = spec.parse(c.args);
    const argv = p.operands.slice(skip);
    c.wrapper = true;
    if (argv.length > 0) c.runArgv(argv, label);
    else c.find('shell.read-only');
  };
}

const sudoOpts = options({
  stopAtOperand: true,
  flags: {
    edit: ['-e', '--edit'],
    login: ['-i', '--login'],
    shell: ['-s', '--shell'],
    list: ['-l', '--list', '-v', '--validate', '-k', '--reset-timestamp', '-K', '--remove-timestamp', '-V', '--version', '-h', '--help'],
    f: ['-E', '-H', '--set-home', '-n', '--non-interactive', '-S', '--stdin', '-b', '--background', '-A', '--askpass', '-B', '--bell', '-P', '--preserve-groups', '-N', '--no-update'],
  },
  values: { user: ['-u', '--user'], group: ['-g', '--group'], chdir: ['-D', '--chdir'], host: ['--host'], prompt: ['-p', '--prompt'], role: ['-r', '--role'], type: ['-t', '--type'], timeout: ['-T', '--command-timeout'], other: ['-U', '--other-user'], close: ['-C', '--close-from'] },
  optional: { preserveEnv: ['--preserve-env'] },
});

const sudo: Classifier = (c) => {
  const p = sudoOpts.parse(c.args);
  c.find('shell.privilege', `runs a command as ${p.value('user')?.value ?? 'root'}`);
  const { env, rest } = leadingAssignments(p.operands);
  if (p.has('edit') || c.inv.name === 'sudoedit') {
    for (const f of rest) c.write(f);
    return;
  }
  if (p.has('list') || rest.length === 0) return;
  c.wrapper = true;
  const chdir = p.value('chdir');
  const cwd = chdir ? (chdir.known ? c.resolve(chdir).path : null) : undefined;
  if (p.has('shell') || p.has('login')) {
    const { text, known } = scriptText(rest);
    c.runScript(text, known, `${c.inv.name} -s`);
  } else c.runArgv(rest, c.inv.name, { env, ...(cwd !== undefined ? { cwd } : {}) });
};

const doasOpts = options({ stopAtOperand: true, flags: { n: ['-n'], shell: ['-s'], L: ['-L'] }, values: { config: ['-C'], user: ['-u'] } });

const doas: Classifier = (c) => {
  c.find('shell.privilege', 'runs a command as another user');
  const p = doasOpts.parse(c.args);
  if (p.operands.length === 0) return;
  c.wrapper = true;
  c.runArgv(p.operands, 'doas');
};

const suOpts = options({ flags: { login: ['-', '-l', '--login'], f: ['-m', '-p', '--preserve-environment', '-P', '--pty', '-f', '--fast'] }, values: { command: ['-c', '--command', '-C', '--session-command'], shell: ['-s', '--shell'], group: ['-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment'] } });

/** su, runuser, machinectl shell: `-c` is a script for the target user's shell. */
const su: Classifier = (c) => {
  c.find('shell.privilege', 'runs commands as another user');
  const args = c.args.filter((a) => a.value !== '-');
  const p = suOpts.parse(args);
  const cmd = p.value('command');
  const userSwitch = c.inv.name === 'runuser' && c.args.some((a) => a.value === '-u' || a.value === '--user');
  if (cmd) {
    c.wrapper = true;
    c.runScript(cmd.value, cmd.known, `${c.inv.name} -c`);
  } else if (userSwitch) {
    const dd = c.args.findIndex((a) => a.value === '--');
    const argv = dd >= 0 ? c.args.slice(dd + 1) : c.args.slice(c.args.findIndex((a) => a.value === '-u' || a.value === '--user') + 2);
    if (argv.length > 0) {
      c.wrapper = true;
      c.runArgv(argv, c.inv.name);
    }
  }
};

const pkexec: Classifier = (c) => {
  c.find('shell.privilege', 'runs a command as root');
  const p = options({ stopAtOperand: true, flags: { f: ['--disable-internal-agent', '--keep-cwd'] }, values: { user: ['--user'] } }).parse(c.args);
  if (p.operands.length === 0) return;
  c.wrapper = true;
  c.runArgv(p.operands, 'pkexec');
};

const envOpts = options({
  stopAtOperand: true,
  flags: { ignore: ['-i', '--ignore-environment'], f: ['-0', '--null', '-v', '--debug'] },
  values: { unset: ['-u', '--unset'], chdir: ['-C', '--chdir'], split: ['-S', '--split-string'], path: ['-P'], argv0: ['-a', '--argv0'] },
  optional: { signals: ['--default-signal', '--ignore-signal', '--block-signal', '--list-signal-handling'] },
});

const env: Classifier = (c) => {
  const p = envOpts.parse(c.args);
  // A lone `-` is the old spelling of `-i`.
  const operands = p.operands[0]?.known && p.operands[0].value === '-' ? p.operands.slice(1) : p.operands;
  const { env: assigns, rest } = leadingAssignments(operands);
  const split = p.value('split');
  const chdir = p.value('chdir');
  const cwd = chdir ? (chdir.known ? c.resolve(chdir).path : null) : undefined;
  if (split) {
    c.wrapper = true;
    const { text, known } = scriptText([split, ...rest]);
    c.runScript(text, known, 'env -S');
    return;
  }
  if (rest.length === 0) {
    // Without a command env prints the environment: its output carries every secret variable.
    c.find('shell.read-only', 'prints the environment');
    c.output = { network: false, decoded: false, reads: false, secrets: ['the environment variables'] };
    return;
  }
  c.wrapper = true;
  c.runArgv(rest, c.inv.name === 'cross-env' ? 'cross-env' : 'env', { env: assigns, ...(cwd !== undefined ? { cwd } : {}) });
};

const crossEnv: Classifier = (c) => {
  const { env: assigns, rest } = leadingAssignments(c.args);
  c.wrapper = true;
  if (rest.length > 0) c.runArgv(rest, 'cross-env', { env: assigns });
};

const command: Classifier = (c) => {
  const p = options({ stopAtOperand: true, flags: { p: ['-p'], lookup: ['-v', '-V'] } }).parse(c.args);
  if (p.has('lookup') || p.operands.length === 0) return void c.find('shell.read-only');
  c.wrapper = true;
  c.runArgv(p.operands, c.inv.name);
};

const exec: Classifier = (c) => {
  const p = options({ stopAtOperand: true, flags: { f: ['-c', '-l'] }, values: { name: ['-a'] } }).parse(c.args);
  c.wrapper = true;
  if (p.operands.length > 0) c.runArgv(p.operands, 'exec');
  else c.find('shell.read-only', 'changes where the shell sends its output');
};

const timeOpts = options({ stopAtOperand: true, flags: { f: ['-p', '--portability', '-v', '--verbose', '-q', '--quiet', '-a', '--append'] }, values: { output: ['-o', '--output'], format: ['-f', '--format'] } });

const time: Classifier = (c) => {
  const p = timeOpts.parse(c.args);
  for (const o of p.values('output')) c.write(o);
  c.wrapper = true;
  if (p.operands.length > 0) c.runArgv(p.operands, 'time');
  else c.find('shell.read-only');
};

/** flock FILE COMMAND... or flock FILE -c SCRIPT. */
const flock: Classifier = (c) => {
  const p = options({ stopAtOperand: true, flags: { f: ['-s', '--shared', '-x', '-e', '--exclusive', '-u', '--unlock', '-n', '--nb', '--nonblock', '-o', '--close', '-F', '--no-fork', '--verbose'] }, values: { w: ['-w', '--wait', '--timeout', '-E', '--conflict-exit-code'] } }).parse(c.args);
  const [lock, ...rest] = p.operands;
  if (lock) c.write(lock);
  if (rest[0]?.value === '-c' || rest[0]?.value === '--command') {
    c.wrapper = true;
    const script = rest[1];
    if (script) c.runScript(script.value, script.known, 'flock -c');
  } else if (rest.length > 0) {
    c.wrapper = true;
    c.runArgv(rest, 'flock');
  } else c.find('shell.read-only');
};

/** watch runs its arguments through `sh -c` (unless `-x`). */
const watch: Classifier = (c) => {
  const p = options({ stopAtOperand: true, flags: { exec: ['-x', '--exec'], f: ['-b', '--beep', '-e', '--errexit', '-g', '--chgexit', '-t', '--no-title', '-c', '--color', '-p', '--precise', '-w', '--no-wrap'] }, values: { interval: ['-n', '--interval', '-q', '--equexit'] }, optional: { differences: ['-d', '--differences'] } }).parse(c.args);
  if (p.operands.length === 0) return void c.find('shell.read-only');
  c.wrapper = true;
  if (p.has('exec')) c.runArgv(p.operands, 'watch');
  else {
    const { text, known } = scriptText(p.operands);
    c.runScript(text, known, 'watch');
  }
};

const xargsOpts = options({
  stopAtOperand: true,
  flags: { f: ['-0', '--null', '-r', '--no-run-if-empty', '-t', '--verbose', '-p', '--interactive', '-x', '--exit', '-o', '--open-tty', '--show-limits'] },
  values: { argFile: ['-a', '--arg-file'], delimiter: ['-d', '--delimiter'], eof: ['-E'], replace: ['-I', '-J'], maxLines: ['-L', '--max-lines'], maxArgs: ['-n', '--max-args'], procs: ['-P', '--max-procs'], chars: ['-s', '--max-chars'], slot: ['--process-slot-var'], bsd: ['-R', '-S'] },
  optional: { eofOpt: ['-e', '--eof'], replaceOpt: ['-i', '--replace'], l: ['-l'] },
});

/** xargs: the command gets arguments from stdin, which are unknown here (and carry stdin's secrets). */
const xargs: Classifier = (c) => {
  const p = xargsOpts.parse(c.args);
  for (const f of p.values('argFile')) c.read(f);
  const input = p.has('argFile') ? { secrets: c.secretReads() } : stdinOutput(c);
  const replace = p.value('replace')?.value ?? (p.has('replaceOpt') ? p.value('replaceOpt')!.value || '{}' : undefined);
  const unknownArg = (text: string): Field => ({ value: text, known: false, glob: false, pattern: text, secrets: input.secrets });
  const base = p.operands.length > 0 ? p.operands : [{ value: 'echo', known: true, glob: false, pattern: 'echo', secrets: [] }];
  const argv = replace
    ? base.map((a) => (a.value.includes(replace) ? unknownArg(a.value.split(replace).join('<input>')) : a))
    : [...base, unknownArg('<input>')];
  c.wrapper = true;
  c.runArgv(argv, 'xargs', { stdin: { kind: 'none' } });
};

const parallelOpts = options({
  stopAtOperand: true,
  flags: {
    pipe: ['--pipe', '--spreadstdin', '--pipepart'],
    dryRun: ['--dry-run', '--dryrun'],
    shebang: ['--shebang', '--hashbang', '--shebang-wrap'],
    semaphore: ['--semaphore'],
    wait: ['--wait'],
    f: ['-0', '--null', '-k', '--keep-order', '-q', '--quote', '-u', '--ungroup', '--line-buffer', '--lb', '--group', '-g', '-v', '--verbose', '-t', '--tag', '--xapply', '--link', '-X', '-m', '-r', '--no-run-if-empty', '--progress', '--eta', '--bar', '--halt-on-error', '--gnu', '--citation', '--will-cite', '--files', '--files0', '--header', '--plain', '--shellquote', '--no-notice', '--bg', '--fg', '--nonall', '--onall', '-s', '--silent', '--keep', '--ctag', '--tagstring', '--trim', '--group-by', '--round-robin', '--round', '--cat', '--fifo', '--lsh', '--nn', '--number-of-cpus', '--number-of-cores', '--version', '--help'] },
  values: {
    argFile: ['-a', '--arg-file'],
    jobs: ['-j', '--jobs', '-P', '--max-procs'],
    replace: ['-I'],
    maxArgs: ['-n', '--max-args', '-N', '-L', '--max-lines', '-l', '--max-replace-args'],
    remote: ['-S', '--sshlogin', '--sshloginfile', '--slf'],
    out: ['--results', '--res', '--joblog', '--output-as-files', '--outputasfiles'],
    workdir: ['--workdir', '--wd'],
    f: ['-d', '--delimiter', '-E', '--eof', '-C', '--colsep', '--tmpdir', '--tempdir', '--block', '--block-size', '--delay', '--timeout', '--retries', '--halt', '--load', '--memfree', '--nice', '--env', '--id', '--fg', '--basefile', '--bf', '--transfer', '--return', '--cleanup', '--trc', '--tagstring', '--ssh', '--sshdelay', '--termseq', '--limit', '--jobslot', '--seqreplace', '--recstart', '--recend', '--regexp', '--rpl', '--tee', '--shard', '--bin', '--hostgroups', '--colsep'],
  },
});

/** Input separators of GNU parallel: literal arguments (`:::`) or files of arguments (`::::`), `+` linking them. */
const parallelSeparator = /^::::?\+?$/;
/** Replacement strings: `{}`, `{.}`, `{/}`, `{//}`, `{/.}`, `{#}`, `{%}`, and their numbered forms `{2}`, `{2/.}`. */
const replacementString = /\{(\d*)(\.|\/|\/\/|\/\.|#|%)?\}/g;
/** Known input values are run one at a time up to this many; beyond, the value is unknown. */
const maxParallelRuns = 8;

function parallelValue(v: string, op: string | undefined): string {
  const base = v.replace(/^.*\//, '');
  switch (op) {
    case '.':
      return v.replace(/\.[^./]*$/, '');
    case '/':
      return base;
    case '//':
      return v.includes('/') ? v.replace(/\/[^/]*$/, '') || '/' : '.';
    case '/.':
      return base.replace(/\.[^.]*$/, '');
    case '#':
    case '%':
      return '1';
    default:
      return v;
  }
}

/**
 * GNU parallel (and `sem`, its `--semaphore` mode): runs the command once per input, read from `:::` arguments,
 * `::::`/`-a` files or stdin (unknown values, carrying what the input carries). Without a command each input is
 * a command line. The composed line is run by the shell, so a command given as one word (`'rm -rf {}'`) is a
 * script; `-S` runs it on other machines over ssh.
 */
const parallel: Classifier = (c) => {
  const sem = c.inv.name === 'sem';
  const p = parallelOpts.parse(c.args);
  for (const f of p.values('out')) c.write(f, { recursive: true });
  if (p.has('remote')) c.find('shell.remote-shell', 'runs its commands on other machines over ssh');
  const cut = p.operands.findIndex((o) => o.known && parallelSeparator.test(o.value));
  const command = cut < 0 ? [...p.operands] : p.operands.slice(0, cut);
  const groups: Field[][] = [];
  const files: Field[] = [...p.values('argFile')];
  if (p.has('shebang') && command.length > 0) files.push(command.shift()!);
  for (let i = cut; i >= 0 && i < p.operands.length; ) {
    const sep = p.operands[i]!.value;
    let j = i + 1;
    while (j < p.operands.length && !(p.operands[j]!.known && parallelSeparator.test(p.operands[j]!.value))) j++;
    const values = p.operands.slice(i + 1, j);
    if (sep.startsWith('::::')) files.push(...values);
    else groups.push(values);
    i = j;
  }
  for (const f of files) c.read(f);
  const fromStdin = !sem && groups.length === 0 && files.length === 0 && !p.has('pipe');
  const input = fromStdin ? stdinOutput(c) : { secrets: c.secretReads() };
  const unknownInput: Field = { value: '$__airlock_unknown', known: false, glob: false, pattern: '<input>', secrets: input.secrets };
  c.wrapper = true;
  if (p.has('dryRun') || (sem && command.length === 0)) return void c.find('shell.read-only', 'only prints the commands it would run');
  // Each run takes one value of every group (`:::+` links them; without `+` all combinations run, which uses the same values).
  const runs: Field[][] = [];
  const known = groups.length > 0 && files.length === 0 && groups.every((g) => g.length > 0 && g.every((v) => v.known));
  const count = known ? Math.max(...groups.map((g) => g.length)) : 0;
  if (known && count <= maxParallelRuns) for (let k = 0; k < count; k++) runs.push(groups.map((g) => g[k % g.length]!));
  else if (sem || p.has('pipe')) runs.push([]);
  else runs.push([unknownInput]);
  const replace = p.value('replace')?.value;
  for (const values of runs) {
    if (command.length === 0) {
      for (const v of values) {
        if (v.known) c.runScript(v.value, true, 'parallel');
        else c.find('shell.eval-dynamic', 'runs each input line as a command');
      }
      continue;
    }
    const line = composeParallel(command, values, replace);
    if (command.length === 1 || line.script) {
      const { text, known: k } = line.script ? { text: line.script, known: line.known } : scriptText(line.argv);
      c.runScript(text, k, sem ? 'sem' : 'parallel', p.has('pipe') ? {} : { stdin: { kind: 'none' } });
    } else c.runArgv(line.argv, sem ? 'sem' : 'parallel', p.has('pipe') ? {} : { stdin: { kind: 'none' } });
  }
};

const shellQuote = (v: string): string => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

/** The command with replacement strings filled in (or the values appended); a one-word command is shell text. */
function composeParallel(command: readonly Field[], values: readonly Field[], replace: string | undefined): { argv: Field[]; script?: string; known: boolean } {
  let used = false;
  const fill = (f: Field, asText: boolean): Field => {
    if (!f.known) return f;
    let known = true;
    const secrets = new Set(f.secrets);
    const sub = (n: string, op: string | undefined): string => {
      used = true;
      const v = values[n ? Number(n) - 1 : 0] ?? values[0];
      if (!v) return '';
      v.secrets.forEach((s) => secrets.add(s));
      if (!v.known) {
        known = false;
        return '$__airlock_unknown';
      }
      const out = parallelValue(v.value, op);
      return asText ? shellQuote(out) : out;
    };
    let value = replace ? f.value.split(replace).join('\u0000') : f.value;
    value = value.replace(replacementString, (_m, n: string, op: string | undefined) => sub(n, op));
    if (replace) value = value.split('\u0000').join(sub('', undefined));
    return value === f.value ? f : { value, known, glob: false, pattern: value, secrets: [...secrets] };
  };
  if (command.length === 1) {
    const word = fill(command[0]!, true);
    const tail = used ? '' : values.map((v) => (v.known ? ` ${shellQuote(v.value)}` : ' $__airlock_unknown')).join('');
    return { argv: [word], script: word.value + tail, known: word.known && values.every((v) => v.known) };
  }
  const argv = command.map((f) => fill(f, false));
  return { argv: used ? argv : [...argv, ...values], known: argv.every((a) => a.known) };
}

/** find: start paths, then an expression whose actions may run commands, delete or write files. */
const findValueTests = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-type', '-xtype', '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-newer', '-anewer', '-cnewer', '-user', '-group', '-uid', '-gid', '-perm', '-maxdepth', '-mindepth', '-printf', '-lname', '-ilname', '-samefile', '-inum', '-links', '-used', '-fstype', '-context', '-regextype', '-files0-from', '-D', '-O']);

/** `{}` in `-exec`: with one known starting folder, any path below it (a pattern); otherwise unknown. */
function found(w: Field, starts: readonly Field[]): Field {
  const start = starts.length === 1 && starts[0]!.known && !starts[0]!.glob ? starts[0]!.value.replace(/(.)\/+$/, '$1') : undefined;
  if (start === undefined) return { ...w, known: false, value: w.value.split('{}').join('<found>'), pattern: w.value };
  const below = w.value.split('{}').join(start === '/' ? '/**' : `${start}/**`);
  return { ...w, value: below, pattern: below, glob: true };
}

/** Secret files as find's name tests see them (secrets.ts's notion, by example), to tell whether a test picks secrets. */
const secretNames = ['.env', '.env.local', '.env.production', 'prod.env', 'id_rsa', 'id_ed25519', 'id_ecdsa', 'id_dsa', 'credentials', 'credentials.json', 'client_secret.json', 'token.json', 'key.pem', 'server.key', 'cert.p12', 'cert.pfx', 'store.jks', 'app.keystore', 'vault.kdbx', 'terraform.tfstate', '.npmrc', '.netrc', '.pypirc', '.pgpass', '.git-credentials', '.vault-token', '.htpasswd', 'secrets.json', 'secrets.yaml', 'secrets.yml', 'service-account.json', 'master.key', 'shadow'];
const secretPaths = ['/home/u/.aws/credentials', '/home/u/.aws/config', '/home/u/.ssh/id_rsa', '/home/u/.ssh/config', '/home/u/.gnupg/private-keys-v1.d/k.key', '/home/u/.kube/config', '/home/u/.docker/config.json', '/home/u/.config/gcloud/credentials.db', '/home/u/.config/gh/hosts.yml', ...secretNames.map((n) => `/w/src/${n}`)];

/** The patterns of `-name`/`-iname`/`-path`/`-ipath`/`-wholename` tests that match secret files. */
function secretTests(args: readonly Field[]): { test: string; pattern: string }[] {
  const out: { test: string; pattern: string }[] = [];
  for (let i = 0; i + 1 < args.length; i++) {
    const test = args[i]!.value;
    const m = /^-(i?)(name|path|wholename)$/.exec(test);
    const pattern = args[i + 1]!;
    if (!m || !args[i]!.known || !pattern.known) continue;
    const fold = (x: string): string => (m[1] ? x.toLowerCase() : x);
    const re = segmentRegExp(fold(pattern.value));
    const samples = m[2] === 'name' ? secretNames : secretPaths;
    if (samples.some((x) => re.test(fold(x)))) out.push({ test, pattern: pattern.value });
  }
  return out;
}

const find: Classifier = (c) => {
  const args = c.args;
  const secret = secretTests(args);
  const secretLabel = secret.length > 0 ? `the files find picks with ${secret.map((t) => `${t.test} '${t.pattern}'`).join(', ')}` : undefined;
  let i = 0;
  while (i < args.length && args[i]!.known && /^-[HLP]$|^-O\d$|^-D$/.test(args[i]!.value)) i += args[i]!.value === '-D' ? 2 : 1;
  const starts: Field[] = [];
  while (i < args.length && !(args[i]!.known && (/^[-!(),]/.test(args[i]!.value) && args[i]!.value.length > 0))) starts.push(args[i++]!);
  if (starts.length === 0) starts.push({ value: '.', known: true, glob: false, pattern: '.', secrets: [] });
  let deletes = false;
  let treeDeletes = false;
  let named = false;
  let writes = false;
  let runs = false;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (!a.known) continue;
    const v = a.value;
    if (findValueTests.has(v) || /^-newer[aBcmt][aBcmt]t?$/.test(v)) {
      // A name test narrows a delete to matching files (a bare `*` matches everything).
      if (/^-i?(name|path|wholename|regex|lname)$/.test(v) && args[i + 1] && args[i + 1]!.known && !/^[*.]*$/.test(args[i + 1]!.value.replace(/\.\*/g, ''))) named = true;
      i++;
      continue;
    }
    if (v === '-delete') deletes = true;
    else if (v === '-fprint' || v === '-fprint0' || v === '-fls' || v === '-fprintf') {
      const target = args[++i];
      if (target) c.write(target, { truncate: true });
      if (v === '-fprintf') i++;
      writes = true;
    } else if (v === '-exec' || v === '-execdir' || v === '-ok' || v === '-okdir') {
      const inner: Field[] = [];
      for (i++; i < args.length; i++) {
        const w = args[i]!;
        if (w.known && (w.value === ';' || (w.value === '+' && args[i - 1]?.value === '{}'))) break;
        const picked = w.known && w.value.includes('{}') ? found(w, starts) : w;
        inner.push(secretLabel && picked !== w ? { ...picked, secrets: [...picked.secrets, secretLabel] } : picked);
      }
      if (inner.length > 0) {
        runs = true;
        c.runArgv(inner, `find ${v}`, v.endsWith('dir') ? { cwd: null } : {});
        // `-exec rm {} +` deletes what find finds, which is as broad as -delete.
        if (inner[0]?.known && /^(rm|unlink|shred|srm)$/.test(commandBase(inner[0].value))) {
          deletes = true;
          if (inner.slice(1).some((w) => (w.known ? /^-[a-zA-Z]*[rR]|^--rec/.test(w.value) : !w.pattern.includes('{}')))) treeDeletes = true;
        }
      }
    }
  }
  // Files picked by name and removed one by one (`-delete` only removes empty folders, `rm` without -r none):
  // what is deleted lies below the starting folders, not the folders themselves.
  const picked = deletes && named && !treeDeletes;
  let catastrophic = false;
  for (const s of starts) {
    if (picked && s.known) {
      const below = `${s.value.replace(/\/+$/, '')}/**`;
      const ref = c.delete({ ...s, value: below, pattern: below, glob: true });
      if (ref && catastrophicTarget({ ...ref, glob: false, path: ref.path.replace(/\/\*\*$/, '') || '/' }, c.home, c.cwd)) catastrophic = true;
    } else if (deletes) {
      const ref = c.delete(s, { recursive: true });
      if (ref && catastrophicTarget(ref, c.home, c.cwd)) catastrophic = true;
    } else c.read(s, { recursive: true });
  }
  const where = starts.map((s) => `'${s.value}'`).join(', ');
  if (catastrophic) c.find('shell.rm-catastrophic', `deletes what it finds under ${where}`);
  else if (picked && starts.every((s) => s.known)) c.find('shell.rm', `deletes the files it finds by name under ${where}`);
  else if (deletes) c.find('shell.find-delete', `deletes the files it finds under ${where}`);
  else if (writes) c.find('shell.write', 'writes its results to a file');
  else if (!runs) c.find('shell.read-only');
  // `-exec cat {} +` over secret names: the output carries the secrets, and the reads are judged as reads of them.
  if (secretLabel && runs) {
    for (const s of starts) {
      if (!s.known) continue;
      for (const t of secret) {
        const pattern = /path|wholename/.test(t.test) ? t.pattern.replace(/^\*+\/?/, '') : t.pattern;
        const below = `${s.value.replace(/(.)\/+$/, '$1')}/**/${pattern}`;
        c.read({ ...s, value: below, pattern: below, glob: true });
      }
    }
  }
  c.output = { network: false, decoded: false, reads: true, secrets: secretLabel && runs ? [secretLabel] : [] };
};

const shellOpts = options({
  stopAtOperand: true,
  flags: {
    command: ['-c'],
    stdin: ['-s'],
    f: ['-e', '-x', '-u', '-v', '-n', '-i', '-l', '--login', '-r', '--restricted', '--norc', '--noprofile', '--posix', '--noediting', '--verbose', '-a', '-b', '-f', '-h', '-m', '-p', '-t', '-B', '-C', '-E', '-H', '-P', '-T', '-k', '--debugger', '--dump-strings', '--pretty-print', '--no-rcs', '--no-globalrcs', '-d', '-y'],
  },
  values: { o: ['-o', '+o', '-O', '+O'], rcfile: ['--rcfile', '--init-file'] },
});

/** A program whose text comes from stdin: a pipe, a here-document, a file. */
export function stdinProgram(c: CommandContext, language: Language | 'sh', label: string): void {
  const s = c.inv.stdin;
  const run = (text: string, known: boolean, via: string): void => {
    if (language === 'sh') {
      c.wrapper = true;
      c.runScript(text, known, via, { stdin: { kind: 'none' } });
    } else inlineCode(c, language, text, known);
  };
  if (s.kind === 'pipe') {
    if (s.from.decoded) c.find('shell.decode-to-shell', `runs decoded text with ${c.inv.name}`);
    else if (s.from.network) c.find('shell.pipe-to-shell', `runs text downloaded from the network with ${c.inv.name}`);
    if (s.from.text !== undefined) run(s.from.text, !s.from.partial, `pipe to ${label}`);
    else if (!s.from.decoded && !s.from.network) c.find('shell.eval-dynamic', `runs text piped from another command with ${c.inv.name}`);
  } else if (s.kind === 'text') {
    run(s.text, s.known, `${label} <<EOF`);
  } else if (s.kind === 'file') {
    runFile(c, s.field);
  }
}

/** Running or sourcing a script file: generated or downloaded by the same line means its text is unknown. */
export function runFile(c: CommandContext, f: Field): void {
  if (f.procsub) {
    if (f.fromDecoded) c.find('shell.decode-to-shell');
    else if (f.fromNetwork) c.find('shell.pipe-to-shell', `runs a script streamed from the network with ${c.inv.name}`);
    else c.find('shell.source-generated', `runs a script generated by a process substitution with ${c.inv.name}`);
    return;
  }
  const ref = c.read(f);
  if (!ref || ref.unknown) return;
  if (c.inv.line.downloaded.has(ref.path)) c.find('shell.pipe-to-shell', `runs ${ref.path}, downloaded earlier in the same command line`);
  else if (c.inv.line.generated.has(ref.path)) c.find('shell.source-generated', `runs ${ref.path}, written earlier in the same command line`);
}

const shell: Classifier = (c) => {
  const p = shellOpts.parse(c.args);
  const label = c.inv.name;
  if (p.has('command')) {
    const [script, name, ...positional] = p.operands;
    if (!script) return;
    c.wrapper = true;
    if (script.fromDecoded) c.find('shell.decode-to-shell');
    else if (script.fromNetwork) c.find('shell.pipe-to-shell');
    if (!script.known && !/\S\s/.test(script.value)) return void c.find('shell.eval-dynamic', `runs a script whose text is only known when it runs`);
    c.runScript(script.value, script.known, `${label} -c`, { positional: name ? positional : [] });
    return;
  }
  const [file] = p.operands;
  if (file && !p.has('stdin') && !(file.known && (file.value === '-' || file.value === '/dev/stdin'))) {
    runFile(c, file);
    if (c.findings.length === 0) c.find('shell.dev-tool', 'runs a shell script');
    return;
  }
  stdinProgram(c, 'sh', label);
};

const evalBuiltin: Classifier = (c) => {
  if (c.args.length === 0) return;
  c.wrapper = true;
  if (c.args.some((a) => a.fromDecoded)) c.find('shell.decode-to-shell');
  else if (c.args.some((a) => a.fromNetwork)) c.find('shell.pipe-to-shell');
  if (c.args.every((a) => !a.known)) return void c.find('shell.eval-dynamic');
  const { text, known } = scriptText(c.args);
  c.runScript(text, known, 'eval', { sameShell: true });
};

const source: Classifier = (c) => {
  const [file] = c.args;
  if (!file) return;
  if (file.known && (file.value === '/dev/stdin' || file.value === '-')) return stdinProgram(c, 'sh', c.inv.name);
  runFile(c, file);
  if (!file.known) c.find('shell.eval-dynamic', 'sources a script whose path is only known when it runs');
  if (c.findings.length === 0) c.find('shell.dev-tool', 'runs a script in the current shell');
};

const trap: Classifier = (c) => {
  const [action, ...signals] = c.args;
  if (!action || action.value === '-' || action.value.startsWith('-') || signals.length === 0) return void c.find('shell.read-only');
  c.wrapper = true;
  c.runScript(action.value, action.known, 'trap', { sameShell: true });
};

const busybox: Classifier = (c) => {
  if (c.args.length === 0 || c.args[0]!.value.startsWith('-')) return void c.find('shell.read-only');
  c.wrapper = true;
  c.runArgv(c.args, c.inv.name);
};

const flagsOnly = (spellings: string[]): OptionParser => options({ stopAtOperand: true, flags: { f: spellings } });

export const wrapperClassifiers: Record<string, Classifier> = {
  sudo,
  sudoedit: sudo,
  doas,
  su,
  runuser: su,
  pkexec,
  env,
  'cross-env': crossEnv,
  command,
  builtin: command,
  exec,
  nice: simpleWrapper('nice', options({ stopAtOperand: true, values: { n: ['-n', '--adjustment'] } })),
  nohup: simpleWrapper('nohup', flagsOnly([])),
  timeout: simpleWrapper('timeout', options({ stopAtOperand: true, flags: { f: ['--foreground', '--preserve-status', '-v', '--verbose'] }, values: { s: ['-s', '--signal', '-k', '--kill-after'] } }), 1),
  gtimeout: simpleWrapper('timeout', options({ stopAtOperand: true, flags: { f: ['--foreground', '--preserve-status', '-v', '--verbose'] }, values: { s: ['-s', '--signal', '-k', '--kill-after'] } }), 1),
  time,
  stdbuf: simpleWrapper('stdbuf', options({ stopAtOperand: true, values: { i: ['-i', '--input'], o: ['-o', '--output'], e: ['-e', '--error'] } })),
  ionice: simpleWrapper('ionice', options({ stopAtOperand: true, flags: { t: ['-t', '--ignore'] }, values: { c: ['-c', '--class'], n: ['-n', '--classdata'], p: ['-p', '--pid', '-P', '--pgid', '-u', '--uid'] } })),
  chrt: (c) => {
    const p = options({ stopAtOperand: true, flags: { f: ['-a', '--all-tasks', '-b', '--batch', '-d', '--deadline', '-f', '--fifo', '-i', '--idle', '-o', '--other', '-r', '--rr', '-R', '--reset-on-fork', '-v', '--verbose', '-m', '--max', '-p', '--pid'] }, values: { T: ['-T', '--sched-runtime', '-P', '--sched-period', '-D', '--sched-deadline'] } }).parse(c.args);
    c.wrapper = true;
    if (p.operands.length > 1) c.runArgv(p.operands.slice(1), 'chrt');
  },
  taskset: (c) => {
    const p = options({ stopAtOperand: true, flags: { f: ['-a', '--all-tasks', '-c', '--cpu-list'], pid: ['-p', '--pid'] } }).parse(c.args);
    if (p.has('pid') || p.operands.length < 2) return void c.find('shell.read-only');
    c.wrapper = true;
    c.runArgv(p.operands.slice(1), 'taskset');
  },
  setsid: simpleWrapper('setsid', flagsOnly(['-c', '--ctty', '-f', '--fork', '-w', '--wait'])),
  unbuffer: simpleWrapper('unbuffer', flagsOnly(['-p'])),
  caffeinate: simpleWrapper('caffeinate', options({ stopAtOperand: true, flags: { f: ['-d', '-i', '-m', '-s', '-u'] }, values: { t: ['-t', '-w'] } })),
  'xvfb-run': simpleWrapper('xvfb-run', options({ stopAtOperand: true, flags: { f: ['-a', '--auto-servernum'] }, values: { v: ['-n', '--server-num', '-s', '--server-args', '-f', '--auth-file', '-e', '--error-file', '-p', '--xauth-protocol', '-l', '--listen-tcp'] } })),
  catchsegv: simpleWrapper('catchsegv', flagsOnly([])),
  coproc: simpleWrapper('coproc', flagsOnly([])),
  flock,
  watch,
  busybox,
  toybox: busybox,
  xargs,
  parallel,
  sem: parallel,
  find,
  gfind: find,
  sh: shell,
  bash: shell,
  zsh: shell,
  dash: shell,
  ksh: shell,
  mksh: shell,
  ash: shell,
  yash: shell,
  fish: shell,
  eval: evalBuiltin,
  source,
  '.': source,
  trap,
};

