import type { ActionKind } from '../actions';
import type { NetworkAssessment } from '../network/assess';
import type { ResolvedPath } from '../paths/resolve';
import type { AnalyzedCommand } from '../shell/analyze';
import type { Decision, Layer, Risk } from '../verdict';

/** A file-system target of an action, after resolution. A rename gives two: its source and its destination. */
export interface PathSubject {
  readonly type: 'path';
  readonly kind: 'read' | 'write' | 'delete' | 'rename';
  readonly path: ResolvedPath;
  /** The target is removed with its contents: `rm -r`, or a delete of a folder. */
  readonly recursive: boolean;
  /** A recursive delete whose folder the snapshot taken before the action holds completely (see engine/restorable.ts). */
  readonly restorable?: boolean;
  /** The target is a workspace root, the home folder or `/`. */
  readonly isRoot: boolean;
}

export interface NetworkSubject {
  readonly type: 'network';
  readonly kind: 'fetch';
  readonly assessment: NetworkAssessment;
}

export interface CommandSubject {
  readonly type: 'command';
  readonly kind: 'exec';
  readonly command: AnalyzedCommand;
}

export type Subject = PathSubject | NetworkSubject | CommandSubject;

/**
 * What a layer said of a subject: a rule that matched it, or a row of a guard's decision table (the network
 * guard's address classes, the shell guard's findings) chosen by the facts the guard reported.
 */
export interface Ruling {
  readonly id: string;
  readonly layer: Layer;
  readonly decision: Decision;
  readonly reason: string;
  readonly risk?: Risk;
  /** Where it was written, for messages: a policy file and index, or 'built-in'. */
  readonly origin: string;
}

/** A rule ready to match: built in (floor, presets) or compiled from a policy file. */
export interface Rule extends Ruling {
  readonly kinds: ReadonlySet<ActionKind>;
  /** How specifically the rule matches the subject, or undefined when it does not match. Higher wins. */
  match(subject: Subject): number | undefined;
}

/** A ruling that applies to a subject, with its specificity (a table's row applies with 0). */
export interface Match {
  readonly rule: Ruling;
  readonly specificity: number;
}
