import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Node } from '@vscode/tree-sitter-wasm';
import type { Assignment, ParsedScript, Redirect, Stmt, Word } from './ast';
import { kids, namedKids, WordConverter } from './parseWords';

export { decodeAnsiC } from './parseWords';

/** A loaded bash parser. `parse` is synchronous and never throws. */
export interface ShellParser {
  parse(command: string): ParsedScript;
}

/** Longer lines are refused rather than parsed: nothing an agent types legitimately comes near it. */
export const maxCommandLength = 100_000;

/** Words bash only accepts in command position as syntax; tree-sitter recovers them as command names. */
const reservedWords = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', 'in', '}', ']]', '))', ';;']);

/** The runtime and grammar ship next to the bundle (dist/), and in development come from node_modules. */
export function locateGrammarFile(file: 'tree-sitter.wasm' | 'tree-sitter-bash.wasm'): string {
  const bundled = path.join(__dirname, file);
  if (fs.existsSync(bundled)) return bundled;
  // A computed specifier: bundlers leave it to Node's resolution at run time (tests, benchmarks).
  return require.resolve(['@vscode/tree-sitter-wasm', 'wasm', file].join('/'));
}

let loading: Promise<ShellParser> | undefined;

/** Loads the tree-sitter bash grammar once per process (WASM, so asynchronous); later calls share it. */
export function loadShellParser(locate: typeof locateGrammarFile = locateGrammarFile): Promise<ShellParser> {
  loading ??= load(locate).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(locate: typeof locateGrammarFile): Promise<ShellParser> {
  const runtime = locate('tree-sitter.wasm');
  await Parser.init({ locateFile: () => runtime });
  const language = await Language.load(fs.readFileSync(locate('tree-sitter-bash.wasm')));
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(command: string): ParsedScript {
      if (command.length > maxCommandLength) {
        return { ok: false, problems: [`command is longer than ${maxCommandLength} characters`], body: [] };
      }
      let tree;
      try {
        tree = parser.parse(command);
      } catch (error) {
        return { ok: false, problems: [`parser failed: ${String(error)}`], body: [] };
      }
      if (!tree) return { ok: false, problems: ['parser returned no tree'], body: [] };
      try {
        return convert(tree.rootNode);
      } catch (error) {
        return { ok: false, problems: [`could not read the syntax tree: ${String(error)}`], body: [] };
      } finally {
        tree.delete();
      }
    },
  };
}

function convert(root: Node): ParsedScript {
  const c = new Converter();
  if (root.hasError) c.collectErrors(root);
  const body = c.statements(root);
  return { ok: c.problems.length === 0, problems: c.problems, body };
}


/** Types that are statements wherever they appear in a statement list. */
const statementTypes = new Set([
  'command',
  'variable_assignment',
  'variable_assignments',
  'declaration_command',
  'unset_command',
  'list',
  'pipeline',
  'negated_command',
  'subshell',
  'compound_statement',
  'redirected_statement',
  'function_definition',
  'if_statement',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'case_statement',
  'test_command',
  'file_redirect',
  'heredoc_redirect',
  'herestring_redirect',
]);

class Converter extends WordConverter {
  collectErrors(root: Node): void {
    const stack: Node[] = [root];
    while (stack.length > 0 && this.problems.length < 5) {
      const n = stack.pop()!;
      if (n.isMissing) {
        this.problem(`syntax error: missing '${n.type}' at offset ${n.startIndex}`);
      } else if (n.isError) {
        this.problem(`syntax error near '${n.text.slice(0, 40)}' at offset ${n.startIndex}`);
      } else if (n.hasError) {
        stack.push(...kids(n).reverse());
      }
    }
    if (this.problems.length === 0) this.problem('syntax error');
  }
  statements(n: Node): Stmt[] {
    const out: Stmt[] = [];
    for (const k of kids(n)) {
      // tree-sitter accepts a case terminator anywhere; bash only inside `case`.
      if (k.type === ';;' || k.type === ';&' || k.type === ';;&') this.problem(`'${k.type}' outside a case statement at offset ${k.startIndex}`);
      if (!k.isNamed || k.type === 'comment') continue;
      const s = this.stmt(k);
      if (s) out.push(s);
    }
    return out;
  }

  stmt(n: Node): Stmt | undefined {
    if (!this.enter(n)) return undefined;
    try {
      return this.stmtInner(n);
    } finally {
      this.depth--;
    }
  }

