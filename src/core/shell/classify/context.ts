import * as path from 'node:path';
import { display, finding, type ShellRuleId } from '../rules';
import type { Field, Scope, VarValue } from '../scope';
import { holdsSecrets, isSecretPath } from '../secrets';
import { isPseudoFile, sensitiveWrite } from '../sensitive';
import type { DerivedAction, Finding } from '../types';

/** What a command's output carries, for the next stage of a pipeline or the argument that captures it. */
export interface Output {
  /** Content fetched from the network. */
  readonly network: boolean;
  /** Content decoded from a hidden form (`base64 -d`, `xxd -r`). */
  readonly decoded: boolean;
  /** Content read from local files (`tar c .`, `cat notes.txt`). */
  readonly reads: boolean;
  /** Secret sources in the output (paths, or `environment`). */
  readonly secrets: readonly string[];
  /** The output text when it is known (`echo`, `printf`, `cat` of a here-document). */
  readonly text?: string;
  /** `text` has parts only known at run time, written as variables (`$X`, `$__airlock_unknown`). */
  readonly partial?: boolean;
}

export const noOutput: Output = { network: false, decoded: false, reads: false, secrets: [] };

export type Stdin =
  | { readonly kind: 'none' }
  | { readonly kind: 'pipe'; readonly from: Output }
  | { readonly kind: 'file'; readonly field: Field }
  | { readonly kind: 'text'; readonly text: string; readonly known: boolean; readonly secrets: readonly string[] };

/** State shared by every command of one line. */
export interface LineState {
  /** Absolute paths that an earlier command of the line wrote or downloaded (running them is running generated code). */
  readonly generated: Set<string>;
  /** Paths downloaded from the network earlier in the line. */
  readonly downloaded: Set<string>;
  /** Links an earlier command of the line made (`ln -s`), absolute link path -> absolute target. */
  readonly links: Map<string, string>;
}

/** Links of a chain followed before giving up (the kernel's limit is 40; a line makes few). */
const maxLinkHops = 8;

/**
 * A path seen through the links this line made: every component, or all but the last (`entry`, what a delete
 * or rename acts on: the link itself, unless the name ends in `/`).
 */
export function throughLinks(p: string, links: ReadonlyMap<string, string>, entry = false): string {
  if (links.size === 0) return p;
  let current = p;
  for (let hop = 0; hop < maxLinkHops; hop++) {
    let best: string | undefined;
    for (const link of links.keys()) {
      const inside = current === link ? !entry : current.startsWith(link.endsWith('/') ? link : `${link}/`);
      if (inside && (best === undefined || link.length > best.length)) best = link;
    }
    if (best === undefined) return current;
    current = normalize(links.get(best)! + current.slice(best.length));
  }
  return current;
}

/** A command about to run, after expansion and unwrapping. */
export interface Invocation {
  /** argv[0] is the command word as written. */
  readonly argv: readonly Field[];
  /** Basename of argv[0], normalised (`python3.12` stays, `/bin/rm` -> `rm`). */
  readonly name: string;
  readonly text: string;
  readonly scope: Scope;
  readonly via: readonly string[];
  readonly stdin: Stdin;
  readonly line: LineState;
  /** Prefix assignments (`FOO=1 cmd`): environment of this command only. */
  readonly assigns: readonly (readonly [string, VarValue])[];
}

/** Something a command runs in turn: another argv (sudo, xargs, find -exec) or script text (bash -c, eval). */
export type Nested =
  | {
      readonly kind: 'argv';
      readonly argv: readonly Field[];
      readonly via: string;
      /** Working folder for it, when the wrapper changes it (`env -C`, `sudo -D`, `git -C`); null when unknown. */
      readonly cwd?: string | null;
      readonly env?: readonly (readonly [string, VarValue])[];
      readonly stdin?: Stdin;
    }
  | {
      readonly kind: 'script';
      readonly text: string;
      /** False when parts of the text are unknown until it runs. */
      readonly known: boolean;
      readonly via: string;
      readonly positional?: readonly Field[];
      /** `eval`, `source`, `trap`: runs in the current shell, so its `cd` and variables persist. */
      readonly sameShell?: boolean;
      readonly stdin?: Stdin;
    };

