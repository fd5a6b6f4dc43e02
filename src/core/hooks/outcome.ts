import type { Action, ActionSource } from '../actions';
import { err, ok, type Result } from '../result';
import type { Verdict } from '../verdict';
import { mcpTargets, mcpVerb, type McpVerb } from './mcp';
import { patchTargets } from './patch';
import { agentRegistry } from './registry';
import type { AgentId } from './types';
import { noSideEffect, opaqueMcpTool, unknownTool, unreadableInput } from './verdicts';


/** What one tool call would do: the actions for the engine and the verdicts reached from the tool alone. */
export interface ToolOutcome {
  readonly actions: readonly Action[];
  readonly verdicts: readonly Verdict[];
}

/**
 * Collects the actions of one tool call. A missing required argument is a problem that makes the whole payload
 * malformed (and the hook deny); an argument Airlock cannot interpret is an "ask" verdict instead.
 */
export class OutcomeBuilder {
  private readonly actions: Action[] = [];
  private readonly verdicts: Verdict[] = [];
  private readonly problems: string[] = [];

  constructor(
    private readonly source: ActionSource,
    private readonly agentName: string,
    readonly tool: string,
    private readonly cwd: string | undefined,
    /** The agent's version, where its payload names it (Cline, Cursor). */
    private readonly agentVersion?: string,
  ) {}

  private add(action: Omit<Action, 'source' | 'cwd'>, cwd = this.cwd): this {
    this.actions.push({ ...action, source: this.source, ...(cwd !== undefined ? { cwd } : {}) });
    return this;
  }

  private need(value: string | undefined, what: string): value is string {
    if (value === undefined) this.problems.push(`"${this.tool}" has no ${what}`);
    return value !== undefined;
  }

  read(path: string | undefined, what = 'path'): this {
    return this.need(path, what) ? this.add({ kind: 'read', path }) : this;
  }

  write(path: string | undefined, what = 'path'): this {
    return this.need(path, what) ? this.add({ kind: 'write', path }) : this;
  }

  delete(path: string | undefined, what = 'path'): this {
    return this.need(path, what) ? this.add({ kind: 'delete', path }) : this;
  }

  rename(path: string, to: string): this {
    return this.add({ kind: 'rename', path, to });
  }

  exec(command: string | undefined, cwd = this.cwd, what = 'command'): this {
    return this.need(command, what) ? this.add({ kind: 'exec', command }, cwd) : this;
  }

  fetch(url: string | undefined, what = 'URL'): this {
    return this.need(url, what) ? this.add({ kind: 'fetch', url }) : this;
  }

  verdict(verdict: Verdict): this {
    this.verdicts.push(verdict);
    return this;
  }

  /** A tool without side effects on this machine. */
  inert(): this {
    return this.verdict(noSideEffect(this.tool));
  }

  unknown(): this {
    return this.verdict(unknownTool(this.agentName, this.tool, agentRegistry[this.source.agent as AgentId]?.toolListReadFrom, this.agentVersion));
  }

  unreadable(what: string): this {
    return this.verdict(unreadableInput(this.tool, what));
  }

  /** Every file a patch touches; an unreadable patch is asked. */
  patch(text: string | undefined): this {
    if (!this.need(text, 'patch text')) return this;
    const targets = patchTargets(text);
    if (!targets.ok) return this.unreadable(targets.error);
    for (const t of targets.value) {
      if (t.kind === 'rename') this.rename(t.path, t.to);
      else if (t.kind === 'delete') this.delete(t.path);
      else this.write(t.path);
    }
    return this;
  }

  /**
   * An MCP tool, judged by its arguments: recognised paths become reads, writes, deletes or a rename as the tool's
   * name says, URLs become fetches, command arguments of a tool that runs things become commands. A tool whose
   * name says nothing Airlock knows, that runs things, or whose arguments name no path or URL is also asked.
   */
  mcp(toolName: string, args: unknown): this {
    const verb: McpVerb = mcpVerb(toolName);
    const targets = mcpTargets(args);
    const paths = targets.paths.map((p) => p.path);
    for (const url of targets.urls) this.fetch(url);
    if (verb === 'exec') {
      const cwd = targets.paths.find((p) => /^(cwd|workdir|working_?directory|dir|directory)$/i.test(p.key))?.path;
      for (const command of targets.commands) this.exec(command, cwd ?? this.cwd);
      for (const p of targets.paths) if (p.path !== cwd) this.write(p.path);
      return this.verdict(opaqueMcpTool(toolName, 'runs something through its server, which Airlock cannot watch'));
    }
    if (verb === 'move' && paths.length >= 2) {
      const [from, to, ...rest] = paths as [string, string, ...string[]];
      this.rename(from, to);
      for (const p of rest) this.write(p);
    } else {
      const kind = verb === 'delete' ? 'delete' : verb === 'read' || verb === 'fetch' ? 'read' : 'write';
      for (const p of paths) this.add({ kind, path: p });
    }
    if (verb === 'unknown') return this.verdict(opaqueMcpTool(toolName, 'has a name that does not say what it does'));
    if (verb === 'move' && paths.length < 2) return this.verdict(opaqueMcpTool(toolName, 'moves something Airlock cannot name'));
    if (paths.length === 0 && targets.urls.length === 0) {
      return this.verdict(opaqueMcpTool(toolName, 'names no file, folder or URL Airlock can recognise'));
    }
    return this;
  }

  done(): Result<ToolOutcome, string> {
    if (this.problems.length > 0) return err(this.problems.join('; '));
    if (this.actions.length === 0 && this.verdicts.length === 0) return err(`"${this.tool}" names nothing to decide`);
    return ok({ actions: this.actions, verdicts: this.verdicts });
  }
}
