import * as path from 'node:path';
import type { Redirect, Stmt, Word } from './ast';
import { classify, commandName } from './classify';
import { CommandContext, noOutput, normalize, type Invocation, type LineState, type Nested, type Output, type Stdin } from './classify/context';
import { envHijack } from './classify/environment';
import { expandTemplate, expandWord, expandWords } from './expand';
import { finding } from './rules';
import { Scope, unknownValue, type Field, type VarValue } from './scope';
import { ValueWalker, maxNesting, type Io } from './walkValues';
import type { AnalyzedCommand, DerivedAction, Finding } from './types';

/** A line that expands into more commands than this is not followed further. */
const maxCommands = 2_000;
/** Loops over a short list of known words are walked once per word, so each value is checked. */
const maxLoopUnroll = 4;

interface MutableCommand {
  name: string;
  argv: string[];
  text: string;
  cwd: string | undefined;
  via: string[];
  findings: Finding[];
  effects: DerivedAction[];
  matchArgs: string[];
}

function mergeOutputs(outputs: readonly Output[]): Output {
  if (outputs.length === 1) return outputs[0]!;
  const texts = outputs.map((o) => o.text);
  return {
    network: outputs.some((o) => o.network),
    decoded: outputs.some((o) => o.decoded),
    reads: outputs.some((o) => o.reads),
    secrets: [...new Set(outputs.flatMap((o) => o.secrets))],
    ...(outputs.length > 0 && texts.every((t) => t !== undefined) ? { text: texts.join(''), ...(outputs.some((o) => o.partial) ? { partial: true } : {}) } : {}),
  };
}

/** Walks everything a parsed line will run, in order, and classifies each command. */
export class Walker extends ValueWalker {
  private readonly records: MutableCommand[] = [];
  private readonly line: LineState = { generated: new Set(), downloaded: new Set(), links: new Map() };
  private readonly callStack: string[] = [];

  commands(): AnalyzedCommand[] {
    return this.records.map((r) => ({
      name: r.name,
      argv: r.argv,
      text: r.text,
      ...(r.cwd !== undefined ? { cwd: r.cwd } : {}),
      via: r.via,
      findings: r.findings,
      effects: r.effects,
      matchArgs: r.matchArgs,
    }));
  }

  override walkList(stmts: readonly Stmt[], scope: Scope, io: Io): Output {
    const outputs: Output[] = [];
    for (const s of stmts) outputs.push(this.walk(s, scope, io));
    return outputs.length === 0 ? noOutput : mergeOutputs(outputs);
  }

  private walk(s: Stmt, scope: Scope, io: Io): Output {
    if (this.records.length > maxCommands) {
      this.problem(`the line expands into more than ${maxCommands} commands`);
      return noOutput;
    }
    switch (s.type) {
      case 'cmd':
        return this.command(s, scope, io);
      case 'decl':
        return this.declaration(s, scope, io);
      case 'unset': {
        const run = this.substitutions(scope, io);
        const names = expandWords(s.names, scope, run);
        const functions = names.some((n) => n.value === '-f');
        for (const n of names) {
          if (n.value.startsWith('-')) continue;
          if (functions) scope.functions.delete(n.value);
          else if (n.value === 'IFS') scope.unset('IFS');
          else scope.set(n.value, { known: true, value: '' });
        }
        return noOutput;
      }
      case 'and':
      case 'or':
        return mergeOutputs([this.walk(s.left, scope, io), this.walk(s.right, scope, io)]);
      case 'not':
        return this.walk(s.body, scope, io);
      case 'pipeline': {
        let previous: Output | undefined;
        for (const stage of s.stages) {
          const stdin: Stdin = previous ? { kind: 'pipe', from: previous } : io.stdin;
          previous = this.walk(stage, scope.fork(), { ...io, stdin });
        }
        return previous ?? noOutput;
      }
      case 'subshell':
      case 'group':
      case 'redirected': {
        const inner = s.type === 'subshell' ? scope.fork() : scope;
        const body = s.type === 'redirected' ? [s.body] : s.body;
        return this.withRedirects(s.redirects, s.text, scope, io, (stdin) => this.walkList(body, inner, { ...io, stdin }));
      }
      case 'func':
        scope.functions.set(s.name, s.body);
        return noOutput;
      case 'for':
        return this.forLoop(s, scope, io);
      case 'control': {
        expandWords(s.words, scope, this.substitutions(scope, io));
        return this.walkList(s.body, scope, io);
      }
      case 'test': {
        const out = this.walkList(s.subs, scope, io);
        if (s.text !== undefined) this.testArithmetic(s.text, scope, io);
        return out;
      }
    }
  }

