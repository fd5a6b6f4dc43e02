import * as path from 'node:path';
import { catalogEntry, catalogModule, catalogScript, classifyWith } from '../catalog';
import { literalField } from '../scope';
import { wrapperClassifiers } from '../unwrap';
import type { Classifier } from './common';
import { CommandContext, type Classification, type Invocation } from './context';
import { fileClassifiers } from './files';
import { git } from './git';
import { interpreterClassifiers } from './interpreters';
import { networkClassifiers } from './network';
import { packageClassifiers } from './packages';
import { readOnlyClassifiers } from './readOnly';
import { systemClassifiers } from './system';
import { judgeUnknown } from './unknown';

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
  if (registry.has(base) || catalogEntry(base)) return base;
  const folded = base
    .replace(/^(python|pip|perl|ruby|php|lua|node)[\d.]+$/, '$1')
    .replace(/^(mkfs|fsck)\..+$/, '$1')
    .replace(/^(g?awk|gsed|gfind)$/, '$1')
    .replace(/^(clang|gcc|g\+\+)-\d+$/, '$1');
  return folded;
}

/** Interpreters whose first operand may be a script the catalog describes (`python manage.py flush`). */
const scriptRunners = /^(python|python3|py|php|ruby|node|bun|deno)$/;

/** `python manage.py …`, `php artisan …`, `python -m twine …`, `./manage.py …`: the catalog entry of the script. */
function catalogScriptRun(c: CommandContext): boolean {
  const script = catalogScript(c.inv.name);
  if (script) {
    classifyWith(script, c, c.args, c.inv.name);
    return true;
  }
  if (!scriptRunners.test(c.inv.name)) return false;
  const args = c.args;
  const first = args.findIndex((a) => !a.known || !a.value.startsWith('-'));
  const op = args[first];
  if (!op?.known) return false;
  const moduleFlag = first > 0 && args[first - 1]?.value === '-m';
  const entry = moduleFlag ? catalogModule(op.value) : catalogScript(path.posix.basename(op.value));
  if (!entry) return false;
  if (!moduleFlag) c.read(op);
  classifyWith(entry, c, args.slice(first + 1), moduleFlag ? `${c.inv.name} -m ${op.value}` : path.posix.basename(op.value));
  return true;
}

export function classify(inv: Invocation): Classification {
  // `git-credential-store get`, `git-upload-pack`: git's own programs are git subcommands.
  const gitProgram = /^git-([\w-]+)$/.exec(inv.name);
  if (gitProgram && !registry.has(inv.name) && inv.argv[0]) {
    return classify({ ...inv, name: 'git', argv: [{ ...inv.argv[0], value: 'git', pattern: 'git' }, literalField(gitProgram[1]!), ...inv.argv.slice(1)] });
  }
  const c = new CommandContext(inv);
  if (catalogScriptRun(c)) return c.result();
  const entry = catalogEntry(inv.name);
  if (entry) classifyWith(entry, c);
  else (registry.get(inv.name) ?? unknownCommand)(c);
  return c.result();
}

/** A program nobody described: judged by what its arguments show. */
const unknownCommand: Classifier = (c) => judgeUnknown(c, c.args, 'command');
