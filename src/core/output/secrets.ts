import { secretRules, type SecretRule } from '../audit/redact';
import { anchored, anchoredMatches, type AnchoredMatch, type AnchoredPattern } from './anchored';
import { declareNeedles, Haystack } from './haystack';

/**
 * Credentials in a tool's result. The shapes are the trail's redaction table (one table: what Airlock would cut
 * out of its own records is what it flags in a result), judged more strictly here, because flagging a result
 * interrupts the agent: documented examples (`AKIAIOSFODNN7EXAMPLE`), placeholders (`your-key-here`, `xxxx`,
 * `<token>`, `${TOKEN}`), low-entropy fillers, references in code (`os.getenv("DB_PASSWORD")`, `config.secret`) and
 * type annotations (`password: string`) are not secrets. Public keys, certificates, digests and UUIDs have no
 * rule at all.
 */

export interface SecretSpan {
  /** The kind of credential: `aws-access-key`, `github-token`, `private-key`, `password`, … */
  readonly kind: string;
  /** Where the secret itself lies in the text (not its name or the `key=` in front). */
  readonly start: number;
  readonly end: number;
}

/** Kinds whose value is announced by a name rather than recognised by its shape. */
const namedKinds = new Set(['secret', 'password', 'authorization', 'bearer', 'basic', 'header', 'cookie', 'url-password', 'azure-key', 'aws-secret-key']);

/** The redaction table calls a named value `secret`; in a result it is a password or key assigned in a config. */
const kindNames: Readonly<Record<string, string>> = { secret: 'password' };

/** Vendors' documented example credentials, printed in their docs and tutorials. */
const documentedExamples = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  // jwt.io's example token.
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
]);

