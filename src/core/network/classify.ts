import ipaddr from 'ipaddr.js';
import { metadataAddresses, metadataNames } from './metadata';
import { parseIpLiteral } from './literal';

/** What an address reaches. Only `public` passes by default; `metadata` is a floor deny. */
export type AddressClass =
  | 'public'
  | 'metadata'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'unique-local'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

export const addressClasses: readonly AddressClass[] = [
  'public',
  'metadata',
  'loopback',
  'private',
  'link-local',
  'cgnat',
  'unique-local',
  'unspecified',
  'multicast',
  'broadcast',
  'reserved',
];

/** How bad a class is, to pick the worst of several; unspecified ranks near loopback because 0.0.0.0 reaches this machine. */
const rank: Readonly<Record<AddressClass, number>> = {
  public: 0,
  reserved: 1,
  multicast: 2,
  broadcast: 3,
  cgnat: 4,
  'unique-local': 5,
  private: 6,
  'link-local': 7,
  unspecified: 8,
  loopback: 9,
  metadata: 10,
};

export const classRank = (c: AddressClass): number => rank[c];
export const worseClass = (a: AddressClass, b: AddressClass): AddressClass => (rank[a] >= rank[b] ? a : b);

/** How an IPv4 address is carried inside an IPv6 one. */
export type EmbeddingKind =
  | 'ipv4-mapped'
  | 'ipv4-compatible'
  | 'ipv4-translated'
  | 'nat64'
  | 'nat64-local'
  | '6to4'
  | 'teredo-server'
  | 'teredo-client';

export interface Ipv4Embedding {
  readonly ipv4: string;
  readonly via: EmbeddingKind;
  /** The IPv6 address reaches the same host as the IPv4 one (mapped, translated, NAT64), not a relay. */
  readonly sameHost: boolean;
  /**
   * One of several possible readings (a local-use NAT64 prefix longer or shorter than /96): it counts for the
   * metadata floor, not for the class, so zero bytes of the other readings do not pose as 0.0.0.0.
   */
  readonly tentative?: boolean;
}

export interface AddressInfo {
  /** Canonical text (see literal.ts). */
  readonly address: string;
  readonly version: 4 | 6;
  /** The worst of the address's own class and its embedded addresses' classes. */
  readonly class: AddressClass;
  readonly embedded: readonly Ipv4Embedding[];
  /** What the metadata endpoint is, when the address or an embedded one is one. */
  readonly metadata?: string;
}

const v4FromWords = (hi: number, lo: number): ipaddr.IPv4 => new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
const v4FromBytes = (b: readonly number[]): ipaddr.IPv4 => new ipaddr.IPv4(b.map((x) => x & 255));

function ipv4Class(a: ipaddr.IPv4, text: string): AddressClass {
  if (metadataAddresses.has(text)) return 'metadata';
  switch (a.range()) {
    case 'unicast':
    case 'as112':
    case 'amt':
      return 'public';
    case 'unspecified':
      return 'unspecified';
    case 'broadcast':
      return 'broadcast';
    case 'multicast':
      return 'multicast';
    case 'linkLocal':
      return 'link-local';
    case 'loopback':
      return 'loopback';
    case 'carrierGradeNat':
      return 'cgnat';
    case 'private':
      return 'private';
    default:
      return 'reserved';
  }
}

const global2000 = ipaddr.IPv6.parseCIDR('2000::/3');
// IETF protocol assignments: not globally reachable apart from the sub-ranges ipaddr.js names (teredo, amt, as112).
const ietf2001 = ipaddr.IPv6.parseCIDR('2001::/23');
const documentation3fff = ipaddr.IPv6.parseCIDR('3fff::/20');

/** The IPv6 address's own class, before looking at any IPv4 address inside it. */
function ipv6OwnClass(a: ipaddr.IPv6, text: string): AddressClass {
  if (metadataAddresses.has(text)) return 'metadata';
  const range = a.range();
  switch (range) {
    case 'unspecified':
      return 'unspecified';
    case 'loopback':
      return 'loopback';
    case 'linkLocal':
      return 'link-local';
    case 'multicast':
      return 'multicast';
    case 'uniqueLocal':
      return 'unique-local';
    // Site-local is deprecated but still routed inside some networks.
    case 'deprecatedSiteLocal' as string:
      return 'private';
    // The embedded IPv4 address decides; these prefixes are only carriers.
    case 'ipv4Mapped':
    case 'rfc6145':
    case '6to4':
    case 'teredo':
    case 'amt':
    case 'as112v6':
      return 'public';
    // The well-known NAT64 prefix carries public IPv4; the local-use one (64:ff9b:1::/48) stays inside a network.
    case 'rfc6052':
      return a.parts[2] === 0 ? 'public' : 'reserved';
    case 'unicast':
      if (!a.match(global2000) || a.match(ietf2001) || a.match(documentation3fff)) return 'reserved';
      return 'public';
    default:
      return 'reserved';
  }
}

