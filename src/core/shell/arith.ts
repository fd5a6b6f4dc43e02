/** What an arithmetic expression (bash(1), ARITHMETIC EVALUATION) refers to. */
export interface ArithmeticRefs {
  /** Variables it reads: bash evaluates each one's value as an expression in turn. */
  readonly names: readonly string[];
  /** Variables it assigns (`x = 1`, `i++`, `n += 2`): afterwards they hold a number. */
  readonly assigned: readonly string[];
  /** Command substitutions in the text (`a[$(cmd)]`): an array subscript runs them when evaluated. */
  readonly scripts: readonly string[];
}

/** Special parameters and shell variables that always hold a number. */
const numericNames = new Set(['#', '?', '$', '!', '-', '0', 'RANDOM', 'SRANDOM', 'SECONDS', 'LINENO', 'BASHPID', 'PPID', 'UID', 'EUID', 'OPTIND', 'HISTCMD', 'EPOCHSECONDS', 'SHLVL', 'COLUMNS', 'LINES']);

const identStart = /[A-Za-z_]/;
const identChar = /\w/;
/** Bounds the work on hostile input; longer text is scanned only this far. */
const maxScan = 4_000;

/** Index just after the `)` that closes the `(` at `open`, or the end of the text. */
function closing(text: string, open: number, openCh: string, closeCh: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === openCh) depth++;
    else if (ch === closeCh && --depth === 0) return i + 1;
  }
  return text.length;
}

/**
 * Scans an arithmetic expression for the variables it reads and assigns and the command substitutions in it.
 * Numbers (`0x1f`, `16#ff`) are skipped; quotes are ignored (bash removes them before evaluating).
 */
export function arithmeticRefs(input: string): ArithmeticRefs {
  const text = input.length > maxScan ? input.slice(0, maxScan) : input;
  const names: string[] = [];
  const assigned: string[] = [];
  const scripts: string[] = [];
  const read = (name: string): void => {
    if (!numericNames.has(name) && !names.includes(name)) names.push(name);
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '$' && text[i + 1] === '(' && text[i + 2] !== '(') {
      const end = closing(text, i + 1, '(', ')');
      scripts.push(text.slice(i + 2, end - 1));
      i = end;
    } else if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      scripts.push(text.slice(i + 1, end < 0 ? text.length : end));
      i = end < 0 ? text.length : end + 1;
    } else if (ch === '$' && text[i + 1] === '{') {
      const end = closing(text, i + 1, '{', '}');
      const inner = text.slice(i + 2, end - 1).replace(/^[!#]/, '');
      const name = /^([A-Za-z_]\w*|[0-9]+|[#?$!@*-])/.exec(inner)?.[1];
      if (name) read(name);
      const rest = arithmeticRefs(inner.slice(name?.length ?? 0));
      rest.names.forEach(read);
      scripts.push(...rest.scripts);
      i = end;
    } else if (ch === '$') {
      const m = /^\$([A-Za-z_]\w*|[0-9]|[#?$!@*-])/.exec(text.slice(i, i + 64));
      if (m) read(m[1]!);
      i += m ? m[0].length : 1;
    } else if (/[0-9]/.test(ch)) {
      while (i < text.length && /[\w#@]/.test(text[i]!)) i++;
    } else if (identStart.test(ch)) {
      let j = i + 1;
      while (j < text.length && identChar.test(text[j]!)) j++;
      const name = text.slice(i, j);
      read(name);
      const after = text.slice(j, j + 3).trimStart();
      const before = text.slice(Math.max(0, i - 2), i);
      if (/^(?:[-+*/%&|^]|<<|>>|\*\*)?=(?!=)|^\+\+|^--/.test(after) || before === '++' || before === '--') assigned.push(name);
      i = j;
    } else i++;
  }
  return { names, assigned, scripts };
}
