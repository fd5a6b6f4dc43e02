import type { Node } from '@vscode/tree-sitter-wasm';
import type { Redirect, Stmt, Word, WordPart } from './ast';

/** Deeper nesting than this is reported as a problem instead of risking the stack. */
const maxDepth = 150;

export const kids = (n: Node): Node[] => n.children.filter((x): x is Node => x !== null);
export const namedKids = (n: Node): Node[] => n.namedChildren.filter((x): x is Node => x !== null);

export const lit = (v: string, quoted: boolean): WordPart => ({ t: 'lit', v, quoted });

/**
 * The word level of the syntax tree's conversion: words with their quoting and expansions, command substitutions
 * inside them, redirections. The statement level (parse.ts) extends it.
 */
export abstract class WordConverter {
  readonly problems: string[] = [];
  protected depth = 0;

  problem(message: string): void {
    if (this.problems.length < 20) this.problems.push(message);
  }



  protected enter(n: Node): boolean {
    if (++this.depth > maxDepth) {
      this.problem(`nesting deeper than ${maxDepth} levels at offset ${n.startIndex}`);
      this.depth--;
      return false;
    }
    return true;
  }

  /** The statements of a node (a command substitution's body). */
  abstract statements(n: Node): Stmt[];

  /** Command and process substitutions anywhere below a node that is otherwise inert (tests, arithmetic). */
  substitutionsIn(n: Node): Stmt[] {
    const out: Stmt[] = [];
    const stack: Node[] = [n];
    while (stack.length > 0) {
      const m = stack.pop()!;
      if (m.type === 'command_substitution' || m.type === 'process_substitution') {
        if (!this.enter(m)) continue;
        try {
          out.push({ type: 'group', body: this.statements(m), redirects: [], text: m.text });
        } finally {
          this.depth--;
        }
      } else {
        stack.push(...namedKids(m).reverse());
      }
    }
    return out;
  }

  word(n: Node): Word {
    if (!this.enter(n)) return { parts: [{ t: 'opaque', text: n.text, quoted: false, subs: [] }], text: n.text };
    try {
      const parts: WordPart[] = [];
      this.parts(n, parts, false);
      return { parts, text: n.text };
    } finally {
      this.depth--;
    }
  }

  protected parts(n: Node, out: WordPart[], quoted: boolean): void {
    switch (n.type) {
      case 'word':
      case 'number':
      case 'extglob_pattern':
      case 'brace_expression':
      case 'regex':
      case 'test_operator':
      case 'variable_name':
      case 'file_descriptor':
      case '$':
        if (quoted) out.push(lit(n.text, true));
        else unquotedWord(n.text, out);
        return;
      case 'string':
      case 'translated_string': {
        const before = out.length;
        for (const k of kids(n)) {
          if (k.type === '"' || k.type === '$"') continue;
          if (k.type === 'string_content') out.push(lit(unescapeDoubleQuoted(k.text), true));
          else if (k.isNamed) this.parts(k, out, true);
          else if (k.type !== '"') out.push(lit(k.text, true));
        }
        if (out.length === before) out.push(lit('', true));
        return;
      }
      case 'raw_string':
        out.push(lit(n.text.slice(1, -1), true));
        return;
      case 'ansi_c_string':
        out.push(lit(decodeAnsiC(n.text.slice(2, -1)), true));
        return;
      case 'concatenation':
        for (const k of kids(n)) this.parts(k, out, quoted);
        return;
      case 'simple_expansion': {
        const name = namedKids(n)[0]?.text ?? n.text.slice(1);
        out.push({ t: 'var', name, quoted });
        return;
      }
      case 'expansion':
        out.push(this.expansion(n, quoted));
        return;
      case 'command_substitution':
        out.push({ t: 'cmdsub', body: this.statements(n), quoted });
        return;
      case 'process_substitution':
        out.push({ t: 'procsub', dir: n.text.startsWith('>') ? '>' : '<', body: this.statements(n) });
        return;
      case 'arithmetic_expansion':
        out.push({ t: 'opaque', text: n.text, quoted, subs: this.substitutionsIn(n) });
        return;
      case 'heredoc_content':
        out.push(lit(n.text, true));
        return;
      default:
        if (!n.isNamed) {
          out.push(lit(n.text, quoted));
          return;
        }
        this.problem(`unsupported syntax '${n.type}' in a word at offset ${n.startIndex}`);
        out.push({ t: 'opaque', text: n.text, quoted, subs: this.substitutionsIn(n) });
    }
  }

