/**
 * Every command Airlock contributes. package.json's `contributes.commands` must list exactly these
 * (checked by test/unit/shared/commandIds.test.ts).
 */
export const CommandId = {
  PauseGuard: 'airlock.pauseGuard',
  ResumeGuard: 'airlock.resumeGuard',
  ToggleGuard: 'airlock.toggleGuard',
  ShowLog: 'airlock.showLog',
  ShowApprovals: 'airlock.showApprovals',
  ShowAuditPanel: 'airlock.showAuditPanel',
  ProtectAgents: 'airlock.protectAgents',
  RemoveAgentHooks: 'airlock.removeAgentHooks',
  ExportReport: 'airlock.exportReport',
  ReplayTrail: 'airlock.replayTrail',
  TakeCheckpoint: 'airlock.takeCheckpoint',
  RestoreSnapshot: 'airlock.restoreSnapshot',
  TryIt: 'airlock.tryIt',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
