import type { WebviewMessage } from '../../shared/auditMessages';

/** What VS Code gives a webview's script (`acquireVsCodeApi`, callable once). */
export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscodeApi = (): VsCodeApi => acquireVsCodeApi();
