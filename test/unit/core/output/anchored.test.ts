import assert from 'node:assert/strict';
import { test } from 'node:test';
import { secretRules } from '../../../../src/core/audit/redact';
import { anchored, anchoredMatches } from '../../../../src/core/output/anchored';

/** Long texts with a few of the rules' shapes in them (the windows are used), and short dense ones (the fallback). */
function texts(): string[] {
  let seed = 11;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const filler = ['lorem ', 'ipsum\n', 'dolor ', 'sit=', 'amet: ', '  ', '\t', 'x.y ', '-a', 'key ', '"', "'", '<', '>'];
  const shapes = [
    'curl -s https://x.io -u bob:Xy9$kq2Lm8Pz', 'wget --user=al x', 'mysql -h db -pS3cr3t!x', 'sshpass -p Hunter2x9 ssh a',
    'redis-cli -a Pa55w0rd!x', 'redis-cli --pass  Pa55', 'DB_PASSWORD=Xy9$kq2Lm8Pz', '"client_secret": "aB3dE5fG7hJ9kL"',
    '      api_key: Zm9vYmFyYmF6cXV4', '\\n  token: "tok_9a8b7c6d5e"', '<password>Xy9$kq2Lm8Pz</password>', '<ns:api-key>k9</ns:api-key>',
    'https://bob:Xy9$kq2Lm8Pz@host.io/x', 'app.secret_key = "q8W#e7R$t6Y"', 'a.b-c.password=abc123XYZ', '{"password":"Qw3rty!234"}',
    "'secret'\t=\t'Zx9#Yw8$'", 'password' + ' '.repeat(60) + '= "Ab1!cd2@ef"', `${'q'.repeat(45)}password=abcd1234!`,
    `curl ${'z'.repeat(995)} -u u:p4ssw0rdX`, `curl ${'z'.repeat(1010)} -u u:p4ssw0rdX`, `mariadb-admin ${'z'.repeat(996)} -pSecret99x`,
    'passwordtoken=x', 'api-keytoken: y', 'xclient-secret=abc', 'password=password=password=',
  ];
  const out: string[] = [];
  for (let i = 0; i < 300; i++) {
    const dense = i % 3 === 0;
    let t = '';
    for (let j = dense ? 40 : rand(4) + 1; j > 0; j--) {
      for (let k = dense ? rand(3) : rand(400); k > 0; k--) t += filler[rand(filler.length)] ?? '';
      t += shapes[rand(shapes.length)] ?? '';
    }
    out.push(t);
  }
  return out;
}

test('a rule run only in its anchor\'s windows finds what matchAll finds over the whole text', () => {
  const all = texts();
  const anchoredRules = secretRules.filter((r) => r.scan?.anchor);
  assert.ok(anchoredRules.length >= 6);
  for (const rule of anchoredRules) {
    const prepared = anchored(rule.pattern, rule.scan?.anchor ?? { near: /$^/g, reach: 0 });
    const whole = new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('d', '')}d`);
    for (const text of all) {
      const found = [...anchoredMatches(text, prepared)].map((m) => [[...m.groups], [...m.spans]]);
      const expected = [...text.matchAll(whole)].map((m) => [[...m], [...(m.indices ?? [])]]);
      assert.deepEqual(found, expected, `${rule.kind} ${rule.pattern.source.slice(0, 40)} on ${JSON.stringify(text.slice(0, 120))}`);
    }
  }
});
