import type { VarValue } from '../scope';

/** Variables that make every later program load a library or run code (the CVE-2026-22708 family). */
const alwaysHijack = new Set(['LD_PRELOAD', 'LD_AUDIT', 'LD_LIBRARY_PATH', 'DYLD_INSERT_LIBRARIES', 'DYLD_LIBRARY_PATH', 'BASH_ENV', 'ENV', 'PROMPT_COMMAND', 'PERL5OPT', 'RUBYOPT', 'GIT_EXEC_PATH', 'GIT_EXTERNAL_DIFF', 'GIT_ASKPASS', 'SSH_ASKPASS', 'LESSOPEN', 'PYTHONSTARTUP']);

/** Variables holding a command line: harmless when plain (`GIT_PAGER=cat`), code when they contain shell syntax. */
const commandVariables = new Set(['GIT_SSH_COMMAND', 'GIT_SSH', 'GIT_PAGER', 'PAGER', 'EDITOR', 'VISUAL', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'MANPAGER', 'SYSTEMD_PAGER', 'BROWSER']);

/** Why setting `name` to `value` for later programs is a hijack, or undefined when it is not. */
export function envHijack(name: string, value: VarValue): string | undefined {
  if (alwaysHijack.has(name)) return `sets ${name}, which makes other programs load or run code`;
  if (name === 'NODE_OPTIONS') {
    if (!value.known || /(^|\s)(-r|--require|--import|--loader|--experimental-loader)\b/.test(value.value)) {
      return 'sets NODE_OPTIONS to preload code into every Node.js process';
    }
    return undefined;
  }
  if (commandVariables.has(name) && (!value.known || /[;&|`$()<>]/.test(value.value))) {
    return `sets ${name} to a command line that other programs will run`;
  }
  return undefined;
}
