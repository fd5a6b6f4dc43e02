// The installer's JSON edits: only the changed value's text moves, and the result always parses to the edited value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { editJsonText, type JsonEdit } from '../../../../src/core/hooks/install/jsonText';
import { isAirlockCommand, scriptOf } from '../../../../src/core/hooks/install/command';

type Case = readonly [name: string, before: string, edits: readonly JsonEdit[], after: string];

const entry = { command: 'x' };
const cases: readonly Case[] = [
  ['a property into an empty object', '{}', [{ op: 'set', path: ['hooks'], value: { A: [] } }], '{\n  "hooks": {\n    "A": []\n  }\n}'],
  ['a property at the end, in the file’s indentation', '{\n    "a": 1\n}\n', [{ op: 'set', path: ['b'], value: [entry] }], '{\n    "a": 1,\n    "b": [\n        {\n            "command": "x"\n        }\n    ]\n}\n'],
  ['tabs and CRLF kept', '{\r\n\t"a": [\r\n\t\t1\r\n\t]\r\n}\r\n', [{ op: 'insert', path: ['a', 1], value: entry }], '{\r\n\t"a": [\r\n\t\t1,\r\n\t\t{\r\n\t\t\t"command": "x"\r\n\t\t}\r\n\t]\r\n}\r\n'],
  ['an element into a one-line array stays on the line', '{"a": [1, 2]}', [{ op: 'insert', path: ['a', 2], value: entry }], '{"a": [1, 2, {"command":"x"}]}'],
  ['an element before another', '[\n  1,\n  2\n]', [{ op: 'insert', path: [1], value: 9 }], '[\n  1,\n  9,\n  2\n]'],
  ['the first of several elements removed', '[\n  1,\n  2,\n  3\n]', [{ op: 'remove', path: [0] }], '[\n  2,\n  3\n]'],
  ['the last element removed', '[\n  1,\n  2\n]', [{ op: 'remove', path: [1] }], '[\n  1\n]'],
  ['the only element removed', '{"a": [ 1 ]}', [{ op: 'remove', path: ['a', 0] }], '{"a": []}'],
  ['a property removed from the middle', '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}', [{ op: 'remove', path: ['b'] }], '{\n  "a": 1,\n  "c": 3\n}'],
  ['a one-line value replaced on its line', '{\n  "a": {"b": 1},\n  "c": 2\n}', [{ op: 'set', path: ['a'], value: { d: [1] } }], '{\n  "a": {"d":[1]},\n  "c": 2\n}'],
  ['a value over lines replaced in the file’s indentation', '{\n  "a": {\n    "b": 1\n  },\n  "c": 2\n}', [{ op: 'set', path: ['a'], value: { d: [1] } }], '{\n  "a": {\n    "d": [\n      1\n    ]\n  },\n  "c": 2\n}'],
  ['a byte-order mark kept', '\uFEFF{"a": 1}', [{ op: 'set', path: ['b'], value: 2 }], '\uFEFF{"a": 1, "b": 2}'],
  ['escaped strings and odd numbers left as written', '{\n  "s": "a\\"b\\u00e9",\n  "n": 1.50e+2\n}', [{ op: 'set', path: ['x'], value: true }], '{\n  "s": "a\\"b\\u00e9",\n  "n": 1.50e+2,\n  "x": true\n}'],
  ['a repeated key: the last one is the one edited', '{"a": [1], "a": [2]}', [{ op: 'insert', path: ['a', 1], value: 3 }], '{"a": [1], "a": [2, 3]}'],
];

