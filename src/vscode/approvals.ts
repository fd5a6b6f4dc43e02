import * as vscode from 'vscode';
import type { Action } from '../core/actions';
import type { AirlockPaths } from '../core/airlockPaths';
import { approvalKey } from '../core/approvals/approvals';
import type { RuleSpec } from '../core/policy/types';
import { editUserRules, readUserRules } from '../core/policy/userFile';
import { configSection } from './config';

/** A session approval: allows the same action again until the editor restarts. */
export interface SessionApproval {
  readonly key: string;
  readonly label: string;
  readonly agent: string;
  readonly at: number;
}

/**
 * Approvals given in the editor: in memory for the session, and for always as narrow rules in the user's policy
 * file (`AirlockPaths.userPolicy`), which a hook deciding alone reads too. Rules that earlier versions wrote to
 * the `airlock.userPolicy` setting are still listed and can be revoked there.
 */
export class Approvals {
  private readonly session = new Map<string, SessionApproval>();

  constructor(private readonly airlock: AirlockPaths) {}

  isApprovedForSession(action: Action): SessionApproval | undefined {
    return this.session.get(approvalKey(action));
  }

  approveForSession(action: Action, label: string, agent: string): void {
    const key = approvalKey(action);
    this.session.set(key, { key, label, agent, at: Date.now() });
  }

  sessionApprovals(): SessionApproval[] {
    return [...this.session.values()];
  }

  revokeSession(key: string): boolean {
    return this.session.delete(key);
  }

  /** Rules written by "Always allow" (ids starting with `approved-`), in the user's policy file and the setting. */
  permanentApprovals(): RuleSpec[] {
    const fromFile = readUserRules(this.airlock.root);
    return [...(fromFile.ok ? fromFile.value : []), ...userRules()].filter((r) => typeof r.id === 'string' && r.id.startsWith('approved-'));
  }

  /** Adds a rule to the user's policy file (replacing one with the same id). */
  async addPermanent(rule: RuleSpec): Promise<void> {
    const written = editUserRules(this.airlock.root, (rules) => [...rules.filter((r) => r.id !== rule.id), rule]);
    if (!written.ok) throw new Error(written.error);
  }

  async revokePermanent(id: string): Promise<void> {
    const written = editUserRules(this.airlock.root, (rules) => rules.filter((r) => r.id !== id));
    if (!written.ok) throw new Error(written.error);
    if (userRules().some((r) => r.id === id)) {
      const policy = userPolicyValue();
      await vscode.workspace
        .getConfiguration(configSection)
        .update('userPolicy', { ...policy, rules: userRules().filter((r) => r.id !== id) }, vscode.ConfigurationTarget.Global);
    }
  }
}

function userPolicyValue(): Record<string, unknown> {
  const v = vscode.workspace.getConfiguration(configSection).inspect('userPolicy')?.globalValue;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function userRules(): RuleSpec[] {
  const rules = userPolicyValue().rules;
  return Array.isArray(rules) ? (rules.filter((r) => typeof r === 'object' && r !== null) as RuleSpec[]) : [];
}
