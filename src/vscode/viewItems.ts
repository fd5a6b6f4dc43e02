import type * as vscode from 'vscode';
import { actionTarget, finalDecision, type DecisionRecord } from '../core/audit/record';
import { describeState, type AgentHookStatus } from '../core/hooks/install/status';
import type { SnapshotSummary } from '../core/snapshots';
import { CommandId } from '../shared/commandIds';

/** The rows of Airlock's activity-bar view, from plain data: no editor state, so unit tests reach them. */

export type Section = 'guard' | 'agents' | 'decisions' | 'snapshots';

/** One row of the view: a section heading, or an item under one. */
export interface ViewItem {
  readonly section: Section;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: string;
  /** Warning colour: an agent Airlock cannot protect, a denied action. */
  readonly warn?: boolean;
  readonly command?: vscode.Command;
  readonly heading?: boolean;
}

export const recentDecisions = 10;
export const recentSnapshots = 5;

export const headings: readonly ViewItem[] = [
  { section: 'guard', label: 'Guard', heading: true },
  { section: 'agents', label: 'Agents', heading: true },
  { section: 'decisions', label: 'Recent decisions', heading: true },
  { section: 'snapshots', label: 'Snapshots', heading: true },
];

/** The icon of an agent's hook state: a shield where it protects, a warning where the user must act. */
function agentIcon(s: AgentHookStatus): { icon: string; warn: boolean } {
  switch (s.state) {
    case 'protecting':
      return { icon: 'shield', warn: false };
    case 'installed':
      return { icon: 'check', warn: false };
    case 'missing':
      return { icon: 'circle-outline', warn: false };
    default:
      return { icon: 'warning', warn: true };
  }
}

/** The rows under each heading, from the guard, the agents' hook states, the trail and the snapshot store. */
export function viewItems(
  section: Section,
  data: { mode: string; agents: readonly AgentHookStatus[]; decisions: readonly DecisionRecord[]; snapshots: readonly SnapshotSummary[] },
): ViewItem[] {
  switch (section) {
    case 'guard':
      return [
        data.mode === 'armed'
          ? { section, label: 'Armed', description: 'click to pause', icon: 'shield', command: { title: 'Pause', command: CommandId.ToggleGuard } }
          : { section, label: 'Paused', description: 'only the floor applies; click to resume', icon: 'debug-pause', warn: true, command: { title: 'Resume', command: CommandId.ToggleGuard } },
        { section, label: 'Approvals', description: 'session and permanent', icon: 'checklist', command: { title: 'Show Approvals', command: CommandId.ShowApprovals } },
      ];
    case 'agents': {
      const shown = data.agents.filter((a) => a.detected || a.state !== 'missing');
      if (shown.length === 0) return [{ section, label: 'No agent found', description: 'protect one', icon: 'add', command: { title: 'Protect Agents', command: CommandId.ProtectAgents } }];
      return shown.map((a) => {
        const { icon, warn } = agentIcon(a);
        return {
          section,
          label: a.name,
          description: a.state === 'missing' ? 'not protected' : a.state,
          tooltip: describeState(a, a.detected),
          icon,
          warn: warn || a.state === 'missing',
          command: { title: 'Protect Agents', command: CommandId.ProtectAgents },
        };
      });
    }
    case 'decisions':
      if (data.decisions.length === 0) return [{ section, label: 'No decisions yet', icon: 'history', command: { title: 'Show Audit Panel', command: CommandId.ShowAuditPanel } }];
      return data.decisions.map((r) => {
        const decision = finalDecision(r);
        return {
          section,
          label: `${decision} · ${r.action.kind}${r.findings ? ' result' : ''}`,
          description: actionTarget(r.action).slice(0, 120),
          tooltip: `#${r.seq} ${r.time}\n${r.verdict.reason}\n[rule ${r.verdict.rule}]`,
          icon: decision === 'deny' ? 'circle-slash' : decision === 'ask' ? 'question' : 'pass',
          warn: decision === 'deny',
          command: { title: 'Show Audit Panel', command: CommandId.ShowAuditPanel },
        };
      });
    case 'snapshots':
      if (data.snapshots.length === 0) return [{ section, label: 'No snapshots yet', icon: 'history' }];
      return data.snapshots.map((s) => ({
        section,
        label: s.label ?? s.kind,
        description: `${new Date(s.createdAt).toLocaleString()} · ${s.files} file${s.files === 1 ? '' : 's'}`,
        tooltip: `${s.kind} ${s.id}${s.paths?.length ? `\n${s.paths.join('\n')}` : ''}`,
        icon: s.kind === 'checkpoint' ? 'save-all' : 'file-symlink-file',
        command: { title: 'Restore from Snapshot', command: CommandId.RestoreSnapshot },
      }));
  }
}

