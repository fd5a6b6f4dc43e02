import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ActionKind } from '../../../../src/core/actions';
import { resolvePath } from '../../../../src/core/paths/resolve';
import { compileRule } from '../../../../src/core/policy/compile';
import type { PathSubject } from '../../../../src/core/policy/rule';
import type { RuleSpec } from '../../../../src/core/policy/types';
import type { Layer } from '../../../../src/core/verdict';
import { virtualProbe } from '../paths/virtualProbe';

const ctx = { home: '/home/dev', platform: 'posix' } as const;
const pathCtx = { ...ctx, roots: ['/home/dev/proj'], probe: virtualProbe({ entries: ['/home/dev/proj/src/a.ts'], links: {} }) };

function subject(kind: PathSubject['kind'], text: string): PathSubject {
  const r = resolvePath(text, pathCtx);
  if (!r.ok) throw new Error(r.error);
  return { type: 'path', kind, path: r.value, recursive: false, isRoot: false };
}

describe('compileRule', () => {
  const ids: readonly (readonly [Layer, string])[] = [
    ['user', 'user:r'],
    ['workspace', 'workspace:r'],
  ];
  for (const [layer, id] of ids) {
    test(`a ${layer} rule is reported as ${id}`, () => {
      const rule = compileRule({ id: 'r', paths: ['src'], decision: 'deny' }, layer, 'p.json rules[0]', ctx);
      assert.equal(rule.id, id);
      assert.equal(rule.layer, layer);
      assert.match(rule.reason, /"r" says deny/);
    });
  }

  const kinds: readonly (readonly [string, RuleSpec, readonly ActionKind[]])[] = [
    ['paths give the file kinds', { id: 'r', paths: ['x'], decision: 'ask' }, ['read', 'write', 'delete', 'rename']],
    ['hosts give fetch', { id: 'r', hosts: ['example.com'], decision: 'ask' }, ['fetch']],
    ['commands give exec', { id: 'r', commands: ['make'], decision: 'ask' }, ['exec']],
    ['explicit kinds are kept', { id: 'r', kinds: ['write'], paths: ['x'], decision: 'ask' }, ['write']],
  ];
  for (const [name, spec, expected] of kinds) {
    test(`kinds: ${name}`, () => {
      assert.deepEqual([...compileRule(spec, 'user', 'p', ctx).kinds].sort(), [...expected].sort());
    });
  }

  const matches: readonly (readonly [string, RuleSpec, PathSubject, boolean])[] = [
    ['a deny matches regardless of case', { id: 'r', paths: ['Src/A.ts'], decision: 'deny' }, subject('write', 'src/a.ts'), true],
    ['an ask matches regardless of case', { id: 'r', paths: ['SRC/**'], decision: 'ask' }, subject('write', 'src/a.ts'), true],
    ['an allow matches only the exact case', { id: 'r', paths: ['Src/A.ts'], decision: 'allow' }, subject('write', 'src/a.ts'), false],
    ['a kind outside the rule does not match', { id: 'r', kinds: ['read'], paths: ['src'], decision: 'deny' }, subject('write', 'src/a.ts'), false],
    ['a ~/ glob', { id: 'r', paths: ['~/.config/**'], decision: 'deny' }, subject('read', '~/.config/x'), true],
    ['an absolute glob', { id: 'r', paths: ['/srv/**'], decision: 'deny' }, subject('read', '/srv/data/x'), true],
    ['a workspace glob does not match outside', { id: 'r', paths: ['**'], decision: 'deny' }, subject('read', '/srv/data/x'), false],
  ];
  for (const [name, spec, s, expected] of matches) {
    test(`match: ${name}`, () => {
      assert.equal(compileRule(spec, 'user', 'p', ctx).match(s) !== undefined, expected);
    });
  }
});
