// The hook installer against real files: every test runs in a fresh temporary folder that stands in for the home
// folder, with an empty environment (no CLAUDE_CONFIG_DIR or CODEX_HOME of the real user leaks in).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { agentTimeoutMs } from '../../../../src/cli/commands/hookArgs';
import {
  agentSpecs,
  agentStatus,
  applyPlan,
  detectAgent,
  entryTimeouts,
  hookCommand,
  nodeInstallFs,
  onceEach,
  planInstall,
  planRemove,
  removeHooks,
  type HookCommandOptions,
  type HookPlan,
  type InstallContext,
} from '../../../../src/core/hooks/install';
import { agentIds, type AgentId } from '../../../../src/core/hooks/types';
import type { Result } from '../../../../src/core/result';

let base = '';
let counter = 0;

before(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-install-')));
});
after(() => fs.rmSync(base, { recursive: true, force: true }));

/** A fresh home folder and two hook scripts (the second in a folder with a space, as after an extension update). */
function world(env: Record<string, string> = {}): { ctx: InstallContext; v1: HookCommandOptions; v2: HookCommandOptions } {
  const root = path.join(base, `w${counter++}`);
  const home = path.join(root, 'home');
  fs.mkdirSync(home, { recursive: true });
  const script = (dir: string): string => {
    const file = path.join(root, dir, 'dist', 'hook.js');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '// hook\n');
    return file;
  };
  const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace('{home}', home)]));
  return {
    ctx: { home, env: resolved, platform: 'linux', fs: nodeInstallFs },
    v1: { script: script('airlock-dev.airlock-0.1.0') },
    v2: { script: script('airlock dev.airlock-0.2.0') },
  };
}

const value = <T>(r: Result<T, string>): T => {
  if (!r.ok) assert.fail(r.error);
  return r.value;
};
const read = (file: string): string | undefined => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
const write = (file: string, text: string): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};
/** The agent's main file's plan (its hook file, Cline's PreToolUse script) out of one plan per file. */
const main = (plans: readonly HookPlan[]): HookPlan => {
  const plan = plans[0];
  assert.ok(plan, 'no plan');
  return plan;
};
/** Installs an agent's hook (every file) and returns the plan for its main file. */
function install(agent: AgentId, hook: HookCommandOptions, ctx: InstallContext): HookPlan {
  const plans = value(planInstall(agent, hook, ctx));
  for (const plan of plans) value(applyPlan(plan, ctx.fs));
  return main(plans);
}

/** Every command that runs Airlock's hook in an agent's file, by event. */
function airlockCommands(agent: AgentId, ctx: InstallContext): Record<string, string[]> {
  const spec = agentSpecs[agent];
  if (spec.format === 'script') {
    const scripts = spec.events.map((e) => [e, read(path.join(path.dirname(spec.file(ctx)), e))] as const).filter(([, text]) => text !== undefined);
    return Object.fromEntries(scripts.map(([e, text]) => [e, (text ?? '').split('\n').filter((l) => l.startsWith('exec ')).map((l) => l.slice(5))]));
  }
  const text = read(spec.file(ctx));
  if (text === undefined) return {};
  const hooks = (JSON.parse(text) as { hooks?: Record<string, unknown[]> }).hooks ?? {};
  const out: Record<string, string[]> = {};
  for (const [event, list] of Object.entries(hooks)) {
    const commands = list.flatMap((e) => {
      const entry = e as { command?: string; hooks?: { command?: string }[] };
      return spec.shape === 'flat' ? [entry.command] : (entry.hooks ?? []).map((h) => h.command);
    });
    const ours = commands.filter((c): c is string => typeof c === 'string' && c.includes('hook.js'));
    if (ours.length > 0) out[event] = ours;
  }
  return out;
}

const expectedEvents: Record<AgentId, string[]> = {
  vscode: ['PreToolUse', 'PostToolUse'],
  claude: ['PreToolUse', 'PostToolUse', 'PostToolUseFailure'],
  cursor: ['beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile', 'preToolUse', 'postToolUse'],
  gemini: ['BeforeTool', 'AfterTool'],
  cline: ['PreToolUse', 'PostToolUse'],
  codex: ['PreToolUse', 'PostToolUse'],
};