describe('JSON text edits', () => {
  for (const [name, before, edits, expected] of cases) {
    test(name, () => {
      const r = editJsonText(before, edits);
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(r.value.text, expected);
      assert.equal(r.value.rewritten, false);
    });
  }

  test('an edit on a path that is not there is an error', () => {
    const r = editJsonText('{"a": 1}', [{ op: 'insert', path: ['a', 0], value: 1 }]);
    assert.equal(r.ok, false);
    assert.equal(editJsonText('{', []).ok, false);
  });

  test('any JSON in any indentation: the splices agree with the edited value', () => {
    const key = fc.constantFrom('a', 'b', 'hooks', 'PreToolUse', 'é"\\', '__proto__');
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    }));
    const indent = fc.constantFrom(0, 1, 2, 4, '\t');
    fc.assert(
      fc.property(json.object, indent, fc.boolean(), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), json.value, (root, unit, crlf, picks, newValue) => {
        let text = JSON.stringify(root, null, unit);
        if (crlf) text = text.replaceAll('\n', '\r\n');
        const edit = pickEdit(JSON.parse(text), picks, newValue);
        if (!edit) return;
        const r = editJsonText(text, [edit]);
        assert.ok(r.ok, r.ok ? '' : r.error);
        assert.deepEqual(JSON.parse(r.value.text), r.value.value);
        assert.equal(r.value.rewritten, false, `${text}\n${JSON.stringify(edit)}\n${r.value.text}`);
      }),
      { numRuns: 500 },
    );
  });
});

/** An edit somewhere in the value, chosen by the numbers: into an array, onto an object, or a removal. */
function pickEdit(root: unknown, picks: readonly number[], value: unknown): JsonEdit | undefined {
  const path: (string | number)[] = [];
  let node = root;
  for (const n of picks) {
    const children = Array.isArray(node) ? node.map((_, i) => i) : isObject(node) ? Object.keys(node) : [];
    if (children.length === 0 || n % 3 === 0) break;
    const step = children[n % children.length] as string | number;
    path.push(step);
    node = (node as Record<string | number, unknown>)[step];
  }
  const n = picks[picks.length - 1] ?? 0;
  if (Array.isArray(node)) {
    if (n % 2 === 0 && node.length > 0) return { op: 'remove', path: [...path, n % node.length] };
    return { op: 'insert', path: [...path, n % (node.length + 1)], value };
  }
  if (isObject(node)) {
    const keys = Object.keys(node);
    const k = keys[n % Math.max(keys.length, 1)];
    if (n % 2 === 0 && k !== undefined) return { op: 'remove', path: [...path, k] };
    return { op: 'set', path: [...path, n % 3 === 1 && k !== undefined ? k : `new${n}`], value };
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

describe("recognising Airlock's hook commands", () => {
  const rows: readonly [string, boolean, string | undefined][] = [
    ['node "/x/dist/hook.js" claude', true, '/x/dist/hook.js'],
    ['"/usr/bin/node" "/a b/dist/hook.js" cursor', true, '/a b/dist/hook.js'],
    ['node "C:/Users/me/ext/dist/hook.js" vscode', true, 'C:/Users/me/ext/dist/hook.js'],
    ['node /x/dist/hook.js gemini --timeout-ms 5000', true, '/x/dist/hook.js'],
    ['node "/x/\\$y/dist/hook.js" codex', true, '/x/$y/dist/hook.js'],
    ['airlock hook claude', true, undefined],
    ['/usr/local/bin/airlock hook codex --workspace /w', true, undefined],
    ['node "/x/dist/cli.js" hook cline', true, '/x/dist/cli.js'],
    ['airlock.cmd hook vscode', true, undefined],
    ['node "/x/dist/hook.js" emacs', false, undefined],
    ['node /x/myhook.js claude', false, undefined],
    ['node "/home/me/tools/hook.js" claude', false, undefined],
    ['node "C:\\ext\\dist\\hook.js" claude', true, 'C:\\ext\\dist\\hook.js'],
    ['~/bin/guard.sh', false, undefined],
    ['notairlock hook claude', false, undefined],
    ['airlock hooks install claude', false, undefined],
  ];
  for (const [command, ours, script] of rows) {
    test(command, () => {
      assert.equal(isAirlockCommand(command), ours);
      if (ours) assert.equal(scriptOf(command), script);
    });
  }
});
