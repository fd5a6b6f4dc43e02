import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** An IP address read from text, with its canonical spelling. */
export interface IpLiteral {
  readonly address: IpAddress;
  /** Dotted decimal for IPv4; RFC 5952 (lower case, compressed, no brackets, no zone) for IPv6. */
  readonly text: string;
  /** The IPv6 zone (`fe80::1%eth0`): it picks an interface, not a different address. */
  readonly zoneId?: string;
}

/** One IPv4 part as WHATWG URL and inet_aton read it: `0x` hex, leading-zero octal, else decimal. */
function parsePart(part: string): number | undefined {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
  if (/^0[0-7]+$/.test(part)) return parseInt(part.slice(1), 8);
  if (/^(?:0|[1-9][0-9]*)$/.test(part)) return Number(part);
  return undefined;
}

/**
 * Reads every IPv4 spelling that WHATWG URL and inet_aton accept: 1 to 4 parts, each decimal, octal or hex, the
 * last part filling the remaining bytes (`127.1`, `0x7f000001`, `0177.0.0.1`), and one trailing dot.
 * Returns the address as an unsigned 32-bit number.
 */
export function parseInetAton(text: string): number | undefined {
  let parts = text.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts = parts.slice(0, -1);
  if (parts.length === 0 || parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = parsePart(part);
    if (n === undefined) return undefined;
    numbers.push(n);
  }
  const last = numbers.pop() as number;
  if (numbers.some((n) => n > 255)) return undefined;
  if (last >= 256 ** (5 - parts.length)) return undefined;
  return numbers.reduce((sum, n, i) => sum + n * 256 ** (3 - i), last);
}

export const ipv4FromNumber = (n: number): ipaddr.IPv4 =>
  new ipaddr.IPv4([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

/**
 * The other reading of a dotted quad with leading zeros: WHATWG and inet_aton take `0127.0.0.1` as octal
 * (87.0.0.1), but some clients (Java, older Go and Python) take it as decimal (127.0.0.1).
 */
export function decimalReading(text: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.?$/.exec(text);
  if (!m || !m.slice(1).some((p) => /^0\d/.test(p))) return undefined;
  const octets = m.slice(1).map((p) => Number(p));
  return octets.every((o) => o <= 255) ? octets.join('.') : undefined;
}

const dottedQuad = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const strictQuad = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * Rewrites a trailing dotted quad in IPv6 text as two hex groups, the way WHATWG does (strict decimal only).
 * ipaddr.js alone would read `::1.2.3.4` as IPv4-mapped and accept octal or hex parts there.
 */
export function hexifyIpv6(text: string): string | undefined {
  if (!text.includes('.')) return text;
  const colon = text.lastIndexOf(':');
  const quad = text.slice(colon + 1);
  if (colon < 0 || !strictQuad.test(quad)) return undefined;
  const [a, b, c, d] = quad.split('.').map(Number) as [number, number, number, number];
  return `${text.slice(0, colon + 1)}${(a * 256 + b).toString(16)}:${(c * 256 + d).toString(16)}`;
}

/**
 * Reads an IP address in any textual form: IPv4 as above, IPv6 with or without brackets and zone id.
 * Undefined when the text is not an address.
 */
export function parseIpLiteral(text: string): IpLiteral | undefined {
  const quad = dottedQuad.exec(text);
  if (quad) {
    const octets = quad.slice(1).map(Number);
    // Leading zeros mean octal here, so only plain quads take this fast path.
    if (octets.every((o) => o <= 255) && !quad.slice(1).some((p) => /^0\d/.test(p))) {
      const address = new ipaddr.IPv4(octets);
      return { address, text: address.toString() };
    }
  }
  let t = text;
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  if (t.includes(':')) {
    let zoneId: string | undefined;
    const pct = t.indexOf('%');
    if (pct >= 0) {
      zoneId = t.slice(pct + 1);
      t = t.slice(0, pct);
      if (zoneId === '') return undefined;
    }
    const hex = hexifyIpv6(t);
    if (hex === undefined || !ipaddr.IPv6.isValid(hex)) return undefined;
    const address = ipaddr.IPv6.parse(hex);
    return zoneId === undefined ? { address, text: address.toRFC5952String() } : { address, text: address.toRFC5952String(), zoneId };
  }
  const n = parseInetAton(t);
  if (n === undefined) return undefined;
  const address = ipv4FromNumber(n);
  return { address, text: address.toString() };
}
