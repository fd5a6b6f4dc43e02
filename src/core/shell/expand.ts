import type { Stmt, Word, WordPart } from './ast';
import { defaultIfs, type Field, type Scope, type VarValue } from './scope';

/** Output of the commands inside a substitution, as far as the argument that receives it is concerned. */
export interface SubstitutionOutput {
  readonly secrets: readonly string[];
  readonly network: boolean;
  readonly decoded: boolean;
}

/**
 * Walks the commands of a command or process substitution (they run before the command that uses them);
 * `arithmetic` judges `$(( ... ))` and `${a[i]}`, whose operands bash evaluates as arithmetic.
 */
export type SubstitutionRunner = ((body: readonly Stmt[], kind: 'cmdsub' | 'procsub') => SubstitutionOutput) & {
  readonly arithmetic?: (text: string) => void;
};

interface Segment {
  readonly text: string;
  readonly quoted: boolean;
  readonly known: boolean;
  /** Came from an expansion: unquoted, it is split on whitespace. */
  readonly expansion: boolean;
  readonly glob?: boolean;
}

interface Taint {
  secrets: Set<string>;
  network: boolean;
  decoded: boolean;
  procsub: boolean;
}

const maxBraceFields = 256;

/** Expands one word the way bash would, into zero or more fields. */
export function expandWord(word: Word, scope: Scope, run: SubstitutionRunner): Field[] {
  const taint: Taint = { secrets: new Set(), network: false, decoded: false, procsub: false };
  const positional = positionalFields(word, scope);
  if (positional) return positional;

  if (word.parts.length > 0 && word.parts.every((p) => p.t === 'lit' && !p.quoted)) {
    const text = word.parts.map((p) => (p.t === 'lit' ? p.v : '')).join('');
    const expanded = text.includes('{') ? braceExpand(text) : [text];
    return expanded.flatMap((t) => build([{ text: t, quoted: false, known: true, expansion: false }], scope, taint, true));
  }
  const segs = word.parts.flatMap((p) => segment(p, scope, run, taint));
  return build(segs, scope, taint, word.parts[0]?.t === 'lit' && !word.parts[0].quoted);
}

export function expandWords(words: readonly Word[], scope: Scope, run: SubstitutionRunner): Field[] {
  return words.flatMap((w) => expandWord(w, scope, run));
}

/** An assignment's value: no splitting or globbing, tilde only at the start. */
export function expandValue(word: Word, scope: Scope, run: SubstitutionRunner): VarValue {
  const taint: Taint = { secrets: new Set(), network: false, decoded: false, procsub: false };
  let segs = word.parts.flatMap((p) => segment(p, scope, run, taint));
  if (word.parts[0]?.t === 'lit' && !word.parts[0].quoted) segs = tilde(segs, scope);
  const secrets = [...taint.secrets];
  if (segs.every((s) => s.known)) return { known: true, value: segs.map((s) => s.text).join(''), secrets };
  return { known: false, secrets };
}

/**
 * Text of a here-document or here-string for a program that will read it as code: known parts substituted,
 * unknown ones left as variables (`$__airlock_unknown` for substitutions) so a nested analysis sees them as unknown.
 */
export function expandTemplate(word: Word, scope: Scope, run: SubstitutionRunner): { text: string; known: boolean; secrets: string[] } {
  const taint: Taint = { secrets: new Set(), network: false, decoded: false, procsub: false };
  const segs = word.parts.flatMap((p) => segment(p, scope, run, taint));
  return {
    text: segs.map((s) => (s.known ? s.text : s.text === '$(...)' ? '$__airlock_unknown' : s.text)).join(''),
    known: segs.every((s) => s.known),
    secrets: [...taint.secrets],
  };
}

/** `"$@"` and `$*` alone: one field per known positional parameter. */
function positionalFields(word: Word, scope: Scope): Field[] | undefined {
  const only = word.parts.length === 1 ? word.parts[0] : undefined;
  if (only?.t !== 'var' || (only.name !== '@' && only.name !== '*') || !scope.positional) return undefined;
  return [...scope.positional];
}