  /** `${X}`, `${X:-word}` and friends become variables; anything else is opaque (its value is not computed). */
  protected expansion(n: Node, quoted: boolean): WordPart {
    const children = kids(n).filter((k) => k.type !== '${' && k.type !== '}');
    const first = children[0];
    if (first?.type === 'variable_name' || first?.type === 'special_variable_name') {
      if (children.length === 1) return { t: 'var', name: first.text, quoted };
      const op = children[1];
      if (op && ['-', ':-', '=', ':=', '+', ':+', '?', ':?'].includes(op.type)) {
        const parts: WordPart[] = [];
        for (const k of children.slice(2)) this.parts(k, parts, quoted);
        return { t: 'var', name: first.text, quoted, op: op.type, arg: { parts, text: children.slice(2).map((k) => k.text).join('') } };
      }
    }
    return { t: 'opaque', text: n.text, quoted, subs: this.substitutionsIn(n) };
  }

  protected redirect(n: Node): Redirect | undefined {
    const children = kids(n);
    if (n.type === 'herestring_redirect') {
      const target = namedKids(n).find((k) => k.type !== 'file_descriptor');
      return { op: '<<<', target: target ? this.word(target) : { parts: [], text: '' } };
    }
    if (n.type === 'heredoc_redirect') {
      const op = children.find((k) => k.type === '<<' || k.type === '<<-')?.type ?? '<<';
      const start = children.find((k) => k.type === 'heredoc_start');
      const bodyNode = children.find((k) => k.type === 'heredoc_body');
      const quoted = /['"\\]/.test(start?.text ?? '');
      let body: Word;
      if (!bodyNode) body = { parts: [], text: '' };
      else if (quoted || bodyNode.namedChildCount === 0) body = { parts: [lit(bodyNode.text, true)], text: bodyNode.text };
      else {
        // Literal text before the first expansion is not a child node: take the gaps from the source.
        const parts: WordPart[] = [];
        const text = bodyNode.text;
        const base = bodyNode.startIndex;
        let pos = base;
        for (const k of kids(bodyNode)) {
          if (k.startIndex > pos) parts.push(lit(text.slice(pos - base, k.startIndex - base), true));
          if (k.type === 'heredoc_content') parts.push(lit(k.text, true));
          else this.parts(k, parts, true);
          pos = k.endIndex;
        }
        if (pos < bodyNode.endIndex) parts.push(lit(text.slice(pos - base), true));
        body = { parts, text };
      }
      if (op === '<<-') body = stripLeadingTabs(body);
      return { op, heredoc: { body, quoted } };
    }
    if (n.type !== 'file_redirect') {
      this.problem(`unsupported redirection '${n.type}' at offset ${n.startIndex}`);
      return undefined;
    }
    let fd: number | undefined;
    let op = '>';
    let destination: Node | undefined;
    for (let i = 0; i < children.length; i++) {
      const k = children[i]!;
      const field = n.fieldNameForChild(i);
      if (field === 'descriptor') fd = Number(k.text);
      else if (field === 'destination') destination ??= k;
      else if (!k.isNamed) op = k.type;
    }
    const dup = (op === '>&' || op === '<&' || op === '>&-' || op === '<&-') && (!destination || /^(\d+-?|-)$/.test(destination.text));
    if (dup) return { op, fd };
    return { op: op === '>&' ? '&>' : op, fd, target: destination ? this.word(destination) : { parts: [], text: '' } };
  }
}

/** Splits an unquoted word into literal runs; a backslash quotes the next character (`\*` is not a glob). */
function unquotedWord(text: string, out: WordPart[]): void {
  let run = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      if (run) out.push(lit(run, false));
      run = '';
      const next = text[++i]!;
      if (next !== '\n') out.push(lit(next, true));
    } else {
      run += ch;
    }
  }
  if (run) out.push(lit(run, false));
}

/** Inside double quotes a backslash only escapes `$`, backquote, `"`, `\` and newline. */
function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}

const ansiEscapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** Decodes `$'...'` escapes so `$'\x72\x6d'` is seen as `rm`. */
export function decodeAnsiC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs, (m, e: string) => {
    if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') {
      const code = parseInt(e.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    if (e[0] === 'c' && e.length === 2) return String.fromCharCode(e.charCodeAt(1) & 0x1f);
    return ansiEscapes[e] ?? m;
  });
}

/** `<<-` removes leading tabs from every line of the body. */
function stripLeadingTabs(body: Word): Word {
  let atLineStart = true;
  const parts = body.parts.map((p) => {
    if (p.t !== 'lit') {
      atLineStart = false;
      return p;
    }
    const v = p.v.replace(/(^|\n)\t+/g, (m, nl: string, offset: number) => (offset === 0 && !atLineStart ? m : nl));
    atLineStart = v.endsWith('\n');
    return { ...p, v };
  });
  return { parts, text: body.text };
}
