import * as path from 'node:path';
import { stdinOutput, isUrl } from '../classify/common';
import type { CommandContext } from '../classify/context';
import { scriptText } from '../classify/context';
import { judgeUnknown } from '../classify/unknown';
import { finding } from '../rules';
import type { Field } from '../scope';
import { isInsideFolder } from '../secrets';
import { destroyVerb, ruleFor } from './effects';
import { statementFacts } from './statements';
import type { CatalogEntry, Does, Form, OptionInfo, OptionTable, Role } from './types';

interface Compiled {
  readonly exact: ReadonlyMap<string, OptionInfo>;
  readonly longs: readonly string[];
}

const compiledTables = new WeakMap<OptionTable, Compiled>();

function compile(table: OptionTable): Compiled {
  let c = compiledTables.get(table);
  if (!c) {
    const exact = new Map<string, OptionInfo>();
    for (const [spellings, info] of Object.entries(table)) for (const s of spellings.split('|')) exact.set(s, info);
    c = { exact, longs: [...exact.keys()].filter((k) => k.startsWith('--')) };
    compiledTables.set(table, c);
  }
  return c;
}

interface OptionHit {
  readonly info: OptionInfo;
  readonly spelling: string;
  /** The value when attached (`--x=v`, `-xv`); undefined when it is the next word or there is none. */
  readonly attached?: string;
}

/** Looks an option up like getopt_long (exact, `=value`, unique long prefix, clustered short flags) or Go's flag package. */
function lookup(tables: readonly OptionTable[], arg: string, goFlags: boolean): OptionHit | 'unknown' {
  const eq = arg.indexOf('=');
  const name = eq < 0 ? arg : arg.slice(0, eq);
  const attached = eq < 0 ? undefined : arg.slice(eq + 1);
  const names = goFlags ? [name, name.startsWith('--') ? name.slice(1) : `-${name}`] : [name];
  for (const t of tables) {
    const c = compile(t);
    for (const n of names) {
      const info = c.exact.get(n);
      if (info) return { info, spelling: n, ...(attached !== undefined ? { attached } : {}) };
    }
  }
  if (!goFlags && name.startsWith('--')) {
    const hits = new Map<OptionInfo, string>();
    for (const t of tables) for (const l of compile(t).longs) if (l.startsWith(name)) hits.set(compile(t).exact.get(l)!, l);
    const only = hits.size === 1 ? [...hits][0] : undefined;
    if (only) return { info: only[0], spelling: only[1], ...(attached !== undefined ? { attached } : {}) };
    return 'unknown';
  }
  if (!goFlags && /^-[^-]/.test(arg) && arg.length > 2) {
    // `-rf`, `-ovalue`: the first letter decides whether the rest is more flags or a value.
    for (const t of tables) {
      const info = compile(t).exact.get(arg.slice(0, 2));
      if (info) return info.value ? { info, spelling: arg.slice(0, 2), attached: arg.slice(2) } : { info, spelling: arg.slice(0, 2) };
    }
  }
  return 'unknown';
}

interface Fact {
  readonly does: Does;
  readonly what?: string;
}

interface Walk {
  form: Form;
  readonly chain: string[];
  readonly tables: OptionTable[];
  readonly facts: Fact[];
  readonly operands: Field[];
  readonly valued: { role: Role; field: Field }[];
  readonly unknownOptions: Field[];
  unknownForm?: { readonly word: string; readonly rest: readonly Field[] };
}

const addFacts = (w: Walk, does: readonly Does[], what?: string): void => {
  for (const d of does) w.facts.push({ does: d, ...(what ? { what } : {}) });
};

function enter(w: Walk, form: Form, word?: string): void {
  w.form = form;
  if (word !== undefined) w.chain.push(word);
  if (form.options) w.tables.unshift(form.options);
}

/**
 * Classifies a command with a catalog entry: global options, then subcommands down to the form, then the
 * form's options and operands anywhere after it. Facts become findings under the rules in effects.ts; an
 * unknown subcommand or option is judged by what its arguments show.
 */
