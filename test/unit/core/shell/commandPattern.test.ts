import * as assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyzeCommand } from '../../../../src/core/shell/analyze';
import { commandPatternSpecificity, matchCommandPattern, parseCommandPattern } from '../../../../src/core/shell/commandPattern';
import { loadShellParser, type ShellParser } from '../../../../src/core/shell/parse';

let parser: ShellParser;
before(async () => {
  parser = await loadShellParser();
});

const pattern = (text: string) => {
  const p = parseCommandPattern(text);
  assert.ok(p.ok, p.ok ? '' : p.error);
  return p.value;
};

/** Whether the pattern matches any command that the line will run. */
const matches = (text: string, line: string): boolean =>
  analyzeCommand(line, { cwd: '/w', home: '/h' }, parser).commands.some((c) => matchCommandPattern(pattern(text), c));

describe('command patterns over parsed commands', () => {
  const table: [string, string, boolean][] = [
    ['git push --force *', 'git push --force', true],
    ['git push --force *', 'git push origin main --force', true],
    ['git push --force *', 'git -C ../x push -f', false],
    ['git push -f *', 'git -C ../x push -f origin', true],
    ['git push --force *', 'git push --force=origin', true],
    ['git push --force *', 'git push origin main', false],
    ['npm run *', 'npm run build', true],
    ['npm run *', 'npm run', true],
    ['npm run *', 'npm test', false],
    ['npm run build', 'npm run build -- --watch', false],
    ['npm run build *', 'npm run build -- --watch', true],
    ['rm -r* *', 'rm -rf build', true],
    ['rm -r* *', 'rm -fr build', false],
    ['rm -r *', 'rm -fr build', true],
    ['rm -r *', 'rm -f build', false],
    ['rm *', 'sudo rm -rf /', true],
    ['rm *', "bash -c 'rm x'", true],
    ['rm *', 'echo "rm x"', false],
    ['rm *', '/bin/rm x', true],
    ['rm /tmp/*', 'rm /tmp/a', true],
    ['rm /tmp/*', 'rm /etc/a', false],
    ['sudo *', 'sudo ls', true],
    ['curl *', 'ls | xargs curl', true],
    ["git commit -m 'wip *'", 'git commit -m "wip *"', true],
    ["git commit -m 'wip *'", 'git commit -m "wip now"', false],
    ['git commit -m *', 'git commit -m "anything at all"', true],
    ['* --help', 'ls --help', true],
    ['docker run --privileged *', 'docker run -it --privileged ubuntu', true],
  ];
  for (const [p, line, want] of table) test(`${p} ${want ? 'matches' : 'does not match'} ${line}`, () => assert.equal(matches(p, line), want));

  test('bad patterns are load errors', () => {
    for (const bad of ['', '   ', "git commit -m 'unterminated", 'r* -rf']) assert.equal(parseCommandPattern(bad).ok, false, bad);
  });

  test('more literal tokens are more specific', () => {
    const s = (t: string) => commandPatternSpecificity(pattern(t));
    assert.ok(s('git push --force origin') > s('git push --force *'));
    assert.ok(s('git push --force *') > s('git push *'));
    assert.ok(s('git push *') > s('git *'));
    assert.ok(s('git *') > s('* *'));
    assert.ok(s('rm -rf *') > s('rm -r* *'));
  });
});
