/**
 * What text sent to a database client does: SQL (psql, mysql, sqlite3, clickhouse, cqlsh), redis commands and
 * MongoDB shell calls. It only reads the text; nothing is executed.
 */
export interface StatementFacts {
  /** The first statement that drops or wipes data, shortened. */
  readonly destroys?: string;
  /** Shell command lines the client runs (`\! cmd`, `.shell cmd`, `COPY ... TO PROGRAM 'cmd'`). */
  readonly shell: readonly string[];
  /** Files the server or client writes (`COPY t TO '/x'`, `INTO OUTFILE`, `.output f`, redis `CONFIG SET dir`). */
  readonly writes: readonly string[];
  /** Files read (`pg_read_file('/etc/passwd')`, `LOAD_FILE`, `.read f`, `\i f`). */
  readonly reads: readonly string[];
}

const maxText = 64 * 1024;

const sqlDestroy: readonly RegExp[] = [
  /^DROP\s+\w+/,
  /^TRUNCATE\b/,
  /^DELETE\s+(?:\w[\w.`"[\]]*\s+)?FROM\s+[^\s;]+\s*(?:LIMIT\s+\d+\s*)?$/,
  /^DELETE\s+(?:\w[\w.`"[\]]*\s+)?FROM\s+[^\s;]+\s+(?:AS\s+)?\w*\s*WHERE\s+(?:1\s*=\s*1|TRUE|1|'(\w*)'\s*=\s*'\1'|\w+\s+IS\s+NOT\s+NULL\s+OR\s+\w+\s+IS\s+NULL)\s*$/,
  /^UPDATE\s+[^\s;]+\s+(?:AS\s+\w+\s+)?SET\b(?!.*\bWHERE\b)/,
  /^UPDATE\s+.*\bWHERE\s+(?:1\s*=\s*1|TRUE|1)\s*$/,
  /^ALTER\s+(TABLE|DATABASE|SCHEMA)\b.*\bDROP\b/,
  /^(FLUSHALL|FLUSHDB)\b/,
  /^(SCRIPT|FUNCTION)\s+FLUSH\b/,
  /^SWAPDB\b/,
  /^SHUTDOWN\b/,
  /^DEBUG\s+(RELOAD|FLUSHALL|SEGFAULT|CRASH)/,
  /^(DROPDB|DROPDATABASE)\b/,
];

const mongoDestroy = /\.(dropDatabase|dropCollection|dropAllUsers|dropUser|dropIndexes|dropAllRoles|dropRole)\s*\(|\.drop\s*\(\s*\)|\.(deleteMany|remove)\s*\(\s*(\{\s*\})?\s*\)|\.(bulkWrite|deleteMany)\s*\(\s*\{\s*\}\s*[,)]/;

/** Splits on `;` and newlines outside quotes; strips line and block comments. */
function statements(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      cur += ch;
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      cur += ch;
    } else if (ch === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
      out.push(cur);
      cur = '';
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      cur += ' ';
    } else if (ch === ';' || ch === '\n') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

const unquote = (s: string): string => s.replace(/^(['"`])(.*)\1$/s, '$2');

export function statementFacts(input: string): StatementFacts {
  const text = input.length > maxText ? input.slice(0, maxText) : input;
  const shell: string[] = [];
  const writes: string[] = [];
  const reads: string[] = [];
  let destroys: string | undefined;
  for (const raw of statements(text)) {
    // Client meta-commands: psql and mysql `\! cmd`, mysql `system cmd`, sqlite `.shell`/`.system`.
    const meta = /^(?:\\!|system\s|\.shell\s|\.system\s)\s*(.*)$/is.exec(raw);
    if (meta) {
      shell.push(meta[1]!);
      continue;
    }
    const dot = /^\.(output|once|save|backup|read|import|open)\s+(\S+)/i.exec(raw) ?? /^\\(o|out|i|include|ir|copy)\s+(\S+)/.exec(raw);
    if (dot) {
      const target = unquote(dot[2]!);
      if (/^(read|import|open|i|include|ir)$/i.test(dot[1]!)) reads.push(target);
      else if (!target.startsWith('|')) writes.push(target);
      else shell.push(target.slice(1));
      continue;
    }
    const upper = raw.replace(/\s+/g, ' ').toUpperCase();
    if (!destroys && (sqlDestroy.some((re) => re.test(upper)) || mongoDestroy.test(raw))) destroys = raw.length > 80 ? `${raw.slice(0, 77)}...` : raw;
    const program = /\b(?:TO|FROM)\s+PROGRAM\s+('(?:[^']|'')*'|"[^"]*")/i.exec(raw);
    if (program) shell.push(unquote(program[1]!).replace(/''/g, "'"));
    else {
      const copyTo = /^COPY\b.*\bTO\s+'([^']+)'/i.exec(raw);
      if (copyTo) writes.push(copyTo[1]!);
    }
    const outfile = /\bINTO\s+(?:OUT|DUMP)FILE\s+'([^']+)'/i.exec(raw);
    if (outfile) writes.push(outfile[1]!);
    const config = /^CONFIG\s+SET\s+(dir|dbfilename|logfile)\s+(\S+)/i.exec(raw);
    if (config) writes.push(unquote(config[2]!));
    for (const m of raw.matchAll(/\b(?:pg_read_file|pg_read_binary_file|LOAD_FILE|readfile)\s*\(\s*'([^']+)'/gi)) reads.push(m[1]!);
    if (/^MODULE\s+LOAD\s+(\S+)/i.test(raw)) reads.push(raw.split(/\s+/)[2]!);
  }
  return { ...(destroys ? { destroys } : {}), shell, writes, reads };
}
