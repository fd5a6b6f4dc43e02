import { literalField } from '../scope';
import { applyCodeCalls } from './codeCalls';
import type { Language } from './language';
import type { CommandContext } from './context';

export type { Language };

/**
 * APIs that reach files, processes or the network, per language. Inline code is not parsed: a match asks, no
 * match is "benign" (printing, arithmetic, JSON). Unknown code always asks.
 */
const risky: Record<Language, RegExp> = {
  python: /\b(os|subprocess|shutil|socket|urllib\d?|requests|httpx|aiohttp|http|ftplib|smtplib|telnetlib|paramiko|pty|ctypes|pathlib|tempfile|glob|importlib|multiprocessing|asyncio\.create_subprocess|webbrowser|zipfile|tarfile|pickle|marshal)\b|\b(open|exec|eval|compile|__import__|input|breakpoint)\s*\(|\bimport\s+\*/,
  node: /\b(require|import)\s*\(|\bimport\s.*\bfrom\b|\bprocess\s*\.\s*(binding|dlopen|kill|exit|chdir|mainModule)|child_process|\bfs\b|\bfetch\s*\(|\b(http|https|net|dgram|tls|dns|vm|worker_threads|cluster)\b|\beval\s*\(|\bFunction\s*\(|\bDeno\b|\bBun\b|XMLHttpRequest|WebSocket/,
  perl: /\b(system|exec|fork|kill|unlink|rmdir|mkdir|rename|chmod|chown|symlink|link|truncate|open|opendir|sysopen|socket|connect|eval|do|require|use|qx)\b|`|\bFile::|\bIO::|\bLWP\b|\bHTTP::|\bNet::/,
  ruby: /\b(system|exec|spawn|fork|open|eval|require|load|syscall|`|%x)|\b(File|FileUtils|Dir|IO|Kernel|Process|Open3|Net|Socket|TCPSocket|URI|Pathname)\b|`/,
  php: /\b(system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec|unlink|rmdir|mkdir|rename|copy|file_put_contents|file_get_contents|fopen|fwrite|readfile|curl_\w+|fsockopen|stream_socket_client|eval|assert|include|require|include_once|require_once|chmod|chown|symlink|mail)\b|`/,
  lua: /\b(os|io|require|load|loadstring|dofile|loadfile|package)\b/,
  r: /\b(system|system2|shell|file\.remove|unlink|file\.create|writeLines|write|download\.file|url|source|eval|parse|Sys\.setenv|file\.copy|file\.rename)\b/,
  awk: /\bsystem\s*\(|\|\s*getline|\|&|\b(print|printf)\b[^;}\n]*[>|]|\bclose\s*\(/,
  applescript: /./,
  powershell: /./,
  other: /./,
};

/** Judges inline code for an interpreter: URLs in it go to the network guard. */
export function inlineCode(c: CommandContext, language: Language, code: string, known: boolean): void {
  for (const m of code.matchAll(/\bhttps?:\/\/[^\s'"`<>()\\]+/g)) c.fetch(m[0]);
  if (language === 'python') {
    // `open("package.json")` (read mode) only reads a named file: report the read, judge the rest.
    code = code.replace(/\bopen\s*\(\s*(['"])([^'"\n]+)\1\s*(?:,\s*(['"])r[bt]?\3\s*)?\)/g, (_m, _q: string, file: string) => {
      c.read(literalField(file));
      return 'READ';
    });
  }
  if (language === 'node') {
    // `require('./package.json')` only reads a JSON file: report the read, judge the rest of the code.
    code = code.replace(/\brequire\s*\(\s*(['"])(\.{1,2}\/[^'"]+\.json)\1\s*\)/g, (_m, _q: string, file: string) => {
      c.read(literalField(file));
      return 'JSON';
    });
  }
  // Shell lines, programs and file calls with literal arguments are analysed as what they do.
  code = applyCodeCalls(c, language, code, known);
  if (!known) return void c.find('shell.inline-code', `runs ${language} code that is only known when it runs`);
  if (risky[language].test(code)) return void c.find('shell.inline-code', `runs inline ${language} code that touches files, processes or the network`);
  // Code whose only effects are the calls analysed above is judged by them alone.
  if (!/ CALL /.test(code) || /[^\s;]/.test(code.replace(/ CALL |\bimport\s+[\w.,\s]+|\brequire\s*\(\s*['"][^'"]+['"]\s*\)|\buse\s+[\w:]+\s*(?:qw\([^)]*\))?;?/g, ''))) {
    c.find('shell.inline-code-benign', `runs inline ${language} code`);
  }
}
