import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseHostMessage, parseWebviewMessage, type AuditDetail, type AuditRow, type AuditVerification } from '../../../src/shared/auditMessages';

const row: AuditRow = {
  seq: 7,
  time: Date.parse('2026-11-21T10:00:00Z'),
  decision: 'deny',
  by: 'policy',
  agent: 'claude-code',
  kind: 'read',
  target: '/ws/<img src=x onerror=alert(1)>.txt',
  rule: 'preset.workspace-read',
  snapshot: false,
};
const verification: AuditVerification = { ok: true, verified: 7, segments: 1, lastSeq: 7, warnings: [] };
const detail: AuditDetail = {
  seq: 7,
  time: '2026-11-21T10:00:00.000Z',
  decision: 'allow',
  policyDecision: 'ask',
  decidedBy: { by: 'user', button: 'Allow once' },
  source: { agent: 'claude-code', channel: 'hook', session: 's-1' },
  action: { kind: 'delete', path: '/ws/build', recursive: true },
  rule: 'shell.rm-recursive',
  layer: 'preset',
  reason: 'Recursive deletes are asked.',
  risk: 'high',
  effects: { paths: ['/ws/build'], fileCount: 12, truncated: false, hosts: [{ host: 'example.com', addresses: ['93.184.216.34'] }], notes: ['n'] },
  snapshot: '20261121-100000-000-abcd',
  outcome: { status: 'succeeded', exitCode: 0 },
  hash: 'a'.repeat(64),
  file: '/ws/build',
};

describe('messages from the webview (the host acts on these)', () => {
  const valid: [string, unknown][] = [
    ['ready', { type: 'ready' }],
    ['refresh', { type: 'refresh' }],
    ['openLog', { type: 'openLog' }],
    ['select', { type: 'select', seq: 1 }],
    ['diff', { type: 'diff', seq: 42 }],
    ['restore', { type: 'restore', seq: 9007199254740991 }],
  ];
  for (const [name, message] of valid) {
    test(`accepts ${name}`, () => {
      const parsed = parseWebviewMessage(message);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
      assert.deepEqual(parsed.value, message);
    });
  }

  const invalid: [string, unknown, RegExp][] = [
    ['null', null, /must be an object/],
    ['a string', 'restore', /must be an object/],
    ['a list', [{ type: 'ready' }], /must be an object/],
    ['no type', { seq: 1 }, /unknown message type/],
    ['an unknown type', { type: 'runCommand', command: 'rm -rf /' }, /unknown message type "runCommand"/],
    ['a type of the other direction', { type: 'init' }, /unknown message type "init"/],
    ['restore without seq', { type: 'restore' }, /restore\.seq must be a positive integer/],
    ['restore with a string seq', { type: 'restore', seq: '1' }, /positive integer/],
    ['restore with seq 0', { type: 'restore', seq: 0 }, /positive integer/],
    ['restore with a negative seq', { type: 'restore', seq: -3 }, /positive integer/],
    ['restore with a fractional seq', { type: 'restore', seq: 1.5 }, /positive integer/],
    ['diff with seq NaN', { type: 'diff', seq: Number.NaN }, /positive integer/],
    ['select with an unsafe integer', { type: 'select', seq: 2 ** 60 }, /positive integer/],
    ['restore with an extra path', { type: 'restore', seq: 1, path: '/etc/passwd' }, /unknown field "path"/],
    ['ready with an extra field', { type: 'ready', now: true }, /unknown field "now"/],
    ['a __proto__ field', JSON.parse('{"type":"diff","seq":1,"__proto__":{"x":1}}'), /unknown field "__proto__"/],
  ];
  for (const [name, message, error] of invalid) {
    test(`refuses ${name}`, () => {
      const parsed = parseWebviewMessage(message);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.error, error);
    });
  }

  test('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const parsed = parseWebviewMessage(v);
        return typeof parsed.ok === 'boolean';
      }),
    );
    fc.assert(
      fc.property(fc.record({ type: fc.constantFrom('ready', 'select', 'diff', 'restore', 'refresh', 'openLog', 'x'), seq: fc.anything() }, { requiredKeys: ['type'] }), (v) => {
        const parsed = parseWebviewMessage(v);
        return !parsed.ok || (v.type !== 'x' && (!('seq' in parsed.value) || Number.isSafeInteger(parsed.value.seq)));
      }),
    );
  });
});

describe('messages from the host (the webview renders these)', () => {
  const valid: [string, unknown][] = [
    ['init', { type: 'init', workspace: '/ws', exists: true, rows: [row, { ...row, seq: 8, by: 'user', outcome: 'failed', snapshot: true }], verification }],
    ['an empty init', { type: 'init', workspace: '', exists: false, rows: [], verification }],
    [
      'a broken chain',
      { type: 'init', workspace: '/ws', exists: true, rows: [row], verification: { ok: false, verified: 3, segments: 2, lastSeq: 3, problem: 'trail.jsonl line 4: edited', brokenSeq: 4, warnings: ['w'] } },
    ],
    ['append', { type: 'append', rows: [row], outcomes: [{ seq: 7, outcome: 'succeeded' }], verification }],
    ['a detail', { type: 'detail', seq: 7, detail }],
    ['an unknown record', { type: 'detail', seq: 7 }],
    ['a result', { type: 'result', seq: 7, action: 'restore', ok: true, message: 'Restored 1' }],
  ];
  for (const [name, message] of valid) {
    test(`accepts ${name}`, () => {
      const parsed = parseHostMessage(message);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
      assert.deepEqual(parsed.value, message);
    });
  }

  const invalid: [string, unknown, RegExp][] = [
    ['an unknown type', { type: 'html', html: '<img src=x onerror=alert(1)>' }, /unknown message type "html"/],
    ['a row with a bad decision', { type: 'append', rows: [{ ...row, decision: 'maybe' }], outcomes: [], verification }, /rows\[0\]\.decision/],
    ['a row with an extra field', { type: 'init', workspace: '/ws', exists: true, rows: [{ ...row, html: '<b>' }], verification }, /unknown field "html"/],
    ['a row whose target is not text', { type: 'init', workspace: '/ws', exists: true, rows: [{ ...row, target: { toString: 1 } }], verification }, /target must be a string/],
    ['rows that are not a list', { type: 'init', workspace: '/ws', exists: true, rows: {}, verification }, /rows must be a list/],
    ['a verification without warnings', { type: 'init', workspace: '/ws', exists: true, rows: [], verification: { ok: true, verified: 0, segments: 0, lastSeq: 0 } }, /warnings must be a list/],
    ['a detail with a bad decidedBy', { type: 'detail', seq: 7, detail: { ...detail, decidedBy: { by: 'root' } } }, /decidedBy\.by/],
    ['a detail with effect paths that are not text', { type: 'detail', seq: 7, detail: { ...detail, effects: { paths: [1] } } }, /effects\.paths\[0\]/],
    ['a result for another action', { type: 'result', seq: 7, action: 'delete', ok: true, message: '' }, /result\.action/],
    ['an outcome with a bad status', { type: 'append', rows: [], outcomes: [{ seq: 1, outcome: 'exploded' }], verification }, /outcome must be one of/],
  ];
  for (const [name, message, error] of invalid) {
    test(`refuses ${name}`, () => {
      const parsed = parseHostMessage(message);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.error, error);
    });
  }

  test('never throws, whatever arrives', () => {
    fc.assert(fc.property(fc.anything(), (v) => typeof parseHostMessage(v).ok === 'boolean'));
  });
});
