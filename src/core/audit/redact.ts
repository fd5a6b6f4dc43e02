/**
 * Secrets are cut out of everything the trail stores (commands, URLs, paths, reasons) before it is written: the
 * trail is meant to be read, exported and shared. Each rule replaces only the secret itself with a marker naming
 * its kind, so the record still says what was done (`curl -H 'Authorization: Bearer [REDACTED:bearer]' …`).
 * Rules look for a secret's own shape (a `ghp_` token, an `AKIA` key id, a PEM block) or for a name that announces
 * one (`password=`, `--token`, `Authorization:`); plain hex digests, UUIDs and paths are left alone.
 */

export const redactionMarker = (kind: string): string => `[REDACTED:${kind}]`;

export interface SecretRule {
  readonly kind: string;
  /**
   * Either the whole match is the secret, or (with `framed`) the pattern is `(prefix)(secret)(suffix)?` and only
   * the second group is replaced.
   */
  readonly pattern: RegExp;
  readonly framed?: boolean;
  /** Leaves a candidate alone (a placeholder, a variable reference, a word). */
  readonly keep?: (secret: string) => boolean;
  /** How a long tool result is searched for this rule (`findSecrets`); the trail's short strings do not need it. */
  readonly scan?: ScanHint;
}

/**
 * What every match of a rule holds, so a scan of a long result can skip the rule or run it only where a match may
 * be. Both must hold for every match the pattern can make: they narrow where it is run, never what it finds.
 */
export interface ScanHint {
  /** Substrings (lower case) a match holds, one from each list. */
  readonly needles?: readonly (readonly string[])[];
  /**
   * A match starts at most `reach` characters before a match of `near` (a global pattern); with `indent`, also
   * before the run of spaces and tabs there, and up to 2 characters more (a JSON or YAML key's indentation).
   */
  readonly anchor?: { readonly near: RegExp; readonly reach: number; readonly indent?: boolean };
}

