import { assessUrl, type AssessOptions, type NetworkAssessment } from '../network/assess';
import { networkCategories, networkFloor, networkReason, networkRisk, webSchemes, type NetworkCategory, type NetworkRuling } from '../network/decide';
import type { Resolver } from '../network/resolve';
import { isStricter, type Layer } from '../verdict';
import { per, type PerPreset } from './per';
import type { Preset } from './types';

/**
 * The network defaults by preset. Only public addresses pass; strict asks even for those, since every fetch there is
 * outside ordinary source edits. Nothing that is not known to be public is ever allowed silently, DNS failures
 * included: the request could still reach something else when it runs.
 */
export const networkDecisions: Readonly<Record<NetworkCategory, PerPreset>> = {
  public: per('ask', 'allow', 'allow'),
  loopback: per('deny', 'ask', 'ask'),
  private: per('deny', 'ask', 'ask'),
  'link-local': per('deny', 'ask', 'ask'),
  reserved: per('deny', 'ask', 'ask'),
  'special-name': per('deny', 'ask', 'ask'),
  unresolved: per('deny', 'ask', 'ask'),
  scheme: per('deny', 'ask', 'ask'),
  file: per('deny', 'ask', 'ask'),
};

/**
 * The preset's decision for an assessment, after the floor and the user's rules found nothing. Of all that applies
 * (address class, special name, no DNS answer, scheme) the strictest decision wins. Unreadable input and metadata
 * are denied here too, so a caller that skips `networkFloor` still fails closed.
 */
export function networkDefault(a: NetworkAssessment, preset: Preset): NetworkRuling {
  const floor = networkFloor(a);
  if (floor) return { decision: 'deny', rule: floor.rule, reason: floor.reason, risk: floor.risk };
  let best: NetworkRuling | undefined;
  for (const category of networkCategories(a)) {
    const ruling = { decision: networkDecisions[category][preset], rule: `preset.network-${category}`, reason: networkReason(category, a), risk: networkRisk[category] };
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