const fillerWords =
  /example|sample|placeholder|dummy|changeme|change[_-]me|redacted|replace[_-]?me|your|insert[_-]|xxxx|\*\*\*|\.\.\.|…|<|>|\$\{|\{\{|%[A-Za-z_]+%|0123456789|123456789|abcdefghij|ABCDEFGHIJ/i;

/** Defaults and words written where a real value would go. */
const defaultValues =
  /^(?:password|passw0rd|passwd|pass|secret|admin|root|postgres|mysql|redis|test|testing|guest|default|qwerty|letmein|none|null|nil|undefined|true|false|string|str|number|int|bytes|boolean|bool|any|unknown|object|optional|required|hidden|masked|env|secret-?value|token|value)$/i;

/** A reference in code: a call, a dotted name, an environment lookup. */
const codeLike = (s: string): boolean =>
  /^[A-Za-z_$][\w$]*(?:\.[\w$]+)*\s*[([]/.test(s) || /^[A-Za-z_$][\w$]*(?:\.[\w$]+)+$/.test(s) || /^(?:process\.env|os\.environ|ENV)\b/.test(s);

/**
 * Where a secret is kept rather than the secret: a variable (`$X`, `${X:?must be set}`), a URL without a password
 * (a `scheme://user:password@` one has its own rule), a secret manager's reference (`op://…`, `arn:aws:…`,
 * `vault:…`), a regular expression, a hidden value shown as `(sensitive value)`.
 */
const reference = (s: string): boolean =>
  /^[$?:(]/.test(s) ||
  /^\\[nrt"]/.test(s) ||
  /^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i.test(s) ||
  /^(?:op|vault|arn|secretsmanager|ssm|awssm|gcpsm|azkv|sm|ref|env|file|keychain|secret):/i.test(s) ||
  /^\/.*[\\()[\]{}|^$]/.test(s);

/** Bits per character: a token drawn at random has more than 3; `aaaaaaaaaaaaaaaaaaaa` has none. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const unquote = (s: string): string => (/^["'].*["']$/s.test(s) ? s.slice(1, -1) : s);

/** Whether a candidate is a real-looking secret rather than a filler, an example or code. */
export function plausibleSecret(kind: string, value: string): boolean {
  const v = unquote(value.trim());
  if (documentedExamples.has(v)) return false;
  // A key's body is base64 with runs of "A"; a placeholder body is "…" or "your key here".
  // (A run of 64 is looked for where runs begin: from every character inside a long one it costs a scan each.)
  if (kind === 'private-key') return !/\.\.\.|…|your|<|>|example|redacted|placeholder/i.test(v) && /(?:^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{64}/.test(v.replace(/\s+/g, ''));
  if (fillerWords.test(v) || /(.)\1{5,}/.test(v)) return false;
  if (namedKinds.has(kind)) {
    if (v.length < 6 || defaultValues.test(v) || codeLike(v) || reference(v)) return false;
    if (kind === 'cookie' && !/^[^=]*(?:sess|sid|auth|token|jwt|login|remember|csrf|xsrf)[^=]*=/i.test(v)) return false;
    if (/^[0-9a-f]{40}$|^[0-9a-f]{64}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return false;
    if (['authorization', 'bearer', 'header', 'cookie'].includes(kind) && (v.length < 12 || entropy(v) < 3)) return false;
    // A word alone is a setting's name or a choice, not a password: a real one has a digit, a symbol, mixed case
    // or length.
    // An identifier (`db-credentials`) or a label (`API key`, `Client secret`) names a secret; it is not one.
    if (/^[a-z]+(?:[-_.][a-z]+)*$/.test(v) || /^[A-Za-z]+(?: [A-Za-z]+)+$/.test(v)) return false;
    return /[0-9]/.test(v) || /[^A-Za-z0-9_.-]/.test(v) || (/[a-z]/.test(v) && /[A-Z]/.test(v)) || v.length >= 16;
  }
  return v.length < 16 || entropy(v) >= 3;
}

/**
 * Substrings (lower case) without one of which a kind's patterns cannot match: a result that holds none skips
 * those patterns, which keeps a scan of ordinary output cheap. A kind without an entry always runs.
 */
const needles: Readonly<Record<string, readonly string[]>> = {
  'private-key': ['private key', 'putty-user-key-file'],
  jwt: ['eyj'],
  'github-token': ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  'gitlab-token': ['glpat-', 'gldt-', 'glptt-', 'glrt-', 'glcbt-', 'glimt-', 'glagent-', 'gloas-'],
  'slack-token': ['xox'],
  'slack-webhook': ['hooks.slack.com'],
  'stripe-key': ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_'],
  'google-api-key': ['aiza'],
  'npm-token': ['npm_'],
  'pypi-token': ['pypi-age'],
  'huggingface-token': ['hf_'],
  'sendgrid-key': ['sg.'],
  'twilio-key': ['sk'],
  'digitalocean-token': ['_v1_'],
  'anthropic-key': ['sk-ant-'],
  'openai-key': ['sk-'],
  'aws-access-key': ['akia', 'asia', 'abia', 'acca', 'agpa', 'aida', 'aroa', 'anpa', 'anva', 'aipa'],
  'azure-key': ['accountkey', 'sharedaccess'],
  'aws-secret-key': ['secret', 'aws'],
  'url-password': ['://'],
  authorization: ['authorization'],
  bearer: ['bearer'],
  basic: ['basic'],
  header: ['api-key', 'auth-token', 'access-token', 'private-token', 'job-token', 'goog-api-key'],
  cookie: ['cookie'],
  password: ['-u', '--user', '--proxy-user', '-p', '-a', '--pass', 'secret', 'token', 'password', 'apikey', 'api-key'],
  secret: [
    'passw', 'passwd', 'passphrase', 'secret', 'token', 'credential', 'signature', 'session_id', 'session-id', 'sessionid', '_auth', 'salt', '_key',
    ...['api', 'access', 'private', 'app', 'encryption', 'signing', 'master'].flatMap((w) => [`${w}key`, `${w}_key`, `${w}-key`]),
  ],
};

declareNeedles([...Object.values(needles).flat(), ...secretRules.flatMap((r) => r.scan?.needles?.flat() ?? [])]);

interface IndexedRule {
  readonly rule: SecretRule;
  /** The rule's pattern with match indices, or prepared to run only near its anchor. */
  readonly pattern: RegExp | AnchoredPattern;
  /** Substrings a match holds, one from each list. */
  readonly needles: readonly (readonly string[])[];
}

let indexed: readonly IndexedRule[] | undefined;
/** The redaction rules, compiled for scanning on first use. */
function rules(): readonly IndexedRule[] {
  indexed ??= secretRules.map((rule) => ({
    rule,
    pattern: rule.scan?.anchor ? anchored(rule.pattern, rule.scan.anchor) : new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('d', '')}d`),
    needles: [...(needles[rule.kind] ? [needles[rule.kind] ?? []] : []), ...(rule.scan?.needles ?? [])],
  }));
  return indexed;
}

/** A rule's matches as groups (0: the whole match) and where each lies. */
function* matches(text: string, pattern: RegExp | AnchoredPattern): Generator<AnchoredMatch> {
  if (!(pattern instanceof RegExp)) return yield* anchoredMatches(text, pattern);
  pattern.lastIndex = 0;
  for (const m of text.matchAll(pattern)) yield { groups: m, spans: m.indices ?? [] };
}

/**
 * Every plausible secret in a text, first to last. Where two rules find the same secret (a GitHub token in a
 * remote URL's password place), the first rule of the table (the more specific shape) names it.
 */
export function findSecrets(text: string, limit = 100, hay = new Haystack(text)): SecretSpan[] {
  const found: SecretSpan[] = [];
  for (const { rule, pattern, needles: all } of rules()) {
    if (!all.every((any) => hay.holdsAny(any))) continue;
    for (const m of matches(text, pattern)) {
      const span = m.spans[rule.framed ? 2 : 0];
      const secret = m.groups[rule.framed ? 2 : 0];
      if (!span || secret === undefined || rule.keep?.(secret)) continue;
      const kind = kindNames[rule.kind] ?? rule.kind;
      if (!plausibleSecret(rule.kind, secret)) continue;
      const [start, end] = span;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ kind, start, end });
      if (found.length >= limit) break;
    }
    if (found.length >= limit) break;
  }
  return found.sort((a, b) => a.start - b.start);
}
