import type { Decision, Effects, Risk } from '../verdict';
import { metadataService, type AssessedAddress, type NetworkAssessment } from './assess';
import type { AddressClass } from './classify';

export interface NetworkRuling {
  readonly decision: Decision;
  readonly rule: string;
  readonly reason: string;
  readonly risk?: Risk;
}

/** A deny that no rule can override: metadata endpoints (floor), unreadable input (input), internal failure (internal). */
export interface FloorRuling {
  readonly decision: 'deny';
  readonly rule: string;
  readonly reason: string;
  readonly layer: 'floor' | 'input' | 'internal';
  readonly risk: Risk;
}

/** Schemes that are web requests; a bare host (`none`) is judged by its address like them. */
export const webSchemes = new Set(['http', 'https', 'ws', 'wss', 'none']);

/** What kind of target a fetch reaches, as the network guard finds it. */
export type NetworkCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'reserved'
  | 'special-name'
  | 'unresolved'
  | 'scheme'
  | 'file';

/** How much is at stake reaching each kind of target (what each preset decides about it is the policy's). */
export const networkRisk: Readonly<Record<NetworkCategory, Risk>> = {
  public: 'low',
  loopback: 'high',
  private: 'high',
  'link-local': 'high',
  reserved: 'medium',
  'special-name': 'medium',
  unresolved: 'medium',
  scheme: 'medium',
  file: 'medium',
};

const categoryOf: Readonly<Record<AddressClass, NetworkCategory>> = {
  public: 'public',
  metadata: 'link-local',
  loopback: 'loopback',
  unspecified: 'loopback',
  private: 'private',
  cgnat: 'private',
  'unique-local': 'private',
  'link-local': 'link-local',
  multicast: 'reserved',
  broadcast: 'reserved',
  reserved: 'reserved',
};

const phrase: Readonly<Record<AddressClass, string>> = {
  public: 'a public address',
  metadata: 'a cloud metadata endpoint',
  loopback: 'a loopback address on this machine',
  unspecified: 'the unspecified address, which reaches this machine',
  private: 'a private-network address',
  cgnat: 'a carrier-grade NAT address, shared and not public',
  'unique-local': 'a unique-local IPv6 address, private to a network',
  'link-local': 'a link-local address on the local network segment',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved or special-purpose address',
};

const shown = (a: NetworkAssessment): string => a.target.host || a.target.input;

/** The metadata floor, and the fail-closed denies for unreadable input and internal errors. */
export function networkFloor(a: NetworkAssessment): FloorRuling | undefined {
  if (a.error) {
    const invalid = a.error.kind === 'invalid';
    return {
      decision: 'deny',
      rule: invalid ? 'input.network-invalid' : 'internal.network-error',
      reason: invalid ? `The network target cannot be read safely: ${a.error.message}.` : `${a.error.message}.`,
      layer: invalid ? 'input' : 'internal',
      risk: 'high',
    };
  }
  if (a.metadata) {
    const service = metadataService(a) ?? 'a cloud metadata endpoint';
    const via = a.target.hostKind === 'name' ? `${a.target.host} is ${service}` : `${shown(a)} is ${service}`;
    return {
      decision: 'deny',
      rule: 'floor.cloud-metadata',
      reason: `${via}, which hands out cloud credentials; agents may never reach it.`,
      layer: 'floor',
      risk: 'critical',
    };
  }
  return undefined;
}

/** Why one address is what it is, e.g. "example.com resolves to 10.0.0.5, a private-network address". */
function explainAddress(a: NetworkAssessment, x: AssessedAddress): string {
  const carried = x.embeddedIpv4?.find((e) => x.class !== 'public' && e.ipv4 !== x.address);
  const what = carried ? `${x.address} (carrying ${carried.ipv4}, ${carried.via})` : x.address;
  if (x.source === 'dns') return `${a.target.host} resolves to ${what}, ${phrase[x.class]}`;
  if (x.source === 'alternate') return `${shown(a)} can also be read as ${what}, ${phrase[x.class]}`;
  return `${what} is ${phrase[x.class]}`;
}

/** Why a target is of a category, in one sentence naming it. */
export function networkReason(category: NetworkCategory, a: NetworkAssessment): string {
  const worst = a.worst === 'unresolved' ? undefined : a.addresses.find((x) => x.class === a.worst);
  switch (category) {
    case 'public':
      return a.target.hostKind === 'name'
        ? `${a.target.host} resolves only to public addresses (${a.addresses.map((x) => x.address).join(', ')}).`
        : `${shown(a)} is a public address.`;
    case 'special-name':
      return `${a.target.host} is a local-network name, not a public host.`;
    case 'unresolved':
      return `${shown(a)} could not be resolved (${a.resolutionError ?? 'no answer'}); at run time it may still reach a local address.`;
    case 'scheme':
      return `${a.target.scheme}: URLs are not web requests; they can talk to mail, cache and database services directly.`;
    case 'file':
      return `file: URLs read files (${a.target.filePath ?? ''}); the path rules decide on them.`;
    default:
      if (worst) return `${explainAddress(a, worst)}.`;
      return `${a.target.host} is on this machine.`;
  }
}

/** Every category that applies to an assessment (address class, special name, no DNS answer, scheme). */
export function networkCategories(a: NetworkAssessment): NetworkCategory[] {
  const found: NetworkCategory[] = [];
  if (a.worst !== 'unresolved' && a.worst !== 'public') found.push(categoryOf[a.worst]);
  if (a.nameClass === 'special') found.push('special-name');
  if (a.worst === 'unresolved' && a.target.host !== '') found.push('unresolved');
  if (a.target.scheme === 'file') found.push('file');
  else if (!webSchemes.has(a.target.scheme)) found.push('scheme');
  if (found.length === 0) found.push(a.worst === 'public' ? 'public' : 'unresolved');
  return found;
}

/** The verdict's `effects` for a network action: the host and every address it was judged by. */
export function networkEffects(a: NetworkAssessment): Effects {
  return { hosts: [{ host: shown(a), addresses: a.addresses.map((x) => x.address) }] };
}
