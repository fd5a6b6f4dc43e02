import type * as Crypto from 'node:crypto';
import { sha256Hex } from '../sha256';
import { genesisHash, parseRecord, type TrailRecord } from './record';

/**
 * JSON with object keys sorted (by UTF-16 code units, as RFC 8785 does), no whitespace, `undefined` fields left
 * out. Numbers and strings are written as `JSON.stringify` writes them, which is deterministic, so any reader
 * recomputes the same bytes from a parsed record.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no representation for a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON has no representation for ${typeof value}`);
}

export const sha256 = (text: string): string => sha256Hex(text);

/**
 * The same SHA-256 by Node's `crypto`, for hashing many records (verifying a trail): seven times faster once
 * loaded, while loading it costs more than a hook process spends hashing the one record it appends.
 */
function bulkSha256(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module, loaded on first use
  const { createHash } = require('node:crypto') as typeof Crypto;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash a record carries: SHA-256 of its canonical JSON without the `hash` field. */
export function recordHash(record: Readonly<Record<string, unknown>>, hash: (text: string) => string = sha256): string {
  const { hash: _hash, ...rest } = record;
  return hash(canonicalJson(rest));
}

/** What is wrong at the first broken link. */
export type ChainProblem =
  | 'not-json'
  | 'invalid'
  | 'hash'
  | 'seq'
  | 'prev'
  | 'missing-segment'
  | 'segment-link'
  | 'truncated'
  | 'head';

export interface ChainBreak {
  /** The segment's file name, e.g. `trail-000002.jsonl` or `trail.jsonl`. */
  readonly segment: string;
  /** 1-based line in that segment; 0 when the problem is the segment or the end of the trail as a whole. */
  readonly line: number;
  /** The seq the broken record claims, when it could be read. */
  readonly seq?: number;
  readonly problem: ChainProblem;
  /** One sentence a person understands. */
  readonly message: string;
}

/** The last record appended, written next to the trail on every append so a cut-off tail is noticed. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** What the index says about a rotated segment. */
export interface SegmentEntry {
  readonly file: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** The `prev` of its first record: the last hash of the segment before it. */
  readonly firstPrev: string;
  readonly lastHash: string;
}

export interface SegmentText {
  readonly name: string;
  readonly text: string;
}

export interface ChainVerification {
  readonly ok: boolean;
  /** Records read and checked up to the first break (all of them when intact). */
  readonly verified: number;
  readonly segments: number;
  readonly lastSeq: number;
  /** The hash of the last intact record (the trail's head when intact). */
  readonly lastHash: string;
  readonly break?: ChainBreak;
  /** Things that do not break the chain but a reader should know (no head file yet, an index behind the files). */
  readonly warnings: readonly string[];
}

/** A line of the trail, parsed; `record` is absent when the line could not be read. */
export interface TrailLine {
  readonly segment: string;
  readonly line: number;
  readonly record?: TrailRecord;
}

export interface ChainInput {
  /** Rotated segments oldest first, then the active file. */
  readonly segments: readonly SegmentText[];
  readonly head?: ChainHead;
  /** Rotated segments the index lists (a listed segment that is missing is a break). */
  readonly index?: readonly SegmentEntry[];
}

/**
 * Verifies a trail's hash chain across its segments: every line is a valid record whose hash matches its content,
 * seq counts up from 1 without gaps, and each `prev` is the hash of the record before it, across segment
 * boundaries. Then the end of the trail must reach the head recorded at the last append. Reports the first broken
 * link. Also returns every line it could parse, so a reader shows the records (after the break, unverified).
 */
export function verifyChain(input: ChainInput): { verification: ChainVerification; lines: TrailLine[] } {
  const warnings: string[] = [];
  const lines: TrailLine[] = [];
  let expectedSeq = 1;
  let prevHash = genesisHash;
  let verified = 0;
  let found: ChainBreak | undefined;
  const fail = (b: ChainBreak): void => {
    found ??= b;
  };

  // A segment the index lists but the folder lacks: its records are gone.
  const present = new Set(input.segments.map((s) => s.name));
  const missing = (input.index ?? []).find((e) => !present.has(e.file));
  const indexed = new Map((input.index ?? []).map((e) => [e.file, e]));

  input.segments.forEach((segment, segmentIndex) => {
    const rows = segment.text.split('\n');
    // A segment ends with a newline; the empty string after it is not a line. An unfinished last line of the
    // active file is a write that was interrupted: the next append moves it aside.
    const unfinished = rows.pop();
    if (unfinished !== undefined && unfinished !== '') {
      if (segmentIndex === input.segments.length - 1) warnings.push(`${segment.name} ends with an unfinished line (an interrupted write)`);
      else rows.push(unfinished);
    }
    const firstSeqOfSegment = expectedSeq;
    rows.forEach((text, i) => {
      const at = { segment: segment.name, line: i + 1 };
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        lines.push(at);
        fail({ ...at, problem: 'not-json', message: 'the line is not JSON (edited, or a partial write)' });
        return;
      }
      const parsed = parseRecord(data);
      if (!parsed.ok) {
        lines.push(at);
        const seq = typeof (data as { seq?: unknown }).seq === 'number' ? ((data as { seq: number }).seq) : undefined;
        fail({ ...at, ...(seq !== undefined ? { seq } : {}), problem: 'invalid', message: `the line is not a valid record: ${parsed.error}` });
        return;
      }
      const record = parsed.value;
      lines.push({ ...at, record });
      if (found) return;
      const where = { ...at, seq: record.seq };
      if (recordHash(data as Record<string, unknown>, bulkSha256) !== record.hash) {
        fail({ ...where, problem: 'hash', message: `record ${record.seq} does not match its hash: it was edited after it was written` });
      } else if (record.seq !== expectedSeq) {
        const message =
          record.seq > expectedSeq
            ? `record ${record.seq} comes where record ${expectedSeq} should: ${record.seq - expectedSeq === 1 ? 'a record was' : 'records were'} removed or moved`
            : `record ${record.seq} comes after record ${expectedSeq - 1}: records were inserted, duplicated or reordered`;
        fail({ ...where, problem: 'seq', message });
      } else if (record.prev !== prevHash) {
        fail({
          ...where,
          problem: i === 0 && expectedSeq > 1 ? 'segment-link' : 'prev',
          message:
            i === 0 && expectedSeq > 1
              ? `record ${record.seq}, the first of ${segment.name}, does not link to the last record of the segment before it`
              : `record ${record.seq} does not link to record ${record.seq - 1}: one of them was replaced`,
        });
      } else {
        verified++;
        expectedSeq = record.seq + 1;
        prevHash = record.hash;
      }
    });
    const entry = indexed.get(segment.name);
    if (entry && !found && (entry.firstSeq !== firstSeqOfSegment || entry.lastSeq !== expectedSeq - 1 || entry.lastHash !== prevHash)) {
      fail({
        segment: segment.name,
        line: 0,
        problem: 'segment-link',
        message: `${segment.name} holds records ${firstSeqOfSegment}–${expectedSeq - 1}, but the index recorded ${entry.firstSeq}–${entry.lastSeq} with another last hash`,
      });
    }
  });

  if (missing && (!found || (found.seq ?? Infinity) >= missing.firstSeq)) {
    found = {
      segment: missing.file,
      line: 0,
      seq: missing.firstSeq,
      problem: 'missing-segment',
      message: `segment ${missing.file} (records ${missing.firstSeq}–${missing.lastSeq}) is listed in the index but missing`,
    };
  }
  const lastSeq = expectedSeq - 1;
  const tail = input.segments.at(-1)?.name ?? 'trail.jsonl';
  if (!found) {
    if (!input.head) {
      if (lastSeq > 0) warnings.push('there is no head file, so a cut-off end of the trail cannot be detected');
    } else if (input.head.seq > lastSeq) {
      fail({
        segment: tail,
        line: 0,
        seq: input.head.seq,
        problem: 'truncated',
        message: `the trail ends at record ${lastSeq}, but record ${input.head.seq} was appended: records were removed from the end`,
      });
    } else {
      const atHead = lines.find((l) => l.record?.seq === input.head?.seq);
      if (input.head.seq > 0 && atHead?.record?.hash !== input.head.hash) {
        fail({
          segment: atHead?.segment ?? tail,
          line: atHead?.line ?? 0,
          seq: input.head.seq,
          problem: 'head',
          message: `record ${input.head.seq} is not the record that was appended with that number: the trail was rewritten`,
        });
      } else if (input.head.seq < lastSeq) {
        warnings.push(`the head file names record ${input.head.seq}, before the last record ${lastSeq} (an append was interrupted)`);
      }
    }
  }
  return {
    verification: {
      ok: !found,
      verified,
      segments: input.segments.length,
      lastSeq,
      lastHash: prevHash,
      ...(found ? { break: found } : {}),
      warnings,
    },
    lines,
  };
}
