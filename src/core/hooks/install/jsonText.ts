import { isDeepStrictEqual } from 'node:util';
import { err, ok, type Result } from '../../result';
import { isObject } from '../../values';

/**
 * Small edits to a JSON file's text that leave everything else as it was: key order, spacing, line endings and
 * the other entries. Each edit splices only the text of the value it changes; the result is checked against the
 * same edits made to the parsed value, and written out whole (in the file's own indentation) if they disagree.
 */

export type JsonPath = readonly (string | number)[];

export type JsonEdit =
  /** Sets an object's property: replaces its value, or adds it at the end of the object. */
  | { readonly op: 'set'; readonly path: JsonPath; readonly value: unknown }
  /** Inserts an element into an array before the given index (the array's length appends). */
  | { readonly op: 'insert'; readonly path: JsonPath; readonly value: unknown }
  /** Removes an object's property or an array's element. */
  | { readonly op: 'remove'; readonly path: JsonPath };

/** The text parsed strictly (`JSON.parse`), without a leading byte-order mark; an error says why it is not JSON. */
export function parseJsonText(text: string): Result<unknown, string> {
  try {
    return ok(JSON.parse(stripBom(text)) as unknown);
  } catch (e) {
    return err((e as Error).message);
  }
}

/** The edited text, the value it holds, and whether it had to be written out whole (the splices disagreed). */
export interface EditedJson {
  readonly text: string;
  readonly value: unknown;
  readonly rewritten: boolean;
}

/** Applies the edits to valid JSON text. */
export function editJsonText(text: string, edits: readonly JsonEdit[]): Result<EditedJson, string> {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  let body = stripBom(text);
  const parsed = parseJsonText(body);
  if (!parsed.ok) return parsed;
  let value = parsed.value;
  const style = styleOf(body);
  for (const edit of edits) {
    const next = editValue(value, edit);
    if (!next.ok) return next;
    value = next.value;
    body = editText(body, edit, style);
  }
  // The splices are checked, not trusted: should they ever disagree with the edited value, the value wins.
  const check = parseJsonText(body);
  const rewritten = !check.ok || !isDeepStrictEqual(check.value, value);
  if (rewritten) body = JSON.stringify(value, null, style.unit).replaceAll('\n', style.nl) + (/\r?\n$/.test(text) ? style.nl : '');
  return ok({ text: bom + body, value, rewritten });
}

/** A new file's text: two-space indentation and a final newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

const stripBom = (text: string): string => (text.startsWith('\uFEFF') ? text.slice(1) : text);

function editValue(root: unknown, edit: JsonEdit): Result<unknown, string> {
  const copy = structuredClone(root);
  const parentPath = edit.path.slice(0, -1);
  const last = edit.path[edit.path.length - 1];
  let parent: unknown = copy;
  for (const step of parentPath) {
    parent = isContainer(parent) ? (parent as Record<string | number, unknown>)[step] : undefined;
  }
  if (last === undefined) return err('an edit needs a path');
  if (Array.isArray(parent) && typeof last === 'number') {
    if (edit.op === 'insert' && last <= parent.length) parent.splice(last, 0, structuredClone(edit.value));
    else if (edit.op === 'remove' && last < parent.length) parent.splice(last, 1);
    else return err(`cannot ${edit.op} at ${edit.path.join('.')}`);
  } else if (isObject(parent) && typeof last === 'string') {
    if (edit.op === 'set') defineProperty(parent, last, structuredClone(edit.value));
    else if (edit.op === 'remove' && Object.hasOwn(parent, last)) delete parent[last];
    else return err(`cannot ${edit.op} at ${edit.path.join('.')}`);
  } else {
    return err(`no ${Array.isArray(parent) ? 'array' : 'object'} at ${parentPath.join('.') || 'the top level'}`);
  }
  return ok(copy);
}

/** Sets an own property even when its name is `__proto__` (as `JSON.parse` does). */
function defineProperty(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

const isContainer = (v: unknown): boolean => typeof v === 'object' && v !== null;

interface Style {
  /** One level of indentation. */
  readonly unit: string;
  readonly nl: string;
}

/** The file's indentation (its first indented line) and line ending. */
function styleOf(text: string): Style {
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /\n([ \t]+)\S/.exec(text);
  return { unit: indented?.[1] ?? '  ', nl };
}

type Node =
  | { readonly kind: 'object'; readonly start: number; readonly end: number; readonly props: readonly Prop[] }
  | { readonly kind: 'array'; readonly start: number; readonly end: number; readonly items: readonly Node[] }
  | { readonly kind: 'scalar'; readonly start: number; readonly end: number };

interface Prop {
  readonly key: string;
  readonly keyStart: number;
  readonly value: Node;
}

/** Where each value of valid JSON text starts and ends (`end` exclusive). */
function locate(text: string): Node {
  let i = 0;
  const space = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i++;
  };
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): Node => {
    space();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const props: Prop[] = [];
      space();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', start, end: i, props };
      }
      for (;;) {
        space();
        const keyStart = i;
        const key = string();
        space();
        i++; // ':'
        props.push({ key, keyStart, value: value() });
        space();
        if (text[i++] === '}') return { kind: 'object', start, end: i, props };
      }
    }
    if (c === '[') {
      i++;
      const items: Node[] = [];
      space();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', start, end: i, items };
      }
      for (;;) {
        items.push(value());
        space();
        if (text[i++] === ']') return { kind: 'array', start, end: i, items };
      }
    }
    if (c === '"') {
      string();
    } else {
      while (i < text.length && !',]} \t\r\n'.includes(text[i] ?? '')) i++;
    }
    return { kind: 'scalar', start, end: i };
  };
  return value();
}

