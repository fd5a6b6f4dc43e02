// The snapshot store's public surface, for the CLI, the hook and the extension.
export { findSnapshot, listSnapshots, snapshotEntries } from './catalog';
export { takeCheckpoint, updateTreeIndex, type CheckpointOptions, type CheckpointResult } from './checkpoint';
export { StoreError, type StoreErrorCode } from './errors';
export { defaultExclusions } from './exclusions';
export type { CheckpointManifest, Manifest, SnapshotEntry, SnapshotSummary, TargetedManifest } from './manifest';
export { applyRestore, planRestore, type ApplyOptions, type ConflictChoice, type PlanOptions, type RestoreAction, type RestoreItem, type RestorePlan, type RestoreResult } from './restore';
export { collectGarbage, storeSize, type GcOptions, type GcReport } from './retention';
export { defaultSnapshotSettings, parseSize, parseSnapshotSettings, storeRootFor, type RetentionSettings, type SnapshotSettings } from './settings';
export { SnapshotStore, type StoreOptions } from './store';
export { nodeStoreFs, type StoreFs } from './storeFs';
export { takeTargetedSnapshot, type TargetedOptions, type TargetedResult } from './targeted';
export { verifyStore, type Problem, type VerifyOptions, type VerifyReport } from './verify';
export { workspaceFor, type WorkspaceRef } from './workspace';
