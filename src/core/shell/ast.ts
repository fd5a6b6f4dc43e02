/**
 * Airlock's own small syntax tree for a bash command line. The tree-sitter tree is converted into this right
 * after parsing (and freed), so the analysis works on plain data and never touches WASM memory.
 */

/** One piece of a word. `quoted` pieces are never split, globbed, tilde- or brace-expanded. */
export type WordPart =
  | { readonly t: 'lit'; readonly v: string; readonly quoted: boolean }
  /** `$X`, `${X}`, `${X:-default}`; any other `${...}` operator makes the value unknown. */
  | { readonly t: 'var'; readonly name: string; readonly quoted: boolean; readonly op?: string; readonly arg?: Word }
  | { readonly t: 'cmdsub'; readonly body: readonly Stmt[]; readonly quoted: boolean }
  | { readonly t: 'procsub'; readonly dir: '<' | '>'; readonly body: readonly Stmt[] }
  /** A value Airlock does not compute (arithmetic, `${#x}`, `${x//a/b}`); `subs` are substitutions inside it. */
  | { readonly t: 'opaque'; readonly text: string; readonly quoted: boolean; readonly subs: readonly Stmt[] };

export interface Word {
  readonly parts: readonly WordPart[];
  readonly text: string;
}

export interface Redirect {
  /** `>`, `>>`, `>|`, `<`, `<>`, `&>`, `&>>`, `>&`, `<&`, `<<`, `<<-`, `<<<`. */
  readonly op: string;
  readonly fd?: number;
  /** File target; absent for fd duplications such as `2>&1` and for here-documents. */
  readonly target?: Word;
  /** Here-document body; `quoted` when the delimiter was quoted (no expansion). */
  readonly heredoc?: { readonly body: Word; readonly quoted: boolean };
}

export interface Assignment {
  readonly name: string;
  /** Undefined for a bare name (`local x`, `export X`). */
  readonly value?: Word;
  /** Array values (`a=(1 2)`) are kept only for the substitutions they contain. */
  readonly array?: readonly Word[];
  /** `a[i]=x`: the subscript's source text (an indexed array evaluates it as arithmetic). */
  readonly index?: string;
}

export type Stmt =
  | {
      readonly type: 'cmd';
      readonly assigns: readonly Assignment[];
      readonly words: readonly Word[];
      readonly redirects: readonly Redirect[];
      readonly text: string;
    }
  /** `export`, `declare`, `local`, `readonly`, `typeset`: assignments that persist, plus option words. */
  | { readonly type: 'decl'; readonly keyword: string; readonly assigns: readonly Assignment[]; readonly words: readonly Word[]; readonly text: string }
  | { readonly type: 'unset'; readonly names: readonly Word[]; readonly text: string }
  | { readonly type: 'and' | 'or'; readonly left: Stmt; readonly right: Stmt }
  | { readonly type: 'pipeline'; readonly stages: readonly Stmt[] }
  | { readonly type: 'not'; readonly body: Stmt }
  | { readonly type: 'subshell' | 'group'; readonly body: readonly Stmt[]; readonly redirects: readonly Redirect[]; readonly text: string }
  | { readonly type: 'func'; readonly name: string; readonly body: Stmt }
  /** `for x in words; do body; done` (also `select`). */
  | { readonly type: 'for'; readonly variable: string; readonly values?: readonly Word[]; readonly body: readonly Stmt[] }
  /** if/while/until/case/c-style for: every part may run, so all are walked; `words` are their expanded words. */
  | { readonly type: 'control'; readonly keyword: string; readonly words: readonly Word[]; readonly body: readonly Stmt[] }
  /**
   * `[[ ... ]]`, `[ ... ]` and `(( ... ))`: the substitutions inside run; `text` (the source) says which operands
   * bash evaluates as arithmetic.
   */
  | { readonly type: 'test'; readonly subs: readonly Stmt[]; readonly text?: string }
  /** A statement with redirections around a compound body (`{ a; } > f`, `while ...; done < f`). */
  | { readonly type: 'redirected'; readonly body: Stmt; readonly redirects: readonly Redirect[]; readonly text: string };

export interface ParsedScript {
  /** False when the line has a syntax error or a construct this converter does not support. */
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly body: readonly Stmt[];
}
