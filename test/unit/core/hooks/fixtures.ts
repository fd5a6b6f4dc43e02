import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { agentIds, type AgentId } from '../../../../src/core/hooks/types';

/**
 * One hook fixture (test/fixtures/hooks/<agent>/<case>.json): a payload in the agent's documented format, what
 * the adapter must read from it, and what `airlock hook <agent>` must answer. `${WS}` and `${HOME}` in any string
 * stand for the test's workspace and home folders.
 */
export interface HookFixture {
  readonly description: string;
  readonly source: string;
  /** The payload, or `raw` stdin text for malformed input. */
  readonly payload?: unknown;
  readonly raw?: string;
  /** Extra arguments after `airlock hook <agent>`. */
  readonly args?: readonly string[];
  /** The agent recognised from the payload's shape, when it is not the folder's. */
  readonly detected?: AgentId;
  /** The adapter's reading: the actions (fields compared are those given) and its own verdicts' rules, or an error. */
  readonly parse:
    | { readonly actions: readonly Record<string, string>[]; readonly verdicts: readonly string[] }
    | { readonly error: string };
  readonly expect: {
    /** The deciding rule, looked for as `[rule …]` in the answer. */
    readonly rule?: string;
    /** The engine's decision, where the rule depends on details of the policy. */
    readonly decision?: 'allow' | 'ask' | 'deny';
    readonly exitCode: number;
    /** Parsed stdout compared structurally (`re:` strings are regular expressions); null for empty stdout. */
    readonly stdout: unknown;
    /** Whether stderr carries the reason. */
    readonly stderr?: boolean;
  };
}

export interface LoadedFixture {
  readonly agent: AgentId;
  readonly name: string;
  readonly fixture: HookFixture;
  /** The stdin text. */
  readonly stdin: string;
}

/** The folder holding test/fixtures/hooks, found upwards from the running bundle. */
function fixturesDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'test', 'fixtures', 'hooks');
    if (fs.existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('test/fixtures/hooks not found');
    dir = up;
  }
}

function substitute(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\$\{(WS|HOME)\}/g, (_, k: string) => vars[k] ?? '');
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

export function loadHookFixtures(vars: { WS: string; HOME: string }): LoadedFixture[] {
  const root = fixturesDir();
  const out: LoadedFixture[] = [];
  for (const agent of agentIds) {
    for (const file of fs.readdirSync(path.join(root, agent)).filter((f) => f.endsWith('.json')).sort()) {
      const fixture = substitute(JSON.parse(fs.readFileSync(path.join(root, agent, file), 'utf8')), vars) as HookFixture;
      const stdin = fixture.raw ?? JSON.stringify(fixture.payload);
      out.push({ agent, name: `${agent}/${file.replace(/\.json$/, '')}`, fixture, stdin });
    }
  }
  return out;
}

/** Structural comparison where an expected `re:…` string is a regular expression for the actual string. */
export function assertMatches(actual: unknown, expected: unknown, where = '$'): void {
  if (typeof expected === 'string' && expected.startsWith('re:')) {
    assert.equal(typeof actual, 'string', `${where}: expected a string`);
    assert.match(actual as string, new RegExp(expected.slice(3)), where);
    return;
  }
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${where}: expected an object`);
    const a = actual as Record<string, unknown>;
    assert.deepEqual(Object.keys(a).sort(), Object.keys(expected).sort(), `${where}: keys`);
    for (const [k, v] of Object.entries(expected)) assertMatches(a[k], v, `${where}.${k}`);
    return;
  }
  assert.deepEqual(actual, expected, where);
}