export function classifyWith(entry: CatalogEntry, c: CommandContext, args: readonly Field[] = c.args, label = c.inv.name): void {
  const w: Walk = { form: entry, chain: [label], tables: [], facts: [], operands: [], valued: [], unknownOptions: [] };
  if (entry.globals) w.tables.push(entry.globals);
  enter(w, entry);
  const goFlags = entry.goFlags ?? false;
  let endOfOptions = false;
  let atSubcommand = entry.subs !== undefined || entry.verbs !== undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const optionLike = a.known && a.value.startsWith('-') && a.value !== '-' && !endOfOptions;
    if (optionLike && a.value === '--') {
      endOfOptions = true;
      continue;
    }
    if (optionLike && (w.form.interleaved !== false || w.operands.length === 0)) {
      const hit = lookup(w.tables, a.value, goFlags);
      if (hit === 'unknown') {
        w.unknownOptions.push(a);
        continue;
      }
      let value: Field | undefined;
      if (hit.info.value === true) value = hit.attached !== undefined ? { ...a, value: hit.attached, pattern: hit.attached } : args[++i];
      else if (hit.attached !== undefined && hit.info.value === 'optional') value = { ...a, value: hit.attached, pattern: hit.attached };
      if (hit.info.when && !(value && value.known && hit.info.when.test(value.value)) && !(hit.info.value === undefined && hit.attached !== undefined && hit.info.when.test(hit.attached))) continue;
      if (hit.info.does) addFacts(w, hit.info.does, hit.info.what);
      if (hit.info.role && value) w.valued.push({ role: hit.info.role, field: value });
      continue;
    }
    if (atSubcommand && w.operands.length === 0) {
      if (!a.known) {
        c.find('shell.dynamic-command', `runs a ${w.chain.join(' ')} subcommand that is only known when it runs`);
        return;
      }
      const sub = w.form.subs?.[a.value] ?? w.form.subs?.[a.value.toLowerCase()];
      if (sub) {
        enter(w, sub, a.value);
        atSubcommand = !sub.open && (sub.subs !== undefined || sub.verbs !== undefined);
        continue;
      }
      const verbs = w.form.verbs;
      if (verbs) {
        const depth = w.form.verbDepth ?? 1;
        const words = args.slice(i, i + depth * 2).filter((f) => f.known && !f.value.startsWith('-')).slice(0, depth);
        const at = words.find((f) => verbs.some((v) => v.match.test(f.value)));
        const cls = at && verbs.find((v) => v.match.test(at.value));
        if (at && cls) {
          enter(w, { does: cls.does, ...(cls.what ? { what: cls.what } : {}), open: true }, words.slice(0, words.indexOf(at) + 1).map((f) => f.value).join(' '));
          i = args.indexOf(at);
          atSubcommand = false;
          continue;
        }
      }
      if (!w.form.open) {
        w.unknownForm = { word: a.value, rest: args.slice(i) };
        break;
      }
    }
    w.operands.push(a);
  }
  if (w.unknownForm) {
    // Facts the known part already showed (a global `-H tcp://…`) still count.
    report(c, w);
    judgeUnknown(c, w.unknownForm.rest, 'subcommand', w.chain.join(' '));
    return;
  }
  addFacts(w, w.form.does, w.form.what);
  for (const cls of w.form.operandFacts ?? []) {
    const also = cls.withArg;
    if (w.operands.some((o) => o.known && cls.match.test(o.value)) && (!also || args.some((a) => a.known && also.test(a.value)))) addFacts(w, cls.does, cls.what);
  }
  const roleOf = w.form.operands;
  if (roleOf) for (const f of w.operands.slice(w.form.skip ?? 0)) w.valued.push({ role: roleOf, field: f });
  const runs = w.operands.slice(w.form.skip ?? 0);
  applyRoles(c, w, roleOf === 'argv' ? runs : roleOf === 'argv-after-first' ? runs.slice(1) : [], roleOf === 'argv-after-first');
  if (roleOf === 'sql' || roleOf === 'store' || w.form.does.includes('database')) sqlFromStdin(c, w);
  for (const o of w.unknownOptions) {
    const verb = o.known ? destroyVerb(o.value.replace(/=.*$/s, '')) : undefined;
    if (verb) w.facts.push({ does: 'destroys', what: `passes ${o.value.replace(/=.*$/s, '')}, an option Airlock does not know that names a destructive action` });
    const eq = /^--?[\w-]+=(.+)$/s.exec(o.value);
    if (eq && isUrl(eq[1]!)) c.fetch(eq[1]!);
  }
  report(c, w);
}

