// Facts about the source tree a reviewer can check: files that do one job (none over 450 lines) and no circle in
// the imports (a module never depends, through others, on itself).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '../../../..');
const src = join(root, 'src');

function sourceFiles(): string[] {
  return readdirSync(src, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(src, f));
}

/** The Airlock modules a file imports (relative specifiers, type-only imports included: they shape the design too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'|import\('(\.{1,2}\/[^']+)'\)/g)) {
    const spec = m[1] ?? m[2];
    if (!spec) continue;
    const base = resolve(dirname(file), spec.replace(/\.js$/, ''));
    const found = [`${base}.ts`, join(base, 'index.ts')].find((c) => existsSync(c));
    if (found) out.push(found);
  }
  return out;
}

test('no source file is longer than 450 lines', () => {
  const long = sourceFiles()
    .map((f) => ({ file: relative(root, f), lines: readFileSync(f, 'utf8').split('\n').length }))
    .filter((f) => f.lines > 450);
  assert.deepEqual(long, []);
});

test('no circle in the imports between source files', () => {
  const files = sourceFiles();
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  // Tarjan's strongly connected components: any component of more than one file (or a file importing itself) is a circle.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(relative(root, w));
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(component.sort());
    }
  };
  for (const f of files) if (!indices.has(f)) visit(f);
  assert.deepEqual(circles, []);
});
