import { isObject } from './fields';

/** What an MCP tool call's arguments point at, as far as Airlock can recognise it. */
export interface McpTargets {
  /** Filesystem paths, in argument order, with the argument that held them. */
  readonly paths: readonly { readonly key: string; readonly path: string }[];
  /** http(s), ws(s) and ftp URLs. */
  readonly urls: readonly string[];
  /** Command lines in `command`/`cmd`/`script` arguments. */
  readonly commands: readonly string[];
}

/** What a tool's name says it does. `unknown` when no word of it is one Airlock knows. */
export type McpVerb = 'delete' | 'move' | 'exec' | 'write' | 'fetch' | 'read' | 'unknown';

// Checked in this order: a tool named `read_and_delete` deletes.
const verbWords: readonly (readonly [McpVerb, ReadonlySet<string>])[] = [
  ['delete', new Set(['delete', 'remove', 'rm', 'rmdir', 'unlink', 'destroy', 'drop', 'purge', 'erase', 'trash', 'wipe', 'truncate'])],
  ['move', new Set(['move', 'rename', 'mv'])],
  [
    'exec',
    new Set(['run', 'exec', 'execute', 'shell', 'command', 'cmd', 'bash', 'sh', 'eval', 'evaluate', 'spawn', 'terminal', 'script', 'install', 'deploy', 'kill', 'start', 'stop', 'restart', 'query', 'sql', 'invoke', 'call']),
  ],
  [
    'write',
    new Set(['write', 'create', 'edit', 'update', 'append', 'put', 'save', 'patch', 'insert', 'replace', 'set', 'mkdir', 'upload', 'add', 'modify', 'apply', 'copy', 'cp', 'touch', 'make', 'new', 'store', 'overwrite']),
  ],
  ['fetch', new Set(['fetch', 'navigate', 'browse', 'http', 'request', 'curl', 'url', 'web', 'download', 'goto', 'visit', 'scrape', 'crawl'])],
  [
    'read',
    new Set(['read', 'get', 'list', 'ls', 'search', 'find', 'view', 'show', 'open', 'cat', 'stat', 'info', 'tree', 'head', 'tail', 'glob', 'grep', 'describe', 'lookup', 'resolve', 'inspect', 'load', 'count', 'exists', 'diff', 'status', 'resource', 'resources', 'directory', 'file', 'files']),
  ],
];

/** The verb of a tool name: split on `_`, `-`, `.`, `__` and camelCase, the first known word class wins. */
export function mcpVerb(toolName: string): McpVerb {
  const words = toolName
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  for (const [verb, set] of verbWords) if (words.some((w) => set.has(w))) return verb;
  return 'unknown';
}

/** The tool part of an MCP name: `mcp__server__tool` → `tool`. */
export function mcpToolPart(name: string): string {
  const parts = name.split('__').filter(Boolean);
  return parts.length >= 3 && parts[0]?.toLowerCase() === 'mcp' ? parts.slice(2).join('__') : name;
}

const maxDepth = 6;
const maxStrings = 200;

// Keys whose string values are paths whatever they look like (compared lower-case, without `_` and `-`).
const pathKey = /(path|paths|file|files|filename|filenames|dir|dirs|directory|directories|folder|folders)$|^(cwd|root|workdir|workingdirectory)$/;
// Keys whose values are paths only when they look like one.
const weakPathKey = /^(source|sources|target|targets|destination|dest|src|from|to|location|output|input|out|uri|resource)$/;
const commandKey = /^(command|commands|cmd|script|shellcommand|commandline)$/;
const urlPattern = /^(https?|wss?|ftp):\/\/[^\s]+$/i;
const looksLikePath = /^(\/|~\/|\.{1,2}\/|[A-Za-z]:[\\/])[^\n\0]*$|^[^\s\0]*[\\/][^\s\0]*$/;
const absoluteLooking = /^(\/|~\/)[^\s\0]+$/;

/**
 * Walks an MCP tool's arguments (bounded in depth and size) and collects the paths, URLs and command lines it can
 * recognise: `file://` URLs and path-named arguments are paths, http(s)/ws(s)/ftp strings are URLs, and any
 * argument that is an absolute path without spaces counts as a path whatever its name.
 */
export function mcpTargets(args: unknown): McpTargets {
  const paths: { key: string; path: string }[] = [];
  const urls: string[] = [];
  const commands: string[] = [];
  let seen = 0;
  const visit = (value: unknown, key: string, depth: number): void => {
    if (depth > maxDepth || seen >= maxStrings) return;
    if (typeof value === 'string') {
      seen++;
      classify(value, key);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, key, depth + 1);
    } else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, k, depth + 1);
    }
  };
  const classify = (value: string, key: string): void => {
    const v = value.trim();
    if (v === '' || v.length > 4096) return;
    const k = key.toLowerCase().replace(/[_-]/g, '');
    if (/^file:\/\//i.test(v)) {
      const p = fileUrlPath(v);
      if (p !== undefined) paths.push({ key, path: p });
      return;
    }
    if (urlPattern.test(v)) {
      urls.push(v);
      return;
    }
    if (commandKey.test(k)) {
      commands.push(value);
      return;
    }
    if (pathKey.test(k) && !v.includes('\n')) paths.push({ key, path: v });
    else if (weakPathKey.test(k) && looksLikePath.test(v)) paths.push({ key, path: v });
    else if (absoluteLooking.test(v)) paths.push({ key, path: v });
  };
  visit(args, '', 0);
  return { paths, urls: [...new Set(urls)], commands };
}

function fileUrlPath(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'file:') return undefined;
    const p = decodeURIComponent(u.pathname);
    return p === '' ? undefined : p;
  } catch {
    return undefined;
  }
}
