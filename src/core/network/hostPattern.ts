import ipaddr from 'ipaddr.js';
import { err, ok, type Result } from '../result';
import type { NetworkAssessment } from './assess';
import { describeAddress } from './classify';
import { hexifyIpv6, parseIpLiteral } from './literal';

/**
 * A host pattern from a policy rule: `example.com`, `*.example.com` (subdomains only), `10.0.0.0/8`, `127.0.0.1`,
 * `[::1]`, `fd00::/8`, `*`, each optionally with `:port` (`127.0.0.1:3000`, `[::1]:8080`, `[fd00::/8]:5432`).
 */
export type HostPattern =
  | { readonly kind: 'any'; readonly text: string; readonly port?: number }
  | { readonly kind: 'name'; readonly text: string; readonly name: string; readonly port?: number }
  | { readonly kind: 'suffix'; readonly text: string; readonly suffix: string; readonly port?: number }
  | {
      readonly kind: 'cidr';
      readonly text: string;
      readonly network: ipaddr.IPv4 | ipaddr.IPv6;
      readonly prefix: number;
      /** A single address (a /32 or /128). */
      readonly exact: boolean;
      readonly port?: number;
    };

const withPort = <T extends object>(p: T, port: number | undefined): T => (port === undefined ? p : { ...p, port });

function parsePort(text: string, whole: string): Result<number, string> {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    return err(`host pattern "${whole}": the port "${text}" is not a number from 1 to 65535`);
  }
  return ok(Number(text));
}

const plainIpv4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An address or CIDR as written in a pattern: only plain spellings, so a rule means what it looks like. */
function parseAddressPattern(text: string, whole: string): Result<{ network: ipaddr.IPv4 | ipaddr.IPv6; prefix: number }, string> {
  const slash = text.indexOf('/');
  const addressText = slash >= 0 ? text.slice(0, slash) : text;
  const isV6 = addressText.includes(':');
  const v6Text = isV6 ? hexifyIpv6(addressText) : undefined;
  if (isV6 ? v6Text === undefined || !ipaddr.IPv6.isValid(v6Text) || addressText.includes('%') : !plainIpv4.test(addressText)) {
    return err(
      isV6
        ? `host pattern "${whole}": "${addressText}" is not a valid IPv6 address`
        : `host pattern "${whole}": "${addressText}" is not an IPv4 address written as four decimal numbers (like 127.0.0.1)`,
    );
  }
  const address = isV6 ? ipaddr.IPv6.parse(v6Text as string) : ipaddr.IPv4.parse(addressText);
  const bits = isV6 ? 128 : 32;
  if (slash < 0) return ok({ network: address, prefix: bits });
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    return err(`host pattern "${whole}": the prefix length "/${prefixText}" must be a number from 0 to ${bits}`);
  }
  const prefix = Number(prefixText);
  const network = isV6
    ? ipaddr.IPv6.networkAddressFromCIDR(`${v6Text as string}/${prefix}`)
    : ipaddr.IPv4.networkAddressFromCIDR(`${addressText}/${prefix}`);
  const canonical = isV6 ? (network as ipaddr.IPv6).toRFC5952String() : network.toString();
  const given = isV6 ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
  if (canonical !== given) {
    return err(`host pattern "${whole}": ${given}/${prefix} has bits set outside the prefix; did you mean ${canonical}/${prefix}?`);
  }
  return ok({ network, prefix });
}

/** A host name as written in a pattern, lower-cased and in ASCII (IDNA), checked label by label. */
function parseNamePattern(text: string, whole: string): Result<string, string> {
  let name = text.toLowerCase().replace(/\.$/, '');
  if (/[^\p{ASCII}]/u.test(name)) {
    try {
      name = new URL(`http://${name}/`).hostname;
    } catch {
      return err(`host pattern "${whole}": "${text}" is not a valid host name`);
    }
    if (parseIpLiteral(name.replace(/^\[|\]$/g, ''))) {
      return err(`host pattern "${whole}": write the address in plain ASCII digits`);
    }
  }
  const labels = name.split('.');
  const bad = labels.find((l) => !/^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l));
  if (name.length > 253 || bad !== undefined) {
    return err(`host pattern "${whole}": "${text}" is not a valid host name${bad === '' ? ' (empty label)' : ''}`);
  }
  if (/^[\d.]+$/.test(name) || /^0x[0-9a-f]*$/.test(labels[labels.length - 1] as string)) {
    return err(`host pattern "${whole}": "${text}" looks like an address; write IPv4 addresses as four decimal numbers (like 127.0.0.1)`);
  }
  return ok(name);
}