  private stmtInner(n: Node): Stmt | undefined {
    switch (n.type) {
      case 'command':
        return this.command(n, []);
      case 'variable_assignment':
        return { type: 'cmd', assigns: [this.assignment(n)], words: [], redirects: [], text: n.text };
      case 'variable_assignments':
        return {
          type: 'cmd',
          assigns: namedKids(n).filter((k) => k.type === 'variable_assignment').map((k) => this.assignment(k)),
          words: [],
          redirects: [],
          text: n.text,
        };
      case 'declaration_command':
        return this.declaration(n);
      case 'unset_command':
        return { type: 'unset', names: namedKids(n).map((k) => this.word(k)), text: n.text };
      case 'list':
        return this.list(n);
      case 'pipeline':
        return { type: 'pipeline', stages: this.pipelineStages(n) };
      case 'negated_command': {
        const inner = namedKids(n)[0];
        const body = inner ? this.stmt(inner) : undefined;
        return body ? { type: 'not', body } : undefined;
      }
      case 'subshell':
        return { type: 'subshell', body: this.statements(n), redirects: [], text: n.text };
      case 'compound_statement':
      case 'do_group':
        return { type: 'group', body: this.statements(n), redirects: [], text: n.text };
      case 'redirected_statement':
        return this.redirected(n);
      case 'file_redirect':
      case 'heredoc_redirect':
      case 'herestring_redirect':
        // A bare redirection (`> file`) is a command with no words: it still opens (and truncates) the file.
        return this.withRedirects({ type: 'cmd', assigns: [], words: [], redirects: [], text: n.text }, [n]);
      case 'function_definition': {
        const name = n.childForFieldName('name');
        const bodyNode = n.childForFieldName('body');
        const body = bodyNode ? this.stmt(bodyNode) : undefined;
        if (!name || !body) {
          this.problem(`incomplete function definition at offset ${n.startIndex}`);
          return undefined;
        }
        return { type: 'func', name: name.text, body };
      }
      case 'for_statement':
        return this.forStatement(n);
      case 'if_statement':
      case 'while_statement':
      case 'c_style_for_statement':
      case 'case_statement':
        return this.control(n);
      case 'test_command':
        return { type: 'test', subs: this.substitutionsIn(n), text: n.text };
      case 'comment':
        return undefined;
      default:
        this.problem(`unsupported syntax '${n.type}' at offset ${n.startIndex}`);
        return undefined;
    }
  }

  private list(n: Node): Stmt | undefined {
    const [leftNode, opNode, rightNode] = kids(n);
    const left = leftNode ? this.stmt(leftNode) : undefined;
    const right = rightNode ? this.stmt(rightNode) : undefined;
    if (!left || !right || !opNode) return left ?? right;
    return { type: opNode.type === '||' ? 'or' : 'and', left, right };
  }

  private pipelineStages(n: Node): Stmt[] {
    const stages: Stmt[] = [];
    for (const k of namedKids(n)) {
      if (k.type === 'comment') continue;
      const s = this.stmt(k);
      if (s?.type === 'pipeline') stages.push(...s.stages);
      else if (s) stages.push(s);
    }
    return stages;
  }

  private command(n: Node, extraRedirects: Node[]): Stmt {
    // `a && (( x > 1 ))`: tree-sitter reads the arithmetic command as a command named by an arithmetic expansion.
    const nameNode = n.childForFieldName('name');
    const only = nameNode ? namedKids(nameNode)[0] : undefined;
    if (only?.type === 'arithmetic_expansion' && only.text.startsWith('((') && namedKids(n).length === 1 && extraRedirects.length === 0) {
      return { type: 'test', subs: this.substitutionsIn(only), text: only.text };
    }
    const assigns: Assignment[] = [];
    const words: Word[] = [];
    const redirectNodes: Node[] = [];
    const children = kids(n);
    for (let i = 0; i < children.length; i++) {
      const k = children[i]!;
      const field = n.fieldNameForChild(i);
      if (k.type === 'variable_assignment') assigns.push(this.assignment(k));
      else if (field === 'redirect' || k.type.endsWith('_redirect')) {
        redirectNodes.push(k);
        words.push(...this.strayArguments(k));
      } else if (field === 'name') {
        const inner = namedKids(k)[0] ?? k;
        const w = this.word(inner);
        const only = w.parts.length === 1 ? w.parts[0] : undefined;
        if (only?.t === 'lit' && !only.quoted && reservedWords.has(only.v)) {
          this.problem(`'${only.v}' is shell syntax, not a command, at offset ${k.startIndex}`);
        }
        words.push(w);
      } else if (field === 'argument') words.push(this.word(k));
      else if (k.type === 'comment') continue;
      else if (k.isNamed) this.problem(`unsupported syntax '${k.type}' in a command at offset ${k.startIndex}`);
    }
    for (const r of extraRedirects) words.push(...this.strayArguments(r));
    return this.withRedirects({ type: 'cmd', assigns, words, redirects: [], text: n.text }, [...redirectNodes, ...extraRedirects]);
  }

