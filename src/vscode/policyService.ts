import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Action } from '../core/actions';
import type { AirlockPaths } from '../core/airlockPaths';
import { createNodeEngine } from '../core/engine/create';
import type { Engine, Explanation, LoadedPolicy } from '../core/engine/engine';
import { createResolver } from '../core/network/resolve';
import { loadPolicies, policySignature, type PolicySources } from '../core/guard/policies';
import { formatPolicyError, type PolicyError } from '../core/policy/parse';
import type { Preset } from '../core/policy/types';
import type { Verdict } from '../core/verdict';
import { configSection, readConfig } from './config';
import { Disposable } from './disposable';
import { errorMessage } from '../core/values';

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

  constructor(
    private readonly airlock: AirlockPaths,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const reload = () => void this.reload();
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(configSection) && reload()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(reload));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(reload));
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/.airlock/policy.json'));
    this.register(watcher.onDidCreate(reload));
    this.register(watcher.onDidChange(reload));
    this.register(watcher.onDidDelete(reload));
    reload();
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
      if (this.engine === undefined || this.policyFilesSignature() !== this.builtFrom) void this.reload();
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
    }, (e: unknown) => {
      // A build that failed outright: every decision awaits it and denies (see explain).
      if (this.engine === next) this.log.error(`The policy engine could not be built: ${errorMessage(e)}`);
    });
    return next;
  }

  private roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  /** Where this window's policies come from: the user's file and setting, and each trusted folder's file. */
  private sources(): PolicySources {
    const home = process.env.HOME ?? os.homedir();
    return {
      home,
      platform,
      airlockHome: this.airlock.root,
      roots: this.roots(),
      trusted: vscode.workspace.isTrusted,
      // One user policy for the editor and for hooks deciding alone: the file in Airlock's folder (where "Always
      // allow" writes), with the rules of the airlock.userPolicy setting added for this editor.
      extraUser: { value: readConfig().userPolicy, source: 'settings: airlock.userPolicy' },
    };
  }

  private policyFilesSignature(): string {
    // The user's policy file changes outside the editor too (airlock from a shell, another window's "Always allow").
    return policySignature(this.sources());
  }

  private async build(): Promise<Engine | PolicyError> {
    const sources = this.sources();
    this.builtFrom = policySignature(sources);
    const loaded = loadPolicies(sources);
    if (!loaded.ok) return loaded.error;
    const { user, workspace } = loaded.value;
    const engine = await createNodeEngine({
      roots: sources.roots,
      home: sources.home,
      airlockHome: sources.airlockHome,
      preset: readConfig().preset,
      ...(user ? { userPolicy: user } : {}),
      workspacePolicies: workspace,
      workspaceTrusted: sources.trusted,
      env: { HOME: sources.home },
      resolver: this.resolver,
    });
    this.inForce = { preset: engine.preset, files: [...(user ? [user] : []), ...workspace] };
    return engine;
  }
}
