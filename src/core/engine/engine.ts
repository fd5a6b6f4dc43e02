import type { Action } from '../actions';
import type { Resolver } from '../network/resolve';
import * as nodePath from 'node:path';
import { minimatch } from 'minimatch';
import type { GlobCache } from '../paths/globCache';
import { realPrefix, resolvePath, type PathContext, type PathProbe, type Platform } from '../paths/resolve';
import { compileBuiltin, floorPathRules, presetPathRules, type BuiltinContext } from '../policy/builtin';
import { compileRule } from '../policy/compile';
import type { CommandSubject, Match, NetworkSubject, PathSubject, Rule } from '../policy/rule';
import { judgeOutput } from '../policy/output';
import { shellDecision } from '../policy/shellDecisions';
import type { LoadedPolicy, Preset, RuleSpec } from '../policy/types';
import type { OutputFinding } from '../output/scan';
import type { AnalyzedCommand, DerivedAction, ShellAnalysis } from '../shell/analyze';
import type { EffectFs, GitRunner } from '../shell/effects';
import type { ShellParser } from '../shell/parse';
import { strictestVerdict, type Effects, type Verdict } from '../verdict';
import { decidedByPaths, RestoreBudget } from './restorable';

export { strictestVerdict };
import { answersOf, baseOf, combineLayers, inputOutcome, layerOutcome, memoProbe, mergeEffects, pathApiFor, pickWinner, precedenceText, required, safeIsDir } from './outcomes';
import { strictestIndex, withAnswer, withMovedOut, withPath, type Explanation, type LayerOutcome, type SubjectOutcome } from './outcomes';
import { errorMessage } from '../values';
import { thisProcess } from '../host';

export { pickWinner, precedenceText, type Explanation, type LayerOutcome, type SubjectOutcome };

export type { LoadedPolicy };

export interface EngineOptions {
  /** Workspace folders (absolute). */
  readonly roots: readonly string[];
  readonly home: string;
  readonly platform?: Platform;
  /** The preset chosen by the user (overrides the user policy's own); a workspace policy may only make it stricter. */
  readonly preset?: Preset;
  readonly userPolicy?: LoadedPolicy;
  readonly workspacePolicy?: LoadedPolicy;
  /** Workspace rules count only in a trusted workspace. */
  readonly workspaceTrusted: boolean;
  readonly probe: PathProbe;
  /** DNS for fetches; by default the system's, with a deadline and a cache (made on the first fetch). */
  readonly resolver?: Resolver;
  /**
   * The shell parser, or a loader called on the first command (loading the grammar costs start-up time that
   * path and fetch decisions do not need). Without one every exec action is asked (fail closed).
   */
  readonly shell?: ShellParser | (() => Promise<ShellParser | undefined>);
  readonly tempDirs?: readonly string[];
  readonly airlockHome: string;
  /** For effect previews of destructive commands. */
  readonly effectFs?: EffectFs;
  readonly git?: GitRunner;
  /** Known environment for expanding variables in commands. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Compiled path globs kept between processes (for a hook, which decides once and exits). */
  readonly globCache?: GlobCache;
}

const presetOrder: readonly Preset[] = ['permissive', 'balanced', 'strict'];

export class Engine {
  readonly preset: Preset;
  private readonly platform: Platform;
  private readonly pathCtx: PathContext;
  private readonly floor: readonly Rule[];
  private readonly presetRules: readonly Rule[];
  private readonly user: readonly Rule[];
  private readonly workspace: readonly Rule[];

