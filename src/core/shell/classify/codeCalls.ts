import { decodeAnsiC } from '../parseWords';
import { literalField } from '../scope';
import type { CommandContext } from './context';
import { catastrophicTarget } from './files';
import type { Language } from './language';

/**
 * Calls in inline code whose effect is known when their arguments are string literals: a shell command line
 * (`os.system`, backticks, `child_process.exec`), a program with its arguments (`subprocess.run([...])`,
 * `spawn`), or a delete, write or read of a named file (`shutil.rmtree`, `fs.rmSync`, `File.delete`).
 */
type Effect = 'shell' | 'argv' | 'delete' | 'tree' | 'write' | 'read';

interface CallPattern {
  readonly effect: Effect;
  /** Group `s`: the first string literal's body; `list`: string literals separated by commas. */
  readonly re: RegExp;
  readonly api: string;
}

const str = `(?<q>['"])(?<s>(?:\\\\.|(?!\\k<q>)[^\\\\\\n])*)\\k<q>`;
const anyStr = `(?:'(?:\\\\.|[^'\\\\\\n])*'|"(?:\\\\.|[^"\\\\\\n])*")`;
const list = `(?<list>${anyStr}(?:\\s*,\\s*${anyStr})*)`;
const end = `\\s*[,)]`;
const call = (effect: Effect, api: string, source: string): CallPattern => ({ effect, api, re: new RegExp(source, 'g') });

const nodeChild = `(?:(?:\\bchild_process|\\bcp|\\bchildProcess|require\\s*\\(\\s*['"](?:node:)?child_process['"]\\s*\\))\\s*\\.\\s*|(?<![.\\w]))`;
const nodeFs = `(?:(?:\\bfs|\\bfsp|require\\s*\\(\\s*['"](?:node:)?fs(?:\\/promises)?['"]\\s*\\))\\s*\\.\\s*(?:promises\\s*\\.\\s*)?)`;
const backticks = call('shell', 'backticks', '`(?<s>[^`$]*)`');

