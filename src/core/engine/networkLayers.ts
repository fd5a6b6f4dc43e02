import { networkFloor } from '../network/decide';
import { networkDefault } from '../policy/networkDecisions';
import type { NetworkAssessment } from '../network/assess';
import type { Preset } from '../policy/types';
import type { Match, Rule } from '../policy/rule';
import type { Decision, Layer, Verdict } from '../verdict';
import type { LayerOutcome } from './outcomes';

export { assessUrl } from '../network/assess';
export { networkEffects } from '../network/decide';
export { createResolver } from '../network/resolve';

/**
 * The floor and preset layers of a fetch, decided by the network guard's own tables (address classes, schemes,
 * ports). Loaded by the engine on the first fetch it judges, with the resolver and the address tables behind it.
 */
export function networkLayers(a: NetworkAssessment, preset: Preset): readonly [floor: LayerOutcome, preset: LayerOutcome] {
  const f = networkFloor(a);
  const floorMatch: Match | undefined = f ? { rule: syntheticRule(f.rule, f.layer, 'deny', f.reason, f.risk), specificity: 0 } : undefined;
  const d = networkDefault(a, preset);
  const presetMatch: Match = { rule: syntheticRule(d.rule, 'preset', d.decision, d.reason, d.risk), specificity: 0 };
  return [
    floorMatch ? { layer: 'floor', matches: [floorMatch], winner: floorMatch } : { layer: 'floor', matches: [] },
    { layer: 'preset', matches: [presetMatch], winner: presetMatch },
  ];
}

function syntheticRule(id: string, layer: Layer, decision: Decision, reason: string, risk?: Verdict['risk']): Rule {
  return { id, layer, decision, reason, ...(risk ? { risk } : {}), kinds: new Set(['fetch']), origin: 'built-in', match: () => 0 };
}