  constructor(private readonly options: EngineOptions) {
    this.platform = options.platform ?? (thisProcess.isWindows ? 'win32' : 'posix');
    const userPreset = options.preset ?? options.userPolicy?.policy.preset ?? 'balanced';
    const wsPreset = options.workspaceTrusted ? options.workspacePolicy?.policy.preset : undefined;
    this.preset = wsPreset && presetOrder.indexOf(wsPreset) > presetOrder.indexOf(userPreset) ? wsPreset : userPreset;
    const api = pathApiFor(this.platform);
    // HOME may lead through a link (/home -> /usr/home): the home rules are written over the real folder, which
    // every path resolves to, whichever name it was written with.
    const home = realPrefix(api.resolve(options.home), { platform: this.platform, probe: options.probe });
    const baseCtx: PathContext = { platform: this.platform, home, roots: options.roots, probe: options.probe };
    const realRoots = options.roots.map((r) => realPrefix(api.resolve(r), baseCtx));
    this.pathCtx = { ...baseCtx, realRoots };
    const builtinCtx: BuiltinContext = {
      home,
      platform: this.platform,
      roots: realRoots,
      tempDirs: (options.tempDirs ?? []).map((d) => realPrefix(api.resolve(d), baseCtx)),
      airlockHome: realPrefix(api.resolve(options.airlockHome), baseCtx),
      ...(options.globCache ? { globCache: options.globCache } : {}),
    };
    this.floor = compileBuiltin(floorPathRules, 'floor', this.preset, builtinCtx);
    this.presetRules = compileBuiltin(presetPathRules, 'preset', this.preset, builtinCtx);
    const compileCtx = { home, platform: this.platform, ...(options.globCache ? { globCache: options.globCache } : {}) };
    // Rules about tool results (`outputs`) are judged apart from actions: see judgeOutput.
    const forActions = (specs: readonly RuleSpec[] | undefined) => (specs ?? []).flatMap((spec, i) => (spec.outputs ? [] : [{ spec, i }]));
    this.user = forActions(options.userPolicy?.policy.rules).map(({ spec, i }) =>
      compileRule(spec, 'user', `${options.userPolicy?.file ?? 'user policy'} rules[${i}]`, compileCtx),
    );
    this.workspace = options.workspaceTrusted
      ? forActions(options.workspacePolicy?.policy.rules).map(({ spec, i }) =>
          compileRule(spec, 'workspace', `${options.workspacePolicy?.file ?? 'workspace policy'} rules[${i}]`, compileCtx),
        )
      : [];
  }

  /** Judges what a tool returned (findings of the output scanners) by the preset and the policies' `outputs` rules. */
  judgeOutput(findings: readonly OutputFinding[]): Verdict {
    try {
      return judgeOutput(findings, {
        preset: this.preset,
        user: this.options.userPolicy?.policy.rules ?? [],
        workspace: this.options.workspaceTrusted ? (this.options.workspacePolicy?.policy.rules ?? []) : [],
      });
    } catch (e) {
      return {
        decision: 'deny',
        rule: 'internal.error',
        layer: 'internal',
        reason: `Airlock could not judge the tool's result (${errorMessage(e)}), so it is withheld.`,
        risk: 'high',
      };
    }
  }

  /** Decides an action. Never throws: any internal failure is a deny naming the failure. */
  async decide(action: Action): Promise<Verdict> {
    return (await this.explain(action)).verdict;
  }

  /** Decides an action and says which rules matched in every layer and why the winner won. */
  async explain(action: Action): Promise<Explanation> {
    try {
      const ctx: PathContext = { ...this.pathCtx, probe: memoProbe(this.options.probe) };
      actionStates.set(ctx, { budget: new RestoreBudget(this.options.effectFs), movedOut: [] });
      const subjects = await this.evaluateAction(action, ctx);
      return { verdict: strictestVerdict(subjects.map((s) => s.verdict)), subjects, precedence: precedenceText };
    } catch (e) {
      const verdict: Verdict = {
        decision: 'deny',
        rule: 'internal.error',
        layer: 'internal',
        reason: `Airlock could not decide this action (${errorMessage(e)}), so it is denied.`,
        risk: 'high',
      };
      return { verdict, subjects: [], precedence: precedenceText };
    }
  }

  private async evaluateAction(action: Action, ctx: PathContext): Promise<SubjectOutcome[]> {
    switch (action.kind) {
      case 'read':
      case 'write':
      case 'delete':
        return this.pathOutcomes(ctx, action.kind, required(action.path, 'path'), action.cwd, action.recursive ?? false);
      case 'rename':
        return [
          ...this.renameSourceOutcomes(ctx, required(action.path, 'path'), required(action.to, 'to'), action.cwd, false),
          ...this.pathOutcomes(ctx, 'rename', required(action.to, 'to'), action.cwd, false),
        ];
      case 'fetch':
        return [await this.fetchOutcome(ctx, required(action.url, 'url'), action.cwd)];
      case 'exec':
        return this.execOutcomes(ctx, required(action.command, 'command'), action.cwd);
    }
  }

  // ── paths ────────────────────────────────────────────────────────────────────────────────────────────────

  private pathOutcomes(ctx: PathContext, kind: PathSubject['kind'], text: string, cwd: string | undefined, recursive: boolean): SubjectOutcome[] {
    const outcomes = [this.pathOutcome(ctx, kind, text, cwd, recursive)];
    // On POSIX a backslash is a filename character, but an agent that writes one usually means a separator:
    // judge both readings and keep the stricter.
    if (this.platform === 'posix' && text.includes('\\') && !/^[A-Za-z]:|^\\\\/.test(text)) {
      outcomes.push(this.pathOutcome(ctx, kind, text.replace(/\\/g, '/'), cwd, recursive));
    }
    if (kind === 'delete' || kind === 'rename') {
      for (const hit of this.protectedMatches(ctx, text, cwd)) outcomes.push(this.pathOutcome(ctx, kind, hit, undefined, true));
    }
    return outcomes;
  }