export interface Classification {
  readonly findings: readonly Finding[];
  readonly effects: readonly DerivedAction[];
  readonly output: Output;
  readonly nested: readonly Nested[];
  /** A wrapper is not reported itself when it runs something: its findings and effects go to what it runs. */
  readonly wrapper: boolean;
  readonly matchArgs?: readonly string[];
}

/** Resolved path of an argument: absolute when known, the raw text otherwise. */
export interface PathRef {
  readonly path: string;
  readonly unknown: boolean;
  readonly glob: boolean;
}

/** Builder the classifiers use: findings, effects and nested runs of one command. */
export class CommandContext {
  readonly findings: Finding[] = [];
  readonly effects: DerivedAction[] = [];
  readonly nested: Nested[] = [];
  output: Output = noOutput;
  wrapper = false;
  matchArgs?: string[];
  readonly display: string;

  constructor(readonly inv: Invocation) {
    this.display = inv.argv.length > 0 ? display(inv.argv.map((a) => a.value)) : display([inv.text]).replace(/^'|'$/g, '');
  }

  get args(): readonly Field[] {
    return this.inv.argv.slice(1);
  }

  get cwd(): string | undefined {
    return this.inv.scope.cwd;
  }

  get home(): string {
    return this.inv.scope.home;
  }

  find(rule: ShellRuleId, what?: string): void {
    if (this.findings.some((f) => f.rule === rule && what === undefined)) return;
    this.findings.push(finding(rule, this.display, what));
  }

  /** `entry`: the directory entry itself (delete, rename), so a link this line made is not followed at the end. */
  resolve(field: Field, cwd: string | undefined = this.cwd, entry = false): PathRef {
    const raw = field.glob ? field.pattern : field.value;
    if (!field.known) return { path: raw, unknown: true, glob: false };
    if (!raw.startsWith('/') && cwd === undefined) return { path: raw, unknown: true, glob: field.glob };
    const absolute = normalize(raw.startsWith('/') ? raw : path.posix.join(cwd!, raw));
    return { path: throughLinks(absolute, this.inv.line.links, entry), unknown: false, glob: field.glob };
  }

  private action(kind: DerivedAction['kind'], ref: PathRef, extra: Partial<DerivedAction>): DerivedAction {
    return {
      kind,
      path: ref.path,
      ...(ref.unknown ? { unknown: true } : {}),
      ...(ref.glob ? { glob: true } : {}),
      ...extra,
    };
  }

  /** A read of a file argument; secret reads taint the command's output. */
  read(field: Field, opts: { recursive?: boolean; cwd?: string } = {}): PathRef | undefined {
    if (field.procsub || field.value === '') return undefined;
    const ref = this.resolve(field, opts.cwd ?? this.cwd);
    if (!ref.unknown && isPseudoFile(ref.path)) return undefined;
    this.effects.push(this.action('read', ref, opts.recursive ? { recursive: true } : {}));
    return ref;
  }

  /** Secret sources among the read effects so far (files, and folders that hold secrets when read recursively). */
  secretReads(): string[] {
    const out: string[] = [];
    for (const e of this.effects) {
      if (e.kind !== 'read' || !e.path) continue;
      if (isSecretPath(e.path, this.home) || (e.recursive && !e.unknown && holdsSecrets(e.path, this.home))) out.push(e.path);
    }
    return out;
  }

  /** `entry`: the name itself is written (`ln` making a link), not what a link of this line points to. */
  write(field: Field, opts: { truncate?: boolean; recursive?: boolean; cwd?: string; entry?: boolean } = {}): PathRef | undefined {
    if (field.procsub || field.value === '') return undefined;
    const ref = this.resolve(field, opts.cwd ?? this.cwd, opts.entry);
    if (!ref.unknown && isPseudoFile(ref.path)) return undefined;
    this.effects.push(this.action('write', ref, { ...(opts.truncate ? { truncate: true } : {}), ...(opts.recursive ? { recursive: true } : {}) }));
    this.checkSensitive(ref);
    if (!ref.unknown) this.inv.line.generated.add(ref.path);
    return ref;
  }

