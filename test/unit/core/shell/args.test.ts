import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { options } from '../../../../src/core/shell/args';
import { literalField } from '../../../../src/core/shell/scope';

const rm = options({
  flags: { recursive: ['-r', '-R', '--recursive'], force: ['-f', '--force'], verbose: ['-v', '--verbose'] },
  values: { suffix: ['-S', '--suffix'] },
  optional: { interactive: ['--interactive'] },
});
const parse = (...words: string[]) => rm.parse(words.map((w) => literalField(w)));
const values = (p: ReturnType<typeof parse>, name: string) => p.values(name).map((f) => f.value);

describe('option parsing like getopt_long', () => {
  const table: [string[], { recursive: boolean; force: boolean; operands: string[] }][] = [
    [['-rf', 'a'], { recursive: true, force: true, operands: ['a'] }],
    [['-fr', 'a'], { recursive: true, force: true, operands: ['a'] }],
    [['-R', '-f', 'a'], { recursive: true, force: true, operands: ['a'] }],
    [['a', '-r'], { recursive: true, force: false, operands: ['a'] }],
    [['--recursive', '--force', 'a'], { recursive: true, force: true, operands: ['a'] }],
    [['--rec', 'a'], { recursive: true, force: false, operands: ['a'] }],
    [['--', '-rf'], { recursive: false, force: false, operands: ['-rf'] }],
    [['-', 'a'], { recursive: false, force: false, operands: ['-', 'a'] }],
    [['-vrf', 'x', 'y'], { recursive: true, force: true, operands: ['x', 'y'] }],
  ];
  for (const [words, want] of table) {
    test(words.join(' '), () => {
      const p = parse(...words);
      assert.deepEqual({ recursive: p.has('recursive'), force: p.has('force'), operands: p.operands.map((f) => f.value) }, want);
    });
  }

  test('values attached, separate, after =, and optional values', () => {
    assert.deepEqual(values(parse('-S.bak', 'a'), 'suffix'), ['.bak']);
    assert.deepEqual(values(parse('-S', '.bak', 'a'), 'suffix'), ['.bak']);
    assert.deepEqual(values(parse('--suffix=.b', 'a'), 'suffix'), ['.b']);
    assert.deepEqual(values(parse('-rS', '.x', 'a'), 'suffix'), ['.x']);
    assert.deepEqual(values(parse('--interactive=never', 'a'), 'interactive'), ['never']);
    assert.deepEqual(parse('--interactive', 'a').operands.map((f) => f.value), ['a']);
  });

  test('unknown options are kept, ambiguous prefixes are unknown', () => {
    assert.deepEqual([...parse('-z', '--frob', 'a').unknown], ['-z', '--frob']);
    const ambiguous = options({ flags: { a: ['--force'], b: ['--format'] } }).parse([literalField('--fo')]);
    assert.deepEqual([...ambiguous.unknown], ['--fo']);
  });

  test('stopAtOperand leaves the wrapped command alone', () => {
    const sudo = options({ stopAtOperand: true, flags: { E: ['-E'] }, values: { user: ['-u'] } });
    const p = sudo.parse(['-E', '-u', 'root', 'rm', '-rf', '/'].map((w) => literalField(w)));
    assert.equal(p.value('user')?.value, 'root');
    assert.deepEqual(p.operands.map((f) => f.value), ['rm', '-rf', '/']);
  });
});
