import type { ChainVerification } from '../core/audit/chain';
import { actionTarget, finalDecision, type DecisionRecord, type Outcome } from '../core/audit/record';
import { findingNote } from '../core/policy/output';
import { maxTargetLength, type AuditDetail, type AuditRow, type AuditVerification } from './auditMessages';

/** A decision record as one list row. `outcome` is the latest outcome learnt for it (an outcome record). */
export function toRow(r: DecisionRecord, outcome?: Outcome): AuditRow {
  const target = actionTarget(r.action);
  const status = outcome?.status ?? r.outcome?.status;
  return {
    seq: r.seq,
    time: Date.parse(r.time),
    decision: finalDecision(r),
    by: r.decidedBy.by,
    agent: r.source.agent,
    kind: r.action.kind,
    target: target.length > maxTargetLength ? `${target.slice(0, maxTargetLength)}…` : target,
    rule: r.verdict.rule,
    snapshot: r.snapshot !== undefined,
    ...(status ? { outcome: status } : {}),
  };
}

/** The file Diff and Restore act on: the action's own path (for a rename, where it was), when a snapshot was taken. */
export function actedFile(r: DecisionRecord): string | undefined {
  if (r.snapshot === undefined) return undefined;
  if (r.action.path !== undefined && r.action.path !== '') return r.action.path;
  return r.verdict.effects?.paths?.[0];
}

/** Everything the detail pane shows. */
export function toDetail(r: DecisionRecord, outcome?: Outcome): AuditDetail {
  const d = r.decidedBy;
  const effects = r.verdict.effects;
  const o = outcome ?? r.outcome;
  const file = actedFile(r);
  return {
    seq: r.seq,
    time: r.time,
    decision: finalDecision(r),
    policyDecision: r.verdict.decision,
    decidedBy: d.by === 'policy' ? { by: 'policy' } : d.by === 'user' ? { by: 'user', button: d.button } : d.by === 'pause' ? { by: 'pause' } : { by: 'timeout', afterMs: d.afterMs },
    source: { ...r.source },
    action: { ...r.action },
    rule: r.verdict.rule,
    layer: r.verdict.layer,
    reason: r.verdict.reason,
    ...(r.verdict.risk ? { risk: r.verdict.risk } : {}),
    ...(effects && !r.findings
      ? {
          effects: {
            ...(effects.paths ? { paths: [...effects.paths] } : {}),
            ...(effects.fileCount !== undefined ? { fileCount: effects.fileCount } : {}),
            ...(effects.truncated !== undefined ? { truncated: effects.truncated } : {}),
            ...(effects.hosts ? { hosts: effects.hosts.map((h) => ({ host: h.host, addresses: [...h.addresses] })) } : {}),
            ...(effects.notes ? { notes: [...effects.notes] } : {}),
          },
        }
      : {}),
    ...(r.snapshot !== undefined ? { snapshot: r.snapshot } : {}),
    ...(o ? { outcome: { status: o.status, ...(o.exitCode !== undefined ? { exitCode: o.exitCode } : {}), ...(o.detail !== undefined ? { detail: o.detail } : {}) } } : {}),
    ...(r.told !== undefined ? { told: r.told } : {}),
    ...(r.findings ? { findings: r.findings.map(findingNote) } : {}),
    hash: r.hash,
    ...(file !== undefined ? { file } : {}),
  };
}

export function toVerification(v: ChainVerification): AuditVerification {
  return {
    ok: v.ok,
    verified: v.verified,
    segments: v.segments,
    lastSeq: v.lastSeq,
    ...(v.break ? { problem: `${v.break.segment}${v.break.line > 0 ? ` line ${v.break.line}` : ''}: ${v.break.message}` } : {}),
    ...(v.break?.seq !== undefined && v.break.seq >= 1 ? { brokenSeq: v.break.seq } : {}),
    warnings: [...v.warnings],
  };
}
