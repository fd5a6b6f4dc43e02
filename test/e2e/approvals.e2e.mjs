// Agent hooks through the real editor: a hook process asks, the approval prompt appears in the workbench, and
// the button clicked (or no answer, or an editor that goes away) decides what the agent is told.
/* global document -- the waitForFunction callbacks run in the browser. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const order = 10;

const dialog = (page) => page.locator('.monaco-dialog-box');

// A recursive delete the balanced preset asks about. `rm -rf src` alone is allowed (the snapshot taken first holds
// the whole folder); a glob's files are only known when the shell expands it, so the delete is put to the user.
const asked = 'rm -rf src/*';
// Another one, for the "Always allow" test: its rule must not answer the other tests' prompts.
const alwaysAsked = 'rm -rf src/*.js';

/** A Claude Code PreToolUse payload for a Bash command in the workspace. */
function bash(workspace, command) {
  return {
    session_id: 'e2e-session',
    transcript_path: join(workspace, '.transcript.jsonl'),
    cwd: workspace,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command, description: 'e2e' },
  };
}

/** Waits for the approval prompt and returns its text. */
async function prompt(page, timeoutMs = 20_000) {
  await dialog(page).waitFor({ state: 'visible', timeout: timeoutMs });
  return (await dialog(page).innerText()).replace(/\s+/g, ' ');
}

async function click(page, label) {
  await dialog(page).locator('.monaco-button', { hasText: label }).first().click();
  await dialog(page).waitFor({ state: 'hidden', timeout: 10_000 });
}

function claudeDecision(result) {
  const out = result.stdout.trim() === '' ? {} : JSON.parse(result.stdout);
  return out.hookSpecificOutput?.permissionDecision;
}

