import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Action } from '../core/actions';
import { createNodeEngine } from '../core/engine/create';
import type { Engine, Explanation, LoadedPolicy } from '../core/engine/engine';
import { createResolver } from '../core/network/resolve';
import { airlockHomeFor, loadPolicyFile, loadPolicyValue, userPolicyPath, workspacePolicyPath } from '../core/policy/load';
import { formatPolicyError, type PolicyError } from '../core/policy/parse';
import type { Preset } from '../core/policy/types';
import type { Verdict } from '../core/verdict';
import { configSection, readConfig } from './config';
import { Disposable } from './disposable';

const platform = process.platform === 'win32' ? 'win32' : 'posix';

/**
 * Keeps the decision engine in step with the user's settings, the workspace folders, their
 * `.airlock/policy.json` files and workspace trust. A policy that cannot be used never half-loads: until it is
 * fixed every decision is a deny that names the problem.
 */
export class PolicyService extends Disposable {
  private engine: Promise<Engine | PolicyError> | undefined;
  /** What the policy files looked like when the engine was built (size and mtime, or missing). */
  private builtFrom = '';
  private readonly resolver = createResolver();
  private readonly changed = this.register(new vscode.EventEmitter<readonly PolicyError[]>());
  /** Fires after every reload with the policy errors found (empty when the policy loaded). */
  readonly onDidReload = this.changed.event;
  private lastErrors: readonly PolicyError[] = [];
  private inForce: { preset: Preset; files: readonly LoadedPolicy[] } = { preset: 'balanced', files: [] };

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    const reload = () => this.reload();
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(configSection) && reload()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(reload));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(reload));
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/.airlock/policy.json'));
    this.register(watcher.onDidCreate(reload));
    this.register(watcher.onDidChange(reload));
    this.register(watcher.onDidDelete(reload));
    this.reload();
  }

  get errors(): readonly PolicyError[] {
    return this.lastErrors;
  }

  /** The preset and policy files the engine was last built from (for the report). */
  get policyInForce(): { readonly preset: Preset; readonly files: readonly LoadedPolicy[] } {
    return this.inForce;
  }

  /** Decides an action under the current policy. Never throws; any failure is a deny. */
  async decide(action: Action): Promise<Verdict> {
    return (await this.explain(action)).verdict;
  }

  async explain(action: Action): Promise<Explanation> {
    try {
      // File watchers can lag or miss a change: a policy file that changed since the engine was built is
      // reloaded before deciding, so a decision never uses rules older than the files on disk.
      if (this.engine === undefined || this.policyFilesSignature() !== this.builtFrom) this.reload();
      const engine = await (this.engine ?? this.reload());
      if ('message' in engine) {
        return {
          verdict: {
            decision: 'deny',
            rule: 'input.policy-error',
            layer: 'input',
            reason: `Airlock's policy cannot be used (${formatPolicyError(engine)}), so every action is denied until it is fixed.`,
            risk: 'high',
          },
          subjects: [],
          precedence: '',
        };
      }
      return await engine.explain(action);
    } catch (e) {
      return {
        verdict: { decision: 'deny', rule: 'internal.error', layer: 'internal', reason: `Airlock could not decide: ${String(e)}.`, risk: 'high' },
        subjects: [],
        precedence: '',
      };
    }
  }

  /** Rebuilds the engine from the current settings and files; resolves when it is ready. */
  reload(): Promise<Engine | PolicyError> {
    const next = this.build();
    this.engine = next;
    void next.then((result) => {
      if (this.engine !== next) return;
      if ('message' in result) {
        this.lastErrors = [result];
        this.log.error(`Policy error: ${formatPolicyError(result)}`);
        void vscode.window.showWarningMessage(`Airlock: ${formatPolicyError(result)}. Every agent action is denied until the policy is fixed.`);
      } else {
        this.lastErrors = [];
        this.log.info(`Policy loaded (preset ${result.preset})`);
      }
      this.changed.fire(this.lastErrors);
    });
    return next;
  }

  private roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  private policyFilesSignature(): string {
    const stamp = (file: string) => {
      const st = fs.statSync(file, { throwIfNoEntry: false });
      return st ? `${st.size}:${st.mtimeMs}:${st.ino}` : '-';
    };
    // The user's policy file changes outside the editor too (airlock from a shell, another window's "Always allow").
    const user = stamp(userPolicyPath(airlockHomeFor(process.env, process.env.HOME ?? os.homedir())));
    if (!vscode.workspace.isTrusted) return `${user}|untrusted`;
    return [user, ...this.roots().map((root) => stamp(workspacePolicyPath(root)))].join('|');
  }

  private async build(): Promise<Engine | PolicyError> {
    this.builtFrom = this.policyFilesSignature();
    const home = process.env.HOME ?? os.homedir();
    const ctx = { home, platform } as const;
    const config = readConfig();
    // One user policy for the editor and for hooks deciding alone: the file in Airlock's folder (where "Always
    // allow" writes), with the rules of the airlock.userPolicy setting added for this editor.
    const airlockHome = airlockHomeFor(process.env, home);
    const fromFile = loadPolicyFile(userPolicyPath(airlockHome), ctx);
    if (!fromFile.ok) return fromFile.error;
    const fromSetting = loadPolicyValue(config.userPolicy, 'settings: airlock.userPolicy', ctx);
    if (!fromSetting.ok) return fromSetting.error;
    const user = { ok: true as const, value: mergeUserPolicies(fromFile.value, fromSetting.value) };
    const trusted = vscode.workspace.isTrusted;
    const roots = this.roots();
    const workspacePolicies: LoadedPolicy[] = [];
    // Workspace content never weakens the guard, and in an untrusted workspace it is not read at all.
    if (trusted) {
      for (const root of roots) {
        const ws = loadPolicyFile(workspacePolicyPath(root), ctx);
        if (!ws.ok) return ws.error;
        if (ws.value) workspacePolicies.push(ws.value);
      }
    }
    const engine = await createNodeEngine({
      roots,
      home,
      airlockHome,
      preset: config.preset,
      userPolicy: user.value,
      workspacePolicies,
      workspaceTrusted: trusted,
      env: { HOME: home },
      resolver: this.resolver,
    });
    this.inForce = { preset: engine.preset, files: [user.value, ...workspacePolicies] };
    return engine;
  }
}

/** The file's rules first, then the setting's; the setting's preset, when it names one, else the file's. */
function mergeUserPolicies(file: LoadedPolicy | undefined, setting: LoadedPolicy): LoadedPolicy {
  if (!file) return setting;
  const preset = setting.policy.preset ?? file.policy.preset;
  return {
    file: `${file.file} and ${setting.file}`,
    policy: { ...(preset ? { preset } : {}), rules: [...file.policy.rules, ...setting.policy.rules] },
  };
}
