import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  applyPlan,
  detectAgents,
  findNode,
  hookStatus,
  nodeInstallFs,
  planInstall,
  planRemove,
  onceEach,
  runNodeProbe,
  scriptOf,
  type AgentHookStatus,
  type HookCommandOptions,
  type HookPlan,
  type StatusContext,
} from '../../core/hooks/install';
import type { AirlockPaths } from '../../core/airlockPaths';
import { describeState } from '../../core/hooks/install/status';
import { CommandId } from '../../shared/commandIds';
import { Disposable } from '../disposable';

const planScheme = 'airlock-hook-plan';

/** Which agents have Airlock's hook installed, for the status-bar tooltip; refreshed after every change. */
export class AgentHooks extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<readonly AgentHookStatus[]>());
  readonly onDidChange = this.changed.event;
  private readonly documents = new Map<string, string>();
  private current: readonly AgentHookStatus[] = [];

  constructor(
    private readonly extensionPath: string,
    private readonly airlock: AirlockPaths,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    // Before/after texts of a plan, shown read-only in a diff editor before anything is written.
    this.register(
      vscode.workspace.registerTextDocumentContentProvider(planScheme, { provideTextDocumentContent: (uri) => this.documents.get(uri.toString()) ?? '' }),
    );
    this.register(vscode.commands.registerCommand(CommandId.ProtectAgents, () => this.protect()));
    this.register(vscode.commands.registerCommand(CommandId.RemoveAgentHooks, () => this.remove()));
    this.refresh();
    this.repairMoved();
  }

  /** Each Node is run once per window to check it: the status is read at start-up and after every change. */
  private readonly probeNode = onceEach(runNodeProbe);
  private nodePath: string | undefined | null = null;

  get statuses(): readonly AgentHookStatus[] {
    return this.current;
  }

  context(): StatusContext {
    const home = process.env.HOME ?? os.homedir();
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return {
      home,
      env: process.env,
      platform: process.platform,
      fs: nodeInstallFs,
      probeNode: this.probeNode,
      airlockHome: this.airlock.root,
      ...(workspace !== undefined ? { workspace } : {}),
    };
  }

  /**
   * The hook command agents run: this extension's own dist/hook.js, started by an absolute Node that was run and
   * checked (the first good `node` on the PATH, else the extension host's own when it is plain Node). Agents
   * started from a desktop launcher often have no `node` on their PATH, and skip a hook that cannot start.
   */
  get hook(): HookCommandOptions {
    if (this.nodePath === null) {
      const host = process.versions.electron === undefined && this.probeNode(process.execPath).ok ? process.execPath : undefined;
      this.nodePath = findNode(process.env.PATH, process.platform, this.probeNode, (f) => fs.existsSync(f)) ?? host;
      if (this.nodePath === undefined) this.log.warn("No Node 20 or later found on the PATH: agent hooks will start 'node' from the agent's own PATH.");
    }
    const script = path.join(this.extensionPath, 'dist', 'hook.js');
    return this.nodePath === undefined ? { script } : { script, node: this.nodePath };
  }

  /**
   * After an update the extension lives in a new folder, and the entries it wrote still run the old folder's
   * hook.js, which is gone: agents would skip them. Airlock's own entries are pointed at this folder again.
   */
  private repairMoved(): void {
    const ctx = this.context();
    const moved = this.current.filter(
      (s) =>
        s.state === 'would-not-start' &&
        s.commands.every((c) => {
          const script = scriptOf(c);
          return script !== undefined && /[/\\]dist[/\\]hook\.js$/.test(script) && !ctx.fs.exists(script);
        }),
    );
    const repaired: string[] = [];
    for (const s of moved) {
      const plans = planInstall(s.agent, this.hook, ctx);
      if (!plans.ok) continue;
      const changed = plans.value.filter((p) => p.changed);
      const failed = changed.map((p) => applyPlan(p, nodeInstallFs)).find((a) => !a.ok);
      if (failed && !failed.ok) {
        this.log.warn(`${s.name}: Airlock's hook entry runs a hook.js that no longer exists, and could not be repaired: ${failed.error}`);
        continue;
      }
      if (changed.length === 0) continue;
      this.log.info(`${s.name}: Airlock's hook entry ran a hook.js that no longer exists (the extension moved); it now runs ${this.hook.script} (${changed.map((p) => p.file).join(', ')})`);
      repaired.push(s.name);
    }
    if (repaired.length === 0) return;
    this.refresh();
    void vscode.window.showInformationMessage(`Airlock: the hook entries of ${repaired.join(', ')} pointed to an earlier copy of Airlock that is gone; they now run this one.`);
  }

  refresh(): void {
    try {
      this.current = hookStatus(this.context(), this.hook);
    } catch (e) {
      this.log.warn(`Could not read the agents' hook files: ${String(e)}`);
      this.current = [];
    }
    this.changed.fire(this.current);
  }

  /** `Airlock: Protect Agents…`: pick agents, see exactly which files change, then write. */
  async protect(pickedAgents?: readonly string[]): Promise<HookPlan[]> {
    const ctx = this.context();
    const detected = detectAgents(ctx);
    const status = new Map(hookStatus(ctx, this.hook).map((s) => [s.agent, s]));
    let agents = pickedAgents;
    if (!agents) {
      const picks = await vscode.window.showQuickPick(
        detected.map((d) => ({
          label: d.name,
          description: describeState(status.get(d.agent), d.present),
          detail: d.configFile,
          picked: (d.present || status.get(d.agent)?.state === 'would-not-start') && !status.get(d.agent)?.protected,
          agent: d.agent,
        })),
        { title: 'Airlock: protect which agents?', canPickMany: true, placeHolder: 'Airlock adds its hook entries (before each tool call, and after it for its result) to each agent’s own hook file' },
      );
      if (!picks || picks.length === 0) return [];
      agents = picks.map((p) => p.agent);
    }
    const plans: HookPlan[] = [];
    for (const d of detected.filter((x) => agents?.includes(x.agent))) {
      const planned = planInstall(d.agent, this.hook, ctx);
      if (!planned.ok) {
        void vscode.window.showErrorMessage(`Airlock cannot protect ${d.name}: ${planned.error}`);
        continue;
      }
      plans.push(...planned.value.filter((p) => p.changed));
    }
    if (plans.length === 0) {
      void vscode.window.showInformationMessage('Airlock: the chosen agents are protected already.');
      return [];
    }
    if (!(await this.confirm(plans, 'Protect'))) return [];
    return this.apply(plans);
  }

  /** `Airlock: Remove Agent Hooks`: removes only Airlock's own entries, after showing which files change. */
  async remove(pickedAgents?: readonly string[]): Promise<HookPlan[]> {
    const ctx = this.context();
    const installed = hookStatus(ctx, this.hook).filter((s) => s.state !== 'missing' && s.state !== 'error');
    if (installed.length === 0) {
      void vscode.window.showInformationMessage('Airlock: no agent has Airlock’s hook installed.');
      return [];
    }
    let agents = pickedAgents;
    if (!agents) {
      const picks = await vscode.window.showQuickPick(
        installed.map((s) => ({ label: s.name, detail: s.file, picked: true, agent: s.agent })),
        { title: 'Airlock: remove the hook from which agents?', canPickMany: true },
      );
      if (!picks || picks.length === 0) return [];
      agents = picks.map((p) => p.agent);
    }
    const plans: HookPlan[] = [];
    for (const s of installed.filter((x) => agents?.includes(x.agent))) {
      const planned = planRemove(s.agent, ctx);
      if (!planned.ok) void vscode.window.showErrorMessage(`Airlock cannot remove its hook from ${s.name}: ${planned.error}`);
      else plans.push(...planned.value.filter((p) => p.changed));
    }
    if (plans.length === 0 || !(await this.confirm(plans, 'Remove'))) return [];
    return this.apply(plans);
  }

  /** Names every file and what changes in it; "Show Changes" opens the exact before/after of each. */
  private async confirm(plans: readonly HookPlan[], action: 'Protect' | 'Remove'): Promise<boolean> {
    const detail = plans.map((p) => `${p.name}: ${p.file}${p.created ? ' (new file)' : ''}\n  ${p.summary}`).join('\n');
    for (;;) {
      // A window that cannot show the confirmation writes nothing.
      const answer = await Promise.resolve(
        vscode.window.showWarningMessage(`Airlock will change ${plans.length} file${plans.length === 1 ? '' : 's'}`, { modal: true, detail }, action, 'Show Changes'),
      ).catch(() => undefined);
      if (answer === action) return true;
      if (answer !== 'Show Changes') return false;
      for (const p of plans) await this.showPlan(p);
    }
  }

  private async showPlan(plan: HookPlan): Promise<void> {
    const id = `${Date.now()}-${plan.agent}`;
    const before = vscode.Uri.from({ scheme: planScheme, path: `/${id}/before/${path.basename(plan.file)}` });
    const after = vscode.Uri.from({ scheme: planScheme, path: `/${id}/after/${path.basename(plan.file)}` });
    this.documents.set(before.toString(), plan.before ?? '');
    this.documents.set(after.toString(), plan.after ?? '');
    await vscode.commands.executeCommand('vscode.diff', before, after, `${plan.name}: ${plan.file} (${plan.summary})`, { preview: false });
  }

  private apply(plans: readonly HookPlan[]): HookPlan[] {
    const done: HookPlan[] = [];
    for (const p of plans) {
      const applied = applyPlan(p, nodeInstallFs);
      if (!applied.ok) {
        void vscode.window.showErrorMessage(`Airlock could not write ${p.file}: ${applied.error}`);
        continue;
      }
      this.log.info(`${p.name}: ${p.summary} (${p.file})`);
      for (const note of p.notes) this.log.info(`${p.name}: ${note}`);
      done.push(p);
    }
    this.refresh();
    if (done.length > 0) {
      const notes = [...new Set(done.flatMap((p) => p.notes.map((n) => `${p.name}: ${n}`)))];
      void vscode.window.showInformationMessage(`Airlock: ${done.map((p) => `${p.name} — ${p.summary}`).join('; ')}${notes.length ? `. ${notes.join(' ')}` : ''}`);
    }
    return done;
  }
}