/** `$TOKEN`, `${TOKEN}`, `%TOKEN%`, `<token>`, `***`, `xxxx`: references and placeholders, not secrets. */
const placeholder = (s: string): boolean =>
  s === '' || /^["']?(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\(.*\)|%[A-Za-z_][A-Za-z0-9_]*%|<[^>]*>|\*+|x+|\.\.\.|…)["']?$/i.test(s);

/** A value naming a file rather than holding a secret (`GOOGLE_APPLICATION_CREDENTIALS=/path/key.json`). */
const pathLike = (s: string): boolean => /^["']?(~|\.{1,2})?\/[\w./@+-]*["']?$/.test(s);

/** A value as a shell or a config file writes it: quoted, or up to the next separator. */
const value = `("[^"\\n]*"|'[^'\\n]*'|[^\\s"'&;|,)}\\]]+)`;

/** Names that announce a secret in `NAME=value`, `name: value`, `?name=value`. */
const secretWord =
  '(?:(?:passw(?:or)?d|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|signature|session[_-]?id|app[_-]?key|(?:encryption|signing|master)[_-]?key)[A-Za-z0-9_]{0,40}|_auth)';
const secretName = `[A-Za-z0-9_.]{0,40}?${secretWord}`;
/** The word that names a secret, followed by `=` or `:`: a name holding it starts at most 40 characters before. */
const namedBefore = (sign: string): RegExp => new RegExp(`${secretWord}(?=["']?[ \\t]*${sign})`, 'gi');
/** A command's flag after a space (`-u`, `--user`; given without its first dash). */
const flagAt = (flags: string): RegExp => new RegExp(`-(?<=\\s-)(?:${flags})`, 'g');

/** Base64 of `user:password`, for a bare `Basic …` outside a header. */
function isBasicCredential(token: string): boolean {
  if (!/^[A-Za-z0-9+/]{8,}={0,2}$/.test(token)) return false;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  return /^[\x21-\x39\x3b-\x7e]+:[\x20-\x7e]+$/.test(decoded);
}

/** Values after a secret's name that are not secrets: references, paths, booleans, small numbers, auth schemes. */
const keepValue = (s: string): boolean =>
  placeholder(s) || pathLike(s) || /^["']?(true|false|null|none|yes|no|\d{1,4}|bearer|basic|token|digest)["']?$/i.test(s);

/** A quoted or bare word after a flag. */
const word = `("[^"\\n]*"|'[^'\\n]*'|[^\\s"']+)`;

export const secretRules: readonly SecretRule[] = [
  // Key material first: a whole PEM block (or what is left of a cut-off one).
  {
    kind: 'private-key',
    pattern: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY\2-----|$)/g,
  },
  { kind: 'private-key', pattern: /\bPuTTY-User-Key-File-\d:[\s\S]*?(?:Private-MAC: [0-9a-f]+|$)/g },
  // Credentials with a shape of their own.
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{8,}/g },
  { kind: 'github-token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/g },
  { kind: 'github-token', pattern: /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g },
  { kind: 'gitlab-token', pattern: /\bgl(?:pat|dt|ptt|rt|cbt|imt|agent|oas)-[A-Za-z0-9_-]{20,}\b/g },
  { kind: 'slack-token', pattern: /\bxox[abeoprs]-[A-Za-z0-9-]{10,}/g },
  { kind: 'slack-webhook', pattern: /\bhooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9/_-]+/g },
  { kind: 'stripe-key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { kind: 'stripe-key', pattern: /\bwhsec_[A-Za-z0-9]{24,}\b/g },
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { kind: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'pypi-token', pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,}/g },
  { kind: 'huggingface-token', pattern: /\bhf_[A-Za-z]{34}\b/g },
  { kind: 'sendgrid-key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g },
  { kind: 'twilio-key', pattern: /\bSK[0-9a-f]{32}\b/g },
  { kind: 'digitalocean-token', pattern: /\bdo[por]_v1_[0-9a-f]{64}\b/g },
  { kind: 'telegram-bot-token', pattern: /(?<![0-9])\d{8,10}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g },
  { kind: 'anthropic-key', pattern: /\bsk-ant-[a-z0-9]+-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai-key', pattern: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|\bsk-[A-Za-z0-9]{32,}\b/g },
  { kind: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g },
  { kind: 'azure-key', pattern: /\b((?:AccountKey|SharedAccessKey|SharedAccessSignature)=)([^;"'\s]+)/gi, framed: true },
  // A 40-character secret key only where it is named as an AWS one (it looks like any base64 otherwise).
  {
    kind: 'aws-secret-key',
    pattern: /\b((?:aws.{0,20}?(?:secret|sk)[A-Za-z_]*|secret_?access_?key)["']?\s*(?:[:=]|\s)\s*["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    framed: true,
  },
  // Credentials announced by their context.
  { kind: 'url-password', pattern: /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@]{1,256}:)([^\s@/]{1,256})(@)/gi, framed: true, keep: placeholder, scan: { needles: [['@']], anchor: { near: /:\/\//g, reach: 31 } } },
  {
    kind: 'authorization',
    pattern: /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|digest|negotiate|bot|apikey|sso-key)\s+)?)([^\s"',;]+(?:,\s*[a-z]+="[^"]*")*)/gi,
    framed: true,
    keep: placeholder,
  },
  { kind: 'bearer', pattern: /\b(bearer\s+)([A-Za-z0-9._~+/=-]{8,})/gi, framed: true, keep: (s) => placeholder(s) || !/[0-9._~+/=-]/.test(s) },
  { kind: 'basic', pattern: /\b(basic\s+)([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/gi, framed: true, keep: (s) => !isBasicCredential(s) },
  {
    kind: 'header',
    pattern: /\b((?:x-)?(?:api-key|auth-token|access-token|private-token|job-token|goog-api-key)\s*:\s*)([^\s"',;]+)/gi,
    framed: true,
    keep: placeholder,
  },
  { kind: 'cookie', pattern: /\b((?:set-)?cookie\s*:\s*)([^\n"']+)/gi, framed: true, keep: placeholder },
  // curl/wget -u user:pass, --user user:pass, --proxy-user user:pass.
  {
    kind: 'password',
    pattern: new RegExp(`(\\b(?:curl|wget|http|https|xh)\\b[^\\n;&|]{0,1000}?\\s(?:-u\\s*|-U\\s*|--user[=\\s]\\s*|--proxy-user[=\\s]\\s*)["']?(?!\\[REDACTED:)[^\\s:"']+:)([^\\s"']+)`, 'g'),
    framed: true,
    keep: placeholder,
    scan: { needles: [['curl', 'wget', 'http', 'xh'], ['-u']], anchor: { near: flagAt('u|U|-user[=\\s]|-proxy-user[=\\s]'), reach: 1006 } },
  },
  // --password VALUE, --db-password=VALUE, --token VALUE…
  {
    kind: 'password',
    pattern: /(?<![\w-])(--(?:[a-z]+-){0,4}(?:password|passwd|pass|secret|token|api-key|apikey|access-token|auth-token|client-secret)(?:=|\s+))("[^"\n]*"|'[^'\n]*'|[^\s"'<>|&;-][^\s"']*)/gi,
    framed: true,
    keep: (s) => placeholder(s) || pathLike(s),
  },
  // mysql -psecret, mysqldump -p'secret' (a bare -p prompts, and the next word is a database).
  {
    kind: 'password',
    pattern: new RegExp(`(\\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump|mariadb-admin)\\b[^\\n;&|]{0,1000}?\\s-p)${word}`, 'g'),
    framed: true,
    scan: { needles: [['mysql', 'mariadb'], ['-p']], anchor: { near: flagAt('p'), reach: 1014 } },
  },
  {
    kind: 'password',
    pattern: new RegExp(`(\\bsshpass\\b[^\\n;&|]{0,1000}?\\s-p\\s*)${word}`, 'g'),
    framed: true,
    scan: { needles: [['sshpass'], ['-p']], anchor: { near: flagAt('p'), reach: 1008 } },
  },
  {
    kind: 'password',
    pattern: new RegExp(`(\\bredis-cli\\b[^\\n;&|]{0,1000}?\\s(?:-a|--pass)\\s+)${word}`, 'g'),
    framed: true,
    scan: { needles: [['redis-cli'], ['-a', '--pass']], anchor: { near: flagAt('a|-pass'), reach: 1010 } },
  },
  {
    kind: 'password',
    pattern: new RegExp(`(\\b(?:docker|podman|helm|oras|buildah|skopeo)\\s+(?:registry\\s+)?login\\b[^\\n;&|]{0,1000}?\\s-p\\s+)${word}`, 'g'),
    framed: true,
    scan: { needles: [['docker', 'podman', 'helm', 'oras', 'buildah', 'skopeo'], ['login'], ['-p']] },
  },
  // PHP's define('DB_PASSWORD', '…'), XML's <password>…</password>, .netrc's `password …`.
  {
    kind: 'secret',
    pattern: /(\bdefine\(\s*['"][A-Z0-9_]{0,40}(?:PASSWORD|SECRET|_KEY|TOKEN|SALT)[A-Z0-9_]{0,40}['"]\s*,\s*)('[^'\n]*'|"[^"\n]*")/gi,
    framed: true,
    keep: keepValue,
  },
  {
    kind: 'secret',
    pattern: /(<(?:[\w.-]{1,40}:)?(?:password|passphrase|secret|client[-_]?secret|api[-_]?key|access[-_]?token|private[-_]?key)>)([^<\s][^<\n]{0,200})(?=<\/)/gi,
    framed: true,
    keep: keepValue,
    // The tag's name ends the tag; its `<` and namespace are at most 42 characters before.
    scan: { anchor: { near: /(?:password|passphrase|secret|client[-_]?secret|api[-_]?key|access[-_]?token|private[-_]?key)>/gi, reach: 42 } },
  },
  {
    kind: 'secret',
    pattern: /(\b(?:login|machine|account)\s+\S+\s+password\s+|(?:^|\n)[ \t]+password[ \t]+)(\S+)(?=[ \t]*(?:$|\n|[ \t](?:login|machine|account|macdef)\b))/gi,
    framed: true,
    keep: keepValue,
    scan: { needles: [['password']] },
  },
  // NAME=value and ?name=value where the name says it is a secret.
  {
    kind: 'secret',
    pattern: new RegExp(`((?<![A-Za-z0-9_])${secretName}["']?[ \\t]*=[ \\t]*)${value}`, 'gi'),
    framed: true,
    keep: keepValue,
    scan: { needles: [['=']], anchor: { near: namedBefore('='), reach: 40 } },
  },
  // name: value as JSON and YAML write it: at the start of a line, or after `{`, `,`, `[` or a quote. In prose
  // ("reading a secret: …") the name follows a word and is left alone.
  {
    kind: 'secret',
    pattern: new RegExp(`((?:^|[{,\\[\\n"']|\\\\n)[ \\t]*["']?${secretName}["']?[ \\t]*:(?!//)[ \\t]*)${value}`, 'gim'),
    framed: true,
    keep: keepValue,
    // The name may follow a quote (41), and the key its indentation.
    scan: { needles: [[':']], anchor: { near: namedBefore(':'), reach: 41, indent: true } },
  },
];

let anyRule: readonly ((text: string) => boolean)[] | undefined;
/**
 * Whether some rule's pattern matches the text: one pattern per set of flags, the rules' patterns as alternatives
 * (a pattern with back-references stays on its own, its groups would be renumbered; one with an anchor is tried
 * only where its cheaper anchor is found). Most strings hold no secret, and one run of these costs less than forty
 * replacements that find nothing.
 */
function mayHoldSecret(text: string): boolean {
  if (!anyRule) {
    const byFlags = new Map<string, string[]>();
    const alone: ((text: string) => boolean)[] = [];
    for (const { pattern, scan } of secretRules) {
      const flags = pattern.flags.replace(/[gyd]/g, '');
      const whole = new RegExp(pattern.source, flags);
      if (scan?.anchor) {
        const near = new RegExp(scan.anchor.near.source, scan.anchor.near.flags.replace(/[gyd]/g, ''));
        alone.push((t) => near.test(t) && whole.test(t));
      } else if (/\\[1-9]/.test(pattern.source)) {
        alone.push((t) => whole.test(t));
      } else {
        byFlags.set(flags, [...(byFlags.get(flags) ?? []), `(?:${pattern.source})`]);
      }
    }
    const unions = [...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags));
    anyRule = [...unions.map((re) => (t: string) => re.test(t)), ...alone];
  }
  return anyRule.some((test) => test(text));
}

/**
 * Replaces every secret in a string with `[REDACTED:kind]`. Pure and idempotent: a redacted string comes back
 * unchanged. Repetitions in the patterns are bounded, so a crafted command cannot make it slow and stall the
 * recorder (bench/audit.bench.ts times the worst shapes found).
 */
export function redactText(text: string): string {
  if (!mayHoldSecret(text)) return text;
  let out = text;
  for (const rule of secretRules) {
    out = out.replace(rule.pattern, (...m: unknown[]) => {
      const match = m[0] as string;
      if (!rule.framed) return rule.keep?.(match) ? match : redactionMarker(rule.kind);
      // The replacer gets the groups, then the offset (the first number).
      const groups = m.slice(1, m.findIndex((x, i) => i > 0 && typeof x === 'number')) as (string | undefined)[];
      const [before = '', secret = '', after = ''] = groups;
      if (rule.keep?.(secret) || secret.startsWith('[REDACTED:')) return match;
      // Keep the quotes around a quoted secret so the command still reads as one word.
      const quote = /^["']/.test(secret) && secret.at(-1) === secret[0] ? secret[0] : '';
      return `${before}${quote}${redactionMarker(rule.kind)}${quote}${after}`;
    });
  }
  return out;
}

/** Redacts every string inside a plain JSON-like value (objects, lists), keys excepted. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
