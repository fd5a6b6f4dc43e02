import { networkFloor } from '../network/decide';
import { networkDefault } from '../policy/networkDecisions';
import type { NetworkAssessment } from '../network/assess';
import type { Preset } from '../policy/types';
import type { Ruling } from '../policy/rule';
import type { Decision, Layer, Verdict } from '../verdict';
import { tableLayer, type LayerOutcome } from './outcomes';

export { assessUrl } from '../network/assess';
export { networkEffects } from '../network/decide';
export { createResolver } from '../network/resolve';

/**
 * The floor and preset layers of a fetch, decided by the network guard's own tables (address classes, schemes,
 * ports). Loaded by the engine on the first fetch it judges, with the resolver and the address tables behind it.
 */
export function networkLayers(a: NetworkAssessment, preset: Preset): readonly [floor: LayerOutcome, preset: LayerOutcome] {
  const f = networkFloor(a);
  const d = networkDefault(a, preset);
  return [
    tableLayer('floor', f && ruling(f.rule, f.layer, 'deny', f.reason, f.risk)),
    tableLayer('preset', ruling(d.rule, 'preset', d.decision, d.reason, d.risk)),
  ];
}

function ruling(id: string, layer: Layer, decision: Decision, reason: string, risk?: Verdict['risk']): Ruling {
  return { id, layer, decision, reason, ...(risk ? { risk } : {}), origin: 'built-in' };
}