  /**
   * tree-sitter reads the words after a redirection in the middle of a command (`rm 2>/dev/null -rf ~`) as more
   * destinations of it; for bash they are the command's arguments.
   */
  private strayArguments(r: Node): Word[] {
    if (r.type !== 'file_redirect') return [];
    const out: Word[] = [];
    let first = true;
    const children = kids(r);
    for (let i = 0; i < children.length; i++) {
      if (r.fieldNameForChild(i) !== 'destination') continue;
      if (first) first = false;
      else out.push(this.word(children[i]!));
    }
    return out;
  }

  /** Adds redirections; a here-document's node also carries whatever followed it on its line (`| sh`, `&& x`). */
  private withRedirects(base: Stmt & { type: 'cmd' }, nodes: Node[]): Stmt {
    const redirects: Redirect[] = [...base.redirects];
    const pipeTail: Stmt[] = [];
    let listTail: { op: 'and' | 'or'; right: Stmt } | undefined;
    for (const r of nodes) {
      const converted = this.redirect(r);
      if (converted) redirects.push(converted);
      if (r.type !== 'heredoc_redirect') continue;
      const children = kids(r);
      for (let i = 0; i < children.length; i++) {
        const k = children[i]!;
        const field = r.fieldNameForChild(i);
        if (field === 'redirect' && k.type.endsWith('_redirect')) {
          const extra = this.redirect(k);
          if (extra) redirects.push(extra);
        } else if (k.type === 'pipeline') {
          pipeTail.push(...this.pipelineStages(k));
        } else if (field === 'right') {
          const right = this.stmt(k);
          const op = children[i - 1]?.type === '||' ? 'or' : 'and';
          if (right) listTail = { op, right };
        }
      }
    }
    let out: Stmt = { ...base, redirects };
    if (pipeTail.length > 0) out = { type: 'pipeline', stages: [out, ...pipeTail] };
    if (listTail) out = { type: listTail.op, left: out, right: listTail.right };
    return out;
  }

  private redirected(n: Node): Stmt | undefined {
    const bodyNode = n.childForFieldName('body');
    const redirectNodes = kids(n).filter((k, i) => n.fieldNameForChild(i) === 'redirect' || k.type.endsWith('_redirect'));
    if (!bodyNode) return this.withRedirects({ type: 'cmd', assigns: [], words: [], redirects: [], text: n.text }, redirectNodes);
    if (bodyNode.type === 'command') {
      if (!this.enter(bodyNode)) return undefined;
      try {
        return this.command(bodyNode, redirectNodes);
      } finally {
        this.depth--;
      }
    }
    const body = this.stmt(bodyNode);
    if (!body) return undefined;
    // tree-sitter wraps `a && b > f` and `a | b > f` as a whole; in bash the redirections belong to `b`.
    if (bodyNode.type === 'list' || bodyNode.type === 'pipeline' || bodyNode.type === 'negated_command') return this.attachToLast(body, redirectNodes, n.text);
    const holder = this.withRedirects({ type: 'cmd', assigns: [], words: [], redirects: [], text: n.text }, redirectNodes);
    // Redirections of a compound statement apply to the whole body; continuations after a here-document wrap it.
    if (holder.type === 'cmd') return { type: 'redirected', body, redirects: holder.redirects, text: n.text };
    return this.replaceHolder(holder, body, n.text);
  }

