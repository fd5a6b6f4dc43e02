/**
 * A result prepared for "does it hold this substring?" questions, asked before running each pattern: a pattern
 * whose needles are all absent cannot match and is skipped, which keeps a scan of ordinary output cheap. The
 * answers must be exact (a pattern skipped wrongly is a secret missed) and must not cost a search per needle (a
 * hundred searches of 100 KB cost more than the patterns). So every needle the scanners declare is found in one
 * pass with an Aho–Corasick automaton over the lower-cased ASCII text.
 */

const registered: string[] = [];
const ids = new Map<string, number>();

/** Declares needles (lower-case ASCII) the scanners will ask about; done once, when their modules load. */
export function declareNeedles(needles: readonly string[]): void {
  for (const n of needles) {
    if (ids.has(n) || n === '' || [...n].some((c) => c.charCodeAt(0) > 127) || n !== n.toLowerCase()) continue;
    ids.set(n, registered.length);
    registered.push(n);
  }
  automaton = undefined;
}

interface Automaton {
  /** Each character's class: 0 for one in no needle (and for any not ASCII), upper case read as lower case. */
  readonly classOf: Uint8Array;
  /** log2 of the number of classes, rounded up. */
  readonly bits: number;
  /**
   * Next state for (state, class), flattened. Classes rather than characters keep the table small enough for the
   * processor's cache: a text of random letters (a base64 blob) visits states all over it.
   */
  readonly next: Uint16Array | Int32Array;
  /** 1 for a state where some needle ends. */
  readonly final: Uint8Array;
  /** For each state, the needles that end there (its own and those of its suffix links). */
  readonly ends: readonly (readonly number[])[];
}

let automaton: Automaton | undefined;

function build(): Automaton {
  const classOf = new Uint8Array(65536);
  let classes = 1;
  for (const needle of registered) {
    for (let i = 0; i < needle.length; i++) {
      const c = needle.charCodeAt(i);
      if (classOf[c] !== 0) continue;
      classOf[c] = classes++;
      if (c >= 97 && c <= 122) classOf[c - 32] = classOf[c] as number;
    }
  }
  const bits = Math.max(1, Math.ceil(Math.log2(classes)));
  const width = 1 << bits;
  const goto: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];
  registered.forEach((needle, id) => {
    let state = 0;
    for (let i = 0; i < needle.length; i++) {
      const c = classOf[needle.charCodeAt(i)] as number;
      let to = goto[state]?.get(c);
      if (to === undefined) {
        to = goto.length;
        goto.push(new Map());
        own.push([]);
        goto[state]?.set(c, to);
      }
      state = to;
    }
    own[state]?.push(id);
  });
  const states = goto.length;
  const next = states < 65536 ? new Uint16Array(states * width) : new Int32Array(states * width);
  const fail = new Int32Array(states);
  const ends: number[][] = Array.from({ length: states }, () => []);
  const final = new Uint8Array(states);
  // Breadth first: a state's failure link and its transitions are complete before its children's.
  const queue: number[] = [];
  for (let c = 0; c < width; c++) {
    const to = goto[0]?.get(c) ?? 0;
    next[c] = to;
    if (to !== 0) queue.push(to);
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q] ?? 0;
    ends[s] = [...(own[s] ?? []), ...(ends[fail[s] ?? 0] ?? [])];
    final[s] = ends[s].length > 0 ? 1 : 0;
    for (let c = 0; c < width; c++) {
      const to = goto[s]?.get(c);
      if (to === undefined) {
        next[s * width + c] = next[(fail[s] ?? 0) * width + c] ?? 0;
      } else {
        next[s * width + c] = to;
        fail[to] = next[(fail[s] ?? 0) * width + c] ?? 0;
        queue.push(to);
      }
    }
  }
  return { classOf, bits, next, final, ends };
}

/**
 * The code unit a text read with zero-width spaces as spaces and other invisible characters left out (as
 * `visibleText(zeroWidthAsSpaces(text))` in injection.ts gives it) has for the one at `i`: a space, the unit
 * itself, -1 to leave it out, or -2 to leave out it and the next (a tag character's two halves).
 */
function spacedUnit(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x180e) return c;
  if (c === 0x200b || c === 0x2060 || c === 0x180e) return 32;
  if (c === 0x200c || c === 0x200d || c === 0xfeff || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return -1;
  if (c === 0xdb40) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdc7f) return -2;
  }
  return c;
}

export class Haystack {
  private readonly found: Uint8Array;
  private lowered: string | undefined;

  /**
   * With `spaced`, the text is read as that function gives it: `visibleText(zeroWidthAsSpaces(text))`. The scan
   * asks what that text holds before it builds it, and builds it only if a pattern could match there.
   */
  constructor(
    private readonly text: string,
    private readonly spaced?: () => string,
  ) {
    automaton ??= build();
    const { classOf, bits, next, final, ends } = automaton;
    // Which final states the pass reached; their needles are read off once, after it (a loaded text reaches the
    // same few states thousands of times).
    const reached = new Uint8Array(final.length);
    // The text is read as if a space came first, so a needle that starts with one also matches at the start.
    let state = next[classOf[32] as number] as number;
    if (spaced) {
      for (let i = 0; i < text.length; i++) {
        const c = spacedUnit(text, i);
        if (c < 0) {
          if (c === -2) i++;
          continue;
        }
        state = next[(state << bits) | (classOf[c] as number)] as number;
        reached[state] = final[state] as number;
      }
    } else {
      for (let i = 0; i < text.length; i++) {
        // A character in no needle breaks every needle, as class 0 does.
        state = next[(state << bits) | (classOf[text.charCodeAt(i)] as number)] as number;
        reached[state] = final[state] as number;
      }
    }
    const found = new Uint8Array(registered.length);
    for (let s = 0; s < reached.length; s++) if (reached[s] === 1) for (const id of ends[s] as readonly number[]) found[id] = 1;
    this.found = found;
  }

  /** Whether the text holds `needle` (lower case), case-insensitively; the text counts as starting with a space. */
  holds(needle: string): boolean {
    const id = ids.get(needle);
    if (id !== undefined) return this.found[id] === 1;
    // Not declared: searched for, exactly, the slow way.
    this.lowered ??= ` ${(this.spaced?.() ?? this.text).toLowerCase()}`;
    return this.lowered.includes(needle);
  }

  /** Whether it holds one of them. */
  holdsAny(needles: readonly string[]): boolean {
    return needles.some((n) => this.holds(n));
  }
}