  private forLoop(s: Stmt & { type: 'for' }, scope: Scope, io: Io): Output {
    const run = this.substitutions(scope, io);
    const values = s.values ? expandWords(s.values, scope, run) : undefined;
    if (values && values.length > 0 && values.length <= maxLoopUnroll && values.every((v) => v.known && !v.glob)) {
      const outputs = values.map((v) => {
        scope.set(s.variable, { known: true, value: v.value });
        return this.walkList(s.body, scope, io);
      });
      return mergeOutputs(outputs);
    }
    const only = values?.length === 1 ? values[0]! : undefined;
    // `for f in *.log`: each value is one match of the pattern, which the effect preview can expand.
    scope.set(s.variable, only?.known && only.glob ? { known: true, value: only.pattern, glob: true } : unknownValue);
    return this.walkList(s.body, scope, io);
  }

  private declaration(s: Stmt & { type: 'decl' }, scope: Scope, io: Io): Output {
    const run = this.substitutions(scope, io);
    const flags = expandWords(s.words, scope, run).map((f) => f.value);
    const exported = s.keyword === 'export' || flags.some((f) => /^-\w*x/.test(f));
    const attribute = flags.some((f) => /^-\w*i/.test(f)) ? 'i' : flags.some((f) => /^-\w*A/.test(f)) ? 'A' : undefined;
    if (attribute) for (const a of s.assigns) scope.attributes.set(a.name, attribute);
    const findings: Finding[] = [];
    for (const a of s.assigns) {
      if (a.value === undefined && a.array === undefined) {
        if (exported) scope.export(a.name);
        continue;
      }
      const value = this.assignValue(a, scope, io);
      scope.set(a.name, exported ? { ...value, exported: true } : value);
      const hijack = exported ? envHijack(a.name, value) : undefined;
      if (hijack) findings.push(finding('shell.env-hijack', s.text, hijack));
    }
    if (findings.length > 0) {
      this.records.push({ name: s.keyword, argv: [s.keyword], text: s.text, cwd: scope.cwd, via: [...io.via], findings, effects: [], matchArgs: [] });
    }
    return noOutput;
  }

  private command(s: Stmt & { type: 'cmd' }, scope: Scope, io: Io): Output {
    const run = this.substitutions(scope, io);
    const assigns = s.assigns.map((a) => [a.name.replace(/\[\]$/, ''), this.assignValue(a, scope, io)] as const);
    const fields = expandWords(s.words, scope, run);
    if (fields.length === 0) {
      // Assignments alone persist in the shell; a redirection alone still opens (and truncates) its file.
      for (const [n, v] of assigns) scope.set(n, v);
      if (s.redirects.length === 0) return noOutput;
      const inv = this.invocation([], s.text, scope, io, io.stdin, []);
      const ctx = new CommandContext(inv);
      const { stdin } = this.redirects(s.redirects, ctx, scope, io);
      // `$(< file)` is bash's fast `cat file`.
      const reads = ctx.effects.filter((e) => e.kind === 'read');
      this.emit(inv, '', ctx.findings, ctx.effects, undefined);
      return { network: false, decoded: false, reads: reads.length > 0, secrets: ctx.secretReads(), ...(stdin?.kind === 'text' ? { text: stdin.text, ...(stdin.known ? {} : { partial: true }) } : {}) };
    }
    const probe = new CommandContext(this.invocation(fields, s.text, scope, io, io.stdin, assigns));
    const { stdin, netOut } = this.redirects(s.redirects, probe, scope, io);
    // `FOO=1 cmd`: the words were expanded without FOO; cmd and what it starts see it in their environment.
    let cmdScope = scope;
    if (assigns.length > 0) {
      cmdScope = scope.fork();
      for (const [n, v] of assigns) cmdScope.set(n, { ...v, exported: true });
    }
    const inv = this.invocation(fields, s.text, cmdScope, io, stdin ?? io.stdin, assigns);
    const out = this.invoke(inv, probe.findings, probe.effects);
    if (netOut) this.uploadThroughSocket(out, inv);
    return out;
  }