function report(c: CommandContext, w: Walk): void {
  if (w.facts.length === 0 && !w.unknownForm) w.facts.push({ does: 'reads' });
  // A fact with its own sentence says more than the same fact without one.
  const facts = [...w.facts.filter((f) => f.what), ...w.facts.filter((f) => !f.what)];
  const seen = new Set<string>();
  for (const f of facts) {
    const rule = ruleFor[f.does];
    if (seen.has(`${rule}\u0000${f.what ?? ''}`) || (!f.what && [...seen].some((k) => k.startsWith(`${rule}\u0000`)))) continue;
    seen.add(`${rule}\u0000${f.what ?? ''}`);
    c.findings.push(finding(rule, c.display, f.what));
  }
}

/** `argv` is a command the program runs; `elsewhere` when it runs in another file system (a container). */
function applyRoles(c: CommandContext, w: Walk, argv: readonly Field[], elsewhere: boolean): void {
  const transfers: Field[] = [];
  const store: Field[] = [];
  for (const { role, field } of w.valued) {
    switch (role) {
      case 'read':
        c.read(field);
        break;
      case 'read-tree':
        c.read(field, { recursive: true });
        break;
      case 'write':
        c.write(field, { truncate: true });
        break;
      case 'write-tree':
        c.write(field, { recursive: true });
        break;
      case 'upload':
        upload(c, w, field);
        break;
      case 'url':
        connect(c, field);
        break;
      case 'sql':
        // Each `-c`/`-cmd`/operand is a script of its own: `-cmd 'DELETE FROM t' db 'SELECT 1'` is two.
        statementsOf(c, w, [field]);
        break;
      case 'store':
        store.push(field);
        break;
      case 'transfer':
        transfers.push(field);
        break;
      case 'script':
        c.runScript(field.value, field.known, w.chain.join(' '));
        break;
      case 'mount':
        mount(c, w, field);
        break;
      case 'argv':
      case 'argv-after-first':
      case 'name':
        break;
    }
  }
  if (argv.length > 0) c.runArgv(argv, w.chain.join(' '), elsewhere ? { cwd: null } : {});
  if (transfers.length > 0) transfer(c, w, transfers);
  // A data-store command's words are one command (`redis-cli FLUSHALL`, `redis-cli -n 0 flushdb`).
  if (store.length > 0) statementsOf(c, w, store);
}

function statementsOf(c: CommandContext, w: Walk, fields: readonly Field[]): void {
  const { text, known } = scriptText(fields);
  statements(c, w, text, known);
}

function upload(c: CommandContext, w: Walk, field: Field): void {
  if (field.value === '-' && field.known) {
    const input = stdinOutput(c);
    if (input.secrets.length > 0) c.findings.push(finding('shell.upload-secret', c.display, `sends ${input.secrets.join(', ')} to another machine`));
    else if (input.reads) w.facts.push({ does: 'uploads', what: 'sends what it reads on stdin to another machine' });
    return;
  }
  const ref = c.read(field, { recursive: true });
  if (ref && c.secretReads().includes(ref.path)) c.findings.push(finding('shell.upload-secret', c.display, `sends ${ref.path} to another machine`));
  else w.facts.push({ does: 'uploads', what: `sends ${field.value} to another machine` });
}

/** `tcp://host:port`, `ssh://host`, a URL: the network guard judges the host. Local sockets are not network. */
function connect(c: CommandContext, field: Field): void {
  const v = field.value;
  if (!field.known) return void c.fetch(v, true);
  if (/^(unix|npipe|fd):/.test(v) || v.startsWith('/')) return;
  const m = /^(tcp|ssh|https?|wss?):\/\/(.+)$/i.exec(v);
  if (m) c.fetch(m[1]!.toLowerCase() === 'tcp' ? `http://${m[2]}` : v);
  else if (isUrl(v)) c.fetch(v);
  else if (/^[\w.-]+(:\d+)?$/.test(v) && v.includes('.')) c.fetch(`http://${v}`);
}

/** A remote location: a URL-like scheme (`s3://`, `gs://`) or a `remote:path` (rclone, scp, docker cp). */
const isRemote = (s: string): boolean => /^[a-z][\w+.-]*:\/\//i.test(s) || (/^[\w.@-]{2,}:/.test(s) && !/^[A-Za-z]:[\\/]/.test(s));

