import { errnoOf } from './storeFs';
import { errorMessage } from '../values';

export type StoreErrorCode = 'disk-full' | 'busy' | 'corrupt' | 'not-found' | 'invalid' | 'io';

/** A failure of the snapshot store with a message a person can act on. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Turns a file-system error met while writing the store into a StoreError that says what happened and where. */
export function storeWriteError(e: unknown, storeRoot: string, what: string): StoreError {
  if (e instanceof StoreError) return e;
  const code = errnoOf(e);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new StoreError(
      'disk-full',
      `the disk holding the snapshot store (${storeRoot}) is full: ${what} was not saved and nothing was changed; ` +
        `free some space or run 'airlock snapshots gc'`,
      { cause: e },
    );
  }
  const detail = errorMessage(e);
  return new StoreError('io', `${what} failed: ${detail}`, { cause: e });
}