  /**
   * A delete acts on the entry: a link is removed, not what it points to. A name ending in `/` (or `/.`) names
   * the folder a link points to (POSIX path resolution), so `rm -r link/` empties the target: a link this line
   * made is followed here, any other keeps its slash so the path guard follows it on disk.
   */
  delete(field: Field, opts: { recursive?: boolean; cwd?: string } = {}): PathRef | undefined {
    if (field.procsub || field.value === '') return undefined;
    const follows = field.known && /\/\.?$/.test(field.value) && field.value !== '/';
    const ref = this.resolve(field, opts.cwd ?? this.cwd, !follows);
    if (!ref.unknown && isPseudoFile(ref.path)) return undefined;
    const shown = follows && !ref.unknown && ref.path !== '/' && !ref.glob ? { ...ref, path: `${ref.path}/` } : ref;
    this.effects.push(this.action('delete', shown, opts.recursive ? { recursive: true } : {}));
    return ref;
  }

  rename(from: Field, to: Field): void {
    const a = this.resolve(from, this.cwd, true);
    const b = this.resolve(to);
    this.effects.push({ kind: 'rename', path: a.path, to: b.path, ...(a.unknown || b.unknown ? { unknown: true } : {}), ...(a.glob ? { glob: true } : {}) });
    this.checkSensitive(b);
    if (!b.unknown) this.inv.line.generated.add(b.path);
  }

  fetch(url: string, unknown = false): void {
    this.effects.push({ kind: 'fetch', url, ...(unknown ? { unknown: true } : {}) });
  }

  /** Writes into start-up files, settings, git hooks, PATH folders or raw disks are findings of their own. */
  checkSensitive(ref: PathRef): void {
    if (ref.unknown) return;
    const pathVar = this.inv.scope.lookup('PATH');
    const rule = sensitiveWrite(ref.path, this.home, pathVar.known ? pathVar.value : undefined);
    if (rule) this.find(rule, `${describeSensitive(rule)} (${ref.path})`);
  }

  runArgv(argv: readonly Field[], via: string, extra: Partial<Extract<Nested, { kind: 'argv' }>> = {}): void {
    this.nested.push({ kind: 'argv', argv, via, ...extra });
  }

  runScript(text: string, known: boolean, via: string, extra: Partial<Extract<Nested, { kind: 'script' }>> = {}): void {
    this.nested.push({ kind: 'script', text, known, via, ...extra });
  }

  result(): Classification {
    return {
      findings: this.findings,
      effects: this.effects,
      output: this.output,
      nested: this.nested,
      wrapper: this.wrapper,
      ...(this.matchArgs ? { matchArgs: this.matchArgs } : {}),
    };
  }
}

function describeSensitive(rule: ShellRuleId): string {
  switch (rule) {
    case 'shell.device-write':
      return 'writes to a raw disk device';
    case 'shell.git-config-tamper':
      return 'changes git configuration or hooks that run commands';
    case 'shell.agent-config':
      return 'changes editor, agent or Airlock settings';
    default:
      return 'changes a start-up, schedule or PATH file';
  }
}

/** Path normalisation that keeps a trailing `/.` meaning out: `a/b/..` -> `a`. */
export function normalize(p: string): string {
  const n = path.posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** Text of an argv for script runners (`sh -c`, `eval`): unknown parts become variables that stay unknown. */
export function scriptText(fields: readonly Field[]): { text: string; known: boolean } {
  let known = true;
  const text = fields
    .map((f) => {
      if (f.known) return f.value;
      known = false;
      return f.value.replace(/\$\(\.\.\.\)/g, '$__airlock_unknown');
    })
    .join(' ');
  return { text, known };
}
