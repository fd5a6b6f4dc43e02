import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DecisionRecord, Outcome, TrailRecord } from '../core/audit/record';
import { openTrail, type TrailContents } from '../core/audit/trail';
import { parseWebviewMessage, type AuditVerification, type HostMessage, type Parsed, type WebviewMessage } from '../shared/auditMessages';
import { CommandId } from '../shared/commandIds';
import { actedFile, toDetail, toRow, toVerification } from '../shared/auditRows';
import { TrailFollower } from '../core/audit/trailFollower';
import { Disposable } from './disposable';
import type { SnapshotAccess } from './snapshotAccess';
import { snapshotUri } from './snapshotDocuments';
import { firstWorkspaceRoot } from './workspaceRoot';
import { errorMessage } from '../core/values';

export interface AuditPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  /** Airlock's folder (trail and store). */
  readonly airlockHome: string;
  readonly snapshots: SnapshotAccess;
}

/** A look for appended records this often, besides the file watcher (which misses events on some file systems). */
const pollMs = 1_000;

/**
 * The audit panel: the first workspace folder's trail, newest first, live. One panel per window, revealed when
 * shown again. What the webview shows comes only from `HostMessage`s; what it asks for arrives as untrusted input
 * and goes through `parseWebviewMessage` before anything is done (a malformed message is logged and dropped).
 */
export class AuditPanel extends Disposable {
  static readonly viewType = 'airlock.auditPanel';
  private static instance: AuditPanel | undefined;

  /** The open panel, if any (for the command and the integration tests). */
  static get current(): AuditPanel | undefined {
    return AuditPanel.instance;
  }

