// Tables for the network guard's tests. Addresses appear only as strings: nothing here opens a connection.
import type { AddressClass } from '../../../../src/core/network/classify';
import type { Resolver } from '../../../../src/core/network/resolve';
import type { Decision } from '../../../../src/core/verdict';

/** Expected decisions as [strict, balanced, permissive]. */
export type Decisions = readonly [Decision, Decision, Decision];
export const PASS: Decisions = ['ask', 'allow', 'allow'];
export const ASK: Decisions = ['deny', 'ask', 'ask'];
export const DENY: Decisions = ['deny', 'deny', 'deny'];

/** A fake DNS: names to answers; anything else is NXDOMAIN. */
export const fakeDns: Readonly<Record<string, readonly string[]>> = {
  'example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'api.github.com': ['140.82.112.6'],
  'registry.npmjs.org': ['104.16.1.34', '104.16.2.34'],
  localhost: ['127.0.0.1', '::1'],
  'app.localhost': ['127.0.0.1'],
  'localtest.me': ['127.0.0.1'],
  '127.0.0.1.nip.io': ['127.0.0.1'],
  '169.254.169.254.nip.io': ['169.254.169.254'],
  'rebind.attacker.example.net': ['93.184.216.34', '127.0.0.1'],
  'intranet-wiki.example.org': ['10.20.30.40'],
  'mapped-meta.example.net': ['::ffff:169.254.169.254'],
  'nat64-meta.example.net': ['64:ff9b::a9fe:a9fe'],
  'v6-loop.example.net': ['::1'],
  'ula.example.net': ['fd12:3456:789a::1'],
  'cgnat.example.net': ['100.64.0.7'],
  'alibaba-meta.example.net': ['100.100.100.200'],
  'aws-v6-meta.example.net': ['fd00:ec2::254'],
  'garbage.example.net': ['not-an-address'],
  'empty.example.net': [],
  'metadata.google.internal': ['169.254.169.254'],
  'jenkins': ['10.1.1.1'],
  'printer.local': ['192.168.1.20'],
  'build.corp': ['8.8.4.4'],
  'host.docker.internal': ['192.168.65.254'],
  'router.home.arpa': ['192.168.0.1'],
  'nas.lan': ['192.168.0.2'],
  'public-but-internal-tld.internal': ['8.8.8.8'],
};

export class NotFound extends Error {
  readonly code = 'ENOTFOUND';
}

/** A resolver over fakeDns that counts its calls. */
export function fakeResolver(table: Readonly<Record<string, readonly string[]>> = fakeDns): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (host: string): Promise<readonly string[]> => {
    calls.push(host);
    const answers = table[host];
    if (answers === undefined) throw new NotFound(`getaddrinfo ENOTFOUND ${host}`);
    return answers;
  };
  return Object.assign(resolver, { calls });
}

/** IPv4 targets every encoding is applied to, with the class they must keep. */
export const ipv4Targets: readonly { readonly ip: string; readonly class: AddressClass }[] = [
  { ip: '127.0.0.1', class: 'loopback' },
  { ip: '127.255.3.9', class: 'loopback' },
  { ip: '10.0.0.1', class: 'private' },
  { ip: '172.16.5.4', class: 'private' },
  { ip: '192.168.1.1', class: 'private' },
  { ip: '169.254.10.20', class: 'link-local' },
  { ip: '169.254.169.254', class: 'metadata' },
  { ip: '169.254.170.2', class: 'metadata' },
  { ip: '100.100.100.200', class: 'metadata' },
  { ip: '192.0.0.192', class: 'metadata' },
  { ip: '100.64.1.2', class: 'cgnat' },
  { ip: '0.0.0.0', class: 'unspecified' },
  { ip: '9.9.9.9', class: 'public' },
  { ip: '93.184.216.34', class: 'public' },
  { ip: '1.1.1.1', class: 'public' },
];

