// Audit panel with 100,000 records. Host side: read and verify the trail, project rows, serialise the `init`
// message. Webview side, in headless Chromium (Debian's /usr/bin/chromium through playwright-core): the panel's
// own bundle (dist/webview/audit.js) and stylesheet in a page with the panel's CSP; time from posting `init` to the
// first rows in the list, median of 5 fresh page loads (target < 1 s); then search and scrolling over the 100k rows,
// and any CSP violation (there must be none: the virtual list sets custom properties through the CSSOM).
// Run: npm run bench -- panel   (or: node esbuild.js && node esbuild.js --bench && node out/bench/panel.bench.js)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { recordHash } from '../src/core/audit/chain';
import { genesisHash, type DecisionRecord } from '../src/core/audit/record';
import { openTrail } from '../src/core/audit/trail';
import type { HostMessage } from '../src/shared/auditMessages';
import { toRow, toVerification } from '../src/shared/auditRows';
import { TrailFollower } from '../src/core/audit/trailFollower';
import { percentiles, writeResult } from './stats';

const records = 100_000;
const runs = 5;
const root = process.cwd();
/** The flags of test/vscodeServer.mjs: this network is closed, background requests only add noise. */
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const agents = ['claude-code', 'cursor', 'codex', 'gemini-cli', 'editor', 'terminal:bash'];
const rules = ['preset.workspace-read', 'preset.workspace-write', 'preset.read-only', 'shell.rm-recursive', 'floor.system-write', 'preset.network-public', 'user:allow-npm'];

/** A varied, realistic trail body: commands, paths and URLs by several agents over the last week. */
function body(i: number, now: number) {
  const kind = (['read', 'write', 'exec', 'exec', 'fetch', 'delete', 'rename'] as const)[i % 7]!;
  const decision = i % 20 === 0 ? 'deny' : i % 7 === 0 ? 'ask' : 'allow';
  const file = `/home/dev/project/src/module${i % 311}/file${i % 97}.ts`;
  return {
    type: 'decision' as const,
    source: { agent: agents[i % agents.length]!, channel: i % 5 === 0 ? 'editor' : 'hook', session: `s${i % 13}` },
    action:
      kind === 'exec'
        ? { kind, command: `npm run test -- --grep "case ${i}" && git status --short src/module${i % 50}`, cwd: '/home/dev/project' }
        : kind === 'fetch'
          ? { kind, url: `https://registry.npmjs.org/package-${i % 500}` }
          : kind === 'rename'
            ? { kind, path: file, to: `${file}.bak` }
            : { kind, path: file },
    verdict: { decision, layer: 'preset', rule: rules[i % rules.length]!, reason: 'The action stays inside the workspace and touches nothing sensitive.', risk: 'low' },
    decidedBy: decision === 'ask' ? { by: 'user', decision: 'allow', button: 'Allow once' } : { by: 'policy' },
    ...(kind === 'delete' || kind === 'write' ? { snapshot: `20261121-101500-123-${(i % 65536).toString(16).padStart(4, '0')}` } : {}),
    time: new Date(now - (records - i) * 6_000).toISOString(),
  };
}

/** Writes a sealed, verifiable trail of `records` lines (as appendRecord would, without its per-append fsync). */
function writeTrail(airlockHome: string, workspace: string): void {
  const trail = openTrail({ airlockHome, workspace });
  fs.mkdirSync(trail.dir, { recursive: true });
  const now = Date.now();
  let prev = genesisHash;
  const lines: string[] = [];
  for (let i = 1; i <= records; i++) {
    const { time, ...rest } = body(i, now);
    const unsealed = { v: 1, seq: i, time, ...rest, prev };
    const hash = recordHash(unsealed);
    lines.push(JSON.stringify({ ...unsealed, hash }));
    prev = hash;
  }
  fs.writeFileSync(path.join(trail.dir, 'trail.jsonl'), `${lines.join('\n')}\n`);
  fs.writeFileSync(path.join(trail.dir, 'head.json'), JSON.stringify({ seq: records, hash: prev }));
}

