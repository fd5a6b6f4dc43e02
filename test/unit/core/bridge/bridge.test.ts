// The editor bridge over a real Unix socket in a temporary Airlock folder: authentication, caps, permissions,
// timeouts and a server that goes away mid-request. Every failure must reach the hook as `failed` (it denies).
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { askBridge, type AskOptions } from '../../../../src/core/bridge/client';
import { bridgeDir, discoveryFile, readDiscovery } from '../../../../src/core/bridge/discovery';
import { parseBridgeRequest, type BridgeRequest } from '../../../../src/core/bridge/protocol';
import { maxActionsPerCall } from '../../../../src/core/hooks/decide';
import { startBridgeServer, tokensMatch, type BridgeHandler, type BridgeServer } from '../../../../src/core/bridge/server';

let base = '';
let airlockHome = '';
const root = '/work/project';
const servers: BridgeServer[] = [];

const allow = { decision: 'allow', rule: 'preset.workspace-write', layer: 'preset', reason: 'ok' } as const;
const action = { kind: 'write' as const, path: 'src/a.ts', source: { agent: 'claude', channel: 'hook' } };

function ask(overrides: Partial<AskOptions> = {}): ReturnType<typeof askBridge> {
  return askBridge({ airlockHome, realRoot: root, agent: 'claude', actions: [action], timeoutMs: 2_000, ...overrides });
}

async function serve(handler: BridgeHandler, extra: { maxBytes?: number; maxConcurrent?: number } = {}): Promise<BridgeServer> {
  const started = await startBridgeServer({ airlockHome, roots: [root], handler, ...extra });
  if (!started.ok) throw new Error(started.error);
  servers.push(started.value);
  return started.value;
}

/** Sends raw bytes to the bridge socket and returns what it answers. */
function raw(socket: string, payload: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const conn = net.createConnection(socket, () => conn.write(payload));
    conn.setEncoding('utf8');
    conn.on('data', (c: string) => (reply += c));
    conn.on('close', () => resolve(reply));
    conn.on('error', reject);
  });
}

const never: BridgeHandler = () => new Promise(() => undefined);

before(() => {
  base = mkdtempSync(join(tmpdir(), 'airlock-bridge-'));
  airlockHome = join(base, '.airlock');
});

afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

after(() => rmSync(base, { recursive: true, force: true }));

describe('the bridge answers authenticated requests', () => {
  test('an allow from the editor reaches the hook, with who decided', async () => {
    let seen: BridgeRequest | undefined;
    await serve(async (request) => {
      seen = request;
      return { verdict: allow, decider: { by: 'user', button: 'Allow once' } };
    });
    const outcome = await ask({ session: 's1', tool: 'Write' });
    assert.equal(outcome.kind, 'answered');
    assert.deepEqual(outcome.kind === 'answered' && [outcome.verdict.decision, outcome.decider], ['allow', { by: 'user', button: 'Allow once' }]);
    assert.equal(seen?.agent, 'claude');
    assert.equal(seen?.session, 's1');
    assert.equal(seen?.actions[0]?.source.channel, 'hook');
  });

  test('the folder is 0700, the discovery file and the socket 0600', async () => {
    const s = await serve(async () => ({ verdict: allow, decider: { by: 'policy' } }));
    const modes = await import('node:fs').then((fs) => [bridgeDir(airlockHome), discoveryFile(airlockHome, root), s.socket].map((p) => fs.statSync(p).mode & 0o777));
    assert.deepEqual(modes, [0o700, 0o600, 0o600]);
  });

  test('closing removes the socket and the discovery file', async () => {
    const s = await serve(async () => ({ verdict: allow, decider: { by: 'policy' } }));
    await s.close();
    servers.splice(servers.indexOf(s), 1);
    const found = readDiscovery(airlockHome, root);
    assert.ok(found.ok && found.value === undefined);
    assert.deepEqual(await ask(), { kind: 'no-editor' });
  });

  test('tokens compare in constant time and only equal tokens match', () => {
    assert.equal(tokensMatch('abc', 'abc'), true);
    assert.equal(tokensMatch('abd', 'abc'), false);
    assert.equal(tokensMatch('ab', 'abc'), false);
    assert.equal(tokensMatch('', 'abc'), false);
  });
});

