import {
  classRank,
  classifyName,
  describeAddress,
  metadataNameService,
  worseClass,
  type AddressClass,
  type Ipv4Embedding,
  type NameClass,
} from './classify';
import { isGuardedResolver, resolveWithin, type Resolution, type Resolver } from './resolve';
import { parseNetworkTarget, type NetworkTarget } from './target';
import { errorMessage } from '../values';

export interface AssessedAddress {
  readonly address: string;
  readonly class: AddressClass;
  /** Where the address came from: the literal in the URL, another client's reading of it, or DNS. */
  readonly source: 'literal' | 'alternate' | 'dns';
  readonly embeddedIpv4?: readonly Ipv4Embedding[];
  /** The metadata service, when the address is one. */
  readonly metadata?: string;
}

/** Everything the policy needs to decide on a network target; the addresses go into the verdict and the trail. */
export interface NetworkAssessment {
  readonly target: NetworkTarget;
  readonly addresses: readonly AssessedAddress[];
  readonly resolution: 'literal' | 'resolved' | 'failed' | 'timeout' | 'not-applicable';
  /** The worst class among the addresses and what the name says; `unresolved` when nothing non-public is known and DNS gave no answer. */
  readonly worst: AddressClass | 'unresolved';
  /** A cloud-metadata address or name is involved: a floor deny. */
  readonly metadata: boolean;
  readonly nameClass?: NameClass;
  /** Why DNS gave no answer. */
  readonly resolutionError?: string;
  /** The input could not be read (`invalid`) or assessing it failed (`internal`): the engine denies. */
  readonly error?: { readonly kind: 'invalid' | 'internal'; readonly message: string };
}

export interface AssessOptions {
  /** Deadline for resolvers that do not bring their own (plain functions); default 1500 ms. */
  readonly timeoutMs?: number;
}

const defaultTimeoutMs = 1500;

/** A stand-in target for input that could not be read. */
const unreadable = (input: string): NetworkTarget => ({ input: String(input), scheme: 'none', host: '', hostKind: 'name' });

/** An assessment the engine denies: unreadable input or an internal failure. */
export function failedAssessment(
  input: string,
  kind: 'invalid' | 'internal',
  message: string,
  target: NetworkTarget = unreadable(input),
): NetworkAssessment {
  return { target, addresses: [], resolution: 'not-applicable', worst: 'unresolved', metadata: false, error: { kind, message } };
}

function assessed(text: string, source: AssessedAddress['source']): AssessedAddress {
  const info = describeAddress(text);
  if (!info) return { address: text, class: 'reserved', source };
  return {
    address: info.address,
    class: info.class,
    source,
    ...(info.embedded.length > 0 ? { embeddedIpv4: info.embedded } : {}),
    ...(info.metadata !== undefined ? { metadata: info.metadata } : {}),
  };
}

/** What a name's class says about where it points, as an address class. */
const nameAsClass = (c: NameClass | undefined): AddressClass | undefined =>
  c === 'metadata' ? 'metadata' : c === 'loopback' ? 'loopback' : undefined;

function summarise(
  target: NetworkTarget,
  addresses: AssessedAddress[],
  resolution: NetworkAssessment['resolution'],
  nameClass: NameClass | undefined,
  resolutionError?: string,
): NetworkAssessment {
  let worst: AddressClass | undefined = nameAsClass(nameClass);
  for (const a of addresses) worst = worst === undefined ? a.class : worseClass(worst, a.class);
  const unanswered = resolution === 'failed' || resolution === 'timeout' || resolution === 'not-applicable';
  // Without a full DNS answer, "public" is not known: only a known non-public class may stand for the target.
  const worstOrUnresolved = worst === undefined || (unanswered && classRank(worst) === 0) ? 'unresolved' : worst;
  const metadata = nameClass === 'metadata' || addresses.some((a) => a.class === 'metadata');
  return {
    target,
    addresses,
    resolution,
    worst: worstOrUnresolved,
    metadata,
    ...(nameClass !== undefined ? { nameClass } : {}),
    ...(resolutionError !== undefined ? { resolutionError } : {}),
  };
}

async function lookupHost(resolver: Resolver, host: string, timeoutMs: number): Promise<Resolution> {
  if (isGuardedResolver(resolver)) return resolver.resolve(host);
  return resolveWithin(resolver, host, timeoutMs);
}

/**
 * Assesses a parsed target: classifies a literal address (and its other readings), or resolves a name and
 * classifies every answer. Never throws: a failure inside yields an assessment with `error`, which the engine denies.
 */
export async function assessTarget(
  target: NetworkTarget,
  resolver: Resolver,
  options: AssessOptions = {},
): Promise<NetworkAssessment> {
  try {
    const alternates = (target.alternateIps ?? []).map((ip) => assessed(ip, 'alternate'));
    if (target.host === '') return summarise(target, [], 'not-applicable', undefined);
    if (target.hostKind === 'ip') {
      return summarise(target, [assessed(target.ip ?? target.host, 'literal'), ...alternates], 'literal', undefined);
    }
    const nameClass = classifyName(target.host);
    const result = await lookupHost(resolver, target.host, options.timeoutMs ?? defaultTimeoutMs);
    if (result.kind === 'resolved') {
      return summarise(target, [...result.addresses.map((a) => assessed(a, 'dns')), ...alternates], 'resolved', nameClass);
    }
    const why = result.kind === 'timeout' ? `DNS lookup timed out after ${result.afterMs} ms` : result.error;
    return summarise(target, alternates, result.kind, nameClass, why);
  } catch (e) {
    return failedAssessment(target.input, 'internal', `assessing the target failed: ${errorMessage(e)}`, target);
  }
}

/** Parses and assesses a URL or bare host. Unreadable input yields an assessment with `error`, which the engine denies. */
export async function assessUrl(input: string, resolver: Resolver, options: AssessOptions = {}): Promise<NetworkAssessment> {
  let parsed;
  try {
    parsed = parseNetworkTarget(input);
  } catch (e) {
    return failedAssessment(input, 'internal', `reading the URL failed: ${errorMessage(e)}`);
  }
  if (!parsed.ok) return failedAssessment(input, 'invalid', parsed.error);
  return assessTarget(parsed.value, resolver, options);
}

/** The metadata service an assessment points at, for messages. */
export function metadataService(a: NetworkAssessment): string | undefined {
  if (a.nameClass === 'metadata') return metadataNameService(a.target.host);
  return a.addresses.find((x) => x.metadata !== undefined)?.metadata;
}
