import { options, type OptionParser } from '../args';
import type { Field } from '../scope';
import { runFile, stdinProgram } from '../unwrap';
import { type Classifier, readAll } from './common';
import { scriptText } from './context';
import { inlineCode, type Language } from './inlineCode';
import { packageManager } from './packages';

interface InterpreterSpec {
  readonly language: Language;
  readonly opts: OptionParser;
  /** Options whose value is code. */
  readonly code: readonly string[];
  /** Options that edit the operand files in place (`perl -i`). */
  readonly inPlace?: string;
  /** Options that print the version or help and exit, reading no program. */
  readonly exits?: readonly string[];
}

/** Code comes from `-c`/`-e`, a script file operand, or stdin; operands after inline code are data files. */
function interpreter(spec: InterpreterSpec): Classifier {
  return (c) => {
    const p = spec.opts.parse(c.args);
    const code = spec.code.flatMap((k) => p.values(k));
    if (code.length > 0) {
      const { text, known } = scriptText(code);
      inlineCode(c, spec.language, text, known);
      if (spec.inPlace && p.has(spec.inPlace)) {
        for (const f of p.operands) c.write(f);
        c.find('shell.write', 'edits files in place');
      } else readAll(c, p.operands);
      return;
    }
    const [script] = p.operands;
    if (script && !(script.known && script.value === '-')) return runFile(c, script);
    stdinProgram(c, spec.language, c.inv.name, spec.exits);
  };
}

const pythonOpts = options({
  stopAtOperand: true,
  flags: { f: ['-b', '-B', '-d', '-E', '-i', '-I', '-O', '-OO', '-P', '-q', '-R', '-s', '-S', '-u', '-v', '-V', '--version', '-x', '-h', '--help'] },
  values: { code: ['-c'], module: ['-m'], W: ['-W', '-X', '--check-hash-based-pycs'] },
});

const python: Classifier = (c) => {
  const p = pythonOpts.parse(c.args);
  const code = p.value('code');
  const module = p.value('module');
  if (code) return inlineCode(c, 'python', code.value, code.known);
  if (module) {
    const args = p.operands;
    if (module.value === 'pip' || module.value === 'uv') return packageManager(c, 'pip', args);
    if (module.value === 'http.server' || module.value === 'SimpleHTTPServer') return void c.find('shell.remote-shell', 'serves files over HTTP');
    if (module.value === 'venv' || module.value === 'virtualenv') {
      for (const d of args.filter((a) => !a.value.startsWith('-'))) c.write(d, { recursive: true });
      return void c.find('shell.write', 'creates a virtual environment');
    }
    if (/^(pytest|unittest|mypy|black|ruff|flake8|pylint|isort|coverage|build|twine|tox|nox|doctest|compileall|json\.tool|pydoc|timeit|cProfile|pdb|ensurepip)$/.test(module.value)) {
      if (module.value === 'twine' && args[0]?.value === 'upload') return void c.find('shell.publish');
      return void c.find('shell.dev-tool', `runs python -m ${module.value}`);
    }
    return;
  }
  const [script] = p.operands;
  if (script && !(script.known && script.value === '-')) {
    runFile(c, script);
    if (c.findings.length === 0) c.find('shell.dev-tool', 'runs a Python script');
    return;
  }
  // python(1): -h/-?/--help…, -V/--version.
  stdinProgram(c, 'python', c.inv.name, ['-h', '-?', '--help', '--help-env', '--help-xoptions', '--help-all', '-V', '-VV', '--version']);
};