  static show(deps: AuditPanelDeps): AuditPanel {
    if (AuditPanel.instance) {
      AuditPanel.instance.panel.reveal();
      return AuditPanel.instance;
    }
    const panel = vscode.window.createWebviewPanel(AuditPanel.viewType, 'Airlock Audit', vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'media'), vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview')],
    });
    AuditPanel.instance = new AuditPanel(panel, deps);
    return AuditPanel.instance;
  }

  private readonly records = new Map<number, DecisionRecord>();
  private readonly outcomes = new Map<number, Outcome>();
  private verification: AuditVerification = { ok: true, verified: 0, segments: 0, lastSeq: 0, warnings: [] };
  private exists = false;
  private readonly workspace: string | undefined;
  private readonly follower: TrailFollower | undefined;
  private loaded: Promise<void>;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  /** Answers posted before the webview said it is ready (the trail itself goes in the `init` it gets then). */
  private queue: HostMessage[] = [];
  private polling: Promise<void> | undefined;
  private pollAgain = false;
  private restoring = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: AuditPanelDeps,
  ) {
    super();
    this.register({ dispose: () => AuditPanel.instance === this && (AuditPanel.instance = undefined) });
    this.register(panel);
    this.register(panel.onDidDispose(() => this.dispose()));
    this.workspace = firstWorkspaceRoot();
    this.follower = this.workspace ? new TrailFollower(openTrail({ airlockHome: deps.airlockHome, workspace: this.workspace })) : undefined;
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)));
    // A hidden webview is torn down (no retainContextWhenHidden); it says ready again when shown and gets a fresh init.
    this.register(panel.onDidChangeViewState((e) => !e.webviewPanel.visible && (this.ready = false)));
    this.loaded = this.reload();
    this.watch();
    panel.webview.html = this.html();
  }

  /** Resolves once the webview has loaded its script and said it is ready. */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** How many decisions the panel holds (for tests). */
  get size(): number {
    return this.records.size;
  }

  /**
   * Handles a message from the webview. Returns the parse result, so a caller (a test) sees a refusal; a refused
   * message is logged and does nothing.
   */
  async receive(raw: unknown): Promise<Parsed<WebviewMessage>> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.deps.log.warn(`Audit panel: ignored a malformed message from the webview: ${parsed.error}`);
      return parsed;
    }
    const m = parsed.value;
    try {
      switch (m.type) {
        case 'ready':
          await this.loaded;
          this.ready = true;
          this.postNow(this.init());
          for (const q of this.queue.splice(0)) this.postNow(q);
          for (const w of this.readyWaiters.splice(0)) w();
          break;
        case 'select': {
          const r = this.records.get(m.seq);
          this.post(r ? { type: 'detail', seq: m.seq, detail: toDetail(r, this.outcomes.get(m.seq)) } : { type: 'detail', seq: m.seq });
          break;
        }
        case 'diff':
          await this.diff(m.seq);
          break;
        case 'restore':
          await this.restore(m.seq);
          break;
        case 'refresh':
          this.loaded = this.reload();
          await this.loaded;
          this.post(this.init());
          break;
        case 'openLog':
          await vscode.commands.executeCommand(CommandId.ShowLog);
          break;
      }
    } catch (e) {
      this.deps.log.error(`Audit panel: ${m.type} failed: ${errorMessage(e)}`);
    }
    return parsed;
  }

  private post(m: HostMessage): void {
    if (this.ready) this.postNow(m);
    else if (m.type === 'detail' || m.type === 'result') this.queue.push(m);
  }

  private postNow(m: HostMessage): void {
    void this.panel.webview.postMessage(m);
  }

  private init(): HostMessage {
    const rows = [];
    for (const r of this.records.values()) rows.push(toRow(r, this.outcomes.get(r.seq)));
    return { type: 'init', workspace: this.workspace ?? '', exists: this.exists, rows, verification: this.verification };
  }

  private async reload(): Promise<void> {
    if (!this.follower) return;
    try {
      this.replace(await this.follower.load());
    } catch (e) {
      this.deps.log.error(`Audit panel: cannot read the trail: ${errorMessage(e)}`);
    }
  }

  private replace(contents: TrailContents): void {
    this.records.clear();
    this.outcomes.clear();
    this.add(contents.records);
    this.exists = contents.exists;
    this.verification = toVerification(contents.verification);
  }

  /** Adds records; returns the outcome records' targets, for rows already shown. */
  private add(records: readonly TrailRecord[]): number[] {
    const completed: number[] = [];
    for (const r of records) {
      if (r.type === 'decision') {
        this.records.set(r.seq, r);
      } else {
        this.outcomes.set(r.ref, r.outcome);
        completed.push(r.ref);
      }
    }
    return completed;
  }

  private watch(): void {
    if (!this.follower) return;
    const dir = this.follower.trail.dir;
    let watcher: fs.FSWatcher | undefined;
    const startWatcher = () => {
      if (watcher || !fs.existsSync(dir)) return;
      try {
        watcher = fs.watch(dir, () => this.poll());
        watcher.on('error', () => {
          watcher?.close();
          watcher = undefined;
        });
      } catch {
        // the timer below still notices appends
      }
    };
    startWatcher();
    const timer = setInterval(() => {
      startWatcher();
      this.poll();
    }, pollMs);
    this.register({ dispose: () => (clearInterval(timer), watcher?.close()) });
  }

  /** Looks for appended records; one look at a time, one more if asked meanwhile. */
  private poll(): void {
    if (this.isDisposed || !this.follower) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    const follower = this.follower;
    this.polling = (async () => {
      await this.loaded;
      do {
        this.pollAgain = false;
        const update = await follower.poll();
        if (update.kind === 'reset') {
          this.replace(update.contents);
          this.post(this.init());
        } else if (update.kind === 'append') {
          const completed = this.add(update.records);
          this.exists = true;
          this.verification = toVerification(update.verification);
          const rows = update.records.flatMap((r) => (r.type === 'decision' ? [toRow(r, this.outcomes.get(r.seq))] : []));
          const outcomes = completed.flatMap((seq) => {
            const o = this.outcomes.get(seq);
            return o && this.records.has(seq) ? [{ seq, outcome: o.status }] : [];
          });
          this.post({ type: 'append', rows, outcomes, verification: this.verification });
        }
      } while (this.pollAgain && !this.isDisposed);
    })()
      .catch((e: unknown) => this.deps.log.warn(`Audit panel: cannot follow the trail: ${errorMessage(e)}`))
      .finally(() => (this.polling = undefined));
  }

  /** The absolute paths a record's action touched, for Restore. */
  private filesOf(r: DecisionRecord): string[] {
    const base = r.action.cwd ?? this.workspace ?? '/';
    const all = [r.action.path, r.action.to, ...(r.verdict.effects?.paths ?? [])].filter((p): p is string => p !== undefined && p !== '');
    return [...new Set(all.map((p) => path.resolve(base, p)))];
  }

  /** The record is at or after the first broken link of the chain, so nothing vouches for it. */
  private unverified(seq: number): boolean {
    return !this.verification.ok && seq > this.verification.verified;
  }

  private result(seq: number, action: 'diff' | 'restore', ok: boolean, message: string): void {
    this.post({ type: 'result', seq, action, ok, message });
  }

  private async diff(seq: number): Promise<void> {
    const r = this.records.get(seq);
    const file = r && actedFile(r);
    if (!r || !r.snapshot || !file || !this.workspace) return this.result(seq, 'diff', false, 'This record has no snapshot of a file to compare with.');
    const abs = path.resolve(r.action.cwd ?? this.workspace, file);
    let held;
    try {
      held = this.deps.snapshots.readFile(this.workspace, r.snapshot, abs);
    } catch (e) {
      return this.result(seq, 'diff', false, `Cannot read snapshot ${r.snapshot}: ${errorMessage(e)}`);
    }
    if (held.kind === 'none' && !/did not exist/.test(held.reason)) return this.result(seq, 'diff', false, `Nothing to compare: in snapshot ${r.snapshot}, ${held.reason}.`);
    const left = snapshotUri(this.workspace, r.snapshot, abs);
    const name = path.basename(abs);
    if (!fs.existsSync(abs)) {
      await vscode.window.showTextDocument(left, { preview: true });
      return this.result(seq, 'diff', true, `${name} does not exist now; showing the copy in snapshot ${r.snapshot}.`);
    }
    await vscode.commands.executeCommand('vscode.diff', left, vscode.Uri.file(abs), `${name} (snapshot ${r.snapshot}) ↔ now`, { preview: true });
    this.result(seq, 'diff', true, `Comparing ${name} in snapshot ${r.snapshot} with the file now.`);
  }

  private async restore(seq: number): Promise<void> {
    const r = this.records.get(seq);
    if (!r || !r.snapshot || !this.workspace) return this.result(seq, 'restore', false, 'This record has no snapshot to restore from.');
    if (this.restoring) return this.result(seq, 'restore', false, 'A restore is already waiting for an answer.');
    this.restoring = true;
    try {
      let proposal;
      try {
        proposal = this.deps.snapshots.proposeRestore(this.workspace, r.snapshot, this.filesOf(r));
      } catch (e) {
        return this.result(seq, 'restore', false, `Cannot restore from snapshot ${r.snapshot}: ${errorMessage(e)}`);
      }
      if (!proposal) return this.result(seq, 'restore', true, `Nothing to restore: the files are as snapshot ${r.snapshot} holds them.`);
      const shown = proposal.changes.slice(0, 12);
      const more = proposal.changes.length - shown.length;
      const answer = await vscode.window.showWarningMessage(
        `Restore ${proposal.changes.length === 1 ? 'this path' : `${proposal.changes.length} paths`} from snapshot ${proposal.snapshot}?`,
        {
          modal: true,
          detail:
            `${shown.join('\n')}${more > 0 ? `\n… and ${more} more` : ''}\n\n` +
            (this.unverified(seq) ? `Record ${seq} comes after the break in the trail's hash chain: it may have been altered.\n\n` : '') +
            'A file that changed since is kept beside the restored one; what the restore replaces is saved as a new snapshot first.',
        },
        'Restore',
      );
      if (answer !== 'Restore') return this.result(seq, 'restore', false, 'Restore cancelled.');
      const done = proposal.apply();
      this.deps.log.info(`Audit panel: restore of record ${seq}: ${done.message}`);
      this.result(seq, 'restore', done.ok, done.message);
    } catch (e) {
      this.result(seq, 'restore', false, `The restore failed: ${errorMessage(e)}`);
    } finally {
      this.restoring = false;
    }
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview', 'audit.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'audit.css'));
    const csp = [`default-src 'none'`, `img-src ${webview.cspSource}`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Airlock Audit</title>
</head>
<body>
<div id="airlock-audit" class="app"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }
}

