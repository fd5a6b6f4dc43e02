import * as assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { analyzeCommand, summarizeShell } from '../../../../src/core/shell/analyze';
import { parseCommandPattern } from '../../../../src/core/shell/commandPattern';
import { loadShellParser, type ShellParser } from '../../../../src/core/shell/parse';
import { presets } from '../../../../src/core/policy/types';
import { shellCases } from './fixtures';

let parser: ShellParser;
before(async () => {
  parser = await loadShellParser();
});

const ctx = { cwd: '/work/ws', home: '/home/dev' };

/** Shell-ish text: words, operators, quotes, expansions and wrappers in random order. */
const token = fc.oneof(
  fc.constantFrom('rm', '-rf', '/', '~', 'sudo', 'bash', '-c', 'eval', 'curl', '|', '||', '&&', ';', '&', '\n', '(', ')', '{', '}', '$(', '`', '"', "'", '$', '${', '<(', '>', '>>', '<', '<<', 'EOF', '*', '?', '[', ']', '=', 'x=1', 'if', 'then', 'fi', 'for', 'in', 'do', 'done', 'case', 'esac', ';;', '!', '\\', '#', '$HOME', 'xargs', 'find', '-exec', '{}', '\\;', 'sh', 'echo', 'git', 'reset', '--hard', 'cd', '..', 'base64', '-d', 'python3', 'node', '-e'),
  fc.string({ maxLength: 6 }),
);
const shellish = fc.array(token, { maxLength: 30 }).map((t) => t.join(' '));

describe('fuzzing: the parser and the classifier never throw', () => {
  test('random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const a = analyzeCommand(s, ctx, parser);
        for (const p of presets) summarizeShell(a, p);
      }),
      { numRuns: 2000 },
    );
  });

  test('random shell-like token soup', () => {
    fc.assert(
      fc.property(shellish, (s) => {
        const a = analyzeCommand(s, ctx, parser);
        for (const p of presets) summarizeShell(a, p);
      }),
      { numRuns: 3000 },
    );
  });

  test('random unicode and control characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => void analyzeCommand(s, ctx, parser)), { numRuns: 1000 });
  });

  test('command patterns never throw', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => void parseCommandPattern(s)), { numRuns: 2000 });
  });
});

describe('fuzzing: unparsable input is never allowed', () => {
  test('whenever the analysis reports a problem, no preset allows the line', () => {
    fc.assert(
      fc.property(shellish, (s) => {
        const a = analyzeCommand(s, ctx, parser);
        if (a.parsed) return;
        for (const p of presets) assert.notEqual(summarizeShell(a, p).decision, 'allow', `${p}: ${JSON.stringify(s)}`);
      }),
      { numRuns: 3000 },
    );
  });

  test('appending an unterminated construct to any table line makes it not allowed', () => {
    const tails = [" '", ' "', ' $(', ' `', ' ${', ' (', ' | ', ' && ', '; fi', ' <(', ' ;;'];
    fc.assert(
      // A comment would swallow the tail and a tail could close an open quote: those lines are left out.
      fc.property(fc.constantFrom(...shellCases.filter((c) => c.group !== 'unparsable' && !c.cmd.includes('#')).map((c) => c.cmd)), fc.constantFrom(...tails), (cmd, tail) => {
        const a = analyzeCommand(cmd + tail, ctx, parser);
        assert.equal(a.parsed, false, JSON.stringify(cmd + tail));
        for (const p of presets) assert.notEqual(summarizeShell(a, p).decision, 'allow', `${p}: ${JSON.stringify(cmd + tail)}`);
      }),
      { numRuns: 3000 },
    );
  });

  test('wrapping a denied line in wrappers or quotes never makes it allowed', () => {
    const denied = shellCases.filter((c) => c.decision !== 'allow').map((c) => c.cmd).filter((c) => !c.includes("'") && !c.includes('\n'));
    const wrap = fc.constantFrom(
      (c: string) => `bash -c '${c}'`,
      (c: string) => `sudo ${c}`,
      (c: string) => `eval '${c}'`,
      (c: string) => `(${c})`,
      (c: string) => `{ ${c}; }`,
      (c: string) => `true && ${c}`,
      (c: string) => `echo ok; ${c}`,
      (c: string) => `f() { ${c}; }; f`,
      (c: string) => `timeout 9 sh -c '${c}'`,
    );
    fc.assert(
      fc.property(fc.constantFrom(...denied), wrap, (cmd, w) => {
        const line = w(cmd);
        assert.notEqual(summarizeShell(analyzeCommand(line, ctx, parser), 'balanced').decision, 'allow', line);
      }),
      { numRuns: 1500 },
    );
  });
});