describe('the bridge refuses, and the hook fails closed', () => {
  test('no editor: no discovery file', async () => {
    assert.deepEqual(await ask({ realRoot: '/nowhere' }), { kind: 'no-editor' });
  });

  test('a request without a token is refused before routing', async () => {
    let called = false;
    const s = await serve(async () => {
      called = true;
      return { verdict: allow, decider: { by: 'policy' } };
    });
    const reply = JSON.parse(await raw(s.socket, `${JSON.stringify({ id: 'x', type: 'decide', agent: 'claude', actions: [action], timeoutMs: 1000 })}\n`));
    assert.deepEqual(reply, { id: 'x', ok: false, error: 'not authenticated' });
    assert.equal(called, false);
  });

  test('a wrong token is refused, and the hook reports failed', async () => {
    let called = false;
    await serve(async () => {
      called = true;
      return { verdict: allow, decider: { by: 'policy' } };
    });
    const file = discoveryFile(airlockHome, root);
    const endpoint = JSON.parse(readFileSync(file, 'utf8')) as { token: string };
    writeFileSync(file, JSON.stringify({ ...endpoint, token: 'f'.repeat(64) }), { mode: 0o600 });
    const outcome = await ask();
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.reason : '', /not authenticated/);
    assert.equal(called, false);
  });

  test('an oversized request is refused before it is parsed', async () => {
    const s = await serve(async () => ({ verdict: allow, decider: { by: 'policy' } }), { maxBytes: 1024 });
    const reply = JSON.parse(await raw(s.socket, Buffer.alloc(4096, 'a')));
    assert.deepEqual(reply, { id: '', ok: false, error: 'request larger than 1024 bytes' });
  });

  test('an oversized request through the client fails closed', async () => {
    await serve(async () => ({ verdict: allow, decider: { by: 'policy' } }), { maxBytes: 1024 });
    const outcome = await ask({ actions: [{ ...action, path: 'x'.repeat(2000) }] });
    assert.equal(outcome.kind, 'failed');
  });

  test('a discovery file others can read is refused', async () => {
    await serve(async () => ({ verdict: allow, decider: { by: 'policy' } }));
    chmodSync(discoveryFile(airlockHome, root), 0o644);
    const outcome = await ask();
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.reason : '', /accessible to other users \(mode 644\)/);
  });

  test('a bridge folder others can enter is refused', async () => {
    await serve(async () => ({ verdict: allow, decider: { by: 'policy' } }));
    chmodSync(bridgeDir(airlockHome), 0o755);
    try {
      const outcome = await ask();
      assert.equal(outcome.kind, 'failed');
      assert.match(outcome.kind === 'failed' ? outcome.reason : '', /accessible to other users \(mode 755\)/);
    } finally {
      chmodSync(bridgeDir(airlockHome), 0o700);
    }
  });

  test('an editor that does not answer in time', async () => {
    await serve(never);
    const started = Date.now();
    const outcome = await ask({ timeoutMs: 300 });
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.reason : '', /did not answer within 300 ms/);
    assert.ok(Date.now() - started < 2_000);
  });

  test('an editor that stops mid-request', async () => {
    let connections = 0;
    const s = await serve(() => {
      connections++;
      return new Promise(() => undefined);
    });
    const pending = ask({ timeoutMs: 5_000 });
    while (connections === 0) await new Promise((r) => setTimeout(r, 10));
    // The extension host goes away: its server and every open connection with it.
    await Promise.race([s.close(), new Promise((r) => setTimeout(r, 50))]);
    servers.splice(servers.indexOf(s), 1);
    const outcome = await Promise.race([pending, new Promise((r) => setTimeout(() => r('still waiting'), 4_000))]);
    assert.notEqual(outcome, 'still waiting');
    assert.equal((outcome as { kind: string }).kind, 'failed');
  });

  test('too many requests at once are refused', async () => {
    await serve(never, { maxConcurrent: 1 });
    const first = ask({ timeoutMs: 1_000 });
    await new Promise((r) => setTimeout(r, 100));
    const second = await ask({ timeoutMs: 1_000 });
    assert.equal(second.kind, 'failed');
    assert.match(second.kind === 'failed' ? second.reason : '', /too many requests/);
    assert.equal((await first).kind, 'failed');
  });

  test('a malformed request is refused with its field', async () => {
    const s = await serve(async () => ({ verdict: allow, decider: { by: 'policy' } }));
    const { token } = JSON.parse(readFileSync(discoveryFile(airlockHome, root), 'utf8')) as { token: string };
    const reply = JSON.parse(await raw(s.socket, `${JSON.stringify({ token, id: 'y', type: 'decide', agent: 'claude', actions: [{ kind: 'nuke' }], timeoutMs: 1000 })}\n`));
    assert.equal(reply.ok, false);
    assert.match(reply.error, /^actions\[0\]: "kind" must be one of/);
  });

  test('the bridge takes as many actions per call as the hook judges one by one, and no more', () => {
    const action = { kind: 'read', path: 'a.txt', source: { agent: 'claude', channel: 'hook' } };
    const request = (n: number) => ({ token: 't', id: 'z', type: 'decide', agent: 'claude', actions: Array.from({ length: n }, () => action), timeoutMs: 1000 });
    assert.ok(parseBridgeRequest(request(maxActionsPerCall)).ok);
    const over = parseBridgeRequest(request(maxActionsPerCall + 1));
    assert.ok(!over.ok && over.error === `"actions" must be a list of 1 to ${maxActionsPerCall} actions`);
  });

  test('a handler that throws becomes a refusal', async () => {
    await serve(async () => {
      throw new Error('prompt crashed');
    });
    const outcome = await ask();
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.reason : '', /prompt crashed/);
  });

  test('a stale discovery file of a dead editor means no editor, and is removed', async () => {
    const s = await serve(async () => ({ verdict: allow, decider: { by: 'policy' } }));
    const file = discoveryFile(airlockHome, root);
    const endpoint = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    await s.close();
    servers.splice(servers.indexOf(s), 1);
    writeFileSync(file, JSON.stringify({ ...endpoint, pid: 2 ** 22 + 12345 }), { mode: 0o600 });
    assert.deepEqual(await ask(), { kind: 'no-editor' });
    const after = readDiscovery(airlockHome, root);
    assert.ok(after.ok && after.value === undefined, 'the stale discovery file is still there');
  });
});