  private attachToLast(s: Stmt, nodes: Node[], text: string): Stmt {
    switch (s.type) {
      case 'and':
      case 'or':
        return { ...s, right: this.attachToLast(s.right, nodes, text) };
      case 'pipeline':
        return { type: 'pipeline', stages: [...s.stages.slice(0, -1), this.attachToLast(s.stages.at(-1)!, nodes, text)] };
      case 'not':
        return { type: 'not', body: this.attachToLast(s.body, nodes, text) };
      case 'cmd':
        return this.withRedirects(s, nodes);
      default: {
        const holder = this.withRedirects({ type: 'cmd', assigns: [], words: [], redirects: [], text }, nodes);
        return holder.type === 'cmd' ? { type: 'redirected', body: s, redirects: holder.redirects, text } : this.replaceHolder(holder, s, text);
      }
    }
  }

  private replaceHolder(s: Stmt, body: Stmt, text: string): Stmt {
    if (s.type === 'cmd') return { type: 'redirected', body, redirects: s.redirects, text };
    if (s.type === 'pipeline') return { type: 'pipeline', stages: [this.replaceHolder(s.stages[0]!, body, text), ...s.stages.slice(1)] };
    if (s.type === 'and' || s.type === 'or') return { type: s.type, left: this.replaceHolder(s.left, body, text), right: s.right };
    return s;
  }

  private declaration(n: Node): Stmt {
    const keyword = kids(n)[0]?.type ?? 'declare';
    const assigns: Assignment[] = [];
    const words: Word[] = [];
    for (const k of namedKids(n)) {
      if (k.type === 'variable_assignment') assigns.push(this.assignment(k));
      else if (k.type === 'variable_name') assigns.push({ name: k.text });
      else words.push(this.word(k));
    }
    return { type: 'decl', keyword, assigns, words, text: n.text };
  }

  private assignment(n: Node): Assignment {
    const nameNode = n.childForFieldName('name');
    const valueNode = n.childForFieldName('value');
    // `a[1]=x` assigns an array element: the variable's value as a whole becomes unknown.
    const name = nameNode?.type === 'subscript' ? `${nameNode.childForFieldName('name')?.text ?? ''}[]` : (nameNode?.text ?? '');
    const indexText = nameNode?.type === 'subscript' ? nameNode.childForFieldName('index')?.text : undefined;
    const index = indexText !== undefined ? { index: indexText } : {};
    if (!valueNode) return { name, value: { parts: [], text: '' }, ...index };
    if (valueNode.type === 'array') return { name, array: namedKids(valueNode).map((k) => this.word(k)), ...index };
    return { name, value: this.word(valueNode), ...index };
  }

  private forStatement(n: Node): Stmt {
    const variable = n.childForFieldName('variable')?.text ?? '';
    const values: Word[] = [];
    let hasIn = false;
    const body: Stmt[] = [];
    const children = kids(n);
    for (let i = 0; i < children.length; i++) {
      const k = children[i]!;
      const field = n.fieldNameForChild(i);
      if (k.type === 'in') hasIn = true;
      else if (field === 'value') values.push(this.word(k));
      else if (field === 'body') body.push(...this.statements(k));
    }
    return { type: 'for', variable, values: hasIn ? values : undefined, body };
  }

  /** if/while/until/case/(( ; ; )): conditions, bodies and every branch may run, so all are kept. */
  private control(n: Node): Stmt {
    const words: Word[] = [];
    const body: Stmt[] = [];
    const visit = (m: Node): void => {
      const children = kids(m);
      for (let i = 0; i < children.length; i++) {
        const k = children[i]!;
        if (!k.isNamed || k.type === 'comment') continue;
        const field = m.fieldNameForChild(i);
        if (statementTypes.has(k.type)) {
          const s = this.stmt(k);
          if (s) body.push(s);
        } else if (k.type === 'do_group' || k.type === 'elif_clause' || k.type === 'else_clause' || k.type === 'case_item') {
          visit(k);
        } else if (m.type === 'case_statement' && field === 'value') {
          words.push(this.word(k));
        } else {
          // Patterns of case items and the arithmetic of `for ((;;))`: only substitutions inside can run.
          const subs = this.substitutionsIn(k);
          if (n.type === 'c_style_for_statement') body.push({ type: 'test', subs, text: `((${k.text}))` });
          else if (subs.length > 0) body.push({ type: 'test', subs });
        }
      }
    };
    visit(n);
    return { type: 'control', keyword: kids(n)[0]?.type ?? n.type, words, body };
  }
}
