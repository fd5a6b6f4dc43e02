import { isDeepStrictEqual } from 'node:util';
import { err, ok, type Result } from '../../result';
import type { AgentId } from '../types';
import { agentSpecs, scriptFiles, scriptMarker, type InstallContext, type JsonAgent, type ScriptAgent } from './agents';
import { hookCommand, isAirlockCommand, type HookCommandOptions } from './command';
import type { InstallFs } from './installFs';
import { editJsonText, formatJson, parseJsonText, type JsonEdit } from './jsonText';
import { errorMessage, isObject } from '../../values';

/**
 * One file's change, worked out before anything is written: the exact text before and after, so the editor can
 * show it as a diff and the CLI can print it. `applyPlan` writes it.
 */
export interface HookPlan {
  readonly agent: AgentId;
  readonly name: string;
  readonly file: string;
  /** The file's text now; undefined when it does not exist. */
  readonly before: string | undefined;
  /** The text to write; undefined when the file is to be deleted. */
  readonly after: string | undefined;
  /** The file does not exist yet and will be created. */
  readonly created: boolean;
  /** Whether applying the plan changes anything. */
  readonly changed: boolean;
  /** Permissions to give the written file (Cline's hook script must be executable). */
  readonly mode?: number;
  /** One line: what the plan does (`add Airlock's PreToolUse entry`, `already installed`, …). */
  readonly summary: string;
  /** What to do or know once it is written. */
  readonly notes: readonly string[];
}

/**
 * The plans that install Airlock's hook for an agent at user level: one per file (one hook file for most agents, a
 * script per event for Cline). An error names the file and why; then none of the agent's files is planned.
 */
export function planInstall(agent: AgentId, hook: HookCommandOptions, ctx: InstallContext): Result<HookPlan[], string> {
  const spec = agentSpecs[agent];
  const command = hookCommand(agent, hook, ctx.platform);
  if (!isAirlockCommand(command)) return err(`the hook script must be a dist/hook.js (not ${hook.script}): the installer knows its entries by that name`);
  const extra = agent === 'codex' ? codexInlineNotes(ctx) : [];
  return spec.format === 'script' ? planScriptInstall(spec, command, ctx) : listOf(planJsonInstall(spec, command, ctx, extra));
}

/** The plans that remove Airlock's hook entries, and only those, from an agent's user-level files. */
export function planRemove(agent: AgentId, ctx: InstallContext): Result<HookPlan[], string> {
  const spec = agentSpecs[agent];
  return spec.format === 'script' ? planScriptRemove(spec, ctx) : listOf(planJsonRemove(spec, ctx));
}

const listOf = (plan: Result<HookPlan, string>): Result<HookPlan[], string> => (plan.ok ? ok([plan.value]) : plan);

/**
 * Writes a plan: the new text through a temporary file and a rename, or the deletion. Refuses when the file no
 * longer holds the text the plan was made from (someone changed it meanwhile): plan again.
 */
export function applyPlan(plan: HookPlan, fs: InstallFs): Result<void, string> {
  try {
    if (fs.readText(plan.file) !== plan.before) return err(`${plan.file} changed after the plan was made; nothing was written (plan again)`);
    if (!plan.changed) return ok(undefined);
    if (plan.after === undefined) fs.remove(plan.file);
    else fs.writeAtomic(plan.file, plan.after, plan.mode);
    return ok(undefined);
  } catch (e) {
    return err(`${plan.file}: ${describeError(e)}`);
  }
}

/** Plans and applies the removal of an agent's Airlock entries. */
export function removeHooks(agent: AgentId, ctx: InstallContext): Result<HookPlan[], string> {
  const plans = planRemove(agent, ctx);
  if (!plans.ok) return plans;
  for (const plan of plans.value) {
    const applied = applyPlan(plan, ctx.fs);
    if (!applied.ok) return applied;
  }
  return plans;
}

type Entry = { readonly kind: 'ours' | 'mixed' | 'foreign'; readonly handlers: readonly number[] };

/** Which elements of `hooks.<event>` are Airlock's: whole (`ours`), partly (`mixed`: a group shared with others). */
export function classify(spec: JsonAgent, element: unknown): Entry {
  if (!isObject(element)) return { kind: 'foreign', handlers: [] };
  if (spec.shape === 'flat') return { kind: isAirlockCommand(element.command) ? 'ours' : 'foreign', handlers: [] };
  const handlers = Array.isArray(element.hooks) ? element.hooks : [];
  const mine = handlers.flatMap((h: unknown, j) => (isObject(h) && isAirlockCommand(h.command) ? [j] : []));
  if (mine.length === 0) return { kind: 'foreign', handlers: [] };
  return { kind: mine.length === handlers.length ? 'ours' : 'mixed', handlers: mine };
}