  /**
   * A pattern (`../*`, `/tmp/*`, `~/p*`) names whatever it matches when the shell expands it: a workspace folder,
   * a folder holding one, or the home folder among them is judged as itself, whichever way the pattern was written.
   */
  private protectedMatches(ctx: PathContext, text: string, cwd: string | undefined): string[] {
    if (this.platform !== 'posix' || !/[*?[]/.test(text)) return [];
    const resolved = resolvePath(text, ctx, cwd, 'entry');
    if (!resolved.ok) return [];
    const pattern = resolved.value.real;
    const hits = new Set<string>();
    for (const start of [...(ctx.realRoots ?? []), ctx.home]) {
      for (let at = start; ; at = nodePath.posix.dirname(at)) {
        if (at !== '/' && minimatch(at, pattern, { dot: true })) hits.add(at);
        if (at === '/' || at === nodePath.posix.dirname(at)) break;
      }
    }
    return [...hits];
  }

  /**
   * Moving something out of every workspace folder takes it (and all it holds) away from the workspace: its source
   * is judged as a delete, recursive for a folder or a pattern. Within or between workspace folders it stays a rename.
   */
  private renameSourceOutcomes(ctx: PathContext, from: string, to: string, cwd: string | undefined, pattern: boolean): SubjectOutcome[] {
    const src = resolvePath(from, ctx, cwd, 'entry');
    const dst = resolvePath(to, ctx, cwd, 'entry');
    if (!src.ok || !dst.ok || src.value.root === undefined || dst.value.root !== undefined) return this.pathOutcomes(ctx, 'rename', from, cwd, false);
    actionStates.get(ctx)?.movedOut.push(src.value.real);
    return this.pathOutcomes(ctx, 'delete', from, cwd, pattern || !this.options.effectFs);
  }

  private pathOutcome(ctx: PathContext, kind: PathSubject['kind'], text: string, cwd: string | undefined, recursive: boolean): SubjectOutcome {
    const mode = kind === 'delete' || kind === 'rename' ? 'entry' : 'follow';
    const resolved = resolvePath(text, ctx, cwd, mode);
    if (!resolved.ok) {
      return inputOutcome(`${kind} ${JSON.stringify(text)}`, 'input.bad-path', `The path cannot be used: ${resolved.error}.`);
    }
    const path = resolved.value;
    const isDir = kind === 'delete' && !recursive && this.options.effectFs?.existsSync(path.real)
      ? safeIsDir(this.options.effectFs, path.real)
      : false;
    const whole = recursive || isDir;
    // Only a delete inside the workspace is snapshotted first; the budget is the action's, shared by its targets.
    const restorable = kind === 'delete' && whole && path.root !== undefined && !/[*?[]/.test(text) && (actionStates.get(ctx)?.budget.holds(path.real, path.relative ?? '') ?? false);
    const subject: PathSubject = {
      type: 'path',
      kind,
      path,
      recursive: whole,
      ...(restorable ? { restorable } : {}),
      isRoot: path.relative === '' || path.real === ctx.home || path.real === '/',
    };
    return { ...this.layered(subject, `${kind} ${path.real}`), target: { path: path.real } };
  }

  // ── network ──────────────────────────────────────────────────────────────────────────────────────────────

  private async fetchOutcome(ctx: PathContext, url: string, cwd: string | undefined): Promise<SubjectOutcome> {
    // The network guard is loaded on the first fetch: a hook process deciding a path never pays for it.
    const network = await import('./networkLayers');
    this.resolver ??= this.options.resolver ?? network.createResolver();
    const assessment = await network.assessUrl(url, this.resolver);
    // file: URLs are reads: the path rules decide them.
    if (!assessment.error && assessment.target.scheme === 'file' && assessment.target.filePath !== undefined) {
      const filePath = assessment.target.filePath.replace(/^\/\/+(?=[^/])/, '/');
      if (assessment.target.filePath.startsWith('//') && !/^\/\/\/*$/.test(assessment.target.filePath)) {
        // file://remote-host/… names a file on another machine.
        const host = assessment.target.filePath.slice(2).split('/')[0] ?? '';
        if (host !== '' && host !== 'localhost') {
          return inputOutcome(`fetch ${url}`, 'preset.network-scheme', `file: URLs naming another host (${host}) are not local files.`, 'ask');
        }
      }
      return this.pathOutcome(ctx, 'read', filePath, cwd, false);
    }
    const subject: NetworkSubject = { type: 'network', kind: 'fetch', assessment };
    const outcome = this.layered(subject, `fetch ${assessment.target.host || url}`, network.networkLayers(assessment, this.preset));
    const { host, port, hostKind } = assessment.target;
    const shownHost = hostKind === 'ip' && host.includes(':') ? `[${host}]` : host;
    return {
      ...outcome,
      verdict: { ...outcome.verdict, effects: network.networkEffects(assessment) },
      ...(host ? { target: { host: port === undefined ? shownHost : `${shownHost}:${port}` } } : {}),
    };
  }

  // ── commands ─────────────────────────────────────────────────────────────────────────────────────────────

  private async execOutcomes(ctx: PathContext, command: string, cwd: string | undefined): Promise<SubjectOutcome[]> {
    const workdir = cwd ?? this.options.roots[0] ?? this.options.home;
    const shell = await this.shellParser();
    if (!shell) {
      return [inputOutcome(`exec ${command}`, 'internal.no-shell-parser', 'The shell parser is not available, so the command cannot be judged.', 'ask')];
    }
    // The shell guard is loaded with the grammar, on the first command.
    const { analyzeCommand } = await import('../shell/analyze');
    const analysis = analyzeCommand(command, { cwd: workdir, home: this.options.home, env: this.options.env ?? {} }, shell);
    if (analysis.commands.length === 0) {
      return [inputOutcome(`exec ${command}`, 'shell.empty', 'The command line runs nothing.', 'allow', 'preset')];
    }
    const outcomes: SubjectOutcome[] = [];
    for (const cmd of analysis.commands) outcomes.push(await this.commandOutcome(ctx, cmd, workdir));
    const effects = withMovedOut(await this.previewFor(analysis), actionStates.get(ctx)?.movedOut ?? []);
    if (effects) {
      const worst = strictestIndex(outcomes.map((o) => o.verdict));
      const o = outcomes[worst];
      if (o) outcomes[worst] = { ...o, verdict: { ...o.verdict, effects: mergeEffects(o.verdict.effects, effects) } };
    }
    return outcomes;
  }

  private shellLoading: Promise<ShellParser | undefined> | undefined;
  private resolver: Resolver | undefined;

  private shellParser(): Promise<ShellParser | undefined> {
    const shell = this.options.shell;
    if (typeof shell !== 'function') return Promise.resolve(shell);
    this.shellLoading ??= shell().catch(() => undefined);
    return this.shellLoading;
  }

  private async commandOutcome(ctx: PathContext, cmd: AnalyzedCommand, workdir: string): Promise<SubjectOutcome> {
    const subject: CommandSubject = { type: 'command', kind: 'exec', command: cmd };
    const description = `exec ${cmd.argv.join(' ') || cmd.text}`.slice(0, 200);
    const children: SubjectOutcome[] = [];
    let pathsDecide = cmd.effects.some((e) => e.kind === 'delete');
    for (const effect of cmd.effects) {
      const outcomes = await this.derivedOutcomes(ctx, effect, cmd.cwd ?? workdir);
      children.push(...outcomes);
      if (effect.kind === 'delete' && (effect.unknown || effect.glob || outcomes.length === 0 || outcomes.some((o) => o.verdict.decision !== 'allow'))) pathsDecide = false;
    }

    // The floor of any effect denies the command outright.
    const floorDeny = children.find((c) => ['floor', 'input', 'internal'].includes(c.verdict.layer) && c.verdict.decision === 'deny')?.verdict;
    const findings = pathsDecide ? cmd.findings.filter((f) => !decidedByPaths.has(f.rule)) : cmd.findings;
    const findingMatches: Match[] = findings.map((f) => ({
      rule: { id: f.rule, layer: 'preset', decision: shellDecision(f.rule, this.preset), reason: f.reason, origin: 'built-in' },
      specificity: 0,
    }));
    const presetLayer: LayerOutcome = { layer: 'preset', matches: findingMatches, winner: pickWinner(findingMatches) };
    const userLayer = layerOutcome('user', this.user, subject);
    const wsLayer = layerOutcome('workspace', this.workspace, subject);
    const layers = [presetLayer, userLayer, wsLayer];
    // The findings and the effects' own verdicts (user rule or preset) count, the strictest winning; a user rule
    // on the command answers their asks. Workspace rules, on the command or on its effects, can only tighten.
    let verdict = combineLayers({
      ...(floorDeny ? { floor: floorDeny } : {}),
      ...withAnswer('user', userLayer),
      preset: [...answersOf(presetLayer), ...children.map(baseOf)],
      presetDeniesHold: true,
      workspace: [wsLayer, ...children.flatMap((c) => c.layers.filter((l) => l.layer === 'workspace'))].flatMap(answersOf),
      unmatched: {
        decision: 'allow',
        rule: 'shell.unknown-command',
        layer: 'preset',
        reason: `\`${cmd.name}\` is not a command Airlock knows; its arguments touch nothing it protects.`,
        risk: 'low',
      },
    });
    if (floorDeny) return { description, layers, verdict, children, target: { argv: cmd.argv } };
    // A program or form nobody described is named as such, whichever guard decided.
    const unknown = cmd.findings.find((f) => f.category === 'unknown');
    if (unknown && verdict.rule !== unknown.rule) verdict = { ...verdict, reason: `${verdict.reason} (${unknown.reason.replace(/;.*$|\.$/, '')}.)` };
    return { description, layers, verdict, children, target: { argv: cmd.argv } };
  }

  private async derivedOutcomes(ctx: PathContext, effect: DerivedAction, cwd: string): Promise<SubjectOutcome[]> {
    if (effect.kind === 'fetch') {
      if (effect.url === undefined) return [];
      return [await this.fetchOutcome(ctx, effect.url, cwd)];
    }
    const text = effect.path;
    if (text === undefined) return [];
    if (effect.unknown) {
      const mutating = effect.kind !== 'read';
      return [
        inputOutcome(
          `${effect.kind} ${text}`,
          'preset.unknown-path',
          `The ${effect.kind} target ${text} depends on a value only known when the command runs.`,
          mutating ? 'ask' : this.preset === 'strict' ? 'ask' : 'allow',
          'preset',
        ),
      ];
    }
    if (effect.kind === 'rename' && effect.to !== undefined) {
      return [...this.renameSourceOutcomes(ctx, text, effect.to, cwd, effect.glob ?? false), ...this.pathOutcomes(ctx, 'rename', effect.to, cwd, false)];
    }
    return this.pathOutcomes(ctx, effect.kind, text, cwd, effect.recursive ?? false);
  }

  private async previewFor(analysis: ShellAnalysis): Promise<Effects | undefined> {
    const fs = this.options.effectFs;
    if (!fs) return undefined;
    const destructive = analysis.commands.some(
      (c) => c.findings.some((f) => f.category === 'destructive') || c.effects.some((e) => e.kind === 'delete' || e.truncate),
    );
    if (!destructive) return undefined;
    const { previewEffects } = await import('../shell/effects');
    const effects = previewEffects(analysis, { fs, ...(this.options.git ? { git: this.options.git } : {}) });
    const empty = !effects.paths?.length && !effects.notes?.length && !effects.fileCount;
    return empty ? undefined : effects;
  }

  // ── layers ───────────────────────────────────────────────────────────────────────────────────────────────

  /** A subject through the four layers; a network subject brings its floor and preset layers (see networkLayers). */
  private layered(subject: PathSubject | NetworkSubject, description: string, builtIn?: readonly [floor: LayerOutcome, preset: LayerOutcome]): SubjectOutcome {
    const [floor, preset] = builtIn ?? [layerOutcome('floor', this.floor, subject), layerOutcome('preset', this.presetRules, subject)];
    const user = layerOutcome('user', this.user, subject);
    const workspace = layerOutcome('workspace', this.workspace, subject);
    const layers = [floor, preset, user, workspace];
    const named = (v: Verdict): Verdict => (subject.type === 'path' ? { ...v, reason: withPath(v.reason, subject.path.real) } : v);
    const verdict = combineLayers({
      ...withAnswer('floor', floor),
      ...withAnswer('user', user),
      preset: answersOf(preset),
      workspace: answersOf(workspace),
      unmatched: { decision: 'ask', rule: 'preset.unmatched', layer: 'preset', reason: 'No rule covers this action, so it is asked.', risk: 'medium' },
    });
    return { description, layers, verdict: named(verdict) };
  }
}

/** Per action: what it may still delete on the snapshot's word, and what it moves out of the workspace. */
interface ActionState {
  readonly budget: RestoreBudget;
  readonly movedOut: string[];
}

const actionStates = new WeakMap<PathContext, ActionState>();
