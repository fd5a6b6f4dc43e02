import { err, ok, type Result } from '../result';
import { isObject } from './fields';

/** A file a patch touches, and how. */
export type PatchTarget =
  | { readonly kind: 'write'; readonly path: string }
  | { readonly kind: 'delete'; readonly path: string }
  | { readonly kind: 'rename'; readonly path: string; readonly to: string };

const applyPatchHeader = /^\*\*\* (Add File|Delete File|Update File|Move to):\s*(.*)$/;
const hunkHeader = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/**
 * Every file an `apply_patch` envelope (`*** Add File:`, `*** Update File:`, `*** Delete File:`, `*** Move to:`)
 * or a unified diff (`--- a/x` / `+++ b/x`, git's `rename from`/`rename to`, `/dev/null` for added and deleted
 * files) touches. Header lines are read with surrounding whitespace trimmed, as Codex reads them, so an indented
 * header still counts. A text with neither form, or a header without a path, is an error: the caller then asks.
 */
export function patchTargets(text: string): Result<PatchTarget[], string> {
  const targets: PatchTarget[] = [];
  const lines = text.split(/\r?\n/);
  let updating: string | undefined;
  let renameFrom: string | undefined;
  // Lines left in the current unified-diff hunk, so removed lines that start with "--" are not read as headers.
  let oldLeft = 0;
  let newLeft = 0;
  // Inside an apply_patch envelope only its own headers count: a removed "-- x" line reads "--- x" there.
  let envelope = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    // A "---"/"+++"/"@@" triple inside a hunk that claims more lines is a new file's header in a miscounted patch:
    // reading it as one too can only add targets, never hide one.
    if ((oldLeft > 0 || newLeft > 0) && raw.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ') && (lines[i + 2] ?? '').startsWith('@@')) {
      oldLeft = newLeft = 0;
    }
    if (oldLeft > 0 || newLeft > 0) {
      const c = raw[0];
      if (c === '\\') continue;
      if (c === '-' && oldLeft > 0) {
        oldLeft--;
        continue;
      }
      if (c === '+' && newLeft > 0) {
        newLeft--;
        continue;
      }
      if ((c === ' ' || raw === '') && oldLeft > 0 && newLeft > 0) {
        oldLeft--;
        newLeft--;
        continue;
      }
      // Anything else ends the hunk early; read the line as a header.
      oldLeft = newLeft = 0;
    }
    const line = raw.trim();
    if (line === '*** Begin Patch') envelope = true;
    else if (line === '*** End Patch') envelope = false;
    const ap = applyPatchHeader.exec(line);
    if (ap) {
      const path = ap[2]?.trim() ?? '';
      if (path === '') return err(`"*** ${ap[1] ?? ''}:" has no path`);
      if (ap[1] === 'Add File') targets.push({ kind: 'write', path });
      else if (ap[1] === 'Delete File') targets.push({ kind: 'delete', path });
      else if (ap[1] === 'Update File') {
        targets.push({ kind: 'write', path });
        updating = path;
      } else {
        if (updating === undefined) return err(`"*** Move to: ${path}" follows no "*** Update File:"`);
        targets.push({ kind: 'rename', path: updating, to: path }, { kind: 'write', path });
      }
      continue;
    }
    if (envelope) continue;
    const hunk = hunkHeader.exec(line);
    if (hunk && raw.startsWith('@@')) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      continue;
    }
    if (line.startsWith('rename from ')) {
      renameFrom = unquote(line.slice('rename from '.length));
      continue;
    }
    if (line.startsWith('rename to ') && renameFrom !== undefined) {
      targets.push({ kind: 'rename', path: renameFrom, to: unquote(line.slice('rename to '.length)) });
      renameFrom = undefined;
      continue;
    }
    if (line.startsWith('--- ')) {
      const next = (lines[i + 1] ?? '').trim();
      if (!next.startsWith('+++ ')) continue;
      i++;
      const pair = diffPair(diffPath(line.slice(4)), diffPath(next.slice(4)));
      if (!pair.ok) return pair;
      targets.push(...pair.value);
    }
  }
  if (targets.length === 0) {
    return err(/\*\*\* Begin Patch/.test(text) ? 'the patch names no file' : 'no apply_patch or unified-diff file headers found');
  }
  return ok(dedupe(targets));
}

/** The paths of a list of edits that each name their file (Copilot's `replacements: [{filePath, …}]`). */
export function multiEditPaths(edits: unknown, keys: readonly string[]): string[] {
  if (!Array.isArray(edits)) return [];
  const paths: string[] = [];
  for (const edit of edits) {
    if (!isObject(edit)) continue;
    for (const key of keys) {
      const v = edit[key];
      if (typeof v === 'string' && v !== '') {
        paths.push(v);
        break;
      }
    }
  }
  return [...new Set(paths)];
}

const devNull = '/dev/null';

function diffPair(from: string, to: string): Result<PatchTarget[], string> {
  if (from === '' || to === '') return err('a "---"/"+++" header has no path');
  // Git prefixes the two sides with a/ and b/.
  const git = (from.startsWith('a/') || from === devNull) && (to.startsWith('b/') || to === devNull);
  const a = git && from !== devNull ? from.slice(2) : from;
  const b = git && to !== devNull ? to.slice(2) : to;
  if (a === devNull && b === devNull) return err('a diff goes from /dev/null to /dev/null');
  if (a === devNull) return ok([{ kind: 'write', path: b }]);
  if (b === devNull) return ok([{ kind: 'delete', path: a }]);
  if (a !== b) return ok([{ kind: 'rename', path: a, to: b }, { kind: 'write', path: b }]);
  return ok([{ kind: 'write', path: b }]);
}

/** A `---`/`+++` path without the timestamp diff(1) appends after a tab. */
function diffPath(text: string): string {
  const tab = text.indexOf('\t');
  return unquote((tab >= 0 ? text.slice(0, tab) : text).trim());
}

/** Git quotes paths with unusual characters: "a/with \"quote\"". */
function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    return t.slice(1, -1).replace(/\\(["\\])/g, '$1').replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  }
  return t;
}

function dedupe(targets: readonly PatchTarget[]): PatchTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.kind}\0${t.path}\0${t.kind === 'rename' ? t.to : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