function segment(p: WordPart, scope: Scope, run: SubstitutionRunner, taint: Taint): Segment[] {
  switch (p.t) {
    case 'lit':
      return [{ text: p.v, quoted: p.quoted, known: true, expansion: false }];
    case 'var':
      return variable(p, scope, run, taint);
    case 'cmdsub': {
      const out = run(p.body, 'cmdsub');
      out.secrets.forEach((s) => taint.secrets.add(s));
      taint.network ||= out.network;
      taint.decoded ||= out.decoded;
      return [{ text: '$(...)', quoted: p.quoted, known: false, expansion: true }];
    }
    case 'procsub': {
      const out = run(p.body, 'procsub');
      out.secrets.forEach((s) => taint.secrets.add(s));
      taint.network ||= out.network;
      taint.decoded ||= out.decoded;
      taint.procsub = true;
      return [{ text: '/dev/fd/63', quoted: true, known: true, expansion: false }];
    }
    case 'opaque':
      run.arithmetic?.(p.text);
      for (const s of p.subs) {
        const out = run([s], 'cmdsub');
        out.secrets.forEach((x) => taint.secrets.add(x));
        taint.network ||= out.network;
      taint.decoded ||= out.decoded;
      }
      return [{ text: p.text, quoted: p.quoted, known: false, expansion: true }];
  }
}

function variable(p: WordPart & { t: 'var' }, scope: Scope, run: SubstitutionRunner, taint: Taint): Segment[] {
  if ((p.name === '@' || p.name === '*') && scope.positional) {
    const known = scope.positional.every((f) => f.known);
    scope.positional.forEach((f) => f.secrets.forEach((s) => taint.secrets.add(s)));
    return [{ text: scope.positional.map((f) => f.value).join(' '), quoted: p.quoted, known, expansion: true }];
  }
  const v = scope.lookup(p.name);
  v.secrets?.forEach((s) => taint.secrets.add(s));
  const raw = `$${p.name}`;
  const unknown: Segment = { text: raw, quoted: p.quoted, known: false, expansion: true };
  const value = (x: string): Segment => ({ text: x, quoted: p.quoted, known: true, expansion: true, glob: v.known && v.glob });
  const alternative = (): Segment[] => (p.arg ? p.arg.parts.flatMap((q) => segment(q.t === 'procsub' ? q : { ...q, quoted: q.quoted || p.quoted }, scope, run, taint)) : []);
  switch (p.op) {
    case undefined:
    case '?':
    case ':?':
      return [v.known ? value(v.value) : unknown];
    case '-':
    case ':-':
    case '=':
    case ':=': {
      if (!v.known) return [unknown];
      if (v.value !== '') return [value(v.value)];
      const alt = alternative();
      if (p.op.endsWith('=') && alt.every((s) => s.known)) scope.set(p.name, { known: true, value: alt.map((s) => s.text).join('') });
      return alt;
    }
    case '+':
    case ':+':
      if (!v.known) return [unknown];
      return v.value === '' ? [] : alternative();
    default:
      return [unknown];
  }
}

/** `~`, `~/x`, `~+`, `~-` at the start of an unquoted word; `~user` is unknown. */
function tilde(segs: Segment[], scope: Scope): Segment[] {
  const first = segs[0];
  if (!first || first.quoted || first.expansion || !first.text.startsWith('~')) return segs;
  const slash = first.text.indexOf('/');
  const prefix = slash < 0 ? first.text : first.text.slice(0, slash);
  const rest = slash < 0 ? '' : first.text.slice(slash);
  // `~"x"` and `~$X`: a quoted or expanded character in the tilde prefix turns expansion off.
  if (slash < 0 && segs.length > 1 && (segs[1]!.quoted || segs[1]!.expansion || !segs[1]!.text.startsWith('/'))) return segs;
  let home: string | undefined;
  if (prefix === '~') home = scope.home;
  else if (prefix === '~+') home = scope.cwd;
  else if (prefix === '~-') home = scope.oldCwd;
  else if (/^~[a-z_][\w-]*$/i.test(prefix)) home = undefined;
  else return segs;
  const head: Segment =
    home === undefined ? { text: prefix, quoted: true, known: false, expansion: false } : { text: home, quoted: true, known: true, expansion: false };
  return [head, ...(rest ? [{ ...first, text: rest }] : []), ...segs.slice(1)];
}

interface Builder {
  value: string;
  pattern: string;
  known: boolean;
  glob: boolean;
  keep: boolean;
}

