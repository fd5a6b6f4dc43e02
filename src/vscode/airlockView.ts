import * as vscode from 'vscode';
import type { AirlockPaths } from '../core/airlockPaths';
import type { DecisionRecord, TrailRecord } from '../core/audit/record';
import { openTrail } from '../core/audit/trail';
import { TrailFollower } from '../core/audit/trailFollower';
import type { SnapshotSummary } from '../core/snapshots';
import type { AgentHooks } from './commands/agentHooks';
import { Disposable } from './disposable';
import type { GuardState } from './guardState';
import type { SafetyNet } from './snapshots/safetyNet';
import { firstWorkspaceRoot } from './workspaceRoot';
import { headings, recentDecisions, recentSnapshots, viewItems, type ViewItem } from './viewItems';
import { errorMessage } from '../core/values';

/** The view's id in the Airlock activity-bar container. */
export const airlockViewId = 'airlock.overview';

/**
 * Airlock's own view in the activity bar: the guard, each agent's hook state (with a warning where Airlock cannot
 * protect it), the latest decisions and snapshots. Every row opens what deals with it: the panel, Protect Agents,
 * restore, the approvals.
 */
export class AirlockView extends Disposable implements vscode.TreeDataProvider<ViewItem> {
  private readonly changed = this.register(new vscode.EventEmitter<ViewItem | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private follower: { readonly root: string; readonly follower: TrailFollower; latest: DecisionRecord[] } | undefined;

  constructor(
    private readonly guard: GuardState,
    private readonly agents: AgentHooks,
    private readonly snapshots: SafetyNet,
    private readonly airlock: AirlockPaths,
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
      this.log.warn(`Airlock view: ${errorMessage(e)}`);
      return [{ section: item.section, label: 'Could not be read', description: String(e), icon: 'error', warn: true }];
    }
  }

  /**
   * The latest decisions, newest first. The trail is followed, not re-read: the first look reads and verifies it
   * whole, later ones read only what was appended (as the audit panel does).
   */
  private async decisions(): Promise<DecisionRecord[]> {
    const root = firstWorkspaceRoot();
    if (root === undefined) return [];
    if (this.follower?.root !== root) {
      const follower = new TrailFollower(openTrail({ airlockHome: this.airlock.root, workspace: root }));
      this.follower = { root, follower, latest: latestDecisions((await follower.load()).records) };
      return this.follower.latest;
    }
    const update = await this.follower.follower.poll();
    if (update.kind === 'reset') this.follower.latest = latestDecisions(update.contents.records);
    else if (update.kind === 'append') this.follower.latest = latestDecisions([...this.follower.latest.slice().reverse(), ...update.records]);
    return this.follower.latest;
  }

  private recentSnapshots(): SnapshotSummary[] {
    const root = firstWorkspaceRoot();
    return root === undefined ? [] : this.snapshots.recent(root, recentSnapshots);
  }
}

/** The newest decision records of a trail's records (in trail order), newest first. */
const latestDecisions = (records: readonly TrailRecord[]): DecisionRecord[] =>
  records.filter((r): r is DecisionRecord => r.type === 'decision').slice(-recentDecisions).reverse();