const calls: Readonly<Partial<Record<Language, readonly CallPattern[]>>> = {
  python: [
    call('shell', 'os.system', `\\b(?:os\\.(?:system|popen)|subprocess\\.(?:run|call|Popen|check_output|check_call|getoutput|getstatusoutput)|commands\\.(?:getoutput|getstatusoutput)|pty\\.spawn)\\s*\\(\\s*${str}${end}`),
    call('argv', 'subprocess', `\\b(?:subprocess\\.(?:run|call|Popen|check_output|check_call)|pty\\.spawn|os\\.exec[lv]p?e?)\\s*\\(\\s*[[(]\\s*${list}\\s*,?\\s*[\\])]`),
    call('tree', 'shutil.rmtree', `(?<![.\\w])(?:shutil\\.)?rmtree\\s*\\(\\s*${str}${end}`),
    call('delete', 'os.remove', `\\bos\\.(?:remove|unlink|rmdir|removedirs)\\s*\\(\\s*${str}${end}`),
    call('delete', 'Path.unlink', `\\b(?:pathlib\\.)?Path\\s*\\(\\s*${str}\\s*\\)\\s*\\.\\s*(?:unlink|rmdir)\\s*\\([^)]*\\)`),
    call('write', 'Path.write_text', `\\b(?:pathlib\\.)?Path\\s*\\(\\s*${str}\\s*\\)\\s*\\.\\s*(?:write_text|write_bytes|touch)\\s*\\(`),
    call('write', 'open', `\\bopen\\s*\\(\\s*${str}\\s*,\\s*(?:mode\\s*=\\s*)?['"](?:[wax][bt+]*|r\\+[bt]?)['"]\\s*\\)`),
  ],
  node: [
    call('shell', 'child_process.exec', `${nodeChild}(?:exec|execSync)\\s*\\(\\s*${str}${end}`),
    call('argv', 'child_process.spawn', `${nodeChild}(?:spawn|spawnSync|execFile|execFileSync)\\s*\\(\\s*(?<list>${anyStr})\\s*(?:,\\s*\\[\\s*(?<more>${anyStr}(?:\\s*,\\s*${anyStr})*)?\\s*\\])?\\s*[,)]`),
    call('argv', 'Bun.spawn', `\\bBun\\.spawn(?:Sync)?\\s*\\(\\s*\\[\\s*${list}\\s*\\]`),
    call('shell', 'Bun.$', '\\bBun\\.\\$\\s*`(?<s>[^`$]*)`'),
    call('argv', 'Deno.Command', `\\bnew\\s+Deno\\.Command\\s*\\(\\s*(?<list>${anyStr})\\s*(?:,\\s*\\{\\s*args\\s*:\\s*\\[\\s*(?<more>${anyStr}(?:\\s*,\\s*${anyStr})*)?\\s*\\])?`),
    call('argv', 'Deno.run', `\\bDeno\\.run\\s*\\(\\s*\\{\\s*cmd\\s*:\\s*\\[\\s*${list}\\s*\\]`),
    call('tree', 'fs.rm', `${nodeFs}(?:rmSync|rm|rmdirSync|rmdir)\\s*\\(\\s*${str}\\s*,\\s*\\{[^}]*\\brecursive\\s*:\\s*true[^}]*\\}\\s*[,)]`),
    call('delete', 'fs.unlink', `${nodeFs}(?:rmSync|rm|rmdirSync|rmdir|unlinkSync|unlink)\\s*\\(\\s*${str}${end}`),
    call('write', 'fs.writeFile', `${nodeFs}(?:writeFileSync|writeFile|appendFileSync|appendFile)\\s*\\(\\s*${str}\\s*,`),
    call('read', 'fs.readFile', `${nodeFs}(?:readFileSync|readFile)\\s*\\(\\s*${str}${end}`),
  ],
  ruby: [
    call('shell', 'system', `(?<![.\\w])(?:Kernel\\.)?(?:system|exec|spawn)\\s*\\(?\\s*${list}\\s*(?:\\)|;|$)`),
    call('shell', 'IO.popen', `\\b(?:IO\\.popen|Open3\\.(?:capture2e?|capture3|popen2e?|popen3))\\s*\\(?\\s*${list}\\s*(?:[,)]|;|$)`),
    backticks,
    call('shell', '%x', '%x(?:\\((?<s>[^()$#]*)\\)|\\{(?<s2>[^{}$#]*)\\}|\\[(?<s3>[^\\[\\]$#]*)\\])'),
    call('tree', 'FileUtils.rm_rf', `\\bFileUtils\\.(?:rm_rf|rm_r|remove_dir|remove_entry(?:_secure)?|rmtree)\\s*\\(?\\s*${str}`),
    call('delete', 'File.delete', `\\b(?:FileUtils\\.(?:rm|rm_f|remove|rmdir)|File\\.(?:delete|unlink))\\s*\\(?\\s*${str}`),
    call('write', 'File.write', `\\bFile\\.write\\s*\\(?\\s*${str}\\s*,`),
  ],
  perl: [
    call('shell', 'system', `(?<![\\w:>$@%&])(?:system|exec)\\s*\\(?\\s*${list}\\s*(?:\\)|;|$)`),
    backticks,
    call('shell', 'qx', 'qx\\s*(?:\\{(?<s>[^{}$@]*)\\}|\\((?<s2>[^()$@]*)\\)|\\/(?<s3>[^/$@]*)\\/)'),
    call('tree', 'rmtree', `\\b(?:File::Path::)?(?:rmtree|remove_tree)\\s*\\(?\\s*${str}`),
    call('delete', 'unlink', `(?<![\\w:>$@%&])(?:unlink|rmdir)\\s*\\(?\\s*${str}`),
  ],
  php: [
    call('shell', 'system', `(?<![\\w>$:])(?:system|exec|shell_exec|passthru|popen|proc_open)\\s*\\(\\s*${str}${end}`),
    backticks,
    call('delete', 'unlink', `(?<![\\w>$:])(?:unlink|rmdir)\\s*\\(\\s*${str}${end}`),
    call('write', 'file_put_contents', `(?<![\\w>$:])file_put_contents\\s*\\(\\s*${str}\\s*,`),
  ],
  lua: [
    call('shell', 'os.execute', `\\b(?:os\\.execute|io\\.popen)\\s*\\(?\\s*${str}`),
    call('delete', 'os.remove', `\\bos\\.remove\\s*\\(?\\s*${str}`),
  ],
};