async function hostSide(): Promise<{ message: HostMessage; figures: Record<string, number> }> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-panel-bench-'));
  try {
    const airlockHome = path.join(base, 'home');
    const workspace = path.join(base, 'ws');
    fs.mkdirSync(workspace);
    writeTrail(airlockHome, workspace);
    const t0 = performance.now();
    const contents = await new TrailFollower(openTrail({ airlockHome, workspace })).load();
    const t1 = performance.now();
    const rows = contents.records.flatMap((r) => (r.type === 'decision' ? [toRow(r as DecisionRecord)] : []));
    const t2 = performance.now();
    const message: HostMessage = { type: 'init', workspace, exists: true, rows, verification: toVerification(contents.verification) };
    const json = JSON.stringify(message);
    const t3 = performance.now();
    if (!contents.verification.ok || rows.length !== records) throw new Error(`the generated trail did not verify: ${JSON.stringify(contents.verification)}`);
    return { message, figures: { readVerifyMs: t1 - t0, rowsMs: t2 - t1, serialiseMs: t3 - t2, initBytes: json.length } };
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

const origin = 'https://panel.bench';

/** The panel's HTML as src/vscode/auditPanel.ts writes it, with a stand-in for acquireVsCodeApi. */
function pageHtml(nonce: string): string {
  const csp = `default-src 'none'; img-src ${origin}; style-src ${origin}; script-src 'nonce-${nonce}'`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${origin}/audit.css"><title>Airlock Audit</title></head>
<body><div id="airlock-audit" class="app"></div>
<script nonce="${nonce}" src="${origin}/page.js"></script>
<script nonce="${nonce}" src="${origin}/audit.js"></script></body></html>`;
}

/** What bench/panelPage.mjs puts on the page's window. */
interface BenchPage {
  readonly __bench: { firstRender(json: string): Promise<number> };
}

async function openPanel(page: Page): Promise<void> {
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction('window.__bench.ready()');
}

async function webviewSide(json: string) {
  const bundle = path.join(root, 'dist/webview/audit.js');
  if (!fs.existsSync(bundle)) throw new Error(`missing ${bundle}: run 'node esbuild.js' first`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const nonce = 'YmVuY2gtbm9uY2U=';
    await page.route(`${origin}/**`, (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      const files: Record<string, [string, string]> = {
        'index.html': ['text/html', pageHtml(nonce)],
        'page.js': ['text/javascript', fs.readFileSync(path.join(root, 'bench/panelPage.mjs'), 'utf8')],
        'audit.js': ['text/javascript', fs.readFileSync(bundle, 'utf8')],
        'audit.css': ['text/css', fs.readFileSync(path.join(root, 'media/audit.css'), 'utf8')],
      };
      const file = files[name];
      return file ? route.fulfill({ contentType: file[0], body: file[1] }) : route.fulfill({ status: 404 });
    });
    const renders: number[] = [];
    for (let i = 0; i < runs; i++) {
      await openPanel(page);
      renders.push(await page.evaluate((text) => (globalThis as unknown as BenchPage).__bench.firstRender(text), json));
    }
    fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    await page.screenshot({ path: path.join(root, 'bench/results/panel-100k.png') });
    const searchMs: number = await page.evaluate(`window.__bench.search('module42 fetch')`);
    await page.evaluate(`window.__bench.search('')`);
    const scroll: { times: number[]; long: number; rowsInDom: number } = await page.evaluate('window.__bench.scroll(200)');
    const rowsInDom = scroll.rowsInDom;
    const violations: string[] = await page.evaluate('window.__bench.violations()');
    return { renders, searchMs, scroll, rowsInDom, violations };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const host = await hostSide();
  const f = host.figures;
  console.log(`host: read + verify ${records.toLocaleString('en-US')} records ${f.readVerifyMs!.toFixed(0)} ms, rows ${f.rowsMs!.toFixed(0)} ms, JSON ${f.serialiseMs!.toFixed(0)} ms (${(f.initBytes! / 1e6).toFixed(1)} MB)`);
  const web = await webviewSide(JSON.stringify(host.message));
  const render = percentiles(web.renders);
  const scroll = percentiles(web.scroll.times);
  console.log(`webview: first rows after init, ${runs} runs: median ${render.p50.toFixed(0)} ms (${web.renders.map((r) => r.toFixed(0)).join(', ')}); target < 1000 ms`);
  console.log(`webview: search over ${records.toLocaleString('en-US')} rows ${web.searchMs.toFixed(0)} ms`);
  console.log(`webview: 200 scroll jumps, rows filled after median ${scroll.p50.toFixed(1)} ms, p99 ${scroll.p99.toFixed(1)} ms; long tasks: ${web.scroll.long}; row elements in the DOM: ${web.rowsInDom}`);
  console.log(`webview: CSP violations: ${web.violations.length === 0 ? 'none' : web.violations.join('; ')}`);
  writeResult('panel', {
    records,
    host: { readVerifyMs: Math.round(f.readVerifyMs!), rowsMs: Math.round(f.rowsMs!), serialiseMs: Math.round(f.serialiseMs!), initBytes: f.initBytes },
    webview: {
      firstRenderMs: web.renders.map((r) => Math.round(r)),
      firstRenderMedianMs: Math.round(render.p50),
      searchMs: Math.round(web.searchMs),
      scrollMedianMs: Number(scroll.p50.toFixed(1)),
      scrollP99Ms: Number(scroll.p99.toFixed(1)),
      longTasksWhileScrolling: web.scroll.long,
      rowElements: web.rowsInDom,
      cspViolations: web.violations,
    },
  });
  if (render.p50 >= 1000) process.exitCode = 1;
  if (web.violations.length > 0) process.exitCode = 1;
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
