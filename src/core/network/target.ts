import type ipaddr from 'ipaddr.js';
import { err, ok, type Result } from '../result';
import { classifyName, describeAddress, embeddedIpv4, type Ipv4Embedding } from './classify';
import { decimalReading, parseIpLiteral } from './literal';

/** Where a URL or a host argument points, read the way the clients that will use it read it. */
export interface NetworkTarget {
  readonly input: string;
  /** Lower-case URL scheme (`http`, `https`, `ws`, `file`, `gopher`, ...) or `none` for a bare host. */
  readonly scheme: string;
  /**
   * Lower-case ASCII name without trailing dot, or canonical IP text (IPv6 without brackets or zone).
   * Empty for URLs without a host (`file:///etc/passwd`, `mailto:`).
   */
  readonly host: string;
  readonly hostKind: 'ip' | 'name';
  /** The address when the host is an IP literal. */
  readonly ip?: string;
  /** IPv4 addresses carried inside an IPv6 literal (mapped, NAT64, 6to4, Teredo...). */
  readonly embeddedIpv4?: readonly Ipv4Embedding[];
  readonly zoneId?: string;
  /** The explicit port, else the scheme's default; absent for a bare host without one. */
  readonly port?: number;
  readonly explicitPort?: boolean;
  /** `file:` URLs: the path to check as a read (`//host/share/...` for a remote host). */
  readonly filePath?: string;
  /**
   * Other addresses some common client reads the same text as (`0127.0.0.1` is octal to browsers and curl,
   * decimal to Java); they are assessed too and the worst one counts.
   */
  readonly alternateIps?: readonly string[];
  /** The URL carries `user@` or `user:password@` before the host. */
  readonly hasUserinfo?: boolean;
}

/** Schemes WHATWG URL parses with a real host (IPv4 normalisation, IDNA, percent-decoding). */
const specialSchemes = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'file']);

const defaultPorts: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
  ftps: 990,
  sftp: 22,
  ssh: 22,
  scp: 22,
  telnet: 23,
  smtp: 25,
  gopher: 70,
  tftp: 69,
  imap: 143,
  pop3: 110,
  ldap: 389,
  ldaps: 636,
  smb: 445,
  rtsp: 554,
  dict: 2628,
  mqtt: 1883,
  redis: 6379,
  mysql: 3306,
  postgres: 5432,
  postgresql: 5432,
  mongodb: 27017,
};

const maxInputLength = 8192;