/** The state right after install, before the agent calls: Codex needs the user's trust first. */
const freshState: Record<AgentId, string> = { vscode: 'installed', claude: 'installed', cursor: 'installed', gemini: 'installed', cline: 'installed', codex: 'not-yet-active' };

/** Per agent: a user-level file that already holds other settings and another hook, in the agent's format. */
const existing: Record<Exclude<AgentId, 'cline'>, string> = {
  vscode: `{
  "hooks": {
    "PostToolUse": [{ "type": "command", "command": "./format.sh" }],
    "PreToolUse": [{ "type": "command", "command": "./audit.sh", "timeout": 5 }]
  }
}
`,
  claude: `{
    "permissions": {"allow": ["Bash(ls:*)"], "deny": []},
    "hooks": {
        "PreToolUse": [
            {"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/guard.sh", "timeout": 5}]}
        ],
        "PostToolUse": [{"matcher": "Edit", "hooks": [{"type": "command", "command": "prettier --write"}]}]
    },
    "model": "opus"
}
`,
  cursor: `{
  "version": 1,
  "hooks": {
    "beforeShellExecution": [{ "command": "./hooks/audit.sh" }],
    "afterFileEdit": [{ "command": "./hooks/format.sh" }]
  }
}
`,
  gemini: '{\n\t"theme": "GitHub",\n\t"hooks": {\n\t\t"BeforeTool": [\n\t\t\t{\n\t\t\t\t"matcher": "write_file",\n\t\t\t\t"hooks": [{"type": "command", "name": "lint", "command": "npm run lint"}]\n\t\t\t}\n\t\t]\n\t}\n}\n',
  codex: '{\r\n  "hooks": {\r\n    "SessionStart": [{"matcher": "startup", "hooks": [{"type": "command", "command": "python3 ~/.codex/start.py"}]}],\r\n    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "python3 ~/.codex/guard.py", "timeout": 10}]}]\r\n  }\r\n}\r\n',
};

