import * as vscode from 'vscode';
import type { Action, ActionSource } from '../core/actions';
import type { AirlockPaths } from '../core/airlockPaths';
import { appendOutcome, appendRecord, openTrail, type Trail } from '../core/audit/trail';
import { Disposable } from './disposable';
import type { PolicyService } from './policyService';
import { firstWorkspaceRoot } from './workspaceRoot';
import { errorMessage } from '../core/values';

/**
 * Records what happens through channels Airlock cannot block: commands run in VS Code terminals (shell
 * integration) and files created, deleted or renamed through the editor. Each is decided by the policy after the
 * fact (what it would have said) and lands in the workspace's trail with channel `terminal` or `editor`.
 */
export class Observer extends Disposable {
  private readonly trails = new Map<string, Trail>();

  constructor(
    private readonly policy: PolicyService,
    private readonly airlock: AirlockPaths,
    private readonly log: vscode.LogOutputChannel,
    /** The snapshot the safety net took just before the editor deleted or renamed a file, to link from its record. */
    private readonly snapshotBefore: (file: string) => string | undefined = () => undefined,
  ) {
    super();
    const pending = new WeakMap<vscode.TerminalShellExecution, Promise<number | undefined>>();
    this.register(
      vscode.window.onDidStartTerminalShellExecution((e) => {
        const command = e.execution.commandLine.value.trim();
        if (command === '') return;
        const cwd = e.execution.cwd?.scheme === 'file' ? e.execution.cwd.fsPath : undefined;
        const source: ActionSource = { agent: `terminal:${e.terminal.name}`, channel: 'terminal' };
        pending.set(e.execution, this.observe({ kind: 'exec', command, ...(cwd ? { cwd } : {}), source }));
      }),
    );
    this.register(
      vscode.window.onDidEndTerminalShellExecution(async (e) => {
        const seq = await pending.get(e.execution);
        const trail = this.trail();
        if (seq === undefined || !trail) return;
        await appendOutcome(trail, {
          ref: seq,
          source: { agent: `terminal:${e.terminal.name}`, channel: 'terminal' },
          outcome: { status: e.exitCode === 0 ? 'succeeded' : e.exitCode === undefined ? 'not-run' : 'failed', ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}) },
        }).catch((err: unknown) => this.log.warn(`Could not record a command's outcome: ${String(err)}`));
      }),
    );
    const editor: ActionSource = { agent: 'editor', channel: 'editor' };
    this.register(
      vscode.workspace.onDidCreateFiles((e) => {
        for (const uri of e.files) if (uri.scheme === 'file') void this.observe({ kind: 'write', path: uri.fsPath, source: editor });
      }),
    );
    this.register(
      vscode.workspace.onDidDeleteFiles((e) => {
        for (const uri of e.files) if (uri.scheme === 'file') void this.observe({ kind: 'delete', path: uri.fsPath, source: editor });
      }),
    );
    this.register(
      vscode.workspace.onDidRenameFiles((e) => {
        for (const f of e.files) {
          if (f.oldUri.scheme === 'file' && f.newUri.scheme === 'file') void this.observe({ kind: 'rename', path: f.oldUri.fsPath, to: f.newUri.fsPath, source: editor });
        }
      }),
    );
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.trails.clear()));
  }

  /** Decides an observed action (as the policy would have) and records it; resolves with its sequence number. */
  async observe(action: Action): Promise<number | undefined> {
    const trail = this.trail();
    if (!trail) return undefined;
    try {
      const verdict = await this.policy.decide(action);
      const snapshot = action.kind === 'delete' || action.kind === 'rename' ? action.path && this.snapshotBefore(action.path) : undefined;
      const record = await appendRecord(trail, { action, verdict, ...(snapshot ? { snapshot } : {}) });
      return record.seq;
    } catch (e) {
      this.log.warn(`Could not record an observed ${action.kind}: ${errorMessage(e)}`);
      return undefined;
    }
  }

  private trail(): Trail | undefined {
    const root = firstWorkspaceRoot();
    if (root === undefined) return undefined;
    let trail = this.trails.get(root);
    if (!trail) {
      trail = openTrail({ airlockHome: this.airlock.root, workspace: root });
      this.trails.set(root, trail);
    }
    return trail;
  }
}