  protected override invocation(argv: readonly Field[], text: string, scope: Scope, io: Io, stdin: Stdin, assigns: readonly (readonly [string, VarValue])[]): Invocation {
    return { argv, name: argv[0] ? commandName(argv[0].value) : '', text, scope, via: io.via, stdin, line: this.line, assigns };
  }

  /**
   * Applies redirections: writes and reads become effects, input redirections replace stdin. Bash's
   * `/dev/tcp/host/port` is a network connection: output sent there is an upload (`netOut`).
   */
  private redirects(redirects: readonly Redirect[], ctx: CommandContext, scope: Scope, io: Io): { stdin?: Stdin; netOut: boolean } {
    const run = this.substitutions(scope, io);
    let stdin: Stdin | undefined;
    let netOut = false;
    for (const r of redirects) {
      if (r.heredoc) {
        const t = r.heredoc.quoted ? { text: textOf(r.heredoc.body), known: true, secrets: [] } : expandTemplate(r.heredoc.body, scope, run);
        stdin = { kind: 'text', ...t };
        continue;
      }
      if (!r.target) continue;
      if (r.op === '<<<') {
        const t = expandTemplate(r.target, scope, run);
        stdin = { kind: 'text', ...t, text: `${t.text}\n` };
        continue;
      }
      const target = expandWord(r.target, scope, run)[0];
      if (!target) continue;
      const socket = /^\/dev\/(tcp|udp)\/([^/]+)\/([^/]+)$/.exec(target.value);
      if (socket) {
        ctx.fetch(`${socket[2]}:${socket[3]}`, !target.known);
        ctx.find('shell.remote-shell', `opens a network connection to ${socket[2]}:${socket[3]} through /dev/${socket[1]}`);
        if (r.op !== '<') netOut = true;
        if (r.op === '<' || r.op === '<>') stdin = { kind: 'pipe', from: { network: true, decoded: false, reads: false, secrets: [] } };
        continue;
      }
      if (r.op === '<' || r.op === '<>') {
        ctx.read(target);
        stdin = { kind: 'file', field: target };
      }
      if (r.op !== '<') {
        const truncate = r.op === '>' || r.op === '>|' || r.op === '&>' || r.op === '<>';
        const ref = ctx.write(target, truncate ? { truncate: true } : {});
        if (ref) ctx.find('shell.redirect-write', `writes its output to ${ref.path}`);
      }
    }
    return { ...(stdin ? { stdin } : {}), netOut };
  }

  private withRedirects(redirects: readonly Redirect[], text: string, scope: Scope, io: Io, body: (stdin: Stdin) => Output): Output {
    if (redirects.length === 0) return body(io.stdin);
    const inv = this.invocation([], text, scope, io, io.stdin, []);
    const ctx = new CommandContext(inv);
    const { stdin, netOut } = this.redirects(redirects, ctx, scope, io);
    const start = this.records.length;
    const out = body(stdin ?? io.stdin);
    if (netOut) this.uploadThroughSocket(out, inv);
    const first = this.records[start];
    if (first) {
      first.findings.push(...ctx.findings.filter((f) => !first.findings.some((g) => g.rule === f.rule && g.reason === f.reason)));
      first.effects.push(...ctx.effects);
    } else if (ctx.effects.length > 0) {
      this.emit(inv, '', ctx.findings, ctx.effects, undefined);
    }
    return out;
  }

