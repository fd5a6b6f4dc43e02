#!/usr/bin/env node
// What the capture tests put in place of Airlock's installed hook command, test-only: it keeps the payload the agent
// sends on stdin, as a file in a folder of the throwaway home, then runs the installed command with the same stdin
// and passes its stdout, stderr and exit code through, so the agent sees Airlock's own answer (kept too, next to
// the payload). Airlock itself never writes a payload to disk (it can hold secrets): this lives only in the tests.
// Usage: node captureHook.mjs <folder> <installed command's program> [its arguments…]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [folder, program, ...args] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const stdin = Buffer.concat(chunks);

mkdirSync(folder, { recursive: true });
// Named so that a listing sorts in the order the agent called the hook.
const name = `${String(Date.now()).padStart(15, '0')}-${process.pid}`;
writeFileSync(join(folder, `${name}.json`), stdin);

const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const out = [];
child.stdout.on('data', (chunk) => {
  out.push(chunk);
  process.stdout.write(chunk);
});
child.stdin.end(stdin);
child.on('error', (error) => {
  process.stderr.write(`capture: could not run ${program}: ${error.message}\n`);
  // Exit 2 blocks in the agents tested here: a broken capture never lets a tool run unguarded.
  process.exit(2);
});
child.on('close', (code, signal) => {
  const exitCode = code ?? 2;
  writeFileSync(join(folder, `${name}.answer.json`), JSON.stringify({ exitCode, signal, stdout: Buffer.concat(out).toString('utf8') }));
  process.exitCode = exitCode;
});
