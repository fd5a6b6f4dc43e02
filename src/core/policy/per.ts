import type { Decision } from '../verdict';
import type { Preset } from './types';

/** A decision for each preset. */
export type PerPreset = Readonly<Record<Preset, Decision>>;

/** The decisions of a rule under the strict, balanced and permissive presets. */
export const per = (strict: Decision, balanced: Decision, permissive: Decision): PerPreset => ({ strict, balanced, permissive });