/** Parses a host pattern from a policy file. A malformed pattern is a load error naming the problem. */
export function parseHostPattern(text: string): Result<HostPattern, string> {
  if (typeof text !== 'string') return err('a host pattern must be a string');
  const whole = text.trim();
  if (whole === '') return err('a host pattern is empty');
  if (/\s/.test(whole)) return err(`host pattern "${whole}": contains white space`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(whole)) {
    return err(`host pattern "${whole}": write the host without a scheme or path (like example.com or example.com:8443)`);
  }
  if (/[@?#\\]/.test(whole) || /\/.*\//.test(whole)) return err(`host pattern "${whole}": write only a host, an optional port, or a CIDR`);

  let hostText: string;
  let portText: string | undefined;
  if (whole.startsWith('[')) {
    const m = /^\[([^\]]+)\](?::(.*))?$/.exec(whole);
    if (!m) return err(`host pattern "${whole}": an IPv6 address in brackets must look like [::1] or [::1]:8080`);
    hostText = m[1] as string;
    portText = m[2];
    if (!hostText.includes(':')) return err(`host pattern "${whole}": brackets are only for IPv6 addresses`);
  } else if (whole.split(':').length > 2) {
    hostText = whole;
  } else {
    const colon = whole.lastIndexOf(':');
    hostText = colon >= 0 ? whole.slice(0, colon) : whole;
    portText = colon >= 0 ? whole.slice(colon + 1) : undefined;
  }
  let port: number | undefined;
  if (portText !== undefined) {
    const parsed = parsePort(portText, whole);
    if (!parsed.ok) return parsed;
    port = parsed.value;
  }

  if (hostText === '*') return ok(withPort({ kind: 'any', text: whole }, port));
  if (hostText.startsWith('*.')) {
    const suffix = parseNamePattern(hostText.slice(2), whole);
    if (!suffix.ok) return suffix;
    return ok(withPort({ kind: 'suffix', text: whole, suffix: suffix.value }, port));
  }
  if (hostText.includes('*')) {
    return err(`host pattern "${whole}": a wildcard may only stand for whole leading labels, as in *.example.com`);
  }
  if (hostText.includes('/') && !/^[\d.]+\/|:/.test(hostText)) {
    return err(`host pattern "${whole}": a path is not allowed; a CIDR needs an address, like 10.0.0.0/8`);
  }
  if (hostText.includes(':') || hostText.includes('/') || /^[\d.]+$/.test(hostText)) {
    const address = parseAddressPattern(hostText, whole);
    if (!address.ok) return address;
    const bits = address.value.network.kind() === 'ipv4' ? 32 : 128;
    return ok(withPort({ kind: 'cidr', text: whole, ...address.value, exact: address.value.prefix === bits }, port));
  }
  const name = parseNamePattern(hostText, whole);
  if (!name.ok) return name;
  return ok(withPort({ kind: 'name', text: whole, name: name.value }, port));
}

type CidrPattern = Extract<HostPattern, { kind: 'cidr' }>;

/**
 * Whether an address is in the pattern's range. IPv6 addresses also count through the IPv4 they carry: any carried
 * address for matching, only same-host ones (mapped, translated, NAT64) for covering.
 */
function inRange(p: CidrPattern, addressText: string, sameHostOnly: boolean): boolean {
  const literal = parseIpLiteral(addressText);
  if (!literal) return false;
  const { address } = literal;
  const range: [ipaddr.IPv4 | ipaddr.IPv6, number] = [p.network, p.prefix];
  if (address.kind() === p.network.kind()) return address.match(range);
  if (address.kind() === 'ipv4') return (address as ipaddr.IPv4).toIPv4MappedAddress().match(range);
  const embedded = describeAddress(literal.text)?.embedded ?? [];
  return embedded.some((e) => (!sameHostOnly || (e.sameHost && !e.tentative)) && ipaddr.IPv4.parse(e.ipv4).match(range));
}

function portMatches(p: HostPattern, a: NetworkAssessment): boolean {
  return p.port === undefined || a.target.port === p.port;
}

function nameMatches(p: HostPattern, a: NetworkAssessment): boolean {
  if (a.target.hostKind !== 'name' || a.target.host === '') return false;
  if (p.kind === 'name') return a.target.host === p.name;
  if (p.kind === 'suffix') return a.target.host.endsWith(`.${p.suffix}`);
  return false;
}

/**
 * Whether a pattern touches the target: a name pattern matches the name, an address pattern matches when the literal
 * or ANY resolved address is in range. Right for deny and ask rules; allow rules need `hostPatternCovers`.
 */
export const matchHostPattern = (p: HostPattern, a: NetworkAssessment): boolean => hostMatches(p, a, false);

/**
 * Whether a pattern vouches for the whole target, as an allow rule must: the name matches, or there is a full
 * answer and EVERY address (literal, other readings, DNS answers) is in range. One stray address is not covered.
 */
export const hostPatternCovers = (p: HostPattern, a: NetworkAssessment): boolean => hostMatches(p, a, true);

function hostMatches(p: HostPattern, a: NetworkAssessment, whole: boolean): boolean {
  if (a.error || !portMatches(p, a)) return false;
  switch (p.kind) {
    case 'any':
      return true;
    case 'name':
    case 'suffix':
      return nameMatches(p, a);
    case 'cidr':
      if (!whole) return a.addresses.some((x) => inRange(p, x.address, false));
      return (
        (a.resolution === 'literal' || a.resolution === 'resolved') &&
        a.addresses.length > 0 &&
        a.addresses.every((x) => inRange(p, x.address, true))
      );
  }
}

/**
 * Ranks patterns so the most specific matching rule wins: exact name+port > exact address+port > exact name >
 * exact address > CIDR (longer prefix first) > *.suffix (longer first) > `*`. A port adds within each band.
 */
export function hostPatternSpecificity(p: HostPattern): number {
  const port = p.port === undefined ? 0 : 1;
  switch (p.kind) {
    case 'name':
      return port ? 6000 : 4000;
    case 'cidr': {
      if (p.exact) return port ? 5000 : 3000;
      // IPv4 prefixes are compared as the IPv4-mapped IPv6 prefix they amount to.
      const prefix = p.network.kind() === 'ipv4' ? p.prefix + 96 : p.prefix;
      return 2000 + prefix * 2 + port;
    }
    case 'suffix':
      return 1000 + Math.min(p.suffix.length, 400) * 2 + port;
    case 'any':
      return port;
  }
}
