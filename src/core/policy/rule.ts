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

/** A rule ready to match: built in (floor, presets) or compiled from a policy file. */
export interface Rule {
  readonly id: string;
  readonly layer: Layer;
  readonly decision: Decision;
  readonly reason: string;
  readonly risk?: Risk;
  readonly kinds: ReadonlySet<ActionKind>;
  /** Where it was written, for messages: a policy file and index, or 'built-in'. */
  readonly origin: string;
  /** How specifically the rule matches the subject, or undefined when it does not match. Higher wins. */
  match(subject: Subject): number | undefined;
}

/** A rule that matched, with its specificity. */
export interface Match {
  readonly rule: Rule;
  readonly specificity: number;
}