/** The parsed hook file: its text and the `hooks` object, or why the installer will not touch it. */
interface HookFile {
  readonly text: string | undefined;
  readonly root: Record<string, unknown> | undefined;
  readonly hooks: Record<string, unknown> | undefined;
}

function readHookFile(spec: JsonAgent, ctx: InstallContext): Result<HookFile, string> {
  const file = spec.file(ctx);
  let text: string | undefined;
  try {
    text = ctx.fs.readText(file);
  } catch (e) {
    return err(`${file} cannot be read: ${describeError(e)}`);
  }
  if (text === undefined || text.trim() === '') return ok({ text, root: undefined, hooks: undefined });
  const parsed = parseJsonText(text);
  if (!parsed.ok) return err(`${file} is not valid JSON (${parsed.error}); fix it or add Airlock's entry by hand — it was left untouched`);
  const root = parsed.value;
  if (!isObject(root)) return err(`${file} does not hold a JSON object; it was left untouched`);
  if (root.hooks !== undefined && !isObject(root.hooks)) return err(`${file}: "hooks" is not an object; it was left untouched`);
  for (const event of spec.events) {
    const list = (root.hooks as Record<string, unknown> | undefined)?.[event];
    if (list !== undefined && !Array.isArray(list)) return err(`${file}: "hooks.${event}" is not a list; it was left untouched`);
  }
  return ok({ text, root, hooks: root.hooks as Record<string, unknown> | undefined });
}

function planJsonInstall(spec: JsonAgent, command: string, ctx: InstallContext, extraNotes: readonly string[]): Result<HookPlan, string> {
  const read = readHookFile(spec, ctx);
  if (!read.ok) return read;
  const { text, root, hooks } = read.value;
  const file = spec.file(ctx);
  const base = { agent: spec.agent, name: spec.name, file, before: text, notes: [...spec.notes, ...extraNotes] };
  const desired = spec.entry(command);

  if (root === undefined) {
    const fresh = { ...spec.skeleton, hooks: Object.fromEntries(spec.events.map((e) => [e, [desired]])) };
    return ok({ ...base, after: formatJson(fresh), created: text === undefined, changed: true, summary: `create ${file} with Airlock's ${events(spec)}` });
  }

  const edits: JsonEdit[] = [];
  const done: string[] = [];
  for (const event of spec.events) {
    const list = hooks?.[event] as unknown[] | undefined;
    if (hooks === undefined) {
      edits.push({ op: 'set', path: ['hooks'], value: Object.fromEntries(spec.events.map((e) => [e, [desired]])) });
      done.push(...spec.events.map((e) => `add ${e}`));
      break;
    }
    if (list === undefined) {
      edits.push({ op: 'set', path: ['hooks', event], value: [desired] });
      done.push(`add ${event}`);
      continue;
    }
    const kinds = list.map((element) => classify(spec, element));
    const whole = kinds.flatMap((k, i) => (k.kind === 'ours' ? [i] : []));
    const mixed = kinds.some((k) => k.kind === 'mixed');
    const first = whole[0];
    if (whole.length === 1 && !mixed && first !== undefined && isDeepStrictEqual(list[first], desired)) continue;
    edits.push(...removals(event, kinds));
    edits.push({ op: 'insert', path: ['hooks', event, first ?? list.length], value: desired });
    done.push(first !== undefined || mixed ? `replace ${event}` : `add ${event}`);
  }
  if (edits.length === 0) return ok({ ...base, after: text, created: false, changed: false, summary: `already installed in ${file}` });
  const edited = editJsonText(text ?? '', edits);
  if (!edited.ok) return err(`${file}: ${edited.error}`);
  return ok({ ...base, after: edited.value.text, created: false, changed: true, summary: `${done.join(', ')} in ${file}` });
}

function planJsonRemove(spec: JsonAgent, ctx: InstallContext): Result<HookPlan, string> {
  const read = readHookFile(spec, ctx);
  if (!read.ok) return read;
  const { text, root, hooks } = read.value;
  const file = spec.file(ctx);
  const base = { agent: spec.agent, name: spec.name, file, before: text, created: false, notes: [] };
  const unchanged = ok({ ...base, after: text, changed: false, summary: `no Airlock entry in ${file}` });
  if (root === undefined || hooks === undefined) return unchanged;

  const edits: JsonEdit[] = [];
  const done: string[] = [];
  // Every event, not just the ones Airlock adds: an entry the person moved elsewhere in the file is still Airlock's.
  for (const [event, list] of Object.entries(hooks)) {
    if (!Array.isArray(list)) continue;
    const kinds = list.map((element) => classify(spec, element));
    const whole = kinds.filter((k) => k.kind === 'ours').length;
    if (whole === 0 && !kinds.some((k) => k.kind === 'mixed')) continue;
    done.push(`remove ${event}`);
    if (whole === list.length) edits.push({ op: 'remove', path: ['hooks', event] });
    else edits.push(...removals(event, kinds));
  }
  if (edits.length === 0) return unchanged;
  const edited = editJsonText(text ?? '', edits);
  if (!edited.ok) return err(`${file}: ${edited.error}`);
  const rest = edited.value.value as Record<string, unknown>;
  const empty = Object.keys(rest).every((k) => k === 'hooks' || Object.hasOwn(spec.skeleton, k)) && Object.keys((rest.hooks as object | undefined) ?? {}).length === 0;
  if (spec.ownFile && empty) return ok({ ...base, after: undefined, changed: true, summary: `delete ${file} (it held only Airlock's hook)` });
  return ok({ ...base, after: edited.value.text, changed: true, summary: `${done.join(', ')} in ${file}` });
}

