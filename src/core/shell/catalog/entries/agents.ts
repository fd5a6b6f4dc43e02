import type { CatalogEntry, OptionInfo } from '../types';

const unguarded: OptionInfo = { does: ['unguarded-agent'], what: 'starts an AI agent with its own permission checks turned off' };
const unguardedWhen = (when: RegExp): OptionInfo => ({ value: true, when, ...unguarded });

/**
 * AI agents started from a command line: another agent is an agent run (its own hooks judge its actions), and
 * one started with its checks off is refused. Flags from each agent's CLI reference.
 */
export const agentEntries: readonly CatalogEntry[] = [
  {
    names: ['claude'],
    source: 'Claude Code CLI reference (docs.claude.com/en/docs/claude-code/cli-reference): --dangerously-skip-permissions, --permission-mode bypassPermissions',
    does: ['agent'],
    open: true,
    options: {
      '--dangerously-skip-permissions|--allow-dangerously-skip-permissions': unguarded,
      '--permission-mode': unguardedWhen(/^bypass-?permissions$/i),
      '--model|--allowedTools|--allowed-tools|--disallowedTools|--disallowed-tools|--append-system-prompt|--system-prompt|--output-format|--input-format|--max-turns|--mcp-config|--add-dir|--settings|--session-id|-r|--resume|--agents|--fallback-model|--setting-sources': { value: true },
      '-p|--print|-c|--continue|--verbose|--debug|-v|--version|-h|--help|--ide|--strict-mcp-config': {},
    },
  },
  {
    names: ['codex'],
    source: 'Codex CLI reference (developers.openai.com/codex/cli/reference): --dangerously-bypass-approvals-and-sandbox (--yolo), --sandbox danger-full-access, -c approval_policy/sandbox_mode',
    does: ['agent'],
    open: true,
    options: {
      '--dangerously-bypass-approvals-and-sandbox|--yolo': unguarded,
      '-s|--sandbox': unguardedWhen(/^danger-full-access$/),
      '-c|--config': unguardedWhen(/^(sandbox_mode\s*=\s*["']?danger-full-access|sandbox\s*=\s*["']?danger-full-access)/),
      '-a|--ask-for-approval|-m|--model|-p|--profile|-C|--cd|-i|--image|--add-dir|--output-last-message|--output-schema|--color': { value: true },
      '--full-auto|--oss|--search|--json|--skip-git-repo-check|-h|--help|-V|--version': {},
    },
  },
  {
    names: ['gemini', 'qwen'],
    source: 'Gemini CLI configuration (github.com/google-gemini/gemini-cli docs/cli/configuration.md): -y/--yolo, --approval-mode yolo; Qwen Code (same flags)',
    does: ['agent'],
    open: true,
    options: {
      '-y|--yolo': unguarded,
      '--approval-mode': unguardedWhen(/^yolo$/i),
      '-m|--model|-p|--prompt|-i|--prompt-interactive|--include-directories|-e|--extensions|--allowed-mcp-server-names|--allowed-tools|-o|--output-format|--telemetry-target|--proxy': { value: true },
      '-s|--sandbox|-d|--debug|-a|--all-files|--checkpointing|-v|--version|-h|--help|--screen-reader': {},
    },
  },
  {
    names: ['q', 'kiro-cli'],
    source: 'Amazon Q Developer CLI (docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/command-line-chat.html): q chat --trust-all-tools',
    does: ['agent'],
    subs: {
      chat: { does: ['agent'], open: true, options: { '--trust-all-tools|-a': unguarded, '--trust-tools|--agent|--model|--profile': { value: true }, '--no-interactive|--resume|-r': {} } },
      translate: { does: ['agent'], open: true },
      doctor: { does: ['reads'], open: true },
      settings: { does: ['writes'], open: true },
      login: { does: ['network'], open: true },
      logout: { does: ['writes'], open: true },
      whoami: { does: ['network'], open: true },
      mcp: { does: ['writes'], open: true },
      agent: { does: ['writes'], open: true },
      update: { does: ['installs'], open: true },
      '--version': { does: ['reads'], open: true },
      '--help': { does: ['reads'], open: true },
    },
  },
  {
    names: ['amp'],
    source: 'Amp manual (ampcode.com/manual): --dangerously-allow-all',
    does: ['agent'],
    open: true,
    options: { '--dangerously-allow-all': unguarded, '-x|--execute|--mode|--settings-file|--log-level|--log-file|--visibility': { value: true } },
  },
  {
    names: ['cursor-agent'],
    source: 'Cursor CLI parameters (cursor.com/docs/cli/reference/parameters): -f/--force allows commands unless explicitly denied',
    does: ['agent'],
    open: true,
    options: { '-f|--force': unguarded, '-m|--model|--output-format|--api-key|--resume': { value: true }, '-p|--print|-h|--help|-v|--version|--fullscreen|--background': {} },
  },
  {
    names: ['copilot'],
    source: 'GitHub Copilot CLI (docs.github.com/copilot/how-tos/use-copilot-agents/use-copilot-cli): --allow-all-tools, --allow-all-paths, --allow-all/--yolo',
    does: ['agent'],
    open: true,
    options: {
      '--allow-all-tools|--allow-all-paths|--allow-all|--yolo': unguarded,
      '--allow-tool|--deny-tool|--model|-p|--prompt|--add-dir|--log-level|--log-dir|--resume|--agent|--additional-mcp-config': { value: true },
      '--continue|--banner|--no-color|-h|--help|-v|--version|--screen-reader|--disable-builtin-mcps': {},
    },
  },
  {
    names: ['cline', 'crush'],
    source: 'Cline CLI (docs.cline.bot/cline-cli): -y/--yolo approves every action; Crush (github.com/charmbracelet/crush): -y/--yolo',
    does: ['agent'],
    open: true,
    options: { '-y|--yolo': unguarded, '-m|--mode|--model|-c|--cwd|-o|--output-format|-s|--setting': { value: true }, '-h|--help|-v|--version|-d|--debug|-q|--quiet': {} },
  },
  {
    names: ['aider'],
    source: 'aider options reference (aider.chat/docs/config/options.html): --yes-always',
    does: ['agent'],
    open: true,
    options: { '--yes-always|--yes': unguarded, '--model|-m|--message|--message-file|-f|--file|--read|--config|-c|--env-file|--api-key|--openai-api-key|--anthropic-api-key': { value: true } },
  },
  {
    names: ['droid'],
    source: 'Factory droid exec (docs.factory.ai/cli/droid-exec/overview): --skip-permissions-unsafe',
    does: ['agent'],
    open: true,
    options: { '--skip-permissions-unsafe': unguarded, '--auto': unguardedWhen(/^high$/i), '-m|--model|-f|--file|--cwd|-o|--output-format|-s|--session-id': { value: true } },
  },
  {
    names: ['opencode', 'goose', 'openhands', 'auggie', 'plandex', 'continue', 'cn'],
    source: 'other agent CLIs: an agent run, judged by its own checks',
    does: ['agent'],
    open: true,
    options: { '--dangerously-skip-permissions|--always-approve|--yolo|--auto-approve': unguarded },
  },
];
