import { redactionMarker, redactText } from '../audit/redact';
import { findHiddenText, findInjections, mayFindInjections, visibleText, zeroWidthAsSpaces } from './injection';
import { Haystack } from './haystack';
import { findSecrets } from './secrets';

/** The output rules, by the name verdicts and policies use. */
export type OutputRuleId = 'output.secret' | 'output.injection' | 'output.hidden-text';
export const outputRuleIds: readonly OutputRuleId[] = ['output.secret', 'output.injection', 'output.hidden-text'];

/** One thing found in a tool's result. Never holds a secret: the excerpt shows it as `[REDACTED:kind]`. */
export interface OutputFinding {
  readonly rule: OutputRuleId;
  /** `aws-access-key`, `override`, `zero-width`, … */
  readonly kind: string;
  /** 1-based line of the result where it starts. */
  readonly line: number;
  /** The matched span as a person may read it: secrets redacted, invisible characters shown as `\u{…}`. */
  readonly excerpt: string;
}

/** Recorded findings as the scanners' own (a rule this version does not know is left out). */
export function asOutputFindings(recorded: readonly { readonly rule: string; readonly kind: string; readonly line: number; readonly excerpt: string }[]): OutputFinding[] {
  return recorded.flatMap((f) => ((outputRuleIds as readonly string[]).includes(f.rule) ? [{ ...f, rule: f.rule as OutputRuleId }] : []));
}

/** At most this many findings per result: enough to judge and to show, bounded for a result full of keys. */
export const maxFindings = 50;
const maxExcerpt = 160;

/** Every string in a tool's result (objects, lists, content blocks), joined by newlines, up to `limit` characters. */
export function resultText(value: unknown, limit = 16 * 1024 * 1024): string {
  const parts: string[] = [];
  let size = 0;
  const walk = (v: unknown, depth: number): void => {
    if (size >= limit || depth > 64) return;
    if (typeof v === 'string') {
      // A result encoded as a JSON string once more is read as the text it holds, not as its escapes.
      const inner = jsonInside(v);
      if (inner !== undefined) return walk(inner, depth + 1);
      parts.push(v);
      size += v.length + 1;
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
    } else if (typeof v === 'object' && v !== null) {
      for (const x of Object.values(v)) walk(x, depth + 1);
    }
  };
  walk(value, 0);
  const text = parts.join('\n');
  return text.length > limit ? text.slice(0, limit) : text;
}

/**
 * The text a string holds when it is itself a JSON string (a result encoded once more on its way to the hook);
 * undefined otherwise. JSON objects in a string are left as text: their keys say what their values are.
 */
export function jsonInside(s: string): string | undefined {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) return undefined;
  try {
    const value: unknown = JSON.parse(s);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Invisible and control characters written out, so an excerpt shows what was hidden. */
const shown = (s: string): string =>
  // eslint-disable-next-line no-control-regex -- control characters are what this shows
  s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u2060-\u2064\u180e\ufeff\u202a-\u202e\u2066-\u2069]|\udb40[\udc00-\udc7f]/g, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);

const oneLine = (s: string): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > maxExcerpt ? `${flat.slice(0, maxExcerpt - 1)}…` : flat;
};

/** Line numbers by offset: the lines are found once per text, when the first finding asks. */
function lineFinder(text: string): (offset: number) => number {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * Scans a tool's result for secrets, text aimed at the model and hidden characters. Pure, bounded (each pattern's
 * repetitions are capped, the findings too) and safe on any input: it never throws on text.
 */
export function scanOutput(text: string): OutputFinding[] {
  const findings: OutputFinding[] = [];
  // Findings past the cap are cut; once it is reached, nothing later can change the answer.
  const full = (): boolean => findings.length >= maxFindings;
  const lineOf = lineFinder(text);
  const hay = new Haystack(text);
  for (const s of findSecrets(text, maxFindings, hay)) {
    // The name in front of the secret says what it is ("AWS_SECRET_ACCESS_KEY="); the rest of the line is redacted too.
    const lineStart = text.lastIndexOf('\n', s.start - 1) + 1;
    const before = text.slice(Math.max(lineStart, s.start - 60), s.start);
    findings.push({ rule: 'output.secret', kind: s.kind, line: lineOf(s.start), excerpt: oneLine(`${redactText(before)}${redactionMarker(s.kind)}`) });
  }
  if (full()) return findings;
  const hidden = findHiddenText(text, maxFindings);
  for (const h of hidden) {
    if (full()) return findings;
    const around = text.slice(Math.max(0, h.start - 30), Math.min(text.length, h.end + 30));
    const excerpt = h.decoded !== undefined ? `hidden text "${h.decoded}"` : shown(around);
    findings.push({ rule: 'output.hidden-text', kind: h.kind, line: lineOf(h.start), excerpt: oneLine(redactText(excerpt)) });
  }
  // Injections are looked for in what the model reads: hidden characters dropped, compatibility forms
  // (fullwidth letters, ligatures) folded; text spelled in tag characters is read too.
  // A JSON result (an API's answer, an issue's body) holds its text escaped: read "\n" as the line break it is.
  let visible = visibleText(/\\[nrt"]/.test(text) ? text.replace(/\\[nrt]/g, '\n').replace(/\\"/g, '"') : text);
  if (/[^ -~\t\n\r]/.test(visible)) visible = visible.normalize('NFKC');
  const visibleLine = visible === text ? lineOf : lineFinder(visible);
  for (const i of findInjections(visible, maxFindings, visible === text ? hay : new Haystack(visible))) {
    if (full()) return findings;
    findings.push({ rule: 'output.injection', kind: i.kind, line: visibleLine(i.start), excerpt: oneLine(redactText(visible.slice(i.start, i.end))) });
  }
  // Zero-width characters may stand in for spaces ("upload\u200bthe\u200bfile"): read that way too.
  if (findings.every((f) => f.rule !== 'output.injection') && hidden.some((h) => h.kind === 'zero-width')) {
    let built: string | undefined;
    const spacedText = (): string => (built ??= visibleText(zeroWidthAsSpaces(text)));
    // What the text holds read that way is known before it is built; most often no pattern could match there.
    const spacedHay = new Haystack(text, spacedText);
    if (mayFindInjections(spacedHay)) {
      const spaced = spacedText();
      const spacedLine = lineFinder(spaced);
      for (const i of findInjections(spaced, maxFindings, spacedHay)) {
        if (full()) return findings;
        findings.push({ rule: 'output.injection', kind: i.kind, line: spacedLine(i.start), excerpt: oneLine(redactText(spaced.slice(i.start, i.end))) });
      }
    }
  }
  for (const h of hidden) {
    const words = h.decoded ?? '';
    for (const i of findInjections(words, maxFindings)) {
      if (full()) return findings;
      findings.push({ rule: 'output.injection', kind: i.kind, line: lineOf(h.start), excerpt: oneLine(redactText(`(in hidden text) ${words.slice(i.start, i.end)}`)) });
    }
  }
  return findings;
}