  protected override emit(inv: Invocation, name: string, findings: readonly Finding[], effects: readonly DerivedAction[], matchArgs: readonly string[] | undefined): MutableCommand {
    const argv = inv.argv.map((a) => a.value);
    const record: MutableCommand = {
      name,
      argv,
      text: inv.text,
      cwd: inv.scope.cwd,
      via: [...inv.via],
      findings: [...findings],
      effects: [...effects],
      matchArgs: [...(matchArgs ?? argv.slice(1))],
    };
    this.records.push(record);
    return record;
  }

  /** Runs one command: a function of the line, a builtin that changes the shell, or a classified program. */
  private invoke(inv: Invocation, redirectFindings: readonly Finding[], redirectEffects: readonly DerivedAction[]): Output {
    const argv0 = inv.argv[0]!;
    const hijacks = inv.assigns.flatMap(([n, v]) => {
      const why = envHijack(n, v);
      return why ? [finding('shell.env-hijack', inv.text, why)] : [];
    });
    if (!argv0.known) {
      const ctx = new CommandContext(inv);
      ctx.find('shell.dynamic-command', `runs a command whose name (${argv0.value}) is only known when it runs`);
      for (const a of inv.argv.slice(1)) if (a.known && (a.value.startsWith('/') || a.value.startsWith('.'))) ctx.read(a);
      this.emit(inv, '', [...hijacks, ...redirectFindings, ...ctx.findings], [...redirectEffects, ...ctx.effects], undefined);
      return noOutput;
    }
    const bypassFunctions = inv.via.at(-1) === 'command' || inv.via.at(-1) === 'builtin';
    const fn = bypassFunctions ? undefined : inv.scope.functions.get(inv.name);
    if (fn && !argv0.value.includes('/')) return this.callFunction(inv, fn, [...hijacks, ...redirectFindings], redirectEffects);

    this.builtin(inv);
    if (inv.name === 'let') this.letBuiltin(inv);
    const cls = classify(inv);
    const own = [...hijacks, ...redirectFindings, ...cls.findings];
    const effects = [...redirectEffects, ...cls.effects];
    if (cls.wrapper && cls.nested.length > 0) {
      const start = this.records.length;
      const outputs = cls.nested.map((n) => this.runNested(n, inv));
      const produced = this.records.slice(start);
      if (produced.length === 0) {
        this.emit(inv, inv.name, own, effects, cls.matchArgs);
      } else {
        for (const r of produced) r.findings.unshift(...own.filter((f) => !r.findings.some((g) => g.rule === f.rule)));
        produced[0]!.effects.unshift(...effects);
      }
      return outputs.length > 0 ? mergeOutputs(outputs) : cls.output;
    }
    this.emit(inv, inv.name, own, effects, cls.matchArgs);
    for (const n of cls.nested) this.runNested(n, inv);
    return cls.output;
  }

  /** Output redirected into `/dev/tcp`: an upload of whatever the command read. */
  private uploadThroughSocket(out: Output, inv: Invocation): void {
    const last = this.records.at(-1);
    if (!last) return;
    if (out.secrets.length > 0) last.findings.push(finding('shell.upload-secret', inv.text, `sends ${out.secrets.join(', ')} over the network`));
    else if (out.reads) last.findings.push(finding('shell.upload', inv.text, 'sends local data to another machine'));
  }

  /** Builtins that change the state later commands see: the folder, positional parameters, read variables. */
  private builtin(inv: Invocation): void {
    const scope = inv.scope;
    const args = inv.argv.slice(1);
    switch (inv.name) {
      case 'cd':
      case 'pushd': {
        const operands = args.filter((a) => !(a.known && /^-[LPe@]+$/.test(a.value)));
        const target = operands[0];
        const before = scope.cwd;
        if (!target) scope.cwd = inv.name === 'cd' ? scope.home : before;
        else if (target.value === '-' && target.known) scope.cwd = scope.oldCwd;
        else if (!target.known) scope.cwd = undefined;
        else if (target.value.startsWith('/')) scope.cwd = normalize(target.value);
        else scope.cwd = before === undefined ? undefined : normalize(path.posix.join(before, target.value));
        scope.oldCwd = before;
        return;
      }
      case 'popd':
        scope.cwd = undefined;
        return;
      case 'read':
      case 'mapfile':
      case 'readarray':
      case 'getopts':
        for (const a of args) if (a.known && /^[A-Za-z_]\w*$/.test(a.value)) scope.set(a.value, unknownValue);
        if (inv.name === 'read' && !args.some((a) => a.known && /^[A-Za-z_]\w*$/.test(a.value))) scope.set('REPLY', unknownValue);
        return;
      case 'shift':
        scope.positional = scope.positional?.slice(Number(args[0]?.value ?? '1') || 1);
        return;
      case 'set':
        if (args.some((a) => a.value === '--')) scope.positional = undefined;
        return;
    }
  }