const node: Classifier = (c) => {
  const p = options({
    stopAtOperand: true,
    flags: { f: ['-i', '--interactive', '-v', '--version', '-h', '--help', '-c', '--check', '--test', '--watch', '--no-warnings', '--trace-warnings', '--enable-source-maps', '--inspect', '--inspect-brk', '--experimental-strip-types', '--experimental-vm-modules', '--no-deprecation', '--trace-deprecation', '--expose-gc', '--abort-on-uncaught-exception', '--preserve-symlinks'] },
    values: { code: ['-e', '--eval', '-p', '--print'], require: ['-r', '--require', '--import', '--loader', '--experimental-loader'], other: ['--env-file', '--input-type', '--conditions', '-C', '--max-old-space-size', '--stack-size', '--title', '--test-reporter', '--test-name-pattern'] },
  }).parse(c.args);
  for (const r of p.values('require')) if (r.known && (r.value.startsWith('.') || r.value.startsWith('/'))) c.read(r);
  for (const e of p.values('other')) if (e.value.endsWith('.env') || /(^|\/)\.env/.test(e.value)) c.read(e);
  const code = p.values('code');
  if (code.length > 0) {
    const { text, known } = scriptText(code);
    return inlineCode(c, 'node', text, known);
  }
  const [script] = p.operands;
  if (script && !(script.known && script.value === '-')) {
    runFile(c, script);
    if (c.findings.length === 0) c.find('shell.dev-tool', 'runs a Node.js script');
    return;
  }
  // node(1): -h/--help, -v/--version, --v8-options, --completion-bash.
  stdinProgram(c, 'node', c.inv.name, ['-h', '--help', '-v', '--version', '--v8-options', '--completion-bash']);
};

/** deno eval CODE, deno run URL (remote code), otherwise a dev tool. */
const deno: Classifier = (c) => {
  const [sub, ...rest] = c.args;
  if (sub?.value === 'eval') {
    const code = rest.filter((a) => !a.value.startsWith('-'));
    const { text, known } = scriptText(code);
    return inlineCode(c, 'node', text, known);
  }
  if (sub?.value === 'run' || sub?.value === 'install') {
    const target = rest.find((a) => !a.value.startsWith('-'));
    if (target && /^https?:\/\//.test(target.value)) {
      c.fetch(target.value);
      return void c.find('shell.pipe-to-shell', `runs code downloaded from ${target.value}`);
    }
  }
  c.find('shell.dev-tool', 'runs deno');
};

const perl = interpreter({
  language: 'perl',
  code: ['code'],
  // perlrun(1): -v the version, -V the configuration, -h a summary of the options.
  exits: ['-v', '-V', '-h'],
  inPlace: 'inPlace',
  opts: options({
    stopAtOperand: false,
    flags: { f: ['-n', '-p', '-l', '-a', '-s', '-w', '-W', '-X', '-T', '-t', '-U', '-c', '-d', '-S', '-v', '-x', '-CSD', '-C'] },
    values: { code: ['-e', '-E'], module: ['-M', '-m', '-I', '-F'] },
    optional: { inPlace: ['-i'], zero: ['-0'] },
  }),
});

const ruby = interpreter({
  language: 'ruby',
  code: ['code'],
  // ruby(1): --version, --copyright, -h/--help; -v alone prints the version and exits.
  exits: ['-v', '--version', '--copyright', '-h', '--help'],
  inPlace: 'inPlace',
  opts: options({
    flags: { f: ['-n', '-p', '-a', '-l', '-w', '-W', '-v', '-d', '-s', '-S', '-c', '-y', '--verbose', '--version'] },
    values: { code: ['-e'], lib: ['-r', '-I', '-C', '-F', '-E', '--encoding'] },
    optional: { inPlace: ['-i'], x: ['-x'] },
  }),
});

const php = interpreter({
  language: 'php',
  code: ['code'],
  // php --help: -h help, -v version, -i configuration, -m modules.
  exits: ['-h', '--help', '-v', '--version', '-i', '--info', '-m', '--modules'],
  opts: options({ flags: { f: ['-a', '-h', '-i', '-l', '-m', '-n', '-q', '-s', '-v', '-w', '-H'] }, values: { code: ['-r', '-B', '-R', '-E'], file: ['-f'], define: ['-d', '-c', '-z', '-t', '-S'] } }),
});

const lua = interpreter({ language: 'lua', code: ['code'], exits: ['-v'], opts: options({ flags: { f: ['-i', '-v', '-E', '-W'] }, values: { code: ['-e'], lib: ['-l'] } }) });
const rscript = interpreter({ language: 'r', code: ['code'], exits: ['--version', '--help'], opts: options({ flags: { f: ['--vanilla', '--verbose', '--default-packages', '--no-echo', '--quiet', '--slave', '--no-save', '--no-restore'] }, values: { code: ['-e'] } }) });

