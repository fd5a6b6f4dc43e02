import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { matcherValidators } from '../../../../src/core/policy/compile';
import { loadPolicyFile, loadPolicyValue } from '../../../../src/core/policy/load';
import { formatPolicyError, parsePolicyText } from '../../../../src/core/policy/parse';
import { malformedPolicies, validPolicies } from './fixtures';

const ctx = { home: '/home/dev', platform: 'posix' } as const;
const validators = matcherValidators(ctx);

describe('parsePolicyText: malformed policies name the file and the field', () => {
  for (const c of malformedPolicies) {
    test(c.name, () => {
      const r = parsePolicyText(c.text, '/cfg/policy.json', validators);
      assert.equal(r.ok, false, 'a malformed policy must not parse');
      if (r.ok) return;
      assert.equal(r.error.file, '/cfg/policy.json');
      assert.equal(r.error.field, c.field);
      assert.match(r.error.message, c.message);
    });
  }
});

describe('parsePolicyText: valid policies keep every rule', () => {
  for (const c of validPolicies) {
    test(c.name, () => {
      const r = parsePolicyText(c.text, 'p.json', validators);
      assert.ok(r.ok, r.ok ? '' : formatPolicyError(r.error));
      assert.deepEqual(r.value, c.expected);
    });
  }
});

test('formatPolicyError puts the field in brackets, or leaves it out', () => {
  assert.equal(formatPolicyError({ file: '/a/p.json', field: 'rules[0].id', message: 'bad' }), '/a/p.json (rules[0].id): bad');
  assert.equal(formatPolicyError({ file: '/a/p.json', field: '', message: 'bad' }), '/a/p.json: bad');
});

describe('loadPolicyFile and loadPolicyValue', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-'));
    fs.writeFileSync(path.join(dir, 'good.json'), '{"rules":[{"id":"a","paths":["src"],"decision":"deny"}]}');
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"rules":[{"id":"a","paths":["src/[abc"],"decision":"deny"}]}');
    fs.mkdirSync(path.join(dir, 'a-folder.json'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: readonly { name: string; file: string; required: boolean; expected: RegExp | 'none' | number }[] = [
    { name: 'a missing optional file is no policy', file: 'missing.json', required: false, expected: 'none' },
    { name: 'a missing required file is an error', file: 'missing.json', required: true, expected: /^.*missing\.json: file not found$/ },
    { name: 'a folder cannot be read', file: 'a-folder.json', required: false, expected: /a-folder\.json: cannot be read \(EISDIR\)$/ },
    { name: 'a valid file', file: 'good.json', required: true, expected: 1 },
    { name: 'an invalid file names file and field', file: 'bad.json', required: false, expected: /bad\.json \(rules\[0\]\.paths\[0\]\): path pattern 'src\/\[abc'/ },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const file = path.join(dir, c.file);
      const r = loadPolicyFile(file, ctx, c.required);
      if (typeof c.expected === 'number') {
        assert.ok(r.ok && r.value);
        assert.equal(r.value.file, file);
        assert.equal(r.value.policy.rules.length, c.expected);
      } else if (c.expected === 'none') {
        assert.deepEqual(r, { ok: true, value: undefined });
      } else {
        assert.ok(!r.ok, 'expected an error');
        assert.equal(r.error.file, file);
        assert.match(formatPolicyError(r.error), c.expected);
      }
    });
  }

  test('a policy given as a value (the setting) is checked the same way', () => {
    const bad = loadPolicyValue({ rules: [{ id: 'x', hosts: ['10.0.0.0/33'], decision: 'allow' }] }, 'setting airlock.userPolicy', ctx);
    assert.ok(!bad.ok);
    assert.deepEqual([bad.error.file, bad.error.field], ['setting airlock.userPolicy', 'rules[0].hosts[0]']);
    const good = loadPolicyValue({ rules: [{ id: 'x', hosts: ['10.0.0.0/8'], decision: 'deny' }] }, 'setting', ctx);
    assert.ok(good.ok);
    assert.equal(good.value.policy.rules.length, 1);
  });
});
