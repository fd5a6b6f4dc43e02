import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirlockPaths } from '../../core/airlockPaths';
import { recordedDns, replayRecords, type ReplayResult, type VerdictChange } from '../../core/audit/replay';
import { renderReport } from '../../core/audit/report';
import { openTrail, readTrail } from '../../core/audit/trail';
import { createNodeEngine } from '../../core/engine/create';
import type { LoadedPolicy } from '../../core/engine/engine';
import { loadPolicyFile, workspacePolicyPath } from '../../core/policy/load';
import { formatPolicyError } from '../../core/policy/parse';
import { CommandId } from '../../shared/commandIds';
import type { PolicyService } from '../policyService';
import { firstWorkspaceRoot } from '../workspaceRoot';
import { asOutputFindings } from '../../core/output/scan';

const home = () => process.env.HOME ?? os.homedir();


/**
 * `Airlock: Export Audit Report…` writes the workspace's trail as one standalone HTML file (the same report as
 * `airlock report`); `Airlock: Replay Trail Against Policy…` re-decides every recorded action under a policy file
 * and opens the verdicts that would change. Both take an optional path argument instead of asking (for tests and
 * keybindings).
 */
export function registerAuditExports(policy: PolicyService, airlock: AirlockPaths, version: string): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.ExportReport, async (target?: string) => {
      const root = firstWorkspaceRoot();
      if (!root) return void vscode.window.showWarningMessage('Airlock: open a folder to export its audit report.');
      const out =
        target ??
        (
          await vscode.window.showSaveDialog({
            title: 'Export Airlock audit report',
            defaultUri: vscode.Uri.file(path.join(home(), `airlock-report-${path.basename(root)}.html`)),
            filters: { HTML: ['html'] },
          })
        )?.fsPath;
      if (!out) return undefined;
      const contents = await readTrail(openTrail({ airlockHome: airlock.root, workspace: root }));
      const inForce = policy.policyInForce;
      const html = renderReport({
        workspace: contents.workspace,
        dir: contents.dir,
        lines: contents.lines,
        verification: contents.verification,
        policy: { preset: inForce.preset, files: inForce.files.map((p) => ({ file: p.file, policy: p.policy })) },
        generatedAt: Date.now(),
        version,
      });
      fs.writeFileSync(out, html, { mode: 0o600 });
      const chain = contents.verification.ok ? 'chain intact' : 'CHAIN BROKEN';
      if (target === undefined) {
        void vscode.window
          .showInformationMessage(`Airlock: exported ${contents.records.length} records (${chain}) to ${out}`, 'Open')
          .then((b) => b === 'Open' && vscode.env.openExternal(vscode.Uri.file(out)));
      }
      return out;
    }),
    vscode.commands.registerCommand(CommandId.ReplayTrail, async (policyFile?: string): Promise<ReplayResult | undefined> => {
      const root = firstWorkspaceRoot();
      if (!root) return void vscode.window.showWarningMessage('Airlock: open a folder to replay its trail.');
      const file =
        policyFile ??
        (
          await vscode.window.showOpenDialog({
            title: 'Replay the audit trail against which policy file?',
            canSelectMany: false,
            filters: { 'Airlock policy': ['json'] },
          })
        )?.[0]?.fsPath;
      if (!file) return undefined;
      const ctx = { home: home(), platform: process.platform === 'win32' ? 'win32' : 'posix' } as const;
      const candidate = loadPolicyFile(file, ctx, true);
      if (!candidate.ok || !candidate.value) {
        void vscode.window.showErrorMessage(`Airlock: ${candidate.ok ? `${file}: no policy` : formatPolicyError(candidate.error)}`);
        return undefined;
      }
      const workspacePolicies: LoadedPolicy[] = [];
      const ws = loadPolicyFile(workspacePolicyPath(root), ctx);
      if (ws.ok && ws.value) workspacePolicies.push(ws.value);
      const dns = recordedDns();
      // The candidate stands in for your user policy; nothing recorded is executed, DNS answers are the recorded ones.
      const engine = await createNodeEngine({
        roots: [root],
        home: home(),
        airlockHome: airlock.root,
        userPolicy: candidate.value,
        workspacePolicies,
        workspaceTrusted: vscode.workspace.isTrusted,
        env: { HOME: home() },
        resolver: dns.resolver,
      });
      const contents = await readTrail(openTrail({ airlockHome: airlock.root, workspace: root }));
      const result = await replayRecords(contents.records, (action, answers) => {
        dns.use(answers);
        return engine.decide(action);
      }, (findings) => engine.judgeOutput(asOutputFindings(findings)));
      if (policyFile === undefined) {
        const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: replayMarkdown(file, result) });
        await vscode.window.showTextDocument(doc, { preview: false });
      }
      return result;
    }),
  ];
}

function change(c: VerdictChange): string {
  const target = c.action.command ?? c.action.url ?? c.action.path ?? '';
  return `| ${c.seq} | ${c.source.agent} | ${c.action.kind} | \`${target.replace(/[`|]/g, ' ')}\` | ${c.before.decision} (${c.before.rule}) | **${c.after.decision}** (${c.after.rule}) |`;
}

export function replayMarkdown(file: string, r: ReplayResult): string {
  const lines = [`# Airlock replay against ${file}`, '', `${r.replayed} recorded actions decided again; nothing was executed.`, ''];
  if (r.changed.length === 0) lines.push('No decision would change.');
  else {
    lines.push(`${r.changed.length} decisions would change (${Object.entries(r.transitions).map(([k, n]) => `${k} ${n}`).join(', ')}):`, '');
    lines.push('| seq | agent | kind | target | before | after |', '|---|---|---|---|---|---|', ...r.changed.map(change));
  }
  if (r.ruleChanged.length > 0) lines.push('', `${r.ruleChanged.length} more actions keep their decision under another rule.`);
  return lines.join('\n') + '\n';
}
