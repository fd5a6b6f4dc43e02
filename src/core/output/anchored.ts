/**
 * A pattern's matches found without running it over the whole text. Some patterns cost a lazy run of up to a
 * thousand characters at every place they could start (`curl … -u user:pass`, `password=`); when every match must
 * start shortly before something rarer (the `-u`, the word `password` with its `=`), the pattern is run only in
 * those windows. The matches are the ones `text.matchAll(pattern)` gives, in the same order: the pattern is run with
 * its leftmost-first rules at each place in turn, and no match can start outside a window. Where windows would
 * cover much of the text, the pattern is run over all of it, which is then cheaper.
 */

export interface Anchor {
  /**
   * A global pattern; every match of the anchored one starts at most `reach` characters before one of its matches
   * or inside one (which covers a place the search for `near` stepped over).
   */
  readonly near: RegExp;
  readonly reach: number;
  /** Windows reach back also over the spaces and tabs there, and 2 characters more (a key's indentation). */
  readonly indent?: boolean;
}

/** A match: where it is, and its groups (0 is the whole match) with where each lies. */
export interface AnchoredMatch {
  readonly groups: readonly (string | undefined)[];
  readonly spans: readonly ([number, number] | undefined)[];
}

export interface AnchoredPattern {
  readonly anchor: Anchor;
  /** The pattern after a lazy skip of up to `anchor.reach` characters, sticky: one run tries reach + 1 starts. */
  readonly probe: RegExp;
  /** The pattern itself, global, with match indices. */
  readonly whole: RegExp;
}

/** Prepares a pattern without back-references (its groups move up by one behind the skip). */
export function anchored(pattern: RegExp, anchor: Anchor): AnchoredPattern {
  const flags = pattern.flags.replace(/[gyd]/g, '');
  return { anchor, probe: new RegExp(`[\\s\\S]{0,${anchor.reach}}?(${pattern.source})`, `${flags}yd`), whole: new RegExp(pattern.source, `${flags}gd`) };
}

/** The windows where a match may start, merged and in order; undefined when they would cover much of the text. */
function windows(text: string, { near, reach, indent }: Anchor): [number, number][] | undefined {
  const found: [number, number][] = [];
  let covered = 0;
  for (const m of text.matchAll(near)) {
    let from = m.index - reach;
    if (indent) {
      while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
      from -= 2;
    }
    const to = m.index + m[0].length;
    covered += to - from;
    // Dense from the start (a URL on every line) is dense throughout, most often: no need to read to the end.
    if (covered > text.length / 4 || (found.length >= 16 && covered > to / 2)) return undefined;
    found.push([Math.max(0, from), to]);
  }
  found.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of found) {
    const last = merged.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** Every match of the pattern, first to last, as `matchAll` finds them. */
export function* anchoredMatches(text: string, { anchor, probe, whole }: AnchoredPattern): Generator<AnchoredMatch> {
  const where = windows(text, anchor);
  if (!where) {
    for (const m of text.matchAll(whole)) yield { groups: m, spans: m.indices ?? [] };
    return;
  }
  let next = 0;
  for (const [from, to] of where) {
    let at = Math.max(from, next);
    while (at <= to) {
      probe.lastIndex = at;
      const m = probe.exec(text);
      const span = m?.indices?.[1];
      if (!m || !span) {
        at += anchor.reach + 1;
        continue;
      }
      yield { groups: m.slice(1), spans: m.indices?.slice(1) ?? [] };
      // As matchAll: on from the end of a match, or one further after an empty one.
      at = next = span[1] > span[0] ? span[1] : span[1] + 1;
    }
  }
}