export const tests = [
  {
    name: 'a hook that asks puts a modal prompt with the command and rule in the editor; Deny returns the agent\'s deny',
    async run({ page, workspace, spawnHook, resultsDir }) {
      const hook = spawnHook('claude', bash(workspace, asked));
      const text = await prompt(page);
      for (const expected of ['Claude Code wants to run a command', `Command: ${asked}`, 'shell.rm-recursive', 'Allow once', 'Deny']) {
        if (!text.includes(expected)) throw new Error(`the prompt does not show '${expected}': ${text}`);
      }
      // The default button is the one focused when the dialog opens: Enter presses it.
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
      await page.screenshot({ path: join(resultsDir, 'approval-prompt.png') });
      if (focused !== 'Deny') {
        await click(page, 'Deny');
        throw new Error(`the prompt's default button is '${focused}', not Deny`);
      }
      await click(page, 'Deny');
      const result = await hook.done;
      if (result.code !== 2 || claudeDecision(result) !== 'deny') throw new Error(`expected Claude's deny (exit 2): ${JSON.stringify(result)}`);
      if (!/Denied by you/.test(result.stdout + result.stderr)) throw new Error(`the deny does not say who denied: ${result.stdout}`);
    },
  },
  {
    name: 'Allow once takes a snapshot of what the command would delete and returns allow to the agent',
    async run({ page, workspace, spawnHook, cli, airlockHome }) {
      const hook = spawnHook('claude', bash(workspace, asked));
      await prompt(page);
      await click(page, 'Allow once');
      const result = await hook.done;
      if (result.code !== 0 || claudeDecision(result) === 'deny') throw new Error(`expected an allow (exit 0): ${JSON.stringify(result)}`);
      // The trail names the snapshot taken before the answer, and the store lists it with src/ in it.
      const listed = JSON.parse(
        execFileSync(process.execPath, [cli(), 'snapshots', '--workspace', workspace, '--json'], {
          env: { PATH: process.env.PATH, HOME: airlockHome, AIRLOCK_HOME: airlockHome },
          encoding: 'utf8',
        }),
      );
      const snapshots = Array.isArray(listed) ? listed : (listed.snapshots ?? []);
      const taken = snapshots.find((s) => /before exec by claude/.test(JSON.stringify(s)));
      if (!taken) throw new Error(`no snapshot 'before exec by claude' in ${JSON.stringify(listed).slice(0, 500)}`);
      const trail = readdirSync(join(airlockHome, 'trail')).map((d) => readFileSync(join(airlockHome, 'trail', d, 'trail.jsonl'), 'utf8')).join('');
      const record = trail.split('\n').filter(Boolean).map((l) => JSON.parse(l)).reverse().find((r) => r.action?.command === asked);
      if (!record?.snapshot || record.decidedBy?.button !== 'Allow once' || record.told !== 'allow') throw new Error(`the trail does not name the snapshot, the button and what the agent was told: ${JSON.stringify(record)}`);
    },
  },
  {
    name: 'Always allow writes a narrow rule to the user policy file and answers allow',
    async run({ page, workspace, spawnHook, airlockHome }) {
      const hook = spawnHook('claude', bash(workspace, alwaysAsked));
      await prompt(page);
      await click(page, 'Always allow');
      const result = await hook.done;
      if (result.code !== 0 || claudeDecision(result) === 'deny') throw new Error(`expected an allow (exit 0): ${JSON.stringify(result)}`);
      const policy = JSON.parse(readFileSync(join(airlockHome, 'policy.json'), 'utf8'));
      const rule = policy.rules?.find((r) => typeof r.id === 'string' && r.id.startsWith('approved-'));
      if (!rule || rule.decision !== 'allow') throw new Error(`no approved rule in ${JSON.stringify(policy)}`);
    },
  },
  {
    name: 'with no answer the hook denies before its own timeout',
    async run({ page, workspace, spawnHook, airlockHome }) {
      const hook = spawnHook('claude', bash(workspace, asked), ['--timeout-ms', '6000']);
      await prompt(page);
      const result = await hook.done;
      if (result.code !== 2 || claudeDecision(result) !== 'deny') throw new Error(`expected a deny: ${JSON.stringify(result)}`);
      if (result.ms >= 6_000) throw new Error(`the hook answered after its timeout (${Math.round(result.ms)} ms)`);
      if (!/approval:timeout|Nobody answered/.test(result.stdout + result.stderr)) throw new Error(`the deny does not name the timeout: ${result.stdout}`);
      const trail = readdirSync(join(airlockHome, 'trail')).map((d) => readFileSync(join(airlockHome, 'trail', d, 'trail.jsonl'), 'utf8')).join('');
      const record = trail.split('\n').filter(Boolean).map((l) => JSON.parse(l)).reverse().find((r) => r.action?.command === asked);
      if (record?.decidedBy?.by !== 'timeout' || record.told !== 'deny' || record.verdict?.decision !== 'ask') throw new Error(`the trail does not say the timeout denied: ${JSON.stringify(record)}`);
      // The unanswered prompt is still open; closing it now changes nothing.
      await page.keyboard.press('Escape');
      await dialog(page).waitFor({ state: 'hidden', timeout: 10_000 });
    },
  },
  {
    name: 'with the editor stopped mid-request the hook denies',
    async run({ page, workspace, spawnHook, stopEditor }) {
      const hook = spawnHook('claude', bash(workspace, asked), ['--timeout-ms', '40000']);
      await prompt(page);
      await stopEditor();
      const result = await hook.done;
      if (result.code !== 2 || claudeDecision(result) !== 'deny') throw new Error(`expected a deny: ${JSON.stringify(result)}`);
      if (result.ms >= 30_000) throw new Error(`the hook waited ${Math.round(result.ms)} ms for a stopped editor`);
    },
  },
  {
    name: 'with no editor running, the hook deciding alone honours the Always allow given in the editor',
    async run({ workspace, spawnHook }) {
      // The editor was stopped by the test before. Until its extension host has exited, the hook still finds its
      // bridge and, unable to reach it, denies (hook.editor-unavailable); then it finds none and decides alone.
      let result;
      for (const until = Date.now() + 20_000; ; ) {
        result = await spawnHook('claude', bash(workspace, alwaysAsked)).done;
        if (!/hook\.editor-unavailable/.test(result.stdout) || Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      if (result.code !== 0 || claudeDecision(result) === 'deny' || claudeDecision(result) === 'ask') throw new Error(`expected the user rule's allow: ${JSON.stringify(result)}`);
      // The same command without that rule is still a question.
      const other = await spawnHook('claude', bash(workspace, asked)).done;
      if (claudeDecision(other) !== 'ask') throw new Error(`expected the policy's ask for another command: ${JSON.stringify(other)}`);
    },
  },
];
