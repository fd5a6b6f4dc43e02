/** Many files deleted at once (`rm -rf` in a terminal, an agent without hooks): this many within this window. */
export const massDeletion = { files: 20, windowMs: 5_000 } as const;

/** One deletion seen on disk, and the checkpoint that still held it. */
export interface Deletion {
  readonly path: string;
  readonly dir: boolean;
  readonly at: number;
  readonly baseline: string | undefined;
}

/**
 * Watches a folder's deletions for a burst: once `files` files (folders do not count) have gone within `windowMs`,
 * the burst holds them and every deletion after, until `take()` hands it over (when things are quiet again).
 * Pure: time comes from the clock given, so tests step it.
 */
export class DeletionBurst {
  private recent: Deletion[] = [];
  private burst: Deletion[] | undefined;

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly limits: { readonly files: number; readonly windowMs: number } = massDeletion,
  ) {}

  note(path: string, dir: boolean, baseline: string | undefined): void {
    const now = this.clock();
    const deletion = { path, dir, at: now, baseline };
    if (this.burst) {
      this.burst.push(deletion);
      return;
    }
    this.recent = this.recent.filter((d) => d.at > now - this.limits.windowMs);
    this.recent.push(deletion);
    if (this.recent.filter((d) => !d.dir).length >= this.limits.files) {
      this.burst = this.recent;
      this.recent = [];
    }
  }

  /** The burst seen since the last take, if any; the detector starts over. */
  take(): readonly Deletion[] | undefined {
    const burst = this.burst;
    this.burst = undefined;
    return burst;
  }
}