function build(segs: Segment[], scope: Scope, taint: Taint, tildeAllowed: boolean): Field[] {
  const input = tildeAllowed ? tilde(segs, scope) : segs;
  const fields: Builder[] = [];
  let cur: Builder | undefined;
  const start = (): Builder => {
    const b: Builder = { value: '', pattern: '', known: true, glob: false, keep: false };
    fields.push(b);
    return b;
  };
  const append = (s: Segment, text: string): void => {
    cur ??= start();
    cur.value += text;
    // Unquoted text globs; a loop variable over a pattern (`for f in *.log`) stands for matches even when quoted.
    const globbing = s.known && hasGlob(text) && (!s.quoted || s.glob === true);
    cur.pattern += (s.quoted && s.glob !== true) || !s.known ? escapeGlob(text) : text;
    cur.glob ||= globbing;
    cur.known &&= s.known;
    cur.keep ||= s.quoted || !s.known || text !== '';
  };
  const ifs = scope.lookup('IFS');
  for (const s of input) {
    if (s.expansion && !s.quoted && s.known && !ifs.known) {
      // Split on separators only known when it runs: the fields, and so the command they form, are unknown.
      append({ ...s, known: false }, s.text);
    } else if (s.expansion && !s.quoted && s.known) {
      splitOnIfs(s.text, ifs.known ? ifs.value : defaultIfs).forEach((piece, i) => {
        if (i > 0) cur = undefined;
        if (piece.text !== '') append(s, piece.text);
        else if (piece.empty) (cur ??= start()).keep = true;
      });
    } else {
      append(s, s.text);
    }
  }
  const secrets = [...taint.secrets];
  return fields
    .filter((b) => b.keep)
    .map((b) => ({
      value: b.value,
      known: b.known,
      glob: b.glob,
      pattern: b.pattern,
      secrets,
      ...(taint.procsub ? { procsub: true } : {}),
      ...(taint.network ? { fromNetwork: true } : {}),
      ...(taint.decoded ? { fromDecoded: true } : {}),
    }));
}

interface Piece {
  readonly text: string;
  /** An empty field between two separators that are not white space (`a,,b` with IFS=,). */
  readonly empty: boolean;
}

const ifsWhite = (ch: string, ifs: string): boolean => (ch === ' ' || ch === '\t' || ch === '\n') && ifs.includes(ch);

/**
 * Word splitting of an expansion's text (bash(1), Word Splitting): runs of IFS white space separate fields and are
 * trimmed at the ends; every other IFS character, with the white space around it, ends a field. Each piece after
 * the first starts a new field.
 */
function splitOnIfs(text: string, ifs: string): Piece[] {
  if (ifs === '') return [{ text, empty: false }];
  if (ifs === defaultIfs) return text.split(/[ \t\n]+/).map((t) => ({ text: t, empty: false }));
  const out: Piece[] = [];
  let cur = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (!ifs.includes(ch)) {
      cur += ch;
      i++;
      continue;
    }
    let hard = false;
    while (i < text.length && ifsWhite(text[i]!, ifs)) i++;
    if (i < text.length && ifs.includes(text[i]!) && !ifsWhite(text[i]!, ifs)) {
      hard = true;
      i++;
      while (i < text.length && ifsWhite(text[i]!, ifs)) i++;
    }
    out.push({ text: cur, empty: hard && cur === '' && out.length > 0 });
    cur = '';
  }
  out.push({ text: cur, empty: false });
  return out;
}

export const hasGlob = (s: string): boolean => /[*?]|\[[^\]]+\]/.test(s);
const escapeGlob = (s: string): string => s.replace(/[*?[\]\\]/g, '\\$&');

/** Bash brace expansion of a literal word: `{a,b}` alternatives and `{1..3}` sequences, capped. */
export function braceExpand(s: string): string[] {
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '{' || s[i - 1] === '$') continue;
    let depth = 0;
    const commas: number[] = [];
    let j = i;
    for (; j < s.length; j++) {
      const c = s[j];
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
      else if (c === ',' && depth === 1) commas.push(j);
    }
    if (j >= s.length) return [s];
    const pre = s.slice(0, i);
    const body = s.slice(i + 1, j);
    const post = s.slice(j + 1);
    let alternatives: string[] | undefined;
    if (commas.length > 0) {
      alternatives = [];
      let from = i + 1;
      for (const c of [...commas, j]) {
        alternatives.push(s.slice(from, c));
        from = c + 1;
      }
    } else {
      alternatives = sequence(body);
    }
    if (!alternatives) continue;
    const out: string[] = [];
    for (const alt of alternatives) {
      for (const r of braceExpand(pre + alt + post)) {
        if (out.length >= maxBraceFields) return out;
        out.push(r);
      }
    }
    return out;
  }
  return [s];
}

function sequence(body: string): string[] | undefined {
  const num = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body);
  if (num) {
    const a = Number(num[1]);
    const b = Number(num[2]);
    const step = Math.max(1, Math.abs(Number(num[3] ?? 1)));
    const out: string[] = [];
    for (let x = a; a <= b ? x <= b : x >= b; x += a <= b ? step : -step) {
      out.push(String(x));
      if (out.length >= maxBraceFields) break;
    }
    return out;
  }
  const chr = /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(body);
  if (chr) {
    const a = chr[1]!.charCodeAt(0);
    const b = chr[2]!.charCodeAt(0);
    const out: string[] = [];
    for (let x = a; a <= b ? x <= b : x >= b; x += a <= b ? 1 : -1) out.push(String.fromCharCode(x));
    return out;
  }
  return undefined;
}