function nodeAt(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const step of path) {
    if (node?.kind === 'object' && typeof step === 'string') node = lastProp(node, step)?.value;
    else if (node?.kind === 'array' && typeof step === 'number') node = node.items[step];
    else return undefined;
  }
  return node;
}

/** The property `JSON.parse` keeps when a key repeats: the last one. */
function lastProp(node: Extract<Node, { kind: 'object' }>, key: string): Prop | undefined {
  for (let k = node.props.length - 1; k >= 0; k--) if (node.props[k]?.key === key) return node.props[k];
  return undefined;
}

function editText(text: string, edit: JsonEdit, style: Style): string {
  const root = locate(text);
  const parent = nodeAt(root, edit.path.slice(0, -1));
  const last = edit.path[edit.path.length - 1];
  if (parent === undefined || parent.kind === 'scalar' || last === undefined) return text;
  const splice = (from: number, to: number, insert: string): string => text.slice(0, from) + insert + text.slice(to);
  const format = (value: unknown, indent: string): string => JSON.stringify(value, null, style.unit).replaceAll('\n', style.nl + indent);

  // Members as [start, end) ranges: a property from its key, an element from its value.
  const members =
    parent.kind === 'object'
      ? parent.props.map((p) => ({ start: p.keyStart, end: p.value.end }))
      : parent.items.map((n) => ({ start: n.start, end: n.end }));
  const first = members[0];
  const multiline = first !== undefined && text.slice(parent.start, first.start).includes('\n');
  const memberIndent = first !== undefined ? indentOf(text, first.start) : indentOf(text, parent.start) + style.unit;
  const member = (value: unknown, key: string | undefined, indent: string, compact: boolean): string =>
    (key !== undefined ? `${JSON.stringify(key)}: ` : '') + (compact ? JSON.stringify(value) : format(value, indent));

  const removeMember = (index: number): string => {
    const m = members[index];
    if (m === undefined) return text;
    if (members.length === 1) return splice(parent.start + 1, parent.end - 1, '');
    const next = members[index + 1];
    if (next !== undefined) return splice(m.start, next.start, '');
    return splice(members[index - 1]?.end ?? m.start, m.end, '');
  };
  const addMember = (index: number, value: unknown, key: string | undefined): string => {
    if (members.length === 0) {
      const outer = indentOf(text, parent.start);
      const inner = outer + style.unit;
      return splice(parent.start + 1, parent.end - 1, style.nl + inner + member(value, key, inner, false) + style.nl + outer);
    }
    const sep = multiline ? `,${style.nl}${memberIndent}` : ', ';
    const entry = member(value, key, memberIndent, !multiline);
    const before = members[index];
    if (before !== undefined) return splice(before.start, before.start, entry + sep);
    const end = members[members.length - 1]?.end ?? parent.start + 1;
    return splice(end, end, sep + entry);
  };

  if (parent.kind === 'object' && typeof last === 'string') {
    let index = -1;
    for (let k = parent.props.length - 1; k >= 0 && index < 0; k--) if (parent.props[k]?.key === last) index = k;
    const prop = parent.props[index];
    if (edit.op === 'remove') return index >= 0 ? removeMember(index) : text;
    if (edit.op !== 'set') return text;
    if (prop === undefined) return addMember(members.length, edit.value, last);
    return splice(prop.value.start, prop.value.end, multilineValue(text, prop.value) ? format(edit.value, indentOf(text, prop.keyStart)) : JSON.stringify(edit.value));
  }
  if (parent.kind === 'array' && typeof last === 'number') {
    if (edit.op === 'remove') return removeMember(last);
    if (edit.op === 'insert') return addMember(last, edit.value, undefined);
  }
  return text;
}

/** Whether a value spreads over lines, or sits in a file laid out over lines (so a new value may too). */
function multilineValue(text: string, node: Node): boolean {
  return node.kind === 'scalar' ? text.includes('\n') : text.slice(node.start, node.end).includes('\n');
}

/** The whitespace at the start of the line that holds `offset`. */
function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}
