import type { Preset } from '../policy/types';
import { isStricter, type Decision, type Effects, type Layer, type Risk } from '../verdict';
import { assessUrl, metadataService, type AssessedAddress, type AssessOptions, type NetworkAssessment } from './assess';
import type { AddressClass } from './classify';
import type { Resolver } from './resolve';

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
const webSchemes = new Set(['http', 'https', 'ws', 'wss', 'none']);

type Category =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'reserved'
  | 'special-name'
  | 'unresolved'
  | 'scheme'
  | 'file';

const per = (strict: Decision, balanced: Decision, permissive: Decision): Readonly<Record<Preset, Decision>> => ({
  strict,
  balanced,
  permissive,
});

/**
 * The network defaults by preset. Only public addresses pass; strict asks even for those, since every fetch there is
 * outside ordinary source edits. Nothing that is not known to be public is ever allowed silently, DNS failures
 * included: the request could still reach something else when it runs.
 */
export const networkDefaults: Readonly<Record<Category, { decisions: Readonly<Record<Preset, Decision>>; risk: Risk }>> = {
  public: { decisions: per('ask', 'allow', 'allow'), risk: 'low' },
  loopback: { decisions: per('deny', 'ask', 'ask'), risk: 'high' },
  private: { decisions: per('deny', 'ask', 'ask'), risk: 'high' },
  'link-local': { decisions: per('deny', 'ask', 'ask'), risk: 'high' },
  reserved: { decisions: per('deny', 'ask', 'ask'), risk: 'medium' },
  'special-name': { decisions: per('deny', 'ask', 'ask'), risk: 'medium' },
  unresolved: { decisions: per('deny', 'ask', 'ask'), risk: 'medium' },
  scheme: { decisions: per('deny', 'ask', 'ask'), risk: 'medium' },
  file: { decisions: per('deny', 'ask', 'ask'), risk: 'medium' },
};

const categoryOf: Readonly<Record<AddressClass, Category>> = {
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

function reasonFor(category: Category, a: NetworkAssessment): string {
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

function categories(a: NetworkAssessment): Category[] {
  const found: Category[] = [];
  if (a.worst !== 'unresolved' && a.worst !== 'public') found.push(categoryOf[a.worst]);
  if (a.nameClass === 'special') found.push('special-name');
  if (a.worst === 'unresolved' && a.target.host !== '') found.push('unresolved');
  if (a.target.scheme === 'file') found.push('file');
  else if (!webSchemes.has(a.target.scheme)) found.push('scheme');
  if (found.length === 0) found.push(a.worst === 'public' ? 'public' : 'unresolved');
  return found;
}

/**
 * The preset's decision for an assessment, after the floor and the user's rules found nothing. Of all that applies
 * (address class, special name, no DNS answer, scheme) the strictest decision wins. Unreadable input and metadata
 * are denied here too, so a caller that skips `networkFloor` still fails closed.
 */
export function networkDefault(a: NetworkAssessment, preset: Preset): NetworkRuling {
  const floor = networkFloor(a);
  if (floor) return { decision: 'deny', rule: floor.rule, reason: floor.reason, risk: floor.risk };
  let best: NetworkRuling | undefined;
  for (const category of categories(a)) {
    const row = networkDefaults[category];
    const ruling = { decision: row.decisions[preset], rule: `preset.network-${category}`, reason: reasonFor(category, a), risk: row.risk };
    if (!best || isStricter(ruling.decision, best.decision)) best = ruling;
  }
  return best as NetworkRuling;
}

export interface NetworkVerdict extends NetworkRuling {
  readonly layer: Layer;
}

/** Floor, then the caller's user rules, then the preset: the whole network decision for one assessment. */
export function decideNetwork(
  a: NetworkAssessment,
  preset: Preset,
  userRule?: (a: NetworkAssessment) => NetworkRuling | undefined,
): NetworkVerdict {
  const floor = networkFloor(a);
  if (floor) return floor;
  const user = userRule?.(a);
  if (user) return { ...user, layer: 'user' };
  return { ...networkDefault(a, preset), layer: 'preset' };
}

export interface HopCheck extends NetworkVerdict {
  readonly assessment: NetworkAssessment;
}

export interface HopOptions extends AssessOptions {
  /** The URL that redirected, to resolve a relative `Location` against. */
  readonly base?: string;
  /** The engine's user-rule matcher, so a hop is judged by the same rules as the first request. */
  readonly userRule?: (a: NetworkAssessment) => NetworkRuling | undefined;
}

/**
 * Judges one redirect hop exactly like a first request (assessment, floor, user rules, preset), except that a
 * redirect may only lead to http(s) or ws(s): a hop to `file:`, `gopher:` and the like is denied outright.
 */
export async function checkRedirectHop(
  url: string,
  resolver: Resolver,
  preset: Preset,
  options: HopOptions = {},
): Promise<HopCheck> {
  let absolute = url;
  if (options.base !== undefined) {
    try {
      absolute = new URL(url, options.base).href;
    } catch {
      absolute = url;
    }
  }
  const assessment = await assessUrl(absolute, resolver, options);
  const floor = networkFloor(assessment);
  if (floor) return { ...floor, assessment };
  const scheme = assessment.target.scheme;
  if (scheme === 'none' || !webSchemes.has(scheme)) {
    return {
      decision: 'deny',
      rule: 'preset.network-redirect-scheme',
      reason:
        scheme === 'none'
          ? `The redirect target ${url} is not an absolute http(s) URL.`
          : `A redirect may not lead to a ${scheme}: URL.`,
      layer: 'preset',
      risk: 'high',
      assessment,
    };
  }
  return { ...decideNetwork(assessment, preset, options.userRule), assessment };
}

/** The verdict's `effects` for a network action: the host and every address it was judged by. */
export function networkEffects(a: NetworkAssessment): Effects {
  return { hosts: [{ host: shown(a), addresses: a.addresses.map((x) => x.address) }] };
}
