import * as os from 'node:os';
import * as path from 'node:path';
import { airlockPathsFor } from '../core/airlockPaths';
import { requireWithCodeCache } from './codeCache';
import { enableCompileCache } from './compileCache';

/*
 * `dist/cli.js`, the `airlock` command: loads the command bundle (`dist/airlock.js`) beside it with its compiled
 * code kept between runs. Node ≥ 22.1 keeps it in its compile cache; on older Node the bundle gets a V8 code cache
 * of its own (codeCache.ts), written after the command ran, so it also holds the functions the command compiled
 * as it went (the walk of a checkpoint, say), not only the bundle's top level. Required instead of run (by another
 * script), it hands over the bundle's exports.
 */
// The caches need no HOME: without one, they are kept under the home folder the system names.
const airlock = airlockPathsFor(process.env, os.homedir());
const file = path.join(__dirname, 'airlock.js');
type Cli = typeof import('./main');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this file, loaded at run time
const bundle = enableCompileCache(airlock) ? { exports: require(file) as Cli, save: () => undefined } : requireWithCodeCache<Cli>(file, airlock, process.env, 'cli');
const cli = bundle.exports;
module.exports = cli;
if (require.main === module) {
  void cli.main().then(() => {
    const work = cli.workOf(process.argv.slice(2));
    if (work !== undefined) bundle.save([work]);
  });
}
