import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mcpTargets, mcpToolPart, mcpVerb } from '../../../../src/core/hooks/mcp';
import { OutcomeBuilder } from '../../../../src/core/hooks/outcome';

describe('mcpVerb', () => {
  const cases: [string, ReturnType<typeof mcpVerb>][] = [
    ['read_text_file', 'read'],
    ['list_directory', 'read'],
    ['getFileContents', 'read'],
    ['write_file', 'write'],
    ['create_directory', 'write'],
    ['edit_file', 'write'],
    ['move_file', 'move'],
    ['delete_file', 'delete'],
    ['read_and_delete', 'delete'],
    ['run_command', 'exec'],
    ['executeQuery', 'exec'],
    ['browser_navigate', 'fetch'],
    ['resolve-library-id', 'read'],
    ['create_pull_request', 'write'],
    ['frobnicate', 'unknown'],
  ];
  for (const [name, verb] of cases) test(`${name} → ${verb}`, () => assert.equal(mcpVerb(name), verb));
  test('the tool part of a qualified name', () => {
    assert.equal(mcpToolPart('mcp__filesystem__read_file'), 'read_file');
    assert.equal(mcpToolPart('mcp__a__b__c'), 'b__c');
    assert.equal(mcpToolPart('read_file'), 'read_file');
  });
});

describe('mcpTargets', () => {
  test('paths by argument name, URLs anywhere, file: URLs as paths, absolute paths by shape', () => {
    const t = mcpTargets({
      path: 'src/a.ts',
      options: { outputDir: 'build', destination: 'docs/out', target: 'production' },
      sources: ['./x', 'not a path'],
      link: 'https://203.0.113.7/page',
      resource: 'file:///etc/hosts',
      note: '/var/log/syslog',
      prose: 'look at /tmp for files',
      command: 'ls -la',
    });
    assert.deepEqual(
      t.paths.map((p) => p.path),
      ['src/a.ts', 'build', 'docs/out', './x', '/etc/hosts', '/var/log/syslog'],
    );
    assert.deepEqual(t.urls, ['https://203.0.113.7/page']);
    assert.deepEqual(t.commands, ['ls -la']);
  });
  test('bounded: deep nesting is not followed for ever', () => {
    let deep: unknown = { path: '/deep' };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    assert.deepEqual(mcpTargets(deep).paths, []);
  });
});

describe('OutcomeBuilder.mcp', () => {
  const build = (tool: string, args: unknown) => {
    const b = new OutcomeBuilder({ agent: 'claude', channel: 'hook' }, 'Claude Code', tool, '/ws');
    b.mcp(tool, args);
    const r = b.done();
    assert.ok(r.ok);
    return { actions: r.value.actions.map(({ source: _s, cwd: _c, ...a }) => a), rules: r.value.verdicts.map((v) => v.rule) };
  };
  test('a read tool with a path: a read, nothing asked', () => {
    assert.deepEqual(build('read_file', { path: 'a.ts' }), { actions: [{ kind: 'read', path: 'a.ts' }], rules: [] });
  });
  test('a move with two paths: a rename', () => {
    assert.deepEqual(build('move_file', { source: './a', destination: './b' }), { actions: [{ kind: 'rename', path: './a', to: './b' }], rules: [] });
  });
  test('a tool that runs things: its command is decided, and a person is asked too', () => {
    assert.deepEqual(build('run_command', { command: 'rm -rf build', cwd: '/ws/sub' }), {
      actions: [{ kind: 'exec', command: 'rm -rf build' }],
      rules: ['hook.mcp-opaque'],
    });
  });
  test('an unknown verb: its paths as writes, and asked', () => {
    assert.deepEqual(build('frobnicate', { file: 'x' }), { actions: [{ kind: 'write', path: 'x' }], rules: ['hook.mcp-opaque'] });
  });
  test('nothing recognisable: asked', () => {
    assert.deepEqual(build('get_issue', { owner: 'o', repo: 'r', issue_number: 3 }), { actions: [], rules: ['hook.mcp-opaque'] });
  });
  test('URLs are fetches whatever the verb', () => {
    assert.deepEqual(build('browser_navigate', { url: 'http://169.254.169.254/' }), {
      actions: [{ kind: 'fetch', url: 'http://169.254.169.254/' }],
      rules: [],
    });
  });
});