/** WHATWG strips leading and trailing C0 controls and spaces; anything else stays part of the input. */
function trimC0(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

const schemePrefix = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
/** `host:port` (curl, wget and nc accept it without a scheme): not a URL whose scheme is the host name. */
const hostColonPort = /^[^:/?#@[\]\\]+:\d+(?:[/?#\\]|$)/;

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The authority as WHATWG finds it: after the scheme, past any run of `/` and `\` (special schemes) or `//`. */
function whatwgAuthority(text: string, special: boolean): { start: number; end: number } | undefined {
  const m = schemePrefix.exec(text);
  if (!m) return undefined;
  let start = m[0].length;
  if (special) {
    while (text[start] === '/' || text[start] === '\\') start++;
  } else if (text.startsWith('//', start)) {
    start += 2;
  } else {
    return undefined;
  }
  const rest = text.slice(start).search(special ? /[/\\?#]/ : /[/?#]/);
  return { start, end: rest < 0 ? text.length : start + rest };
}

/** Splits `user:pass@host:port` the way RFC 3986 parsers do (last `@`, brackets for IPv6). */
function splitAuthority(authority: string): { host: string; port?: string; userinfo: boolean } {
  const at = authority.lastIndexOf('@');
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  const userinfo = at >= 0;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return { host: hostPort, userinfo };
    const after = hostPort.slice(close + 1);
    const host = hostPort.slice(0, close + 1);
    return after.startsWith(':') ? { host, port: after.slice(1), userinfo } : { host, userinfo };
  }
  const colon = hostPort.lastIndexOf(':');
  return colon >= 0 ? { host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1), userinfo } : { host: hostPort, userinfo };
}

type CanonicalHost = { kind: 'ip'; text: string; address: ipaddr.IPv4 | ipaddr.IPv6 } | { kind: 'name'; text: string };

/** Turns a WHATWG hostname into canonical form: brackets off IPv6, trailing dots off names. */
function fromWhatwgHostname(hostname: string): CanonicalHost | undefined {
  if (hostname.startsWith('[')) {
    const literal = parseIpLiteral(hostname);
    return literal ? { kind: 'ip', text: literal.text, address: literal.address } : undefined;
  }
  const literal = /^[\d.]+$/.test(hostname) ? parseIpLiteral(hostname) : undefined;
  if (literal) return { kind: 'ip', text: literal.text, address: literal.address };
  const name = hostname.replace(/\.+$/, '');
  return name === '' ? undefined : { kind: 'name', text: name };
}

/**
 * Canonicalises a raw host through WHATWG's host parser (as an http URL), so that opaque hosts of non-special
 * schemes and hosts read by other parsers get the same IPv4, IDNA and percent-decoding treatment.
 */
function canonicalViaWhatwg(rawHost: string): CanonicalHost | undefined {
  if (rawHost === '' || /[/\\?#@\s]/.test(rawHost)) return undefined;
  try {
    return fromWhatwgHostname(new URL(`http://${rawHost}/`).hostname);
  } catch {
    return undefined;
  }
}

/**
 * Folds what looks like digits and dots to ASCII (percent-decoding, NFKC, ideographic full stops, digits of any
 * script), so hosts like `१२७.०.०.१` are also read as the address a lenient client might see.
 */
function foldHost(raw: string): string {
  if (/^[!-$&-~]*$/.test(raw)) return raw.toLowerCase().replace(/\.+$/, '');
  const decoded = safeDecode(raw) ?? raw;
  return decoded
    .normalize('NFKC')
    .replace(/[\u3002\uff0e\uff61]/g, '.')
    .replace(/\p{Nd}/gu, (d) => String(digitValue(d)))
    .toLowerCase()
    .replace(/\.+$/, '');
}

/** The value of a decimal digit of any script: Unicode lays each script's digits out as a run 0 to 9. */
function digitValue(d: string): number {
  const code = d.codePointAt(0) as number;
  let zero = code;
  while (zero > 0 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1)) && code - zero < 9) zero--;
  return (code - zero) % 10;
}

/** Addresses other clients may read the raw host as, besides the WHATWG reading. */
function alternateReadings(rawHost: string, primary: string): string[] {
  const alternates = new Set<string>();
  const folded = foldHost(rawHost);
  const decimal = decimalReading(folded);
  if (decimal !== undefined) alternates.add(decimal);
  if (/[^\p{ASCII}]/u.test(rawHost)) {
    const viaFold = canonicalViaWhatwg(folded);
    if (viaFold?.kind === 'ip') alternates.add(viaFold.text);
  }
  alternates.delete(primary);
  return [...alternates];
}

/** A bare IPv6 address, as ssh, ping or nc take it (`fe80::1%eth0`, `::ffff:10.0.0.1`). */
function bareIpv6(input: string): NetworkTarget | undefined {
  if (!/^[0-9a-fA-F:.]+(?:%[^\s/\\?#@[\]]+)?$/.test(input) || input.split(':').length < 3) return undefined;
  const literal = parseIpLiteral(input);
  if (!literal || literal.address.kind() !== 'ipv6') return undefined;
  const embedded = embeddedIpv4(literal.address as ipaddr.IPv6);
  return {
    input,
    scheme: 'none',
    host: literal.text,
    hostKind: 'ip',
    ip: literal.text,
    ...(embedded.length > 0 ? { embeddedIpv4: embedded } : {}),
    ...(literal.zoneId !== undefined ? { zoneId: literal.zoneId } : {}),
  };
}

/** WHATWG rejects IPv6 zone ids; curl and the OS accept `[fe80::1%25eth0]`. Strip the zone, keep it aside. */
function stripZone(
  text: string,
  span: { start: number; end: number } | undefined,
): Result<{ text: string; zoneId?: string }, string> {
  if (!span) return ok({ text });
  const authority = text.slice(span.start, span.end);
  const m = /\[([0-9a-fA-F:.]+)%(?:25)?([^\]]*)\]/.exec(authority);
  if (!m) return ok({ text });
  const zoneId = safeDecode(m[2] as string);
  if (zoneId === undefined || !/^[\w.~-]+$/.test(zoneId)) return err(`"${m[0]}" has an invalid IPv6 zone id`);
  const rewritten = authority.replace(m[0], `[${m[1]}]`);
  return ok({ text: text.slice(0, span.start) + rewritten + text.slice(span.end), zoneId });
}

const dropZone = (host: string): string => (host.startsWith('[') ? host.replace(/%[^\]]*\]$/, ']') : host);

/** curl and others read `file://localhost/` and `file://127.0.0.1/` as this machine, not as a share. */
function isThisMachine(host: CanonicalHost): boolean {
  return host.kind === 'ip' ? describeAddress(host.text)?.class === 'loopback' : classifyName(host.text) === 'loopback';
}

/** A path from a `file:` URL: percent-decoded, drive letters without the leading slash. */
function filePathOf(url: URL, host: CanonicalHost | undefined): Result<string, string> {
  const decoded = safeDecode(url.pathname);
  if (decoded === undefined) return err('the file: URL has an invalid percent-encoding in its path');
  if (decoded.includes('\0')) return err('the file: URL path contains a NUL byte');
  if (host && !isThisMachine(host)) return ok(`//${host.text}${decoded}`);
  return ok(/^\/[A-Za-z]:/.test(decoded) ? decoded.slice(1) : decoded);
}

/**
 * Reads a URL or a bare host (`host`, `host:port`, `user@host`, `[v6]:port`, an IPv4 address in any inet_aton
 * spelling) into a network target. WHATWG URL is the ground truth; where another common client would read a
 * different host from the same text (a `\` before an `@`, for instance) the input is refused as ambiguous.
 */
export function parseNetworkTarget(input: string): Result<NetworkTarget, string> {
  if (typeof input !== 'string') return err('the URL is not a string');
  const text = trimC0(input);
  if (text === '') return err('the URL is empty');
  if (text.length > maxInputLength) return err(`the URL is longer than ${maxInputLength} characters`);

  const v6 = bareIpv6(text);
  if (v6) return ok({ ...v6, input });

  const bare = !schemePrefix.test(text) || hostColonPort.test(text);
  const urlText = bare ? (text.startsWith('//') || text.startsWith('\\\\') ? `http:${text}` : `http://${text}`) : text;
  const claimedScheme = (schemePrefix.exec(urlText)?.[1] ?? '').toLowerCase();
  const special = specialSchemes.has(claimedScheme);
  // WHATWG drops tabs and newlines anywhere before parsing; find the authority the way it will.
  const whatwgText = urlText.replace(/[\t\n\r]/g, '');
  const span = whatwgAuthority(whatwgText, special);
  const zoned = stripZone(whatwgText, span);
  if (!zoned.ok) return zoned;

  let url: URL;
  try {
    url = new URL(zoned.value.text);
  } catch {
    return err(`"${truncate(input)}" is not a valid URL or host`);
  }
  const scheme = url.protocol.slice(0, -1);
  const authority = span ? whatwgText.slice(span.start, span.end) : '';
  const parts = splitAuthority(authority);

  let host: CanonicalHost | undefined;
  if (url.hostname !== '') {
    host = special ? fromWhatwgHostname(url.hostname) : canonicalViaWhatwg(safeDecode(url.hostname) ?? '\0');
    if (!host) return err(`"${truncate(input)}" has an invalid host`);
  }

  // A parser that does not treat `\` as a separator (curl, Python, Go) may see another host: refuse the ambiguity.
  const rfc = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(urlText);
  if (rfc && host && rfc[1] !== authority) {
    const other = canonicalViaWhatwg(dropZone(splitAuthority(rfc[1] as string).host));
    if (other && other.text !== host.text) {
      return err(`"${truncate(input)}" is ambiguous: browsers read the host as ${host.text}, other clients as ${other.text}`);
    }
  }

  const explicitPort = parts.port !== undefined && parts.port !== '' ? Number(parts.port) : undefined;
  if (explicitPort !== undefined && !(Number.isInteger(explicitPort) && explicitPort <= 65535)) {
    return err(`"${truncate(input)}" has an invalid port`);
  }
  const port = explicitPort ?? (bare ? undefined : defaultPorts[scheme]);

  let filePath: string | undefined;
  if (scheme === 'file') {
    const path = filePathOf(url, host);
    if (!path.ok) return path;
    filePath = path.value;
  }

  const alternates = host ? alternateReadings(parts.host.replace(/^\[|\]$/g, ''), host.text) : [];
  const embedded = host?.kind === 'ip' && host.address.kind() === 'ipv6' ? embeddedIpv4(host.address as ipaddr.IPv6) : [];
  return ok({
    input,
    scheme: bare ? 'none' : scheme,
    host: host?.text ?? '',
    hostKind: host?.kind ?? 'name',
    ...(host?.kind === 'ip' ? { ip: host.text } : {}),
    ...(embedded.length > 0 ? { embeddedIpv4: embedded } : {}),
    ...(zoned.value.zoneId !== undefined ? { zoneId: zoned.value.zoneId } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(explicitPort !== undefined ? { explicitPort: true } : {}),
    ...(filePath !== undefined ? { filePath } : {}),
    ...(alternates.length > 0 ? { alternateIps: alternates } : {}),
    ...(parts.userinfo ? { hasUserinfo: true } : {}),
  });
}

const truncate = (s: string): string => (s.length > 200 ? `${s.slice(0, 200)}…` : s);
