import * as vscode from 'vscode';
import type { Action } from '../core/actions';
import { approvalKey } from '../core/approvals/approvals';
import type { RuleSpec } from '../core/policy/types';
import { configSection } from './config';

/** A session approval: allows the same action again until the editor restarts. */
export interface SessionApproval {
  readonly key: string;
  readonly label: string;
  readonly agent: string;
  readonly at: number;
}

/** Approvals given in the editor: in memory for the session, as narrow rules in `airlock.userPolicy` for always. */
export class Approvals {
  private readonly session = new Map<string, SessionApproval>();

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

  /** Rules written by "Always allow" (ids starting with `approved-`) in the user policy. */
  permanentApprovals(): RuleSpec[] {
    return userRules().filter((r) => typeof r.id === 'string' && r.id.startsWith('approved-'));
  }

  /** Adds a rule to the user policy (replacing one with the same id). */
  async addPermanent(rule: RuleSpec): Promise<void> {
    const policy = userPolicyValue();
    const rules = userRules().filter((r) => r.id !== rule.id);
    await vscode.workspace
      .getConfiguration(configSection)
      .update('userPolicy', { ...policy, rules: [...rules, rule] }, vscode.ConfigurationTarget.Global);
  }

  async revokePermanent(id: string): Promise<void> {
    const policy = userPolicyValue();
    await vscode.workspace
      .getConfiguration(configSection)
      .update('userPolicy', { ...policy, rules: userRules().filter((r) => r.id !== id) }, vscode.ConfigurationTarget.Global);
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
