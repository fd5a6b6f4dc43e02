import * as os from 'node:os';
import * as vscode from 'vscode';
import { airlockHomeFor } from '../core/airlockHome';
import { actionTarget, finalDecision, type DecisionRecord } from '../core/audit/record';
import { openTrail, readTrail } from '../core/audit/trail';
import type { AgentHookStatus } from '../core/hooks/install';
import type { SnapshotSummary } from '../core/snapshots';
import { CommandId } from '../shared/commandIds';
import type { AgentHooks } from './commands/agentHooks';
import { describeState } from './commands/agentHooks';
import { Disposable } from './disposable';
import type { GuardState } from './guardState';
import type { SafetyNet } from './snapshots/safetyNet';
import { firstWorkspaceRoot } from './workspaceRoot';

/** The view's id in the Airlock activity-bar container. */
export const airlockViewId = 'airlock.overview';

type Section = 'guard' | 'agents' | 'decisions' | 'snapshots';

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

const recentDecisions = 10;
const recentSnapshots = 5;

const headings: readonly ViewItem[] = [
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

/**
 * Airlock's own view in the activity bar: the guard, each agent's hook state (with a warning where Airlock cannot
 * protect it), the latest decisions and snapshots. Every row opens what deals with it: the panel, Protect Agents,
 * restore, the approvals.
 */
export class AirlockView extends Disposable implements vscode.TreeDataProvider<ViewItem> {
  private readonly changed = this.register(new vscode.EventEmitter<ViewItem | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly guard: GuardState,
    private readonly agents: AgentHooks,
    private readonly snapshots: SafetyNet,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const view = this.register(vscode.window.createTreeView(airlockViewId, { treeDataProvider: this, showCollapseAll: false }));
    this.register(guard.onDidChange(() => this.refresh()));
    this.register(agents.onDidChange(() => this.refresh()));
    // The trail and the store change from other processes (agents' hooks): look again while the view is shown.
    const poll = (): void => {
      if (this.timer) clearInterval(this.timer);
      this.timer = view.visible ? setInterval(() => this.refresh(), 5000) : undefined;
    };
    this.register(view.onDidChangeVisibility(() => {
      poll();
      if (view.visible) this.refresh();
    }));
    poll();
    this.register({ dispose: () => this.timer && clearInterval(this.timer) });
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(item: ViewItem): vscode.TreeItem {
    const t = new vscode.TreeItem(item.label, item.heading ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    if (item.description !== undefined) t.description = item.description;
    if (item.tooltip !== undefined) t.tooltip = item.tooltip;
    if (item.icon) t.iconPath = new vscode.ThemeIcon(item.icon, item.warn ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
    if (item.command) t.command = item.command;
    t.contextValue = item.heading ? 'section' : item.section;
    t.id = `${item.section}:${item.heading ? '' : item.label}:${item.description ?? ''}`;
    return t;
  }

  async getChildren(item?: ViewItem): Promise<ViewItem[]> {
    if (!item) return [...headings];
    if (!item.heading) return [];
    try {
      return viewItems(item.section, {
        mode: this.guard.mode,
        agents: item.section === 'agents' ? this.agents.statuses : [],
        decisions: item.section === 'decisions' ? await this.decisions() : [],
        snapshots: item.section === 'snapshots' ? this.recentSnapshots() : [],
      });
    } catch (e) {
      this.log.warn(`Airlock view: ${e instanceof Error ? e.message : String(e)}`);
      return [{ section: item.section, label: 'Could not be read', description: String(e), icon: 'error', warn: true }];
    }
  }

  private async decisions(): Promise<DecisionRecord[]> {
    const root = firstWorkspaceRoot();
    if (root === undefined) return [];
    const contents = await readTrail(openTrail({ airlockHome: airlockHomeFor(process.env, process.env.HOME ?? os.homedir()), workspace: root }));
    return contents.records.filter((r): r is DecisionRecord => r.type === 'decision').slice(-recentDecisions).reverse();
  }

  private recentSnapshots(): SnapshotSummary[] {
    const root = firstWorkspaceRoot();
    return root === undefined ? [] : this.snapshots.recent(root, recentSnapshots);
  }
}
