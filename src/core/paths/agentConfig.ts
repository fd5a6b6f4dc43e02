/**
 * Where agents and editors keep the settings that decide what an agent may do: its permissions, hooks, MCP servers,
 * modes and rules. Writing them can widen an agent's permissions or make a tool run code, so the path guard
 * (places.ts: executionConfig, homeConfig) and the shell's sensitive writes (sensitive.ts) both read this one
 * table. Add an agent here, with the page that documents its paths.
 *
 * `project` entries are relative to a project folder and match at any depth (`*` stays within one name);
 * `home` entries are relative to the home folder and cover everything below them.
 *
 * A project's own instruction files (AGENTS.md, CLAUDE.md, GEMINI.md) are deliberately not listed: agents create
 * and update them all the time (`/init`), they grant no permission and run nothing by themselves, and they are
 * ordinary workspace files, snapshotted before every change. Copilot's instruction, prompt and chat-mode folders
 * are listed because they sit with files that choose tools and apply to every request. In the home folder the
 * instruction files live inside the agents' settings folders (~/.claude/CLAUDE.md, ~/.codex/AGENTS.md,
 * ~/.gemini/GEMINI.md) and are protected with them.
 */
export interface AgentConfigPlace {
  readonly agent: string;
  readonly project: readonly string[];
  readonly home: readonly string[];
}

export const agentConfigPlaces: readonly AgentConfigPlace[] = [
  // https://docs.anthropic.com/en/docs/claude-code/settings (.claude/settings*.json, hooks, agents; .mcp.json; ~/.claude.json)
  { agent: 'Claude Code', project: ['.claude', '.mcp.json'], home: ['.claude', '.claude.json'] },
  // https://docs.cursor.com/context/rules and /context/model-context-protocol (.cursor/rules, .cursor/mcp.json, .cursorrules)
  { agent: 'Cursor', project: ['.cursor', '.cursorrules', '.cursorignore'], home: ['.cursor'] },
  // https://github.com/google-gemini/gemini-cli/blob/main/docs/get-started/configuration.md (.gemini/settings.json)
  { agent: 'Gemini CLI', project: ['.gemini', '.geminiignore'], home: ['.gemini'] },
  // https://github.com/openai/codex/blob/main/docs/config.md (~/.codex/config.toml; project .codex/)
  { agent: 'Codex', project: ['.codex'], home: ['.codex'] },
  // https://docs.cline.bot/features/cline-rules (.clinerules file or folder; ~/Documents/Cline/Rules, Hooks)
  { agent: 'Cline', project: ['.clinerules', '.cline', '.clineignore'], home: ['.cline', 'Documents/Cline'] },
  // https://docs.roocode.com/features/custom-instructions and /features/custom-modes (.roo/rules*, .roorules*, .roomodes)
  { agent: 'Roo Code', project: ['.roo', '.roomodes', '.roorules*', '.rooignore'], home: ['.roo'] },
  // https://docs.windsurf.com/windsurf/cascade/memories (.windsurf/rules, .windsurfrules; ~/.codeium/windsurf)
  { agent: 'Windsurf', project: ['.windsurf', '.windsurfrules', '.codeiumignore'], home: ['.windsurf', '.codeium'] },
  // https://docs.continue.dev/customize/overview (.continue/ blocks and rules; ~/.continue/config.yaml)
  { agent: 'Continue', project: ['.continue', '.continuerc.json'], home: ['.continue'] },
  // https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/mcp-ide.html (.amazonq/default.json, .amazonq/mcp.json, rules)
  { agent: 'Amazon Q', project: ['.amazonq'], home: ['.aws/amazonq'] },
  // https://kiro.dev/docs/mcp/configuration (.kiro/settings/mcp.json, .kiro/steering, .kiro/hooks)
  { agent: 'Kiro', project: ['.kiro'], home: ['.kiro'] },
  // https://zed.dev/docs/configuring-zed (.zed/settings.json, tasks.json; ~/.config/zed)
  { agent: 'Zed', project: ['.zed'], home: ['.config/zed'] },
  // https://www.jetbrains.com/help/junie/customize-guidelines.html (.junie/guidelines.md, .junie/mcp)
  { agent: 'Junie', project: ['.junie'], home: ['.junie'] },
  // https://aider.chat/docs/config/aider_conf.html (.aider.conf.yml, .aiderignore, .aider.model.settings.yml)
  { agent: 'Aider', project: ['.aider*'], home: ['.aider*'] },
  // https://opencode.ai/docs/config (opencode.json(c), .opencode/ agents and commands; ~/.config/opencode)
  { agent: 'OpenCode', project: ['.opencode', 'opencode.json', 'opencode.jsonc'], home: ['.config/opencode'] },
  // https://docs.github.com/en/copilot/customizing-copilot/adding-repository-custom-instructions-for-github-copilot
  // (.github/copilot-instructions.md, .github/instructions/*.instructions.md, .github/prompts, .github/chatmodes)
  {
    agent: 'GitHub Copilot',
    project: ['.github/copilot-instructions.md', '.github/instructions', '.github/prompts', '.github/chatmodes', '.github/agents', '.github/hooks'],
    home: ['.copilot', '.config/github-copilot'],
  },
  // https://code.visualstudio.com/docs/copilot/chat/mcp-servers and /docs/editor/tasks (workspace and user settings)
  {
    agent: 'VS Code',
    project: ['.vscode/settings.json', '.vscode/tasks.json', '.vscode/launch.json', '.vscode/mcp.json', '*.code-workspace'],
    home: ['.config/Code/User', '.config/Code - Insiders/User', 'Library/Application Support/Code/User', '.vscode-server/data/Machine'],
  },
  // Airlock's own workspace policy and user folder.
  { agent: 'Airlock', project: ['.airlock'], home: ['.airlock', '.config/airlock'] },
];

/** The project entries as workspace globs for the path guard (`**` finds them at any depth). */
export const agentProjectGlobs = (): string[] => agentConfigPlaces.flatMap((p) => p.project.map((e) => `**/${e}`));

/** The home entries as home globs for the path guard. */
export const agentHomeGlobs = (): string[] => agentConfigPlaces.flatMap((p) => p.home.map((e) => `~/${e}`));

const toRegex = (entry: string): string => entry.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');

const projectPattern = new RegExp(`(^|/)(${agentConfigPlaces.flatMap((p) => p.project).map(toRegex).join('|')})(/|$)`, 'i');
const homePattern = new RegExp(`^(${agentConfigPlaces.flatMap((p) => p.home).map(toRegex).join('|')})(/|$)`, 'i');

/** Whether a normalised absolute path is (or is inside) a project's agent configuration. */
export function isProjectAgentConfig(p: string): boolean {
  return projectPattern.test(p);
}

/** Whether a path relative to the home folder is (or is inside) an agent's or editor's user settings. */
export function isHomeAgentConfig(rel: string): boolean {
  return homePattern.test(rel);
}
