// The hook installer's public surface, for `airlock hooks` and the editor's Protect Agents / Remove Agent Hooks.
export { agentSpecs, detectAgent, detectAgents, entryTimeouts, scriptMarker, type AgentSpec, type Detection, type InstallContext } from './agents';
export { hookCommand, isAirlockCommand, scriptOf, type HookCommandOptions } from './command';
export { nodeInstallFs, type InstallFs } from './installFs';
export { findNode, minNodeMajor, onceEach, runNodeProbe, type NodeCheck, type NodeProbe } from './nodeRuntime';
export { applyPlan, planInstall, planRemove, removeHooks, type HookPlan } from './plan';
export { agentStatus, hookStatus, protectingStates, type AgentHookStatus, type HookState, type StatusContext } from './status';
export { agentActivation, folderTrusted, type Activation, type ActivationContext } from './activation';
