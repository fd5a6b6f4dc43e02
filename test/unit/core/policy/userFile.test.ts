// The user's policy file, as "Always allow" edits it: real files in a temporary Airlock folder.
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { userPolicyPath } from '../../../../src/core/policy/load';
import type { RuleSpec } from '../../../../src/core/policy/types';
import { editUserRules, readUserRules } from '../../../../src/core/policy/userFile';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-userfile-')));
after(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;
const home = (): string => {
  const dir = join(base, `a${counter++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

const rule = (id: string): RuleSpec => ({ id, decision: 'allow', kinds: ['exec'], commands: ['rm -rf src/*.js'] });

describe('the user policy file', () => {
  test('missing: no rules; the first rule creates it, readable by the user only', () => {
    const h = home();
    assert.deepEqual(readUserRules(h), { ok: true, value: [] });
    assert.deepEqual(editUserRules(h, (rules) => [...rules, rule('approved-1')]), { ok: true, value: undefined });
    assert.deepEqual(JSON.parse(readFileSync(userPolicyPath(h), 'utf8')), { rules: [rule('approved-1')] });
    assert.equal(statSync(userPolicyPath(h)).mode & 0o777, 0o600);
  });

  test('an edit keeps the other fields and rules, and replaces a rule by its id', () => {
    const h = home();
    writeFileSync(userPolicyPath(h), JSON.stringify({ preset: 'strict', rules: [rule('mine'), rule('approved-1')] }));
    const replaced = { ...rule('approved-1'), commands: ['rm -rf build/*'] } as RuleSpec;
    assert.ok(editUserRules(h, (rules) => [...rules.filter((r) => r.id !== 'approved-1'), replaced]).ok);
    assert.deepEqual(JSON.parse(readFileSync(userPolicyPath(h), 'utf8')), { preset: 'strict', rules: [rule('mine'), replaced] });
    assert.ok(editUserRules(h, (rules) => rules.filter((r) => r.id !== 'mine')).ok);
    assert.deepEqual(readUserRules(h), { ok: true, value: [replaced] });
  });

  for (const [name, text, error] of [
    ['not JSON', '{"rules": [', /is not valid JSON/],
    ['not an object', '[]', /must hold a JSON object/],
    ['rules not a list', '{"rules": {}}', /"rules" must be a list of rule objects/],
    ['a rule that is not an object', '{"rules": ["allow all"]}', /"rules" must be a list of rule objects/],
  ] as const) {
    test(`${name}: refused with the file named, and left as it was`, () => {
      const h = home();
      writeFileSync(userPolicyPath(h), text);
      const r = editUserRules(h, (rules) => [...rules, rule('approved-2')]);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.match(r.error, error);
        assert.ok(r.error.includes(userPolicyPath(h)), r.error);
      }
      assert.equal(readFileSync(userPolicyPath(h), 'utf8'), text);
    });
  }

  test('a policy file that is a link (a dotfiles repository) stays a link', () => {
    const h = home();
    const real = join(h, 'dotfiles-policy.json');
    writeFileSync(real, '{"rules": []}');
    symlinkSync(real, userPolicyPath(h));
    assert.ok(editUserRules(h, () => [rule('approved-3')]).ok);
    assert.ok(lstatSync(userPolicyPath(h)).isSymbolicLink());
    assert.deepEqual(JSON.parse(readFileSync(real, 'utf8')), { rules: [rule('approved-3')] });
  });
});
