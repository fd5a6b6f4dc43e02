// Programs that run a command once per input (xargs, GNU parallel, find -exec): what they run is judged as if it
// were on the command line, with the arguments that are only known when it runs marked unknown.
import { options } from './args';
import { type Classifier, stdinOutput } from './classify/common';
import { scriptText } from './classify/context';
import { catastrophicTarget } from './classify/files';
import { segmentRegExp } from './glob';
import type { Field } from './scope';

const commandBase = (argv0: string): string => argv0.replace(/^.*\//, '');

const xargsOpts = options({
  stopAtOperand: true,
  flags: { f: ['-0', '--null', '-r', '--no-run-if-empty', '-t', '--verbose', '-p', '--interactive', '-x', '--exit', '-o', '--open-tty', '--show-limits'] },
  values: { argFile: ['-a', '--arg-file'], delimiter: ['-d', '--delimiter'], eof: ['-E'], replace: ['-I', '-J'], maxLines: ['-L', '--max-lines'], maxArgs: ['-n', '--max-args'], procs: ['-P', '--max-procs'], chars: ['-s', '--max-chars'], slot: ['--process-slot-var'], bsd: ['-R', '-S'] },
  optional: { eofOpt: ['-e', '--eof'], replaceOpt: ['-i', '--replace'], l: ['-l'] },
});

/** xargs: the command gets arguments from stdin, which are unknown here (and carry stdin's secrets). */
export const xargs: Classifier = (c) => {
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
export const parallel: Classifier = (c) => {
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

export const find: Classifier = (c) => {
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

