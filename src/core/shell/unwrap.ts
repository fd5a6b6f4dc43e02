import { options, type OptionParser } from './args';
import { type Classifier } from './classify/common';
import { scriptText, type CommandContext } from './classify/context';
import { inlineCode, type Language } from './classify/inlineCode';
import { unknownValue, type Field, type VarValue } from './scope';
import { find, parallel, xargs } from './fanout';


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

const shellOpts = options({
  stopAtOperand: true,
  flags: {
    command: ['-c'],
    stdin: ['-s'],
    f: ['-e', '-x', '-u', '-v', '-n', '-i', '-l', '--login', '-r', '--restricted', '--norc', '--noprofile', '--posix', '--noediting', '--verbose', '-a', '-b', '-f', '-h', '-m', '-p', '-t', '-B', '-C', '-E', '-H', '-P', '-T', '-k', '--debugger', '--dump-strings', '--pretty-print', '--no-rcs', '--no-globalrcs', '-d', '-y'],
  },
  values: { o: ['-o', '+o', '-O', '+O'], rcfile: ['--rcfile', '--init-file'] },
});

/**
 * A program whose text comes from stdin: a pipe, a here-document, a file, or, with nothing on the line feeding it,
 * the agent's own input. `exits` are the options after which the program prints its version or help and stops,
 * reading no program (from its manual or `--help`).
 */
export function stdinProgram(c: CommandContext, language: Language | 'sh', label: string, exits: readonly string[] = []): void {
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
  } else if (s.kind === 'none') {
    if (c.args.some((a) => a.known && exits.includes(a.value))) return void c.find('shell.read-only', 'prints its version or help');
    // Nothing on the line feeds it: it reads the agent's own input, where the program is typed later, out of any
    // hook's sight (Codex's write_stdin types into a command's terminal without calling its hooks).
    c.find('shell.eval-dynamic', 'reads its program from standard input, typed after it starts where no hook sees it');
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
  // bash(1), zsh(1), ksh(1), fish(1): --help and --version print and exit (dash has neither).
  stdinProgram(c, 'sh', label, ['--help', '--version']);
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

