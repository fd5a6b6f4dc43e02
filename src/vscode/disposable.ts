import type * as vscode from 'vscode';

/** Owns child disposables; disposing is idempotent and releases children last-in, first-out. */
export class Disposable implements vscode.Disposable {
  private readonly children: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected register<T extends vscode.Disposable>(child: T): T {
    if (this.disposed) {
      child.dispose();
    } else {
      this.children.push(child);
    }
    return child;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    while (this.children.length > 0) {
      this.children.pop()?.dispose();
    }
  }
}