/** Edits that take Airlock's entries out of `hooks.<event>`: last first, so earlier indices stay valid. */
function removals(event: string, kinds: readonly Entry[]): JsonEdit[] {
  const edits: JsonEdit[] = [];
  for (let i = kinds.length - 1; i >= 0; i--) {
    const k = kinds[i];
    if (k?.kind === 'ours') edits.push({ op: 'remove', path: ['hooks', event, i] });
    if (k?.kind === 'mixed') for (const j of [...k.handlers].reverse()) edits.push({ op: 'remove', path: ['hooks', event, i, 'hooks', j] });
  }
  return edits;
}

function planScriptInstall(spec: ScriptAgent, command: string, ctx: InstallContext): Result<HookPlan[], string> {
  const plans: HookPlan[] = [];
  const after = spec.script(command);
  for (const { event, file } of scriptFiles(spec, ctx)) {
    const read = readScript(file, ctx);
    if (!read.ok) return read;
    const text = read.value;
    const base = { agent: spec.agent, name: spec.name, file, before: text, after, mode: 0o755, notes: spec.notes };
    if (text === undefined) plans.push({ ...base, created: true, changed: true, summary: `create the hook script ${file}` });
    else if (!isOurScript(text)) {
      return err(`${file} exists and is not Airlock's (${spec.name} runs one ${event} hook per folder): merge Airlock's command into it by hand; it was left untouched`);
    } else if (text === after) plans.push({ ...base, created: false, changed: false, summary: `already installed in ${file}` });
    else plans.push({ ...base, created: false, changed: true, summary: `replace the hook script ${file}` });
  }
  return ok(plans);
}

function planScriptRemove(spec: ScriptAgent, ctx: InstallContext): Result<HookPlan[], string> {
  const plans: HookPlan[] = [];
  for (const { file } of scriptFiles(spec, ctx)) {
    const read = readScript(file, ctx);
    if (!read.ok) return read;
    const text = read.value;
    const base = { agent: spec.agent, name: spec.name, file, before: text, created: false, notes: [] };
    if (text === undefined) plans.push({ ...base, after: text, changed: false, summary: `no Airlock hook at ${file}` });
    else if (!isOurScript(text)) plans.push({ ...base, after: text, changed: false, summary: `${file} is not Airlock's; left alone` });
    else plans.push({ ...base, after: undefined, changed: true, summary: `delete the hook script ${file}` });
  }
  return ok(plans);
}

function readScript(file: string, ctx: InstallContext): Result<string | undefined, string> {
  try {
    return ok(ctx.fs.readText(file));
  } catch (e) {
    return err(`${file} cannot be read: ${describeError(e)}`);
  }
}

/** A hook script is Airlock's when it carries the marker, or does nothing but run Airlock's hook. */
export function isOurScript(text: string): boolean {
  if (text.split(/\r?\n/).some((line) => line.startsWith(scriptMarker))) return true;
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  return lines.length === 1 && isAirlockCommand(lines[0]);
}

/** Codex merges `[hooks]` tables in config.toml with hooks.json: an Airlock entry there would run twice. */
function codexInlineNotes(ctx: InstallContext): string[] {
  const config = agentSpecs.codex.file(ctx).replace(/hooks\.json$/, 'config.toml');
  let text: string | undefined;
  try {
    text = ctx.fs.readText(config);
  } catch {
    return [];
  }
  const hasAirlock = text?.split(/\r?\n/).some((line) => isAirlockCommand(line.replace(/^.*?=\s*["']/, '').replace(/["']\s*$/, '')));
  return hasAirlock ? [`${config} also has an Airlock hook entry in its [hooks] tables; remove it there by hand, or Codex runs Airlock twice.`] : [];
}

const events = (spec: JsonAgent): string => `${spec.events.join(', ')} entr${spec.events.length === 1 ? 'y' : 'ies'}`;

function describeError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const message = errorMessage(e);
  return code ? `${code}: ${message.replace(/^\w+: /, '')}` : message;
}
