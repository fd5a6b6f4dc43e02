import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redactDeep, redactText } from '../../../../src/core/audit/redact';

// Test-only fake credentials, assembled so that no whole token sits in the source for scanners to flag.
const gh = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const ghPat = 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ';
const gho = 'gho_' + '16C7e42F292c6912E7710c838347Ae178B4a';
const glpat = 'glpat-' + 'xYz12AbCdEfGhIjKlMnOp';
const slack = 'xoxb-' + '1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const stripe = 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc';
const google = 'AIza' + 'SyA-1234567890abcdefghijklmnopqrstu';
const npmTok = 'npm_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const akia = 'AKIA' + 'IOSFODNN7EXAMPLE';
const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY';
const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' + 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.' + 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAx1234', 'abcdEFGH5678', '-----END RSA PRIVATE KEY-----'].join('\n');
const openssh = ['-----BEGIN OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAA', '-----END OPENSSH PRIVATE KEY-----'].join('\n');
const anthropic = 'sk-ant-' + 'api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const basic = Buffer.from('alice:s3cret-pass').toString('base64');

/** Input, expected output: the secret replaced by a marker naming its kind, everything else intact. */
const redacted: readonly { name: string; input: string; expected: string }[] = [
  { name: 'bearer header in curl', input: `curl -H "Authorization: Bearer abc.def-123_XYZ" https://api.example.com/v1`, expected: `curl -H "Authorization: Bearer [REDACTED:authorization]" https://api.example.com/v1` },
  { name: 'basic header', input: `curl -H 'Authorization: Basic ${basic}' https://x.test/`, expected: `curl -H 'Authorization: Basic [REDACTED:authorization]' https://x.test/` },
  { name: 'bare bearer token', input: 'token was Bearer 9f8e7d6c5b4a3210', expected: 'token was Bearer [REDACTED:bearer]' },
  { name: 'bare basic credential', input: `Basic ${basic}`, expected: 'Basic [REDACTED:basic]' },
  { name: 'password in URL', input: 'git clone https://alice:hunter2@git.example.com/repo.git', expected: 'git clone https://alice:[REDACTED:url-password]@git.example.com/repo.git' },
  { name: 'password in database URL', input: 'psql postgres://app:Pa55w0rd!@db.internal:5432/prod', expected: 'psql postgres://app:[REDACTED:url-password]@db.internal:5432/prod' },
  { name: 'AWS access key id', input: `aws configure set aws_access_key_id ${akia}`, expected: 'aws configure set aws_access_key_id [REDACTED:aws-access-key]' },
  { name: 'AWS secret key in context', input: `aws configure set aws_secret_access_key ${awsSecret}`, expected: 'aws configure set aws_secret_access_key [REDACTED:aws-secret-key]' },
  { name: 'AWS secret key as env', input: `AWS_SECRET_ACCESS_KEY=${awsSecret} terraform apply`, expected: 'AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-key] terraform apply' },
  { name: 'GitHub classic token', input: `gh auth login --with-token <<< ${gh}`, expected: 'gh auth login --with-token <<< [REDACTED:github-token]' },
  { name: 'GitHub OAuth token in URL', input: `git push https://x-access-token:${gho}@github.com/o/r.git`, expected: 'git push https://x-access-token:[REDACTED:github-token]@github.com/o/r.git' },
  { name: 'GitHub fine-grained token', input: `export GH_TOKEN=${ghPat}`, expected: 'export GH_TOKEN=[REDACTED:github-token]' },
  { name: 'GitLab token', input: `curl --header "PRIVATE-TOKEN: ${glpat}" https://gitlab.com/api/v4/projects`, expected: 'curl --header "PRIVATE-TOKEN: [REDACTED:gitlab-token]" https://gitlab.com/api/v4/projects' },
  { name: 'Slack token', input: `SLACK=${slack}`, expected: 'SLACK=[REDACTED:slack-token]' },
  { name: 'Stripe live key', input: `curl https://api.stripe.com/v1/charges -u ${stripe}:`, expected: 'curl https://api.stripe.com/v1/charges -u [REDACTED:stripe-key]:' },
  { name: 'Google API key in a query', input: `https://maps.googleapis.com/maps/api/geocode/json?key=${google}&address=x`, expected: 'https://maps.googleapis.com/maps/api/geocode/json?key=[REDACTED:google-api-key]&address=x' },
  { name: 'npm token', input: `npm config set //registry.npmjs.org/:_authToken=${npmTok}`, expected: 'npm config set //registry.npmjs.org/:_authToken=[REDACTED:npm-token]' },
  { name: 'npm token by name', input: '//registry.npmjs.org/:_authToken=abcdef0123456789', expected: '//registry.npmjs.org/:_authToken=[REDACTED:secret]' },
  { name: 'Anthropic key', input: `ANTHROPIC_API_KEY=${anthropic}`, expected: 'ANTHROPIC_API_KEY=[REDACTED:anthropic-key]' },
  { name: 'private key block', input: `printf '%s' '${pem}' > key.pem`, expected: "printf '%s' '[REDACTED:private-key]' > key.pem" },
  { name: 'OpenSSH private key block', input: `cat <<EOF > id\n${openssh}\nEOF`, expected: 'cat <<EOF > id\n[REDACTED:private-key]\nEOF' },
  { name: 'cut-off private key block', input: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC', expected: '[REDACTED:private-key]' },
  { name: 'JWT', input: `curl -H "X-Session: ${jwt}" https://app.test/`, expected: 'curl -H "X-Session: [REDACTED:jwt]" https://app.test/' },
  { name: 'password= in a query', input: 'https://host/login?user=bob&password=opensesame&next=/', expected: 'https://host/login?user=bob&password=[REDACTED:secret]&next=/' },
  { name: 'PASSWORD env assignment', input: 'DB_PASSWORD=correct-horse npm run migrate', expected: 'DB_PASSWORD=[REDACTED:secret] npm run migrate' },
  { name: 'quoted JSON password', input: '{"user":"bob","password":"p@ss word"}', expected: '{"user":"bob","password":"[REDACTED:secret]"}' },
  { name: 'YAML password line', input: "printf 'db:\n  password: hunter2\n' > config.yml", expected: "printf 'db:\n  password: [REDACTED:secret]\n' > config.yml" },
  { name: 'YAML on its own line', input: 'user: bob\napi_key: abc123def456', expected: 'user: bob\napi_key: [REDACTED:secret]' },
  { name: 'spaced JSON key', input: '{ "client_secret" : "s3cr3t-value" }', expected: '{ "client_secret" : "[REDACTED:secret]" }' },
  { name: '--password flag', input: 'docker login --username bob --password s3cr3t registry.example.com', expected: 'docker login --username bob --password [REDACTED:password] registry.example.com' },
  { name: '--password= flag', input: 'mongodump --password=s3cr3t --db app', expected: 'mongodump --password=[REDACTED:password] --db app' },
  { name: '--token flag', input: 'vault login --token hvs.CAESIabc123', expected: 'vault login --token [REDACTED:password]' },
  { name: 'mysql -p attached', input: 'mysql -u root -phunter2 app < dump.sql', expected: 'mysql -u root -p[REDACTED:password] app < dump.sql' },
  { name: 'mysqldump -p quoted', input: "mysqldump -uroot -p'my pass' app", expected: "mysqldump -uroot -p'[REDACTED:password]' app" },
  { name: 'sshpass -p', input: 'sshpass -p hunter2 ssh deploy@host', expected: 'sshpass -p [REDACTED:password] ssh deploy@host' },
  { name: 'redis-cli -a', input: 'redis-cli -h cache -a s3cr3t PING', expected: 'redis-cli -h cache -a [REDACTED:password] PING' },
  { name: 'docker login -p', input: 'docker login -u bob -p s3cr3t', expected: 'docker login -u bob -p [REDACTED:password]' },
  { name: 'curl -u user:pass', input: 'curl -u alice:wonderland https://x.test', expected: 'curl -u alice:[REDACTED:password] https://x.test' },
  { name: 'X-API-Key header', input: "curl -H 'X-API-Key: 8c6976e5b5410415' https://x.test", expected: "curl -H 'X-API-Key: [REDACTED:header]' https://x.test" },
  { name: 'two secrets in one line', input: `A=${gh} B=${akia}`, expected: 'A=[REDACTED:github-token] B=[REDACTED:aws-access-key]' },
];

/** Text that looks secret-ish but is not, and must come back unchanged. */
const kept: readonly { name: string; input: string }[] = [
  { name: 'git commit hash', input: 'git checkout 3b18e512dba79e4c8300dd08aeb37f8e728b8dad' },
  { name: 'sha256 digest', input: 'echo e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  file | sha256sum -c' },
  { name: 'UUID', input: 'kubectl delete pod 550e8400-e29b-41d4-a716-446655440000' },
  { name: 'file paths', input: 'src/auth/password_reset.ts tests/token.test.ts /home/dev/.ssh/id_ed25519.pub' },
  { name: 'mkdir -p', input: 'mkdir -p build/out && ssh -p 2222 host && docker run -p 8080:80 img' },
  { name: 'bare mysql -p prompts', input: 'mysql -u root -p app' },
  { name: 'password from a file or stdin', input: 'docker login --password-stdin < pw.txt; pg_dump --password-file=/run/secrets/pg' },
  { name: 'variable references', input: 'curl -H "Authorization: Bearer $TOKEN" -u "$USER:$PASS" https://x.test; PASSWORD=${DB_PASSWORD} ./run' },
  { name: 'credential file path', input: 'GOOGLE_APPLICATION_CREDENTIALS=/home/dev/key.json gcloud auth list' },
  { name: 'prose', input: 'Bearer tokens and Basic authentication are not redacted as words; the author field is fine: author=Jane' },
  { name: 'git push -u', input: 'git push -u origin main && docker run -u 1000:1000 img' },
  { name: 'short numeric setting', input: 'max_tokens=256 and token: true' },
  { name: 'base64 of plain text', input: 'Basic aGVsbG8gd29ybGQ=' },
  { name: 'public key', input: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl dev@host' },
  { name: 'a reason in prose', input: 'Reading a secret: /home/dev/.env. The token: value pairs are in <img src=x>' },
  { name: 'URL without a password', input: 'https://user@example.com/path?q=1 and ssh://git@github.com/o/r' },
];

describe('redactText', () => {
  for (const c of redacted) {
    test(`redacts ${c.name}`, () => {
      assert.equal(redactText(c.input), c.expected);
    });
  }
  for (const c of kept) {
    test(`keeps ${c.name}`, () => {
      assert.equal(redactText(c.input), c.input);
    });
  }
  test('is idempotent', () => {
    for (const c of redacted) assert.equal(redactText(c.expected), c.expected, c.name);
  });
});

describe('redactDeep', () => {
  test('redacts every string in a record body, keys and other values untouched', () => {
    const body = { action: { kind: 'exec', command: `TOKEN=${gh} make` }, n: 3, ok: true, list: [`x ${akia}`], reason: 'fine' };
    assert.deepEqual(redactDeep(body), {
      action: { kind: 'exec', command: 'TOKEN=[REDACTED:github-token] make' },
      n: 3,
      ok: true,
      list: ['x [REDACTED:aws-access-key]'],
      reason: 'fine',
    });
  });
});