describe('hook installer, per agent', () => {
  for (const agent of agentIds) {
    describe(agent, () => {
      test('installs into an empty home folder: one entry per event, in the documented shape', () => {
        const { ctx, v1 } = world();
        const file = agentSpecs[agent].file(ctx);
        const plan = install(agent, v1, ctx);
        assert.equal(plan.file, file);
        assert.equal(plan.before, undefined);
        assert.equal(plan.created, true);
        assert.equal(read(file), plan.after);
        const command = `node "${v1.script}" ${agent}`;
        assert.deepEqual(airlockCommands(agent, ctx), Object.fromEntries(expectedEvents[agent].map((e) => [e, [command]])));
        if (agent === 'cline') for (const e of expectedEvents.cline) assert.equal(fs.statSync(path.join(path.dirname(file), e)).mode & 0o777, 0o755);
        // Codex runs a new entry only once the user trusts it in /hooks: until then it is not yet active.
        assert.equal(agentStatus(agent, ctx, v1).state, freshState[agent]);
        assert.equal(agentStatus(agent, ctx).state, freshState[agent]);
      });

      test('installing twice leaves one entry and does not touch the file again', () => {
        const { ctx, v1 } = world();
        install(agent, v1, ctx);
        const first = read(agentSpecs[agent].file(ctx));
        const again = value(planInstall(agent, v1, ctx));
        assert.ok(again.every((p) => !p.changed));
        assert.equal(main(again).after, first);
        for (const p of again) value(applyPlan(p, ctx.fs));
        assert.equal(read(agentSpecs[agent].file(ctx)), first);
        assert.equal(Object.values(airlockCommands(agent, ctx)).flat().length, expectedEvents[agent].length);
      });

      test('after the extension moved, the old entry is replaced, not doubled', () => {
        const { ctx, v1, v2 } = world();
        install(agent, v1, ctx);
        assert.equal(agentStatus(agent, ctx, v2).state, 'outdated');
        const plan = install(agent, v2, ctx);
        assert.equal(plan.changed, true);
        const command = `node "${v2.script}" ${agent}`;
        assert.deepEqual(airlockCommands(agent, ctx), Object.fromEntries(expectedEvents[agent].map((e) => [e, [command]])));
        assert.equal(agentStatus(agent, ctx, v2).state, freshState[agent]);
        // The old folder is gone: the entry that still points there is reported without a reference.
        install(agent, v1, ctx);
        fs.rmSync(v1.script);
        const s = agentStatus(agent, ctx);
        assert.equal(s.state, 'would-not-start');
        assert.equal(s.protected, false);
        assert.match(s.problem ?? '', /no longer exists/);
      });

      test('remove takes out only Airlock; from a home without it, nothing is created', () => {
        const { ctx, v1 } = world();
        const file = agentSpecs[agent].file(ctx);
        const none = value(planRemove(agent, ctx));
        assert.ok(none.every((p) => !p.changed));
        for (const p of none) value(applyPlan(p, ctx.fs));
        assert.equal(read(file), undefined);
        install(agent, v1, ctx);
        const removed = value(removeHooks(agent, ctx));
        assert.ok(removed.every((p) => p.changed));
        assert.deepEqual(airlockCommands(agent, ctx), {});
        assert.equal(agentStatus(agent, ctx).state, 'missing');
        // A file of Airlock's own goes with its entry; a shared file stays.
        if (agent === 'vscode' || agent === 'cline') for (const p of removed) assert.equal(read(p.file), undefined);
        else assert.ok(read(file) !== undefined);
      });

      test('planning writes nothing (a dry run)', () => {
        const { ctx, v1 } = world();
        const plans = value(planInstall(agent, v1, ctx));
        assert.ok(plans.every((p) => p.changed && !fs.existsSync(p.file)));
        assert.deepEqual(fs.readdirSync(ctx.home), []);
      });

      if (agent === 'cline') {
        test("a PreToolUse script that is not Airlock's is refused, named, and left as it was", () => {
          const { ctx, v1 } = world();
          const file = agentSpecs.cline.file(ctx);
          write(file, '#!/bin/sh\necho \'{"cancel":false}\'\n');
          write(path.join(path.dirname(file), 'PostToolUse'), '#!/bin/sh\nexit 0\n');
          const plan = planInstall('cline', v1, ctx);
          assert.equal(plan.ok, false);
          assert.match(plan.ok ? '' : plan.error, new RegExp(`${file.replaceAll('/', '\\/')} exists and is not Airlock's`));
          assert.equal(read(file), '#!/bin/sh\necho \'{"cancel":false}\'\n');
          const removal = value(planRemove('cline', ctx));
          assert.ok(removal.every((p) => !p.changed));
          assert.equal(agentStatus('cline', ctx).state, 'missing');
        });

        test("a PostToolUse script that is not Airlock's is refused too: no script is written", () => {
          const { ctx, v1 } = world();
          const post = path.join(path.dirname(agentSpecs.cline.file(ctx)), 'PostToolUse');
          write(post, '#!/bin/sh\nexit 0\n');
          const plan = planInstall('cline', v1, ctx);
          assert.match(plan.ok ? '' : plan.error, /PostToolUse exists and is not Airlock's \(Cline runs one PostToolUse hook per folder\)/);
          assert.equal(read(agentSpecs.cline.file(ctx)), undefined);
        });

        test('a PreToolUse script without its PostToolUse one (an older install) is outdated; install adds the missing one', () => {
          const { ctx, v1 } = world();
          install('cline', v1, ctx);
          const post = path.join(path.dirname(agentSpecs.cline.file(ctx)), 'PostToolUse');
          fs.rmSync(post);
          const s = agentStatus('cline', ctx, v1);
          assert.equal(s.state, 'outdated');
          assert.equal(s.problem, `the PostToolUse hook script ${post} is missing`);
          const plans = value(planInstall('cline', v1, ctx));
          assert.deepEqual(plans.map((p) => [p.file, p.changed]), [[agentSpecs.cline.file(ctx), false], [post, true]]);
          for (const p of plans) value(applyPlan(p, ctx.fs));
          assert.equal(agentStatus('cline', ctx, v1).state, 'installed');
        });
        return;
      }

      test('installs beside the file’s other settings and hooks, and remove restores it byte for byte', () => {
        const { ctx, v1 } = world();
        const file = agentSpecs[agent].file(ctx);
        const original = existing[agent];
        write(file, original);
        const plan = install(agent, v1, ctx);
        assert.equal(plan.created, false);
        assert.equal(plan.before, original);
        const after = JSON.parse(read(file) ?? '') as { hooks: Record<string, unknown[]> };
        const before = JSON.parse(original) as Record<string, unknown> & { hooks: Record<string, unknown[]> };
        // Everything that was there is still there, in its place: the new entries come last in their lists.
        for (const [key, v] of Object.entries(before)) if (key !== 'hooks') assert.deepEqual((after as Record<string, unknown>)[key], v);
        for (const [event, list] of Object.entries(before.hooks)) assert.deepEqual(after.hooks[event]?.slice(0, list.length), list);
        assert.deepEqual(Object.values(airlockCommands(agent, ctx)).flat().length, expectedEvents[agent].length);
        // Only lines were added: the file's own indentation and line endings are kept.
        if (original.includes('\r\n')) assert.ok(!/[^\r]\n/.test(read(file) ?? ''));
        if (original.includes('\t')) assert.ok((read(file) ?? '').includes('\t\t\t{\n\t\t\t\t"matcher": ".*"'));
        value(removeHooks(agent, ctx));
        assert.equal(read(file), original);
      });

      test('a file that is not valid JSON is refused with its name, and left untouched', () => {
        const { ctx, v1 } = world();
        const file = agentSpecs[agent].file(ctx);
        const broken = '{\n  "hooks": {\n    "PreToolUse": [\n';
        write(file, broken);
        for (const r of [planInstall(agent, v1, ctx), planRemove(agent, ctx)]) {
          assert.equal(r.ok, false);
          assert.ok(!r.ok && r.error.startsWith(`${file} is not valid JSON`), r.ok ? '' : r.error);
        }
        assert.equal(read(file), broken);
        const s = agentStatus(agent, ctx);
        assert.equal(s.state, 'error');
        assert.equal(s.protected, false);
      });

      test('a hooks list of the wrong shape is refused, not rewritten', () => {
        const { ctx, v1 } = world();
        const file = agentSpecs[agent].file(ctx);
        const odd = JSON.stringify({ hooks: { [expectedEvents[agent][0] ?? '']: { command: 'x' } } });
        write(file, odd);
        const r = planInstall(agent, v1, ctx);
        assert.ok(!r.ok && r.error.includes('is not a list'));
        assert.equal(read(file), odd);
      });
    });
  }
});

describe('hook installer, details', () => {
  test('each entry gives the agent the timeout the hook itself assumes', () => {
    assert.equal(entryTimeouts.vscode * 1000, agentTimeoutMs.vscode);
    assert.equal(entryTimeouts.claude * 1000, agentTimeoutMs.claude);
    assert.equal(entryTimeouts.codex * 1000, agentTimeoutMs.codex);
    assert.equal(entryTimeouts.gemini, agentTimeoutMs.gemini);
    const { ctx, v1 } = world();
    for (const agent of ['vscode', 'claude', 'gemini', 'codex'] as const) install(agent, v1, ctx);
    const json = (agent: AgentId): string => read(agentSpecs[agent].file(ctx)) ?? '';
    assert.match(json('vscode'), /"timeout": 30\b/);
    assert.match(json('claude'), /"timeout": 60\b/);
    assert.match(json('gemini'), /"timeout": 60000\b/);
    assert.match(json('codex'), /"timeout": 60\b/);
  });

  test('the command quotes the script (spaces, shell characters) and takes a Node path', () => {
    assert.equal(hookCommand('claude', { script: '/opt/a b/dist/hook.js' }, 'linux'), 'node "/opt/a b/dist/hook.js" claude');
    assert.equal(hookCommand('claude', { script: '/x/$HOME`d`/"q"\\/hook.js' }, 'darwin'), 'node "/x/\\$HOME\\`d\\`/\\"q\\"\\\\/hook.js" claude');
    assert.equal(hookCommand('cursor', { script: '/x/hook.js', node: '/usr/local/bin/node' }, 'linux'), '/usr/local/bin/node "/x/hook.js" cursor');
    assert.equal(hookCommand('cursor', { script: '/x/hook.js', node: '/Users/me/my node/node' }, 'linux'), '"/Users/me/my node/node" "/x/hook.js" cursor');
    assert.equal(
      hookCommand('vscode', { script: 'C:\\Users\\me\\.vscode\\extensions\\airlock\\dist\\hook.js', node: 'C:\\Program Files\\nodejs\\node.exe' }, 'win32'),
      '"C:/Program Files/nodejs/node.exe" "C:/Users/me/.vscode/extensions/airlock/dist/hook.js" vscode',
    );
  });

  test("a hand-written 'airlock hook' entry counts as Airlock's: install replaces it, remove removes it", () => {
    const { ctx, v1 } = world();
    const file = agentSpecs.claude.file(ctx);
    write(file, JSON.stringify({ hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: 'airlock hook claude', timeout: 10 }] }] } }, null, 2));
    assert.equal(agentStatus('claude', ctx, v1).state, 'outdated');
    const plan = install('claude', v1, ctx);
    assert.match(plan.summary, /replace PreToolUse/);
    assert.deepEqual(airlockCommands('claude', ctx), Object.fromEntries(expectedEvents.claude.map((e) => [e, [`node "${v1.script}" claude`]])));
  });

  test('an Airlock command in a group shared with another hook: only the command moves out', () => {
    const { ctx, v1, v2 } = world();
    const file = agentSpecs.claude.file(ctx);
    const shared = { matcher: '*', hooks: [{ type: 'command', command: '~/bin/log.sh' }, { type: 'command', command: `node "${v1.script}" claude` }] };
    write(file, `${JSON.stringify({ hooks: { PreToolUse: [shared] } }, null, 2)}\n`);
    install('claude', v2, ctx);
    const after = JSON.parse(read(file) ?? '') as { hooks: { PreToolUse: unknown[] } };
    assert.deepEqual(after.hooks.PreToolUse, [
      { matcher: '*', hooks: [{ type: 'command', command: '~/bin/log.sh' }] },
      { matcher: '*', hooks: [{ type: 'command', command: `node "${v2.script}" claude`, timeout: 60 }] },
    ]);
    value(removeHooks('claude', ctx));
    assert.deepEqual(JSON.parse(read(file) ?? ''), { hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: '~/bin/log.sh' }] }] } });
  });

  test('two Airlock entries for one event are reported and folded into one', () => {
    const { ctx, v1 } = world();
    const file = agentSpecs.cursor.file(ctx);
    install('cursor', v1, ctx);
    const doubled = JSON.parse(read(file) ?? '') as { hooks: Record<string, unknown[]> };
    doubled.hooks.beforeShellExecution?.push({ command: `node "${v1.script}" cursor`, failClosed: true });
    write(file, JSON.stringify(doubled, null, 2));
    const s = agentStatus('cursor', ctx);
    assert.equal(s.state, 'outdated');
    assert.match(s.problem ?? '', /runs Airlock 2 times/);
    install('cursor', v1, ctx);
    assert.equal(airlockCommands('cursor', ctx).beforeShellExecution?.length, 1);
  });

  test('an event without its Airlock entry makes the hook outdated', () => {
    const { ctx, v1 } = world();
    const file = agentSpecs.cursor.file(ctx);
    install('cursor', v1, ctx);
    const partial = JSON.parse(read(file) ?? '') as { hooks: Record<string, unknown> };
    delete partial.hooks.beforeReadFile;
    write(file, JSON.stringify(partial));
    assert.match(agentStatus('cursor', ctx).problem ?? '', /hooks.beforeReadFile has no Airlock entry/);
    const plan = install('cursor', v1, ctx);
    assert.equal(plan.summary, `add beforeReadFile in ${file}`);
  });

  test('a hook script not named dist/hook.js is refused: its entries could not be told apart from others', () => {
    const { ctx } = world();
    const r = planInstall('claude', { script: '/opt/tools/hook.js' }, ctx);
    assert.ok(!r.ok && r.error.includes('must be a dist/hook.js'));
  });

  test('a plan is not applied to a file that changed after it was made', () => {
    const { ctx, v1 } = world();
    const file = agentSpecs.claude.file(ctx);
    write(file, '{}\n');
    const plan = main(value(planInstall('claude', v1, ctx)));
    write(file, '{"model": "opus"}\n');
    const r = applyPlan(plan, ctx.fs);
    assert.ok(!r.ok && r.error.includes('changed after the plan was made'));
    assert.equal(read(file), '{"model": "opus"}\n');
  });

  test("the written file keeps its permissions, and a symbolic link to it stays a link", () => {
    const { ctx, v1 } = world();
    const file = agentSpecs.claude.file(ctx);
    const target = path.join(ctx.home, 'dotfiles', 'claude-settings.json');
    write(target, '{"model": "opus"}\n');
    fs.chmodSync(target, 0o600);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.symlinkSync(target, file);
    install('claude', v1, ctx);
    assert.ok(fs.lstatSync(file).isSymbolicLink());
    assert.equal(fs.statSync(target).mode & 0o777, 0o600);
    assert.deepEqual(airlockCommands('claude', ctx), Object.fromEntries(expectedEvents.claude.map((e) => [e, [`node "${v1.script}" claude`]])));
    assert.deepEqual(fs.readdirSync(path.dirname(target)), ['claude-settings.json']);
  });

  test('an empty file is filled in; a file whose top level is not an object is refused', () => {
    const { ctx, v1 } = world();
    const file = agentSpecs.gemini.file(ctx);
    write(file, '\n');
    const plan = install('gemini', v1, ctx);
    assert.equal(plan.created, false);
    assert.equal(agentStatus('gemini', ctx, v1).state, 'installed');
    write(file, '[]');
    const r = planInstall('gemini', v1, ctx);
    assert.ok(!r.ok && r.error === `${file} does not hold a JSON object; it was left untouched`);
  });

  test('CLAUDE_CONFIG_DIR and CODEX_HOME move the files, as they move the agents', () => {
    const { ctx, v1 } = world({ CLAUDE_CONFIG_DIR: '{home}/cfg/claude', CODEX_HOME: '{home}/cfg/codex' });
    assert.equal(agentSpecs.claude.file(ctx), path.join(ctx.home, 'cfg/claude/settings.json'));
    assert.equal(agentSpecs.codex.file(ctx), path.join(ctx.home, 'cfg/codex/hooks.json'));
    install('codex', v1, ctx);
    assert.ok(fs.existsSync(path.join(ctx.home, 'cfg/codex/hooks.json')));
  });

  test("Codex: an Airlock entry in config.toml's [hooks] tables is pointed out", () => {
    const { ctx, v1 } = world();
    write(path.join(ctx.home, '.codex', 'config.toml'), '[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = "airlock hook codex"\n');
    const plan = main(value(planInstall('codex', v1, ctx)));
    assert.ok(plan.notes.some((n) => n.includes('config.toml also has an Airlock hook entry')));
  });

  test('detection looks for the agents’ own folders', () => {
    const { ctx } = world();
    for (const agent of agentIds) assert.equal(detectAgent(agent, ctx).present, false, agent);
    const made: Record<AgentId, string> = {
      vscode: '.vscode',
      claude: '.claude',
      cursor: '.cursor',
      gemini: '.gemini',
      cline: 'Documents/Cline',
      codex: '.codex',
    };
    for (const [agent, dir] of Object.entries(made)) {
      fs.mkdirSync(path.join(ctx.home, dir), { recursive: true });
      const d = detectAgent(agent as AgentId, ctx);
      assert.equal(d.present, true, agent);
      assert.deepEqual(d.evidence, [path.join(ctx.home, dir)]);
      assert.equal(d.configFile, agentSpecs[agent as AgentId].file(ctx));
    }
    const fromTerminal = detectAgent('vscode', { ...world().ctx, env: { TERM_PROGRAM: 'vscode' } });
    assert.deepEqual(fromTerminal.evidence, ['TERM_PROGRAM=vscode']);
  });
});

describe('the Node an entry starts', () => {
  test('onceEach runs each Node once, whatever the number of entries that start it', () => {
    const runs: string[] = [];
    const probe = onceEach((node) => {
      runs.push(node);
      return node.endsWith('old') ? { ok: false, error: 'too old' } : { ok: true, version: 'v22.1.0' };
    });
    for (const n of ['/a/node', '/a/node', '/b/old', '/a/node', '/b/old']) probe(n);
    assert.deepEqual(runs, ['/a/node', '/b/old']);
    assert.deepEqual(probe('/b/old'), { ok: false, error: 'too old' });
  });
});
