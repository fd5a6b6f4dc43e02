import { destroyVerb } from '../catalog/effects';
import type { Field } from '../scope';
import { isUrl, looksLikePath } from './common';
import type { CommandContext } from './context';

/** A bare host with a port, or an IP address: `10.0.0.5`, `localhost:9200`, `[::1]:80`. */
const hostLike = /^(\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?|\[[\da-f:.]+\](:\d{1,5})?|[a-z\d][\w.-]*:\d{1,5})$/i;

/**
 * A program, or a form of a known program, that nobody described: judged by what its arguments show. Paths go
 * to the path guard (as reads; a start-up or settings file is a finding of its own), URLs and hosts to the
 * network guard, and a word that names a destructive action makes it a question. Allowed only when nothing in
 * it is risky, and the finding says that the form is unknown.
 */
export function judgeUnknown(c: CommandContext, args: readonly Field[], what: 'command' | 'subcommand', label = c.inv.name): void {
  let verb: string | undefined;
  for (const a of args) {
    if (!a.known || a.procsub) continue;
    const eq = /^(--?[\w-]+)=(.*)$/s.exec(a.value);
    const value = eq ? eq[2]! : a.value;
    const name = eq ? eq[1]! : a.value;
    if (isUrl(value) || hostLike.test(value)) c.fetch(value);
    else if (value !== '' && looksLikePath(value)) {
      const field = { ...a, value, pattern: eq ? value : a.pattern };
      const ref = c.read(field);
      if (ref) c.checkSensitive(ref);
    } else verb ??= destroyVerb(name);
  }
  const named = what === 'command' ? 'is not a program Airlock knows' : `is not a form of ${label} that Airlock knows`;
  if (verb) c.find('shell.unknown-destructive', `${named}, and \`${verb}\` names a destructive action`);
  else c.find(what === 'command' ? 'shell.unknown-command' : 'shell.unknown-subcommand', `${named}; nothing in its arguments is risky`);
  c.output = { network: false, decoded: false, reads: c.effects.some((e) => e.kind === 'read'), secrets: c.secretReads() };
}
