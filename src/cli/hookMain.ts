import * as path from 'node:path';
import { askEditor, runHook, type HookDeps } from './commands/hook';
import { enableCompileCache } from './compileCache';

/**
 * `dist/hook.js <agent>`: the command agents' hook entries run. It holds only the agents' formats and the editor
 * bridge client, so asking a running editor costs little more than starting Node; the policy engine (in airlock.js
 * beside it) is loaded only when no editor answers.
 */
function engine(): HookDeps {
  enableCompileCache();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time, and only when needed
  return (require(path.join(__dirname, 'airlock.js')) as { engineDeps(): HookDeps }).engineDeps();
}

const deps: HookDeps = {
  decider: (roots, flags, io) => engine().decider(roots, flags, io),
  bridge: askEditor,
  record: (request, roots, verdict, io, tell) => engine().record?.(request, roots, verdict, io, tell) ?? Promise.resolve(),
  judgeOutput: async (roots, flags, io) => {
    const judge = engine().judgeOutput;
    if (!judge) throw new Error('the policy engine cannot judge results');
    return judge(roots, flags, io);
  },
  recordResult: (request, roots, verdict, findings, told, io) => engine().recordResult?.(request, roots, verdict, findings, told, io) ?? Promise.resolve(),
};

void runHook(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
}, deps).then((code) => {
  process.exitCode = code;
});
