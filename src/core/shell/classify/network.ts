import * as path from 'node:path';
import { options } from '../args';
import { literalField, type Field } from '../scope';
import { type Classifier, isUrl, stdinOutput } from './common';
import type { CommandContext } from './context';

/** One local thing that leaves the machine: a file, stdin, or text built from secrets. */
interface Sent {
  readonly label: string;
  readonly secret: boolean;
}

/** Records an upload; any secret among what is sent makes it `shell.upload-secret`. */
function upload(c: CommandContext, sent: readonly Sent[]): void {
  if (sent.length === 0) return;
  const secret = sent.filter((s) => s.secret);
  if (secret.length > 0) c.find('shell.upload-secret', `sends ${secret.map((s) => s.label).join(', ')} over the network`);
  else c.find('shell.upload', `sends ${sent.map((s) => s.label).slice(0, 3).join(', ')} to another machine`);
}

/** A local file that is sent: read effect plus what it means for the upload. */
function sendFile(c: CommandContext, f: Field, opts: { recursive?: boolean } = {}): Sent | undefined {
  if (f.known && (f.value === '-' || f.value === '/dev/stdin')) return sendStdin(c);
  const ref = c.read(f, opts);
  if (!ref) return undefined;
  return { label: ref.path, secret: c.secretReads().includes(ref.path) };
}

function sendStdin(c: CommandContext): Sent | undefined {
  if (c.inv.stdin.kind === 'none') return undefined;
  const input = stdinOutput(c);
  if (input.secrets.length > 0) return { label: input.secrets.join(', '), secret: true };
  if (c.inv.stdin.kind === 'file') return sendFile(c, c.inv.stdin.field);
  return input.reads ? { label: 'data read from local files', secret: false } : undefined;
}

/** Arguments carrying secrets (`-d "$(cat .env)"`, `-H "token: $SECRET_FROM_FILE"`). */
function taintedArgs(c: CommandContext): Sent[] {
  return c.args.filter((a) => a.secrets.length > 0).map((a) => ({ label: a.secrets.join(', '), secret: true }));
}

const curlOpts = options({
  flags: {
    remoteName: ['-O', '--remote-name', '--remote-name-all'],
    head: ['-I', '--head'],
    get: ['-G', '--get'],
    f: ['-f', '--fail', '-s', '--silent', '-S', '--show-error', '-L', '--location', '-k', '--insecure', '-v', '--verbose', '-i', '--include', '-N', '--no-buffer', '-#', '--progress-bar', '--compressed', '-g', '--globoff', '-J', '--remote-header-name', '-n', '--netrc', '-q', '-4', '-6', '--http1.1', '--http2', '-Z', '--parallel', '--fail-with-body', '--create-dirs', '-l', '--list-only', '-a', '--append', '-j', '--junk-session-cookies', '-R', '--remote-time', '--ssl', '--ssl-reqd', '-B', '--use-ascii', '--raw', '--tr-encoding'],
  },
  values: {
    data: ['-d', '--data', '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode', '--json'],
    form: ['-F', '--form', '--form-string'],
    uploadFile: ['-T', '--upload-file'],
    output: ['-o', '--output'],
    outputDir: ['--output-dir'],
    url: ['--url'],
    config: ['-K', '--config'],
    header: ['-H', '--header', '-X', '--request', '-A', '--user-agent', '-e', '--referer', '-u', '--user', '-b', '--cookie', '-m', '--max-time', '--connect-timeout', '--retry', '--retry-delay', '--retry-max-time', '-r', '--range', '-C', '--continue-at', '-w', '--write-out', '-E', '--cert', '--key', '--cacert', '--capath', '--limit-rate', '-y', '--speed-time', '-Y', '--speed-limit', '-z', '--time-cond', '--interface', '--local-port', '--max-filesize', '--oauth2-bearer', '--proto', '--proto-redir', '--max-redirs', '--aws-sigv4', '--variable', '--expand-url', '--ciphers', '--tls-max', '--dns-servers', '--unix-socket', '--abstract-unix-socket', '--url-query'],
    proxy: ['-x', '--proxy', '--preproxy', '--socks4', '--socks4a', '--socks5', '--socks5-hostname', '-U', '--proxy-user', '--noproxy'],
    resolve: ['--resolve', '--connect-to'],
    cookieJar: ['-c', '--cookie-jar', '-D', '--dump-header', '--trace', '--trace-ascii', '--stderr', '--etag-save', '--hsts', '--alt-svc'],
    netrcFile: ['--netrc-file'],
  },
});

