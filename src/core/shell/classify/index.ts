import * as path from 'node:path';
import { wrapperClassifiers } from '../unwrap';
import { type Classifier, isUrl, looksLikePath } from './common';
import { CommandContext, type Classification, type Invocation } from './context';
import { fileClassifiers } from './files';
import { git } from './git';
import { interpreterClassifiers } from './interpreters';
import { networkClassifiers } from './network';
import { packageClassifiers } from './packages';
import { readOnlyClassifiers } from './readOnly';
import { systemClassifiers } from './system';

const registry = new Map<string, Classifier>(
  Object.entries({
    ...readOnlyClassifiers,
    ...packageClassifiers,
    ...fileClassifiers,
    ...networkClassifiers,
    ...systemClassifiers,
    ...interpreterClassifiers,
    ...wrapperClassifiers,
    git,
  }),
);

/** The name a command is classified by: basename, without `.exe`, with version suffixes folded (`python3.12`). */
export function commandName(argv0: string): string {
  const base = path.posix.basename(argv0.replace(/\\/g, '/')).replace(/\.exe$/i, '');
  if (registry.has(base)) return base;
  const folded = base
    .replace(/^(python|pip|perl|ruby|php|lua|node)[\d.]+$/, '$1')
    .replace(/^(mkfs|fsck)\..+$/, '$1')
    .replace(/^(g?awk|gsed|gfind)$/, '$1')
    .replace(/^(clang|gcc|g\+\+)-\d+$/, '$1');
  return folded;
}

/**
 * Unknown commands are allowed unless their arguments trip the path or network guard: path-like arguments are
 * reported as reads, URLs as fetches.
 */
const unknownCommand: Classifier = (c) => {
  for (const a of c.args) {
    if (!a.known) continue;
    const value = /^--?[\w-]+=(.*)$/s.exec(a.value)?.[1] ?? a.value;
    if (isUrl(value)) c.fetch(value);
    else if (looksLikePath(value)) c.read({ ...a, value, pattern: value });
  }
  c.output = { network: false, decoded: false, reads: c.effects.length > 0, secrets: c.secretReads() };
};

export function classify(inv: Invocation): Classification {
  const c = new CommandContext(inv);
  (registry.get(inv.name) ?? unknownCommand)(c);
  return c.result();
}