/** Imports of the modules the calls above come from: with the calls gone they do nothing by themselves. */
const imports: Readonly<Partial<Record<Language, RegExp>>> = {
  python: /\bfrom\s+(?:os|pathlib|shutil|subprocess)\s+import\s+[\w, ]+|\bimport\s+(?:os|subprocess|shutil|pathlib|commands|pty|sys)(?:\s*,\s*(?:os|subprocess|shutil|pathlib|commands|pty|sys))*/g,
  node: /\b(?:const|let|var)\s+(?:\w+|\{[^}]*\})\s*=\s*require\s*\(\s*['"](?:node:)?(?:fs|fs\/promises|child_process)['"]\s*\)|\bimport\s+(?:\*\s+as\s+\w+|\w+|\{[^}]*\})\s+from\s+['"](?:node:)?(?:fs|fs\/promises|child_process)['"]/g,
  ruby: /\brequire\s*\(?\s*['"](?:fileutils|open3)['"]\s*\)?/g,
  perl: /\buse\s+File::Path\b[^;]*/g,
};

/** Languages whose double-quoted strings interpolate (`"$x"`, `"#{x}"`): such a literal is not known text. */
const interpolates = new Set<Language>(['perl', 'php', 'ruby']);

const literal = (body: string, quote: string | undefined, language: Language): string | undefined =>
  quote !== "'" && interpolates.has(language) && /[$@]|#\{/.test(body) ? undefined : decodeAnsiC(body);

const literals = (text: string | undefined, language: Language): string[] | undefined => {
  if (text === undefined) return [];
  const out: string[] = [];
  for (const m of text.matchAll(/'((?:\\.|[^'\\\n])*)'|"((?:\\.|[^"\\\n])*)"/g)) {
    const v = literal(m[1] ?? m[2] ?? '', m[1] !== undefined ? "'" : '"', language);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
};

/**
 * Applies the known calls of inline code: shell lines and programs become nested runs, file calls effects with
 * their findings. Returns the code with those calls and their imports cut out, for judging what is left.
 */
export function applyCodeCalls(c: CommandContext, language: Language, code: string, known: boolean): string {
  const patterns = calls[language];
  if (!patterns) return code;
  let rest = code;
  for (const p of patterns) {
    rest = rest.replace(p.re, (whole: string, ...args: unknown[]) => {
      const groups = args.at(-1) as Record<string, string | undefined>;
      return applyCall(c, language, p, groups, known) ? ' CALL ' : whole;
    });
  }
  const imported = imports[language];
  return imported ? rest.replace(imported, ' ') : rest;
}

function applyCall(c: CommandContext, language: Language, p: CallPattern, g: Record<string, string | undefined>, known: boolean): boolean {
  const via = `${c.inv.name} ${p.api}`;
  const body = g.s ?? g.s2 ?? g.s3;
  if (p.effect === 'shell' || p.effect === 'argv') {
    const words = body !== undefined ? [literal(body, p.api === 'backticks' || p.api === '%x' || p.api === 'qx' ? "'" : g.q, language)] : literals(g.list, language);
    const more = literals(g.more, language);
    if (!words || !more || words.some((w) => w === undefined) || words.length === 0) return false;
    const argv = [...(words as string[]), ...more];
    if (p.effect === 'shell' && argv.length === 1) c.runScript(argv[0]!, known, via);
    else c.runArgv(argv.map(literalField), via);
    return true;
  }
  const target = body === undefined ? undefined : literal(body, g.q, language);
  if (target === undefined || target === '') return false;
  const field = literalField(target);
  if (p.effect === 'read') {
    c.read(field);
    return true;
  }
  if (p.effect === 'write') {
    const ref = c.write(field, { truncate: true });
    if (ref) c.find('shell.write', `writes ${ref.path} (${p.api})`);
    return true;
  }
  const recursive = p.effect === 'tree';
  const ref = c.delete(field, recursive ? { recursive: true } : {});
  if (!ref) return true;
  if (recursive && catastrophicTarget(ref, c.home, c.cwd)) c.find('shell.rm-catastrophic', `deletes ${ref.path} with everything in it (${p.api})`);
  else if (recursive) c.find('shell.rm-recursive', `deletes ${ref.path} recursively (${p.api})`);
  else c.find('shell.rm', `deletes ${ref.path} (${p.api})`);
  return true;
}
