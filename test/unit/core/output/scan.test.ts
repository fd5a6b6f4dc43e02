import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findSecrets } from '../../../../src/core/output/secrets';
import { maxFindings, resultText, scanOutput } from '../../../../src/core/output/scan';
import { Haystack } from '../../../../src/core/output/haystack';
import { visibleText, zeroWidthAsSpaces } from '../../../../src/core/output/injection';
import { benignCases, flaggedCases } from './outputCases';
import { heldOutBenign, heldOutFlagged } from './heldOutCases';

const show = (text: string): string => JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text);

for (const c of flaggedCases) {
  test(`flagged (${c.tool}): ${c.name}`, () => {
    const findings = scanOutput(c.text);
    const rules = new Set(findings.map((f) => f.rule));
    for (const rule of c.expect) assert.ok(rules.has(rule), `${rule} did not fire on ${show(c.text)}`);
    for (const rule of rules) assert.ok(c.expect.includes(rule), `${rule} fired unexpectedly: ${JSON.stringify(findings)}`);
    const kinds = new Set(findings.map((f) => f.kind));
    for (const kind of c.kinds ?? []) assert.ok(kinds.has(kind), `no ${kind} found: ${JSON.stringify(findings)}`);
    // A secret is never repeated in what Airlock shows or records about it.
    for (const s of findSecrets(c.text)) {
      const secret = c.text.slice(s.start, s.end);
      for (const f of findings) assert.ok(!f.excerpt.includes(secret), `the excerpt "${f.excerpt}" holds the secret`);
    }
    for (const f of findings) assert.ok(f.line >= 1 && f.excerpt.length <= 160, JSON.stringify(f));
  });
}

for (const c of benignCases) {
  test(`benign look-alike (${c.tool}): ${c.name}`, () => {
    assert.deepEqual(scanOutput(c.text), [], show(c.text));
  });
}

// Written apart from the scanners and the tables above, as forms nobody tuned the patterns on. Their first run
// missed 2 of 60 and flagged 1 of 60 benign (docs/benchmarks.md); the causes were fixed, so they now guard those.
for (const c of heldOutFlagged) {
  test(`held-out flagged (${c.tool}): ${c.name}`, () => {
    const rules = new Set(scanOutput(c.text).map((f) => f.rule));
    for (const rule of c.expect) assert.ok(rules.has(rule), `${rule} did not fire on ${show(c.text)}`);
  });
}
for (const c of heldOutBenign) {
  test(`held-out benign (${c.tool}): ${c.name}`, () => {
    assert.deepEqual(scanOutput(c.text), [], show(c.text));
  });
}

test('a result is read whatever its shape: strings inside objects and content blocks, joined by lines', () => {
  const text = resultText({ stdout: 'a', stderr: 'b', content: [{ type: 'text', text: 'c' }], n: 3, nested: { deep: ['d'] } });
  assert.equal(text, 'a\nb\ntext\nc\nd');
  assert.equal(resultText('plain'), 'plain');
  assert.equal(resultText(null), '');
  assert.equal(resultText('x'.repeat(100), 10).length, 10);
});

test('the haystack answers exactly, for declared and undeclared needles, in any case', () => {
  const hay = new Haystack('Header\nAuthorization: BEARER x\nghp_ and SK-ant- and naïve');
  assert.equal(hay.holds('authorization'), true);
  assert.equal(hay.holds('bearer'), true);
  assert.equal(hay.holds('ghp_'), true);
  assert.equal(hay.holds('sk-ant-'), true);
  assert.equal(hay.holds('gho_'), false);
  assert.equal(hay.holds('xox'), false);
  // Not declared by any scanner: searched for directly.
  assert.equal(hay.holds('header\nauth'), true);
  assert.equal(hay.holds('naïve'), true);
  assert.equal(hay.holds('zebra'), false);
});

test('the haystack read with zero-width spaces as spaces answers as the haystack of the text built that way', () => {
  const pieces = ['\u200b', '\u2060', '\u180e', '\u200c', '\u200d', '\ufeff', '\u202e', '\u2066', '\udb40', '\udb40\udc41', '\udc41', 'ai', 'AI agent', ' ', 'ignore', 'previous', 'ghp_', '-u', 'é', '<!--', '\n'];
  const needles = [' ai', '\nai', 'agent', 'ignore', 'previous', 'ghp_', '-u', '<!--', 'ai agent', 'i ag', 'zebra'];
  let seed = 5;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < 500; i++) {
    let text = '';
    for (let j = 1 + rand(30); j > 0; j--) text += pieces[rand(pieces.length)] ?? '';
    const built = visibleText(zeroWidthAsSpaces(text));
    const read = new Haystack(text, () => built);
    const plain = new Haystack(built);
    for (const n of needles) assert.equal(read.holds(n), plain.holds(n), `${JSON.stringify(n)} in ${JSON.stringify(text)}`);
  }
});

test('findings are capped, so a result full of keys stays cheap to record', () => {
  const keys = Array.from({ length: 500 }, (_, i) => `KEY_${i}=ghp_${'aB3dE5fG7h'.repeat(4).slice(0, 36 - String(i).length)}${i}`).join('\n');
  const findings = scanOutput(keys);
  assert.equal(findings.length, maxFindings);
  assert.ok(findings.every((f) => f.rule === 'output.secret'));
});

test('fuzz: random results mixing the scanners\' triggers never throw and stay bounded', () => {
  const parts = [
    'ghp_', 'AKIA', 'eyJ', '-----BEGIN RSA PRIVATE KEY-----', '-----END', 'password=', 'token: ', '<!--', '-->', 'ignore',
    'previous instructions', 'AI agent:', 'Claude,', '\u200b', '\u202e', '\u{e0041}', '\u{1F3F4}', '\ufeff', '\\n', '"', "'",
    '://user:', '@', '![x](https://x/?q={', 'you are now', 'do not tell the user', 'sk-ant-', 'xoxb-', '\n', ' ', 'é', '😀',
    '$(cat ~/.ssh/id_rsa)', '[INST]', '<|im_start|>', '### Instruction:', 'Human: hi\nAssistant:', 'a'.repeat(50),
  ];
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < 400; i++) {
    let text = '';
    const n = 1 + rand(80);
    for (let j = 0; j < n; j++) {
      text += rand(3) === 0 ? String.fromCharCode(rand(0xffff)) : (parts[rand(parts.length)] ?? '');
    }
    const findings = scanOutput(text);
    assert.ok(findings.length <= maxFindings);
    for (const f of findings) {
      assert.ok(f.excerpt.length <= 160, f.excerpt);
      assert.ok(Number.isInteger(f.line) && f.line >= 1, JSON.stringify(f));
    }
  }
});

test('a 10 MB result is scanned whole (the benchmark times it)', () => {
  const filler = 'compiled module bundle chunk size files changed\n'.repeat(220_000);
  const text = `${filler}export AWS_ACCESS_KEY_ID=AKIA${'Q3EGRIT6MZXWBN4P'}\n`;
  assert.ok(text.length > 10_000_000);
  const findings = scanOutput(text);
  assert.deepEqual(findings.map((f) => [f.rule, f.kind, f.line]), [['output.secret', 'aws-access-key', 220_001]]);
});