const octets = (ip: string): [number, number, number, number] => ip.split('.').map(Number) as [number, number, number, number];
const toNumber = (ip: string): number => octets(ip).reduce((n, o) => n * 256 + o, 0);
const hex = (n: number): string => n.toString(16);
const oct = (n: number): string => `0${n.toString(8)}`;
const words = (ip: string): [string, string] => {
  const [a, b, c, d] = octets(ip);
  return [hex(a * 256 + b), hex(c * 256 + d)];
};
const fullWidth = (s: string): string =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/\./g, '\uff0e');
const mathDigits = (s: string): string => s.replace(/[0-9]/g, (d) => String.fromCodePoint(0x1d7ce + Number(d)));
const percentAll = (s: string): string => [...s].map((ch) => `%${ch.charCodeAt(0).toString(16)}`).join('');

/**
 * A textual form of an IPv4 address. `publicAs` is the class a public address takes in this form when the
 * carrier itself is not public (IPv4-compatible and local-use NAT64 are reserved prefixes).
 */
export interface Encoding {
  readonly name: string;
  readonly encode: (ip: string) => string;
  /** Not a web scheme: the scheme rule applies on top of the address. */
  readonly otherScheme?: boolean;
  readonly publicAs?: AddressClass;
}

export const encodings: readonly Encoding[] = [
  { name: 'dotted', encode: (ip) => `http://${ip}/` },
  { name: 'dotless decimal', encode: (ip) => `http://${toNumber(ip)}/` },
  { name: 'hex', encode: (ip) => `http://0x${hex(toNumber(ip))}/` },
  { name: 'hex, padded upper case', encode: (ip) => `http://0X${hex(toNumber(ip)).padStart(8, '0').toUpperCase()}/` },
  { name: 'octal', encode: (ip) => `http://0${toNumber(ip).toString(8)}/` },
  { name: 'dotted hex', encode: (ip) => `http://${octets(ip).map((o) => `0x${hex(o)}`).join('.')}/` },
  { name: 'dotted octal', encode: (ip) => `http://${octets(ip).map(oct).join('.')}/` },
  {
    name: 'mixed radix',
    encode: (ip) => {
      const [a, b, c, d] = octets(ip);
      return `http://0x${hex(a)}.${oct(b)}.${c}.0x${hex(d)}/`;
    },
  },
  {
    name: 'two parts',
    encode: (ip) => {
      const [a, b, c, d] = octets(ip);
      return `http://${a}.${b * 65536 + c * 256 + d}/`;
    },
  },
  {
    name: 'three parts',
    encode: (ip) => {
      const [a, b, c, d] = octets(ip);
      return `http://${a}.${b}.${c * 256 + d}/`;
    },
  },
  {
    name: 'two parts, hex and octal',
    encode: (ip) => {
      const [a, b, c, d] = octets(ip);
      return `http://0x${hex(a)}.${oct(b * 65536 + c * 256 + d)}/`;
    },
  },
  { name: 'trailing dot', encode: (ip) => `http://${ip}./` },
  { name: 'percent-encoded', encode: (ip) => `http://${percentAll(ip)}/` },
  { name: 'full-width digits and dots', encode: (ip) => `http://${fullWidth(ip)}/` },
  { name: 'ideographic full stops', encode: (ip) => `http://${ip.replace(/\./g, '\u3002')}/` },
  { name: 'mathematical digits', encode: (ip) => `http://${mathDigits(ip)}/` },
  { name: 'userinfo', encode: (ip) => `http://user@${ip}/` },
  { name: 'decoy userinfo and port', encode: (ip) => `http://example.com:443@${ip}:8080/` },
  { name: 'backslashes', encode: (ip) => `http:\\\\${ip}\\admin` },
  { name: 'upper-case scheme, https, port', encode: (ip) => `HTTPS://${ip}:8443/x?y#z` },
  { name: 'tab inside', encode: (ip) => `http://${ip.replace('.', '.\t')}/` },
  { name: 'IPv4-mapped', encode: (ip) => `http://[::ffff:${ip}]/` },
  { name: 'IPv4-mapped hex', encode: (ip) => `http://[::ffff:${words(ip).join(':')}]/` },
  { name: 'IPv4-mapped, uncompressed', encode: (ip) => `http://[0:0:0:0:0:FFFF:${ip}]/` },
  { name: 'IPv4-translated', encode: (ip) => `http://[::ffff:0:${ip}]/` },
  { name: 'NAT64 well-known prefix', encode: (ip) => `http://[64:ff9b::${ip}]/` },
  { name: 'NAT64 well-known prefix, hex', encode: (ip) => `http://[64:ff9b::${words(ip).join(':')}]/` },
  { name: 'NAT64 local-use prefix', encode: (ip) => `http://[64:ff9b:1::${words(ip).join(':')}]/`, publicAs: 'reserved' },
  { name: 'IPv4-compatible', encode: (ip) => `http://[::${ip}]/`, publicAs: 'reserved' },
  { name: '6to4', encode: (ip) => `http://[2002:${words(ip).join(':')}::1]/` },
  {
    name: 'Teredo client',
    encode: (ip) => {
      const n = toNumber(ip) ^ 0xffffffff;
      return `http://[2001:0:4136:e378:8000:63bf:${hex((n >>> 16) & 0xffff)}:${hex(n & 0xffff)}]/`;
    },
  },
  { name: 'bare', encode: (ip) => ip },
  { name: 'bare dotless', encode: (ip) => String(toNumber(ip)) },
  { name: 'bare hex', encode: (ip) => `0x${hex(toNumber(ip))}` },
  { name: 'bare with port', encode: (ip) => `${ip}:8080` },
  { name: 'bare short form with port', encode: (ip) => `${octets(ip)[0]}.${toNumber(ip) & 0xffffff}:22` },
  { name: 'bare user@host (ssh)', encode: (ip) => `root@${ip}` },
  { name: 'bare IPv4-mapped', encode: (ip) => `::ffff:${ip}` },
  { name: 'bare bracketed IPv6 with port', encode: (ip) => `[64:ff9b::${ip}]:443` },
  { name: 'ws', encode: (ip) => `ws://${ip}:9229/` },
  { name: 'wss', encode: (ip) => `wss://0x${hex(toNumber(ip))}/socket` },
  { name: 'ftp', encode: (ip) => `ftp://${toNumber(ip)}/pub`, otherScheme: true },
  { name: 'gopher with hex host', encode: (ip) => `gopher://0x${hex(toNumber(ip))}:6379/_INFO`, otherScheme: true },
  { name: 'dict with percent-encoded host', encode: (ip) => `dict://${percentAll(ip)}:11211/stat`, otherScheme: true },
  { name: 'ldap with short host', encode: (ip) => `ldap://${octets(ip)[0]}.${toNumber(ip) & 0xffffff}/`, otherScheme: true },
];