const curl: Classifier = (c) => {
  const p = curlOpts.parse(c.args);
  const urls = [...p.operands, ...p.values('url')];
  for (const u of urls) c.fetch(u.value, !u.known);
  for (const x of p.values('proxy').filter((_, i) => i === 0)) if (x.known && /[.:]/.test(x.value)) c.fetch(x.value);
  for (const r of p.values('resolve')) if (!r.known || /:\d{1,3}\.\d|:\[/.test(r.value)) c.fetch(r.value.split(':').slice(2).join(':') || r.value, !r.known);
  const sent: Sent[] = [];
  for (const d of p.values('data')) {
    // `@file` (and `name@file` for --data-urlencode) sends the file; `@-` sends stdin.
    const m = /^(?:[^=@]*)@(.+)$/s.exec(d.value);
    if (m && d.known) {
      const s = sendFile(c, literalFieldLike(d, m[1]!));
      if (s) sent.push(s);
    } else if (d.value.startsWith('@') && !d.known) sent.push({ label: 'a file only known when it runs', secret: false });
  }
  for (const f of p.values('form')) {
    const m = /^[^=]+=[@<]([^;]+)/s.exec(f.value);
    if (m) {
      const s = sendFile(c, literalFieldLike(f, m[1]!));
      if (s) sent.push(s);
    }
  }
  for (const t of p.values('uploadFile')) {
    const s = sendFile(c, t);
    if (s) sent.push(s);
  }
  for (const k of [...p.values('config'), ...p.values('netrcFile')]) c.read(k);
  for (const k of p.values('cookieJar')) if (k.value !== '-') c.write(k);
  sent.push(...taintedArgs(c));
  const outputs = p.values('output');
  for (const o of outputs) {
    const dir = p.value('outputDir');
    const ref = c.write(dir && !o.value.startsWith('/') ? literalFieldLike(o, path.posix.join(dir.value, o.value)) : o, { truncate: true });
    if (ref && !ref.unknown) c.inv.line.downloaded.add(ref.path);
  }
  if (p.has('remoteName')) {
    for (const u of urls) {
      const name = u.known ? path.posix.basename(u.value.split(/[?#]/)[0]!.replace(/^\w+:\/\/[^/]*/, '')) : '';
      if (name) {
        const ref = c.write(literalFieldLike(u, name), { truncate: true });
        if (ref && !ref.unknown) c.inv.line.downloaded.add(ref.path);
      }
    }
  }
  upload(c, sent);
  if (sent.length === 0) c.find('shell.network', `fetches ${urls.map((u) => u.value).slice(0, 2).join(', ') || 'a URL'}`);
  c.output = { network: outputs.length === 0 && !p.has('remoteName'), decoded: false, reads: false, secrets: [] };
};

const literalFieldLike = (f: Field, value: string): Field => ({ ...f, value, pattern: value, glob: false });

const wgetOpts = options({
  flags: { f: ['-q', '--quiet', '-v', '--verbose', '-nv', '--no-verbose', '-c', '--continue', '-N', '--timestamping', '-r', '--recursive', '-k', '--convert-links', '-p', '--page-requisites', '-m', '--mirror', '-np', '--no-parent', '-nc', '--no-clobber', '--no-check-certificate', '-S', '--server-response', '--spider', '-b', '--background', '-x', '--force-directories', '-nd', '--no-directories', '-E', '--adjust-extension', '-H', '--span-hosts', '-F', '--force-html', '-4', '-6'] },
  values: { output: ['-O', '--output-document'], log: ['-o', '--output-file', '-a', '--append-output'], dir: ['-P', '--directory-prefix'], input: ['-i', '--input-file'], postFile: ['--post-file', '--body-file'], postData: ['--post-data', '--body-data'], header: ['--header', '-U', '--user-agent', '--user', '--password', '--http-user', '--http-password', '-t', '--tries', '-T', '--timeout', '-w', '--wait', '-l', '--level', '-A', '--accept', '-R', '--reject', '-D', '--domains', '--method', '--limit-rate', '--referer', '-Q', '--quota', '--load-cookies', '--save-cookies', '--ca-certificate', '--certificate', '--private-key'], execute: ['-e', '--execute'], config: ['--config'] },
});

const wget: Classifier = (c) => {
  const p = wgetOpts.parse(c.args);
  for (const u of p.operands) c.fetch(u.value, !u.known);
  for (const i of p.values('input')) {
    c.read(i);
    c.fetch(`URLs listed in ${i.value}`, true);
  }
  const sent: Sent[] = [];
  for (const f of p.values('postFile')) {
    const s = sendFile(c, f);
    if (s) sent.push(s);
  }
  sent.push(...taintedArgs(c));
  for (const e of p.values('execute')) if (!e.known || /^(post_file|body_file|output_document|dir_prefix)\s*=/.test(e.value)) c.find('shell.network', `sets wget option ${e.value}`);
  let toStdout = false;
  const out = p.value('output');
  if (out) {
    if (out.value === '-') toStdout = true;
    else {
      const ref = c.write(out, { truncate: true });
      if (ref && !ref.unknown) c.inv.line.downloaded.add(ref.path);
    }
  } else {
    const dir = p.value('dir') ?? literalField('.');
    for (const u of p.operands) {
      const name = u.known ? path.posix.basename(u.value.split(/[?#]/)[0]!.replace(/^\w+:\/\/[^/]*/, '')) || 'index.html' : '';
      if (!name) continue;
      const ref = c.write(literalFieldLike(dir, path.posix.join(dir.value, name)), { truncate: true });
      if (ref && !ref.unknown) c.inv.line.downloaded.add(ref.path);
    }
  }
  for (const l of p.values('log')) c.write(l);
  upload(c, sent);
  if (sent.length === 0) c.find('shell.network', `downloads ${p.operands.map((u) => u.value).slice(0, 2).join(', ') || 'URLs'}`);
  c.output = { network: toStdout, decoded: false, reads: false, secrets: [] };
};

/** httpie and xh: `http POST url field=value file@path`, `@file` as the body. */
const httpie: Classifier = (c) => {
  const words = c.args.filter((a) => !a.value.startsWith('-'));
  const urlIndex = words.findIndex((w, i) => i < 2 && (isUrl(w.value) || /^[\w.-]+(:\d+)?(\/|$)/.test(w.value) || w.value.startsWith(':')) && !/^[A-Z]+$/.test(w.value));
  const url = words[urlIndex];
  // httpie's localhost shorthand: `:3000/x` is http://localhost:3000/x, `:/x` is http://localhost/x.
  const shorthand = url ? /^:(\d*)(\/.*)?$/s.exec(url.value) : null;
  if (url) c.fetch(shorthand ? `localhost${shorthand[1] ? `:${shorthand[1]}` : ''}${shorthand[2] ?? ''}` : url.value, !url.known);
  const sent: Sent[] = [];
  for (const w of words.slice(urlIndex + 1)) {
    const m = /^(?:[^=@:]+)?(?:=@|:=@|@)(.+)$/s.exec(w.value);
    if (m) {
      const s = sendFile(c, literalFieldLike(w, m[1]!));
      if (s) sent.push(s);
    }
  }
  const s = sendStdin(c);
  if (s) sent.push(s);
  sent.push(...taintedArgs(c));
  upload(c, sent);
  if (sent.length === 0) c.find('shell.network', `requests ${url?.value ?? 'a URL'}`);
  c.output = { network: true, decoded: false, reads: false, secrets: [] };
};

const ncOpts = options({
  flags: { listen: ['-l', '--listen'], k: ['-k', '--keep-open', '-n', '-v', '-vv', '-z', '-u', '--udp', '-4', '-6', '-N', '-d', '-C', '--crlf', '--ssl', '-q0'] },
  values: { exec: ['-e', '--exec', '-c', '--sh-exec', '--lua-exec'], port: ['-p', '--source-port', '-s', '--source', '-w', '--wait', '-i', '--idle-timeout', '-q', '-x', '--proxy', '-X', '--proxy-type', '-o', '--output'] },
});

const nc: Classifier = (c) => {
  const p = ncOpts.parse(c.args);
  for (const e of p.values('exec')) {
    c.find('shell.remote-shell', 'attaches a program to a network connection (a remote shell)');
    if (e.known) c.runArgv(e.value.split(/\s+/).map((w) => literalField(w)), 'nc -e');
  }
  const host = p.operands[0];
  if (host && !p.has('listen')) c.fetch(host.value + (p.operands[1] ? `:${p.operands[1].value}` : ''), !host.known);
  const sent: Sent[] = [];
  const s = sendStdin(c);
  if (s) sent.push(s);
  sent.push(...taintedArgs(c));
  upload(c, sent);
  c.find('shell.remote-shell', p.has('listen') ? 'listens for network connections' : `opens a raw connection to ${host?.value ?? 'a host'}`);
  c.output = { network: true, decoded: false, reads: false, secrets: [] };
};

const sshOpts = options({
  flags: { f: ['-4', '-6', '-A', '-a', '-C', '-f', '-G', '-g', '-K', '-k', '-M', '-N', '-n', '-q', '-s', '-T', '-t', '-V', '-v', '-X', '-x', '-Y', '-y'] },
  values: { identity: ['-i'], option: ['-o'], config: ['-F'], jump: ['-J'], login: ['-l'], port: ['-p'], forward: ['-L', '-R', '-D', '-W', '-w'], other: ['-B', '-b', '-c', '-E', '-e', '-I', '-m', '-O', '-P', '-Q', '-S'] },
  stopAtOperand: true,
});

/** `-o ProxyCommand=...` and `LocalCommand` make ssh run a local command. */
function sshOptionRisk(c: CommandContext, opts: readonly Field[]): void {
  for (const o of opts) {
    const m = /^(ProxyCommand|LocalCommand|KnownHostsCommand|PermitLocalCommand|Match)\s*[= ]\s*(.*)$/is.exec(o.value);
    if (!o.known || (m && !/^PermitLocalCommand\s*[= ]\s*no$/i.test(o.value))) {
      c.find('shell.dynamic-command', `passes ssh option ${o.value}, which runs a local command`);
      if (m && /command$/i.test(m[1]!)) c.runScript(m[2]!, o.known, `ssh -o ${m[1]}`);
    }
  }
}

const ssh: Classifier = (c) => {
  const p = sshOpts.parse(c.args);
  const [dest, ...remoteCommand] = p.operands;
  if (dest) c.fetch(dest.known ? remoteHost(dest.value) : dest.value, !dest.known);
  for (const j of p.values('jump')) c.fetch(j.known ? remoteHost(j.value) : j.value, !j.known);
  for (const i of [...p.values('identity'), ...p.values('config')]) c.read(i);
  sshOptionRisk(c, p.values('option'));
  const sent: Sent[] = [];
  const s = sendStdin(c);
  if (s) sent.push(s);
  sent.push(...taintedArgs(c));
  upload(c, sent);
  c.find('shell.remote-shell', remoteCommand.length > 0 ? `runs \`${remoteCommand.map((a) => a.value).join(' ').slice(0, 60)}\` on ${dest?.value ?? 'a remote host'}` : `opens a shell on ${dest?.value ?? 'a remote host'}`);
  c.output = { network: true, decoded: false, reads: false, secrets: [] };
};

/** `[user@]host:path` or `scp://host/path`; a lone `host:` with a colon before any slash. */
const isRemoteSpec = (s: string): boolean => /^(scp|sftp|rsync):\/\//.test(s) || /^(?:[^/@:]+@)?(?:\[[^\]]+\]|[^/:]+):/.test(s) && !/^[a-zA-Z]:\\/.test(s);
/** The host of `user@host:path`, `scp://user@host:22/path`: what the network guard checks. */
const remoteHost = (s: string): string => s.replace(/^(scp|sftp|rsync|ssh):\/\//, '').replace(/^[^/@]*@/, '').replace(/^(\[[^\]]+\]|[^/:]+)([:/].*)?$/s, '$1');

const scpOpts = options({
  flags: { recursive: ['-r'], f: ['-3', '-4', '-6', '-A', '-B', '-C', '-O', '-p', '-q', '-R', '-s', '-T', '-v'] },
  values: { identity: ['-i'], option: ['-o'], config: ['-F'], jump: ['-J'], port: ['-P'], other: ['-c', '-D', '-l', '-S', '-X'] },
});

const scp: Classifier = (c) => {
  const p = scpOpts.parse(c.args);
  const dest = p.operands.at(-1);
  const sources = p.operands.slice(0, -1);
  sshOptionRisk(c, p.values('option'));
  for (const i of [...p.values('identity'), ...p.values('config')]) c.read(i);
  for (const j of p.values('jump')) c.fetch(j.value, !j.known);
  const sent: Sent[] = [];
  const destRemote = dest !== undefined && dest.known && isRemoteSpec(dest.value);
  for (const s of sources) {
    if (s.known && isRemoteSpec(s.value)) c.fetch(remoteHost(s.value));
    else if (destRemote) {
      const x = sendFile(c, s, p.has('recursive') ? { recursive: true } : {});
      if (x) sent.push(x);
    } else c.read(s, p.has('recursive') ? { recursive: true } : {});
  }
  if (dest) {
    if (destRemote) c.fetch(remoteHost(dest.value));
    else c.write(dest, p.has('recursive') ? { recursive: true } : {});
  }
  sent.push(...taintedArgs(c));
  upload(c, sent);
  if (sent.length === 0) c.find('shell.network', 'copies files over ssh');
};

const rsyncOpts = options({
  flags: {
    dryRun: ['-n', '--dry-run', '--list-only'],
    removeSource: ['--remove-source-files'],
    del: ['--delete', '--delete-before', '--delete-during', '--delete-delay', '--delete-after', '--delete-excluded', '--del', '--delete-missing-args'],
    f: ['-a', '--archive', '-r', '--recursive', '-v', '--verbose', '-z', '--compress', '-h', '--human-readable', '-P', '--progress', '--partial', '-u', '--update', '-c', '--checksum', '-l', '--links', '-L', '--copy-links', '-p', '--perms', '-t', '--times', '-g', '--group', '-o', '--owner', '-D', '-H', '--hard-links', '-A', '--acls', '-X', '--xattrs', '-x', '--one-file-system', '-q', '--quiet', '-i', '--itemize-changes', '--stats', '-R', '--relative', '--inplace', '--append', '-S', '--sparse', '-W', '--whole-file', '-b', '--backup', '--ignore-existing', '--existing', '-m', '--prune-empty-dirs', '-O', '--omit-dir-times', '-k', '--copy-dirlinks', '-K', '--keep-dirlinks', '--force', '-C', '--cvs-exclude', '-F', '-E', '--executability', '-8', '-4', '-6', '--numeric-ids', '--mkpath'],
  },
  values: {
    rsh: ['-e', '--rsh'],
    rsyncPath: ['--rsync-path'],
    filesFrom: ['--files-from', '--exclude-from', '--include-from', '--password-file'],
    other: ['--exclude', '--include', '-f', '--filter', '--port', '--log-file', '-B', '--block-size', '--bwlimit', '-T', '--temp-dir', '--backup-dir', '--suffix', '--chmod', '--chown', '-M', '--remote-option', '--timeout', '--contimeout', '--compare-dest', '--copy-dest', '--link-dest', '--partial-dir', '--max-size', '--min-size', '--max-delete', '--out-format', '--info', '--debug', '--usermap', '--groupmap', '--iconv', '--checksum-choice', '--compress-choice', '--compress-level', '--modify-window', '--sockopts', '--address'],
  },
});

const rsync: Classifier = (c) => {
  const p = rsyncOpts.parse(c.args);
  const dest = p.operands.at(-1);
  const sources = p.operands.slice(0, -1);
  for (const f of p.values('filesFrom')) c.read(f);
  for (const e of p.values('rsh')) if (!e.known || !/^ssh(\s|$)/.test(e.value)) c.runScript(e.value, e.known, 'rsync -e');
  if (p.has('dryRun')) {
    c.find('shell.read-only', 'only lists what rsync would transfer');
    return;
  }
  const remote = (f: Field | undefined): boolean => f !== undefined && f.known && (isRemoteSpec(f.value) || f.value.includes('::'));
  const destRemote = remote(dest);
  const sent: Sent[] = [];
  for (const s of sources) {
    if (remote(s)) c.fetch(remoteHost(s.value));
    else if (destRemote) {
      const x = sendFile(c, s, { recursive: true });
      if (x) sent.push(x);
    } else c.read(s, { recursive: true });
    if (p.has('removeSource') && !remote(s)) c.delete(s, { recursive: true });
  }
  if (dest) {
    if (destRemote) c.fetch(remoteHost(dest.value));
    else if (p.has('del')) c.delete(dest, { recursive: true });
    else c.write(dest, { recursive: true });
  }
  sent.push(...taintedArgs(c));
  upload(c, sent);
  if (p.has('del')) c.find('shell.rsync-delete', `deletes files in ${dest?.value ?? 'the destination'} that are not in the source`);
  if (p.has('removeSource')) c.find('shell.rm-recursive', 'deletes the source files after copying them');
  if (sent.length === 0 && (destRemote || sources.some(remote))) c.find('shell.network', 'copies files over the network');
  else if (sent.length === 0) c.find('shell.write', 'copies files');
};

/** sftp, ftp, telnet, socat, openssl s_client: a connection to the host operand. */
const rawConnection: Classifier = (c) => {
  const operands = c.args.filter((a) => !a.value.startsWith('-'));
  if (c.inv.name === 'socat') {
    for (const a of operands) {
      const m = /^(?:TCP|TCP4|TCP6|UDP|UDP4|UDP6|SSL|OPENSSL|PROXY|SOCKS4A?)(?:-CONNECT)?:([^,]+)/i.exec(a.value);
      if (m) c.fetch(m[1]!);
      if (/^(EXEC|SYSTEM):/i.test(a.value)) {
        c.find('shell.remote-shell', 'attaches a program to a network connection (a remote shell)');
        c.runScript(a.value.replace(/^\w+:/, '').split(',')[0]!, a.known, 'socat EXEC');
      }
    }
  } else if (c.inv.name === 'openssl') {
    const i = c.args.findIndex((a) => a.value === '-connect');
    const target = c.args[i + 1];
    if (target) c.fetch(target.value, !target.known);
  } else {
    const host = operands[0];
    if (host) c.fetch(host.value.replace(/^\w+:\/\//, ''), !host.known);
  }
  const s = sendStdin(c);
  upload(c, s ? [s] : []);
  c.find('shell.remote-shell', `opens a connection to ${operands[0]?.value ?? 'a host'}`);
  c.output = { network: true, decoded: false, reads: false, secrets: [] };
};

/** ping, dig, host, nslookup, traceroute, whois: a lookup or probe of the host operand. */
const probe: Classifier = (c) => {
  const host = c.args.filter((a) => !a.value.startsWith('-') && !/^\d+$/.test(a.value) && !a.value.startsWith('@') && !/^(A|AAAA|MX|TXT|NS|CNAME|SOA|PTR|SRV|ANY)$/i.test(a.value)).at(c.inv.name === 'dig' ? -1 : 0);
  if (host) c.fetch(host.value, !host.known);
  c.find('shell.network', `looks up or probes ${host?.value ?? 'a host'}`);
};

export const networkClassifiers: Record<string, Classifier> = {
  curl,
  wget,
  wget2: wget,
  http: httpie,
  https: httpie,
  xh: httpie,
  xhs: httpie,
  nc,
  ncat: nc,
  netcat: nc,
  ssh,
  scp,
  rsync,
  sftp: rawConnection,
  ftp: rawConnection,
  lftp: rawConnection,
  tftp: rawConnection,
  telnet: rawConnection,
  socat: rawConnection,
  ping: probe,
  ping6: probe,
  dig: probe,
  host: probe,
  nslookup: probe,
  traceroute: probe,
  tracepath: probe,
  mtr: probe,
  whois: probe,
  aria2c: (c) => {
    for (const a of c.args) if (!a.value.startsWith('-')) c.fetch(a.value, !a.known);
    c.find('shell.network', 'downloads files');
  },
};

export { isRemoteSpec };
