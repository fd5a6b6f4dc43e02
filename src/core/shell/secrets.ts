import * as path from 'node:path';

/** Example and template env files hold placeholders, not secrets. */
const envTemplate = /^\.env\.(example|sample|template|dist|defaults|schema)$/i;

const secretNames = new Set([
  '.npmrc',
  '.netrc',
  '_netrc',
  '.pypirc',
  '.git-credentials',
  '.htpasswd',
  '.pgpass',
  '.my.cnf',
  '.vault-token',
  '.terraformrc',
  'credentials.json',
  'client_secret.json',
  'token.json',
  'secrets.json',
  'secrets.yaml',
  'secrets.yml',
  'shadow',
  'gshadow',
  'master.key',
]);

const secretExtensions = /\.(pem|key|p12|pfx|jks|keystore|kdbx|ovpn|tfstate|asc|gpg)$/i;

/** Folders whose every file is a credential (below home, or anywhere for `.ssh`). */
const secretFolders = ['.ssh', '.gnupg', '.aws', '.azure', '.kube', '.docker', '.config/gcloud', '.config/gh', '.password-store'];

/**
 * Whether a path names a secret: environment files, private keys, credential stores. Used to deny uploads of
 * secrets and to taint what reads them; the path guard has its own, broader view of protected reads.
 */
export function isSecretPath(p: string, home: string): boolean {
  const base = path.posix.basename(p);
  if ((base === '.env' || base.startsWith('.env.')) && !envTemplate.test(base)) return true;
  if (/^[\w.-]+\.env$/.test(base) && !/^(example|sample|template)\.env$/i.test(base)) return true;
  if (/^id_(rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk)(?!.*\.pub$)/.test(base)) return true;
  if (secretNames.has(base)) return true;
  if (/(^|\/)\.aws\/(credentials|config)$|(^|\/)\.docker\/config\.json$|(^|\/)\.kube\/config$/.test(p)) return true;
  if (/^service[-_]?account.*\.json$/i.test(base)) return true;
  if (secretExtensions.test(base) && !base.endsWith('.pub.asc')) return true;
  const normal = path.posix.normalize(p);
  for (const folder of secretFolders) {
    if (isInsideFolder(normal, path.posix.join(home, folder))) return !/(\.pub|known_hosts|config\.json\.lock)$/.test(base);
  }
  if (/(^|\/)\.ssh\/(?!known_hosts|[^/]+\.pub$)/.test(normal)) return true;
  return false;
}

/** Recursive reads of these folders pull in secrets: home itself and the credential folders. */
export function holdsSecrets(folder: string, home: string): boolean {
  const normal = path.posix.normalize(folder).replace(/\/+$/, '') || '/';
  if (normal === '/' || normal === home || isInsideFolder(home, normal)) return true;
  return secretFolders.some((f) => {
    const full = path.posix.join(home, f);
    return normal === full || isInsideFolder(normal, full);
  });
}

export function isInsideFolder(p: string, folder: string): boolean {
  const f = folder.endsWith('/') ? folder : `${folder}/`;
  return p.startsWith(f);
}