const osascript: Classifier = (c) => {
  const code = c.args.filter((_, i) => c.args[i - 1]?.value === '-e');
  if (code.length > 0) return inlineCode(c, 'applescript', code.map((a) => a.value).join('\n'), code.every((a) => a.known));
  const script = c.args.find((a) => !a.value.startsWith('-'));
  if (script) return runFile(c, script);
  stdinProgram(c, 'applescript', 'osascript');
};

/** PowerShell: -Command is code, -EncodedCommand is hidden code, -File runs a script. */
const powershell: Classifier = (c) => {
  for (let i = 0; i < c.args.length; i++) {
    const v = c.args[i]!.value.toLowerCase();
    const next = c.args[i + 1];
    if (/^-(e|ec|enc|encodedcommand|encodeda\w*)$/.test(v)) return void c.find('shell.decode-to-shell', 'runs base64-encoded PowerShell');
    if (/^-(c|command)$/.test(v)) {
      const rest = c.args.slice(i + 1);
      const { text, known } = scriptText(rest);
      return inlineCode(c, 'powershell', text, known);
    }
    if (/^-(f|file)$/.test(v) && next) return runFile(c, next);
  }
  const operand = c.args.find((a) => !a.value.startsWith('-'));
  if (operand) return inlineCode(c, 'powershell', operand.value, operand.known);
  stdinProgram(c, 'powershell', c.inv.name);
};

const awkOpts = options({
  flags: { f: ['-b', '-c', '-d', '-D', '-g', '-h', '-l', '-M', '-n', '-N', '-o', '-O', '-p', '-P', '-r', '-s', '-S', '-t', '-V', '--posix', '--traditional', '--sandbox', '--characters-as-bytes', '--lint'] },
  values: { fs: ['-F', '--field-separator'], assign: ['-v', '--assign'], file: ['-f', '--file'], source: ['-e', '--source'], include: ['-i', '--include', '-E', '--exec'] },
});

/** awk: the program is the first operand (or -f/-e); `system()`, pipes and `print >` reach outside. */
const awk: Classifier = (c) => {
  const p = awkOpts.parse(c.args);
  let operands: readonly Field[] = p.operands;
  let program: Field[] = [...p.values('source')];
  for (const f of p.values('file')) c.read(f);
  if (program.length === 0 && !p.has('file')) {
    program = operands.slice(0, 1);
    operands = operands.slice(1);
  }
  const files = operands.filter((o) => !/^[A-Za-z_]\w*=/.test(o.value));
  const inplace = p.values('include').some((i) => i.value === 'inplace');
  const { text, known } = scriptText(program);
  if (p.has('file') && program.length === 0) c.find('shell.inline-code-benign', 'runs an awk program file');
  else if (!c.args.some((a) => a.value === '--sandbox') || !known) inlineCode(c, 'awk', text, known);
  else c.find('shell.read-only');
  if (inplace) {
    for (const f of files) c.write(f);
    c.find('shell.write', 'edits files in place');
  } else readAll(c, files);
  if (!inplace && c.findings.every((f) => f.rule === 'shell.inline-code-benign')) {
    c.findings.splice(0, c.findings.length);
    c.find('shell.read-only');
  }
  c.output = { network: false, decoded: false, reads: files.length > 0, secrets: c.secretReads() };
};

const bun: Classifier = (c) => {
  const [sub, ...rest] = c.args;
  if (sub?.value === '-e' || sub?.value === '--eval' || sub?.value === '-p' || sub?.value === '--print') {
    return inlineCode(c, 'node', rest[0]?.value ?? '', rest[0]?.known ?? false);
  }
  packageManager(c, 'bun', c.args);
};

export const interpreterClassifiers: Record<string, Classifier> = {
  python,
  node,
  nodejs: node,
  deno,
  bun,
  perl,
  ruby,
  php,
  lua,
  luajit: lua,
  Rscript: rscript,
  osascript,
  pwsh: powershell,
  powershell,
  awk,
  gawk: awk,
  mawk: awk,
  nawk: awk,
};
