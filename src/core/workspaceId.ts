import { sha256Hex } from './sha256';

/**
 * A workspace folder's id in Airlock's folder (its trail, snapshots and bridge are filed under it): the first 16
 * hex digits of the SHA-256 of the folder's real path.
 */
export const workspaceId = (realRoot: string): string => sha256Hex(realRoot).slice(0, 16);
