/** What an agent wants to do, normalised from any source (hook payload, editor event, CLI input). */
export type ActionKind = 'read' | 'write' | 'delete' | 'rename' | 'exec' | 'fetch';

export const actionKinds: readonly ActionKind[] = ['read', 'write', 'delete', 'rename', 'exec', 'fetch'];

/** Where an action came from: the agent, the channel that saw it (hook, tool, observed event, cli), a session id. */
export interface ActionSource {
  readonly agent: string;
  readonly channel: string;
  readonly session?: string;
}

export interface Action {
  readonly kind: ActionKind;
  /** read/write/delete/rename: the file or folder. Relative paths resolve against `cwd`, else the workspace. */
  readonly path?: string;
  /** rename: the destination. */
  readonly to?: string;
  /** exec: the shell command line. */
  readonly command?: string;
  /** exec and relative paths: the working directory. */
  readonly cwd?: string;
  /** fetch: the URL (or a bare host). */
  readonly url?: string;
  /** delete: the target is removed with its contents (rm -r). */
  readonly recursive?: boolean;
  readonly source: ActionSource;
}
