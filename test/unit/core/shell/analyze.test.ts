import * as assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyzeCommand } from '../../../../src/core/shell/analyze';
import { summarizeShell } from '../../../../src/core/policy/shellDecisions';
import { loadShellParser, type ShellParser } from '../../../../src/core/shell/parse';
import { shellCases } from './fixtures';

const ctx = { cwd: '/work/ws', home: '/home/dev', env: {} };
let parser: ShellParser;

before(async () => {
  parser = await loadShellParser();
});

describe('shell command table (balanced preset)', () => {
  test('the table is large and covers every group', () => {
    assert.ok(shellCases.length >= 300, `only ${shellCases.length} cases`);
    const groups = new Set(shellCases.map((c) => c.group));
    for (const g of ['destructive', 'obfuscated', 'exfiltration', 'tampering', 'benign', 'unparsable']) assert.ok(groups.has(g as never), g);
    const seen = new Set<string>();
    for (const c of shellCases) {
      assert.ok(!seen.has(c.cmd), `duplicate case ${JSON.stringify(c.cmd)}`);
      seen.add(c.cmd);
    }
  });

  for (const c of shellCases) {
    test(`${c.group}: ${JSON.stringify(c.cmd)} -> ${c.decision} ${c.rule}`, () => {
      const analysis = analyzeCommand(c.cmd, ctx, parser);
      const summary = summarizeShell(analysis, 'balanced');
      assert.deepEqual({ decision: summary.decision, rule: summary.rule }, { decision: c.decision, rule: c.rule }, summary.reason);
      if (c.group === 'unparsable') assert.equal(analysis.parsed, false);
      for (const cmd of analysis.commands) for (const f of cmd.findings) assert.match(f.reason, /^`.*`.* .+\.$/s, f.reason);
    });
  }
});