/** The decisions a class gets from the presets (metadata: the floor). */
export function decisionsFor(cls: AddressClass): Decisions {
  if (cls === 'metadata') return DENY;
  return cls === 'public' ? PASS : ASK;
}

/** Hand-written cases: forms, names, DNS answers and schemes the generated table does not reach. */
export interface Case {
  readonly input: string;
  /** Canonical host, when the input parses. */
  readonly host?: string;
  readonly worst?: AddressClass | 'unresolved';
  readonly decisions: Decisions;
  readonly rule?: string;
  readonly note?: string;
}

export const cases: readonly Case[] = [
  // Loopback in forms the generated table does not cover.
  { input: 'http://[::1]/', host: '::1', worst: 'loopback', decisions: ASK, rule: 'preset.network-loopback' },
  { input: 'http://[0000:0000:0000:0000:0000:0000:0000:0001]:8080/', host: '::1', worst: 'loopback', decisions: ASK },
  { input: '::1', host: '::1', worst: 'loopback', decisions: ASK },
  { input: '[::1]:22', host: '::1', worst: 'loopback', decisions: ASK },
  { input: 'http://[::1%25lo]/', host: '::1', worst: 'loopback', decisions: ASK, note: 'zone id on loopback' },
  { input: 'http://0/', host: '0.0.0.0', worst: 'unspecified', decisions: ASK, rule: 'preset.network-loopback' },
  { input: 'http://0x/', host: '0.0.0.0', worst: 'unspecified', decisions: ASK },
  { input: 'http://[::]:3000/', host: '::', worst: 'unspecified', decisions: ASK },
  { input: 'http://127.1:631/', host: '127.0.0.1', worst: 'loopback', decisions: ASK },
  { input: 'http://0177.1/', host: '127.0.0.1', worst: 'loopback', decisions: ASK },
  { input: 'http://localhost/', host: 'localhost', worst: 'loopback', decisions: ASK, rule: 'preset.network-loopback' },
  { input: 'http://LOCALHOST./', host: 'localhost', worst: 'loopback', decisions: ASK },
  { input: 'http://localhost.:80/', host: 'localhost', worst: 'loopback', decisions: ASK },
  { input: 'http://app.localhost:5173/', host: 'app.localhost', worst: 'loopback', decisions: ASK },
  { input: 'http://unresolvable.localhost/', host: 'unresolvable.localhost', worst: 'loopback', decisions: ASK, note: '*.localhost is loopback even without DNS' },
  { input: 'localhost:3000', host: 'localhost', worst: 'loopback', decisions: ASK },
  { input: 'http://ｌｏｃａｌｈｏｓｔ/', host: 'localhost', worst: 'loopback', decisions: ASK, note: 'full-width letters' },
  { input: 'http://loc%61lhost/', host: 'localhost', worst: 'loopback', decisions: ASK },
  { input: 'http://localtest.me/', host: 'localtest.me', worst: 'loopback', decisions: ASK, note: 'public name, loopback answer' },
  { input: 'http://127.0.0.1.nip.io/', host: '127.0.0.1.nip.io', worst: 'loopback', decisions: ASK },
  { input: 'http://rebind.attacker.example.net/', worst: 'loopback', decisions: ASK, note: 'one public and one loopback answer' },
  { input: 'http://v6-loop.example.net/', worst: 'loopback', decisions: ASK },
  { input: 'http://[::ffff:127.0.0.1%25eth0]/', host: '::ffff:7f00:1', worst: 'loopback', decisions: ASK },
  { input: 'http://0127.0.0.1/', host: '87.0.0.1', worst: 'loopback', decisions: ASK, note: 'octal to browsers, decimal to Java' },
  { input: 'http://010.010.010.010/', host: '8.8.8.8', worst: 'private', decisions: ASK, note: 'decimal reading 10.10.10.10' },
  { input: 'http://[::127.0.0.1]/', host: '::7f00:1', worst: 'loopback', decisions: ASK },
  { input: 'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', worst: 'loopback', decisions: ASK, note: 'Teredo client 127.0.0.1' },
  { input: 'http://[64:ff9b:1::7f00:1]/', worst: 'loopback', decisions: ASK },
  { input: 'http://\u0967\u0968\u096d.\u0966.\u0966.\u0967/', worst: 'loopback', decisions: ASK, note: 'Devanagari digits read as 127.0.0.1' },

  // Private, link-local, unique-local, CGNAT.
  { input: 'http://10.1/', host: '10.0.0.1', worst: 'private', decisions: ASK, rule: 'preset.network-private' },
  { input: 'http://192.168.257/', host: '192.168.1.1', worst: 'private', decisions: ASK },
  { input: 'http://172.31.255.255/', worst: 'private', decisions: ASK },
  { input: 'http://[fd12:3456:789a::1]/', worst: 'unique-local', decisions: ASK, rule: 'preset.network-private' },
  { input: 'http://[fec0::1]/', worst: 'private', decisions: ASK, note: 'deprecated site-local' },
  { input: 'http://[fe80::1%25eth0]:8080/', host: 'fe80::1', worst: 'link-local', decisions: ASK, rule: 'preset.network-link-local' },
  { input: 'http://[fe80::1%eth0]/', host: 'fe80::1', worst: 'link-local', decisions: ASK },
  { input: 'http://[fe80::1]/', host: 'fe80::1', worst: 'link-local', decisions: ASK },
  { input: 'fe80::1%eth0', host: 'fe80::1', worst: 'link-local', decisions: ASK },
  { input: '[fe80::abcd%25en0]:22', host: 'fe80::abcd', worst: 'link-local', decisions: ASK },
  { input: 'http://intranet-wiki.example.org/', worst: 'private', decisions: ASK, note: 'public name, private answer' },
  { input: 'http://ula.example.net/', worst: 'unique-local', decisions: ASK },
  { input: 'http://cgnat.example.net/', worst: 'cgnat', decisions: ASK },
  { input: 'http://100.127.255.255/', worst: 'cgnat', decisions: ASK },
  { input: 'admin@192.168.0.10', host: '192.168.0.10', worst: 'private', decisions: ASK },
  { input: '\\\\fileserver\\share', host: 'fileserver', worst: 'unresolved', decisions: ASK, note: 'UNC host, single label' },

  // Multicast, broadcast, reserved.
  { input: 'http://224.0.0.1/', worst: 'multicast', decisions: ASK, rule: 'preset.network-reserved' },
  { input: 'http://255.255.255.255/', worst: 'broadcast', decisions: ASK },
  { input: 'http://4294967295/', host: '255.255.255.255', worst: 'broadcast', decisions: ASK },
  { input: 'http://240.0.0.1/', worst: 'reserved', decisions: ASK },
  { input: 'http://192.0.2.1/', worst: 'reserved', decisions: ASK, note: 'documentation range' },
  { input: 'http://198.18.0.1/', worst: 'reserved', decisions: ASK, note: 'benchmarking range' },
  { input: 'http://[ff02::1]/', worst: 'multicast', decisions: ASK },
  { input: 'http://[2001:db8::1]/', worst: 'reserved', decisions: ASK },
  { input: 'http://[100::1]/', worst: 'reserved', decisions: ASK, note: 'discard prefix' },
  { input: 'http://[4000::1]/', worst: 'reserved', decisions: ASK, note: 'outside 2000::/3' },
  { input: 'http://garbage.example.net/', worst: 'reserved', decisions: ASK, note: 'resolver answered junk' },

  // Metadata: the floor, in every preset.
  { input: 'http://169.254.169.254/latest/meta-data/', worst: 'metadata', decisions: DENY, rule: 'floor.cloud-metadata' },
  { input: 'http://[fd00:ec2::254]/latest/meta-data/', host: 'fd00:ec2::254', worst: 'metadata', decisions: DENY, rule: 'floor.cloud-metadata' },
  { input: 'http://[FD00:EC2:0::254]/', host: 'fd00:ec2::254', worst: 'metadata', decisions: DENY },
  { input: 'http://[fd00:ec2::23]/', worst: 'metadata', decisions: DENY },
  { input: 'http://[fd20:ce::254]/', worst: 'metadata', decisions: DENY },
  { input: 'http://metadata.google.internal/computeMetadata/v1/', host: 'metadata.google.internal', worst: 'metadata', decisions: DENY },
  { input: 'http://METADATA.GOOGLE.INTERNAL./', host: 'metadata.google.internal', worst: 'metadata', decisions: DENY },
  { input: 'http://metadata/computeMetadata/v1/', host: 'metadata', worst: 'metadata', decisions: DENY, note: 'unresolvable here, still the floor' },
  { input: 'http://metadata.goog/', worst: 'metadata', decisions: DENY },
  { input: 'http://instance-data/latest/', worst: 'metadata', decisions: DENY },
  { input: 'http://instance-data.ec2.internal/', worst: 'metadata', decisions: DENY },
  { input: 'http://metadata.tencentyun.com/', worst: 'metadata', decisions: DENY },
  { input: 'http://169.254.0.23/', worst: 'metadata', decisions: DENY },
  { input: 'http://169.254.170.23/v1/credentials', worst: 'metadata', decisions: DENY },
  { input: 'http://168.63.129.16/machine?comp=goalstate', worst: 'metadata', decisions: DENY, note: 'Azure WireServer' },
  { input: 'http://169.254.169.254.nip.io/', worst: 'metadata', decisions: DENY },
  { input: 'http://mapped-meta.example.net/', worst: 'metadata', decisions: DENY },
  { input: 'http://nat64-meta.example.net/', worst: 'metadata', decisions: DENY },
  { input: 'http://alibaba-meta.example.net/', worst: 'metadata', decisions: DENY },
  { input: 'http://aws-v6-meta.example.net/', worst: 'metadata', decisions: DENY },
  { input: 'http://[64:ff9b:1:a9fe:a9:fe00::]/', worst: 'metadata', decisions: DENY, note: 'local-use NAT64 /48 layout' },
  { input: 'http://[2002:a9fe:a9fe::]/', worst: 'metadata', decisions: DENY },
  { input: 'http://0251.0376.0251.0376/', host: '169.254.169.254', worst: 'metadata', decisions: DENY },
  { input: 'http://[::ffff:a9fe:a9fe]/', worst: 'metadata', decisions: DENY },
  { input: 'gopher://169.254.169.254:80/_GET%20/', worst: 'metadata', decisions: DENY },
  { input: 'ws://metadata.google.internal/', worst: 'metadata', decisions: DENY },
  { input: 'root@169.254.169.254', worst: 'metadata', decisions: DENY },
  { input: 'http://169.254.169.254@example.com/', host: 'example.com', worst: 'public', decisions: PASS, note: 'the metadata IP is only the user name' },

  // Special-use names.
  { input: 'http://jenkins/', host: 'jenkins', worst: 'private', decisions: ASK, note: 'single label' },
  { input: 'http://printer.local/', worst: 'private', decisions: ASK },
  { input: 'http://host.docker.internal:8000/', worst: 'private', decisions: ASK },
  { input: 'http://router.home.arpa/', worst: 'private', decisions: ASK },
  { input: 'http://nas.lan/', worst: 'private', decisions: ASK },
  { input: 'http://build.corp/', worst: 'public', decisions: ASK, rule: 'preset.network-special-name' },
  { input: 'http://public-but-internal-tld.internal/', worst: 'public', decisions: ASK, rule: 'preset.network-special-name' },
  { input: 'http://unknown.internal/', worst: 'unresolved', decisions: ASK },
  { input: 'http://service.namespace.svc/', worst: 'unresolved', decisions: ASK },

  // DNS failure: never silently allowed.
  { input: 'http://does-not-exist.example.net/', worst: 'unresolved', decisions: ASK, rule: 'preset.network-unresolved' },
  { input: 'http://empty.example.net/', worst: 'unresolved', decisions: ASK, rule: 'preset.network-unresolved' },

  // Schemes.
  { input: 'file:///etc/passwd', host: '', worst: 'unresolved', decisions: ASK, rule: 'preset.network-file' },
  { input: 'file://localhost/etc/passwd', host: '', decisions: ASK, rule: 'preset.network-file' },
  { input: 'gopher://example.com/', decisions: ASK, rule: 'preset.network-scheme' },
  { input: 'ftp://example.com/pub/', decisions: ASK, rule: 'preset.network-scheme' },
  { input: 'dict://example.com:2628/d:word', decisions: ASK, rule: 'preset.network-scheme' },
  { input: 'ssh://git@example.com/repo.git', decisions: ASK, rule: 'preset.network-scheme' },
  { input: 'mailto:someone@example.com', host: '', decisions: ASK, rule: 'preset.network-scheme' },
  { input: 'javascript:alert(1)', host: '', decisions: ASK, rule: 'preset.network-scheme' },
  { input: 'data:text/plain,hello', host: '', decisions: ASK, rule: 'preset.network-scheme' },

  // Unreadable or ambiguous input: denied in every preset.
  { input: '', decisions: DENY, rule: 'input.network-invalid' },
  { input: '   ', decisions: DENY, rule: 'input.network-invalid' },
  { input: 'http://', decisions: DENY, rule: 'input.network-invalid' },
  { input: 'http://exa mple.com/', decisions: DENY, rule: 'input.network-invalid' },
  { input: 'http://1.2.3.08/', decisions: DENY, rule: 'input.network-invalid', note: '08 is not octal' },
  { input: 'http://1.2.3.4.5/', decisions: DENY, rule: 'input.network-invalid' },
  { input: 'http://4294967296/', decisions: DENY, rule: 'input.network-invalid' },
  { input: 'http://127.0.0.1:65536/', decisions: DENY, rule: 'input.network-invalid' },
  { input: 'http://[::1/', decisions: DENY, rule: 'input.network-invalid' },
  { input: 'http://[fe80::1%25eth 0]/', decisions: DENY, rule: 'input.network-invalid' },
  { input: 'http://[::ｆｆｆｆ:127.0.0.1]/', decisions: DENY, rule: 'input.network-invalid' },
  { input: 'http://evil.com\\@127.0.0.1/', decisions: DENY, rule: 'input.network-invalid', note: 'curl reads 127.0.0.1' },
  { input: 'http://127.0.0.1\\@evil.com/', decisions: DENY, rule: 'input.network-invalid' },
  { input: 'http://example.com\\@169.254.169.254/', decisions: DENY, rule: 'input.network-invalid' },
  { input: 'gopher://%00127.0.0.1/', decisions: DENY, rule: 'input.network-invalid' },
  { input: `http://${'a'.repeat(9000)}.com/`, decisions: DENY, rule: 'input.network-invalid' },

  // Public controls that must pass.
  { input: 'https://example.com/', host: 'example.com', worst: 'public', decisions: PASS, rule: 'preset.network-public' },
  { input: 'https://EXAMPLE.com./index.html', host: 'example.com', worst: 'public', decisions: PASS },
  { input: 'https://api.github.com/repos/x/y', worst: 'public', decisions: PASS },
  { input: 'https://registry.npmjs.org/react', worst: 'public', decisions: PASS },
  { input: 'registry.npmjs.org:443', worst: 'public', decisions: PASS },
  { input: 'example.com/path?q=1', host: 'example.com', worst: 'public', decisions: PASS },
  { input: 'git@example.com', host: 'example.com', worst: 'public', decisions: PASS },
  { input: 'wss://example.com/socket', worst: 'public', decisions: PASS },
  { input: 'http://user:pass@example.com:8080/', host: 'example.com', worst: 'public', decisions: PASS },
  { input: 'https://[2606:4700:4700::1111]/dns-query', worst: 'public', decisions: PASS },
  { input: 'http://[64:ff9b::8.8.8.8]/', worst: 'public', decisions: PASS },
  { input: 'http://[2002:808:808::1]/', worst: 'public', decisions: PASS },
  { input: 'http://[::ffff:8.8.8.8]/', worst: 'public', decisions: PASS },
  { input: 'http://134744072/', host: '8.8.8.8', worst: 'public', decisions: PASS },
  { input: 'http://100.128.0.1/', worst: 'public', decisions: PASS, note: 'just above CGNAT' },
  { input: 'http://172.32.0.1/', worst: 'public', decisions: PASS, note: 'just above 172.16/12' },
  { input: 'http://169.253.255.255/', worst: 'public', decisions: PASS, note: 'just below link-local' },
  { input: 'http://xn--bcher-kva.example/', worst: 'unresolved', decisions: ASK, note: 'reserved TLD .example' },
];
