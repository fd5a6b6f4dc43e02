import * as assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { analyzeCommand } from '../../../../src/core/shell/analyze';
import { summarizeShell } from '../../../../src/core/policy/shellDecisions';
import { parseCommandPattern } from '../../../../src/core/shell/commandPattern';
import { loadShellParser, type ShellParser } from '../../../../src/core/shell/parse';
import { presets } from '../../../../src/core/policy/types';
import { catalog, type Form } from '../../../../src/core/shell/catalog';
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

describe('fuzzing: the catalog', () => {
  // Every program, subcommand and option the catalog describes, mixed with values a command could carry.
  const words = new Set<string>();
  const collect = (form: Form): void => {
    for (const o of Object.keys(form.options ?? {})) words.add(o);
    for (const [name, sub] of Object.entries(form.subs ?? {})) {
      words.add(name);
      collect(sub);
    }
  };
  for (const entry of catalog) {
    for (const n of entry.names) words.add(n);
    for (const o of Object.keys(entry.globals ?? {})) words.add(o);
    collect(entry);
  }
  const catalogWord = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...words) },
    { weight: 2, arbitrary: fc.constantFrom('DROP TABLE x', "'DELETE FROM t'", 'FLUSHALL', '/', '~', '$HOME', '-v', '/:/h', '~/.ssh:/k', '-c', '-e', '--', '=', 'https://127.0.0.1:9', '@.env', '.env', 'delete', 'destroy', 'purge', 'list', 'status') },
    { weight: 1, arbitrary: token },
  );
  const line = fc.tuple(fc.constantFrom(...catalog.flatMap((e) => e.names)), fc.array(catalogWord, { maxLength: 12 })).map(([name, rest]) => [name, ...rest].join(' '));

  test('catalog programs with random subcommands, options and values never throw, and an unparsable one is never allowed', () => {
    fc.assert(
      fc.property(line, (s) => {
        const a = analyzeCommand(s, ctx, parser);
        for (const p of presets) {
          const d = summarizeShell(a, p).decision;
          if (!a.parsed) assert.notEqual(d, 'allow', `${p}: ${JSON.stringify(s)}`);
        }
      }),
      { numRuns: 4000 },
    );
  });

  test('an agent started with its checks off is never allowed in balanced, whatever follows', () => {
    const unguarded = fc.constantFrom('claude --dangerously-skip-permissions', 'codex --yolo', 'codex --dangerously-bypass-approvals-and-sandbox', 'gemini --yolo', 'q chat --trust-all-tools');
    fc.assert(
      fc.property(unguarded, fc.array(catalogWord, { maxLength: 6 }), (start, rest) => {
        const s = [start, ...rest].join(' ');
        const a = analyzeCommand(s, ctx, parser);
        assert.notEqual(summarizeShell(a, 'balanced').decision, 'allow', JSON.stringify(s));
      }),
      { numRuns: 1500 },
    );
  });
});
