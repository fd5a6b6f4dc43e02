import type { Field } from '../scope';
import type { CommandContext, Output } from './context';

export type Classifier = (c: CommandContext) => void;

/** What arrives on stdin, as an output of whatever produced it. */
export function stdinOutput(c: CommandContext): Output {
  const s = c.inv.stdin;
  switch (s.kind) {
    case 'pipe':
      return s.from;
    case 'text':
      return { network: false, decoded: false, reads: false, secrets: s.secrets, text: s.text, ...(s.known ? {} : { partial: true }) };
    case 'file': {
      const ref = c.resolve(s.field);
      const secret = c.secretReads().includes(ref.path);
      return { network: c.inv.line.downloaded.has(ref.path), decoded: false, reads: true, secrets: secret ? [ref.path] : [] };
    }
    case 'none':
      return { network: false, decoded: false, reads: false, secrets: [] };
  }
}

/** A filter: its output carries what came in on stdin plus the files it read itself. */
export function passthrough(c: CommandContext, readsFiles: boolean): void {
  const input = stdinOutput(c);
  const own = c.secretReads();
  c.output = {
    network: input.network,
    decoded: input.decoded,
    reads: input.reads || readsFiles,
    secrets: [...new Set([...input.secrets, ...own])],
  };
}

export function readAll(c: CommandContext, fields: readonly Field[], recursive = false): void {
  for (const f of fields) c.read(f, recursive ? { recursive: true } : {});
}

/** Looks like a URL with a scheme the network guard understands. */
export const isUrl = (s: string): boolean => /^(https?|ftps?|wss?|sftp|scp|ssh|git|rsync|s3|gs|file|telnet|tftp|dict|ldaps?|smb|imaps?|pop3s?|smtps?|rtsp|mqtt):\/\//i.test(s);

/** An argument that names a file more likely than anything else (used for commands Airlock does not know). */
export function looksLikePath(s: string): boolean {
  if (s === '' || isUrl(s) || /^[a-z][\w.+-]*:/i.test(s) || s.startsWith('-')) return false;
  return s.startsWith('/') || s.startsWith('./') || s.startsWith('../') || s === '.' || s === '..' || s.startsWith('~') || s.includes('/') || /^\.[\w-]/.test(s);
}
