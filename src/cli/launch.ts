import * as os from 'node:os';
import * as path from 'node:path';
import { airlockPathsFor } from '../core/airlockPaths';
import { enableCompileCache } from './compileCache';

/*
 * `dist/cli.js`, the `airlock` command: turns on Node's compile cache, then loads the command bundle
 * (`dist/airlock.js`) beside it, which is compiled from the cache from the second run on. Required instead of
 * run (by dist/hook.js), it hands over the bundle's exports.
 */
// The cache needs no HOME: without one, it is kept under the home folder the system names.
enableCompileCache(airlockPathsFor(process.env, os.homedir()));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this file, loaded at run time
const cli = require(path.join(__dirname, 'airlock.js')) as typeof import('./main');
module.exports = cli;
if (require.main === module) cli.main();