/** `SRC... DEST`: local to remote uploads the sources; remote to local writes the destination. */
function transfer(c: CommandContext, w: Walk, fields: readonly Field[]): void {
  if (fields.length < 2) return;
  const dest = fields.at(-1)!;
  const sources = fields.slice(0, -1);
  const remoteDest = !dest.known || isRemote(dest.value);
  const moves = /(^|\s)(mv|move|moveto)$/.test(w.chain.join(' '));
  for (const s of sources) {
    const remoteSrc = !s.known || isRemote(s.value);
    if (remoteDest && !remoteSrc) {
      upload(c, w, s);
      if (moves) c.delete(s, { recursive: true });
    } else if (!remoteDest && remoteSrc) {
      c.write(dest, { recursive: true });
      w.facts.push({ does: 'network', what: `copies ${s.value} from a remote store to ${dest.value}` });
    } else if (remoteDest && remoteSrc) {
      w.facts.push({ does: 'remote-change', what: `copies between remote stores (${s.value} to ${dest.value})` });
    } else {
      c.read(s, { recursive: true });
      c.write(dest, { recursive: true });
    }
  }
}

const systemFolders = ['/', '/etc', '/root', '/var', '/usr', '/bin', '/sbin', '/lib', '/lib64', '/boot', '/proc', '/sys', '/dev', '/run', '/home', '/Users', '/private', '/System', '/Library'];

/** A bind mount of the host: the root, a system folder, the home folder or anything in it outside the current folder. */
function mount(c: CommandContext, w: Walk, field: Field): void {
  const v = field.value;
  const source = /(?:^|,)(?:source|src)=([^,]+)/.exec(v)?.[1] ?? (/type=/.test(v) ? undefined : v.split(':')[0]);
  if (source === undefined || source === '') return;
  if (!field.known) return void w.facts.push({ does: 'host-access', what: 'mounts a host folder only known when it runs' });
  if (!/^[/.~$]/.test(source)) return; // a named volume
  const ref = c.resolve({ ...field, value: source.replace(/^~(?=\/|$)/, c.home), pattern: source });
  if (ref.unknown) return void w.facts.push({ does: 'host-access', what: `mounts ${source}, a host folder only known when it runs` });
  const p = ref.path;
  const inCwd = c.cwd !== undefined && isInsideFolder(p, c.cwd) && c.cwd !== '/' && c.cwd !== c.home;
  const hostLevel = systemFolders.includes(p) || p === c.home || /\/docker\.sock$|\/containerd\.sock$|\/podman\.sock$/.test(p) || (!inCwd && isInsideFolder(p, c.home)) || systemFolders.some((s) => s !== '/' && s !== '/home' && s !== '/Users' && isInsideFolder(p, s) && !isInsideFolder(p, '/var/lib') && !isInsideFolder(p, '/usr/src'));
  if (hostLevel) w.facts.push({ does: 'host-access', what: `mounts ${p} from the host into the container` });
  else c.read({ ...field, value: p, pattern: p }, { recursive: true });
}

function statements(c: CommandContext, w: Walk, text: string, known: boolean): void {
  const facts = statementFacts(text);
  if (facts.destroys) w.facts.push({ does: 'destroys-data', what: `runs \`${facts.destroys}\`, which drops or wipes data` });
  else w.facts.push({ does: 'database', ...(known ? {} : { what: 'runs statements that are only known when it runs' }) });
  for (const s of facts.shell) c.runScript(s, known, `${w.chain[0]} shell escape`);
  for (const f of facts.writes) c.write({ value: f, known: true, glob: false, pattern: f, secrets: [] }, { truncate: true });
  for (const f of facts.reads) c.read({ value: f, known: true, glob: false, pattern: f, secrets: [] });
}

/** SQL on stdin: a here-document or `echo … |` is read; a file or another program's output is not known here. */
function sqlFromStdin(c: CommandContext, w: Walk): void {
  if (w.valued.some((v) => v.role === 'sql' || v.role === 'store')) return;
  const s = c.inv.stdin;
  if (s.kind === 'none') return;
  const input = stdinOutput(c);
  if (input.text !== undefined) return statements(c, w, input.text, !input.partial);
  const from = s.kind === 'file' ? path.posix.basename(s.field.value) : 'its input';
  w.facts.push({ does: 'database', what: `runs the statements in ${from}, which Airlock cannot see` });
}