/** Every IPv4 address an IPv6 address carries, by the transition mechanism that carries it. */
export function embeddedIpv4(a: ipaddr.IPv6): Ipv4Embedding[] {
  const p = a.parts as [number, number, number, number, number, number, number, number];
  const at = (via: EmbeddingKind, v4: ipaddr.IPv4, sameHost: boolean): Ipv4Embedding => ({
    ipv4: v4.toString(),
    via,
    sameHost,
  });
  switch (a.range()) {
    case 'ipv4Mapped':
      return [at('ipv4-mapped', v4FromWords(p[6], p[7]), true)];
    case 'rfc6145':
      return [at('ipv4-translated', v4FromWords(p[6], p[7]), true)];
    case 'rfc6052': {
      if (p[2] === 0) return [at('nat64', v4FromWords(p[6], p[7]), true)];
      // 64:ff9b:1::/48 allows prefixes /48 to /96 (RFC 6052 section 2.2, skipping the u octet). /96 is the usual
      // one; the others are kept as tentative readings.
      const bytes = a.toByteArray();
      const usual = v4FromWords(p[6], p[7]).toString();
      const others = [
        [bytes[6], bytes[7], bytes[9], bytes[10]],
        [bytes[7], bytes[9], bytes[10], bytes[11]],
        [bytes[9], bytes[10], bytes[11], bytes[12]],
      ].map((b) => v4FromBytes(b as number[]).toString());
      return [
        at('nat64-local', v4FromWords(p[6], p[7]), true),
        ...[...new Set(others)]
          .filter((ipv4) => ipv4 !== usual)
          .map((ipv4): Ipv4Embedding => ({ ipv4, via: 'nat64-local', sameHost: true, tentative: true })),
      ];
    }
    case '6to4':
      return [at('6to4', v4FromWords(p[1], p[2]), false)];
    case 'teredo':
      return [
        at('teredo-server', v4FromWords(p[2], p[3]), false),
        // The client address is stored inverted (RFC 4380 section 4).
        at('teredo-client', v4FromWords(p[6] ^ 0xffff, p[7] ^ 0xffff), false),
      ];
    default:
      // Deprecated IPv4-compatible ::a.b.c.d; :: and ::1 have classes of their own.
      if (p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0 && (p[6] !== 0 || p[7] > 1)) {
        return [at('ipv4-compatible', v4FromWords(p[6], p[7]), true)];
      }
      return [];
  }
}

/** Classifies an address in any textual form; undefined when the text is not an address. */
export function describeAddress(text: string): AddressInfo | undefined {
  const literal = parseIpLiteral(text);
  if (!literal) return undefined;
  const { address, text: canonical } = literal;
  if (address.kind() === 'ipv4') {
    const cls = ipv4Class(address as ipaddr.IPv4, canonical);
    const metadata = metadataAddresses.get(canonical);
    return metadata === undefined
      ? { address: canonical, version: 4, class: cls, embedded: [] }
      : { address: canonical, version: 4, class: cls, embedded: [], metadata };
  }
  const v6 = address as ipaddr.IPv6;
  let cls = ipv6OwnClass(v6, canonical);
  let metadata = metadataAddresses.get(canonical);
  const embedded = embeddedIpv4(v6);
  for (const e of embedded) {
    const embeddedClass = ipv4Class(ipaddr.IPv4.parse(e.ipv4), e.ipv4);
    if (!e.tentative || embeddedClass === 'metadata') cls = worseClass(cls, embeddedClass);
    metadata ??= metadataAddresses.get(e.ipv4);
  }
  return metadata === undefined
    ? { address: canonical, version: 6, class: cls, embedded }
    : { address: canonical, version: 6, class: cls, embedded, metadata };
}

/**
 * The class of an address in any textual form. Text that is not an address counts as `reserved`, so a resolver
 * answering garbage can never make a target look public.
 */
export const classifyAddress = (ip: string): AddressClass => describeAddress(ip)?.class ?? 'reserved';

/** What a host name alone says, before DNS. */
export type NameClass = 'metadata' | 'loopback' | 'special';

// Names that /etc/hosts conventionally points at this machine.
const loopbackNames = new Set([
  'localhost',
  'localhost.localdomain',
  'localhost6',
  'localhost6.localdomain6',
  'ip6-localhost',
  'ip6-loopback',
]);

/**
 * Special-use and private-use suffixes (RFC 6761, 6762 appendix G, 8375, 9476, plus Kubernetes and Consul): they name
 * hosts on the local network, whatever public DNS says.
 */
const specialSuffixes = [
  'local',
  'internal',
  'intranet',
  'private',
  'corp',
  'home',
  'lan',
  'localdomain',
  'home.arpa',
  'arpa',
  'test',
  'invalid',
  'example',
  'onion',
  'alt',
  'svc',
  'consul',
];

/**
 * Classifies a canonical host name (lower case, no trailing dot). Single-label names count as special: the
 * resolver's search domains turn them into local-network hosts (`http://jenkins/`).
 */
export function classifyName(name: string): NameClass | undefined {
  if (metadataNames.has(name)) return 'metadata';
  if (loopbackNames.has(name) || name.endsWith('.localhost')) return 'loopback';
  if (!name.includes('.')) return 'special';
  for (const suffix of specialSuffixes) {
    if (name === suffix || name.endsWith(`.${suffix}`)) return 'special';
  }
  return undefined;
}

/** What a metadata name is, for messages. */
export const metadataNameService = (name: string): string | undefined => metadataNames.get(name);