  /** `let e...`: each argument, after expansion, is an arithmetic expression. */
  private letBuiltin(inv: Invocation): void {
    const io: Io = { stdin: inv.stdin, via: inv.via };
    for (const a of inv.argv.slice(1)) {
      if (a.known) this.arithmetic(a.value, inv.text, inv.scope, io, false);
      else this.arithmeticUnknown(a.value.replace(/^\$/, ''), inv.text, inv.scope, io);
    }
  }

  private callFunction(inv: Invocation, body: Stmt, findings: readonly Finding[], effects: readonly DerivedAction[]): Output {
    if (this.callStack.includes(inv.name)) {
      const ctx = new CommandContext(inv);
      ctx.find('shell.recursive-function', `calls the function ${inv.name} from inside itself`);
      this.emit(inv, inv.name, [...findings, ...ctx.findings], effects, undefined);
      return noOutput;
    }
    this.callStack.push(inv.name);
    const saved = inv.scope.positional;
    inv.scope.positional = inv.argv.slice(1);
    const start = this.records.length;
    try {
      return this.walk(body, inv.scope, { stdin: inv.stdin, via: [...inv.via, `${inv.name}()`] });
    } finally {
      inv.scope.positional = saved;
      this.callStack.pop();
      const first = this.records[start];
      if (first) {
        first.findings.unshift(...findings);
        first.effects.unshift(...effects);
      } else if (findings.length > 0 || effects.length > 0) {
        this.emit(inv, inv.name, findings, effects, undefined);
      }
    }
  }

  private runNested(n: Nested, outer: Invocation): Output {
    if (this.nesting >= maxNesting) {
      this.problem(`wrappers and nested scripts deeper than ${maxNesting} levels`);
      this.emit(outer, outer.name, [finding('shell.unparsable', outer.text, `nests wrappers or scripts deeper than ${maxNesting} levels`)], [], undefined);
      return noOutput;
    }
    this.nesting++;
    try {
      const via = [...outer.via, n.via];
      if (n.kind === 'argv') {
        if (n.argv.length === 0) return noOutput;
        let scope = outer.scope;
        if (n.cwd !== undefined || (n.env && n.env.length > 0)) {
          scope = outer.scope.fork();
          if (n.cwd !== undefined) scope.cwd = n.cwd ?? undefined;
          for (const [k, v] of n.env ?? []) scope.set(k, { ...v, exported: true });
        }
        const inv: Invocation = {
          argv: n.argv,
          name: commandName(n.argv[0]!.value),
          text: outer.text,
          scope,
          via,
          stdin: n.stdin ?? outer.stdin,
          line: this.line,
          assigns: n.env ?? [],
        };
        return this.invoke(inv, [], []);
      }
      const parsed = this.parser.parse(n.text);
      if (!parsed.ok) {
        for (const p of parsed.problems) this.problem(`${n.via}: ${p}`);
        this.emit({ ...outer, via }, '', [finding('shell.unparsable', n.text.slice(0, 80), `could not be parsed (${n.via})`)], [], undefined);
      }
      const scope = n.sameShell ? outer.scope : outer.scope.child(n.positional);
      return this.walkList(parsed.body, scope, { stdin: n.stdin ?? outer.stdin, via });
    } finally {
      this.nesting--;
    }
  }
}


function textOf(word: Word): string {
  return word.parts.map((p) => (p.t === 'lit' ? p.v : '')).join('');
}
