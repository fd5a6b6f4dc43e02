// The evaluation's corpus generator (bench/evalCorpus.ts): it covers every catalog entry, labels forms by the
// catalog's facts, and its spellings parse to the same words as the base form.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { families, generateCorpus, quotings, shellWord } from '../../../bench/evalCorpus';
import { catalog } from '../../../src/core/shell/catalog';
import { loadShellParser, type ShellParser } from '../../../src/core/shell/parse';
import { analyzeCommand } from '../../../src/core/shell/analyze';

let parser: ShellParser;
before(async () => {
  parser = await loadShellParser();
});

const corpus = generateCorpus({ combos: 1 });

describe('eval corpus', () => {
  test('has every catalog entry on at least one side, and both sides in quantity', () => {
    const programs = new Set(corpus.map((c) => c.base.split(' ')[0]));
    const missing = catalog.filter((e) => !programs.has(e.names[0]!)).map((e) => e.names[0]);
    assert.deepEqual(missing, []);
    assert.ok(corpus.filter((c) => c.expect === 'block').length > 10_000);
    assert.ok(corpus.filter((c) => c.expect === 'allow').length > 10_000);
  });

  test('labels by the catalog: a delete is destructive, a listing benign', () => {
    const label = (command: string) => corpus.find((c) => c.command === command)?.expect;
    assert.equal(label('kubectl delete demo'), 'block');
    assert.equal(label('terraform destroy demo'), 'block');
    assert.equal(label('kubectl get demo'), 'allow');
    assert.equal(label("psql --command 'DROP TABLE users' demo"), 'block');
    assert.equal(label("psql demo --command 'SELECT 1'"), 'allow');
  });

  test('every family has cases on its side', () => {
    const categories = new Set(corpus.map((c) => `${c.expect} ${c.category}`));
    for (const f of families) assert.ok(categories.has(`${f.expect} ${f.category}`), f.category);
  });

  test('no case is both destructive and benign', () => {
    const sides = new Map<string, string>();
    for (const c of corpus) {
      const other = sides.get(c.command);
      assert.ok(other === undefined || other === c.expect, c.command);
      sides.set(c.command, c.expect);
    }
  });

  test('each quoting spells the same arguments', () => {
    const words = ['kubectl', 'delete', 'pod', 'demo-1', 'DROP TABLE x', "it's"];
    const expected = analyzeCommand(words.map(shellWord).join(' '), { cwd: '/work/project', home: '/home/dev', env: {} }, parser).commands[0]!.argv;
    assert.deepEqual(expected, words);
    for (const [name, q] of Object.entries(quotings)) {
      const argv = analyzeCommand(words.map(q).join(' '), { cwd: '/work/project', home: '/home/dev', env: {} }, parser).commands[0]!.argv;
      assert.deepEqual(argv, words, name);
    }
  });
});
