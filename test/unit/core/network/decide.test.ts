import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessUrl } from '../../../../src/core/network/assess';
import { networkEffects, networkFloor, type NetworkRuling } from '../../../../src/core/network/decide';
import { checkRedirectHop, decideNetwork, networkDefault } from '../../../../src/core/policy/networkDecisions';
import { hostPatternCovers, parseHostPattern } from '../../../../src/core/network/hostPattern';
import type { Preset } from '../../../../src/core/policy/types';
import { fakeResolver } from './fixtures';

const resolver = fakeResolver();

describe('networkFloor', () => {
  const floors: readonly (readonly [string, string | undefined])[] = [
    ['http://169.254.169.254/', 'floor.cloud-metadata'],
    ['http://metadata.google.internal/', 'floor.cloud-metadata'],
    ['http://[::ffff:100.100.100.200]/', 'floor.cloud-metadata'],
    ['http://1.2.3.08/', 'input.network-invalid'],
    ['http://127.0.0.1/', undefined],
    ['https://example.com/', undefined],
  ];
  for (const [input, rule] of floors) {
    it(`${input} → ${rule ?? 'no floor'}`, async () => {
      const f = networkFloor(await assessUrl(input, resolver));
      assert.equal(f?.rule, rule);
      if (f) assert.equal(f.decision, 'deny');
    });
  }

  it('names the metadata service in the reason', async () => {
    const f = networkFloor(await assessUrl('http://100.100.100.200/latest/meta-data/', resolver));
    assert.match(f?.reason ?? '', /Alibaba Cloud metadata/);
    assert.equal(f?.layer, 'floor');
    assert.equal(f?.risk, 'critical');
  });
});

describe('networkDefault by preset', () => {
  const table: readonly (readonly [string, Preset, string, string])[] = [
    ['https://example.com/', 'strict', 'ask', 'preset.network-public'],
    ['https://example.com/', 'balanced', 'allow', 'preset.network-public'],
    ['https://example.com/', 'permissive', 'allow', 'preset.network-public'],
    ['http://127.0.0.1:3000/', 'strict', 'deny', 'preset.network-loopback'],
    ['http://127.0.0.1:3000/', 'balanced', 'ask', 'preset.network-loopback'],
    ['http://127.0.0.1:3000/', 'permissive', 'ask', 'preset.network-loopback'],
    ['http://10.0.0.1/', 'balanced', 'ask', 'preset.network-private'],
    ['http://[fe80::1]/', 'balanced', 'ask', 'preset.network-link-local'],
    ['http://224.0.0.1/', 'balanced', 'ask', 'preset.network-reserved'],
    ['http://nowhere.example.net/', 'strict', 'deny', 'preset.network-unresolved'],
    ['http://nowhere.example.net/', 'balanced', 'ask', 'preset.network-unresolved'],
    ['http://nowhere.example.net/', 'permissive', 'ask', 'preset.network-unresolved'],
    ['gopher://example.com/', 'strict', 'deny', 'preset.network-scheme'],
    ['gopher://example.com/', 'balanced', 'ask', 'preset.network-scheme'],
    ['gopher://example.com/', 'permissive', 'ask', 'preset.network-scheme'],
    ['gopher://127.0.0.1:6379/', 'balanced', 'ask', 'preset.network-loopback'],
    ['file:///etc/passwd', 'balanced', 'ask', 'preset.network-file'],
    ['file:///etc/passwd', 'strict', 'deny', 'preset.network-file'],
    ['http://build.corp/', 'balanced', 'ask', 'preset.network-special-name'],
    ['http://169.254.169.254/', 'permissive', 'deny', 'floor.cloud-metadata'],
  ];
  for (const [input, preset, decision, rule] of table) {
    it(`${input} in ${preset}: ${decision} by ${rule}`, async () => {
      const v = networkDefault(await assessUrl(input, resolver), preset);
      assert.deepEqual([v.decision, v.rule], [decision, rule]);
    });
  }

  it('explains the worst address in one sentence', async () => {
    const reasons = await Promise.all(
      ['http://rebind.attacker.example.net/', 'http://[::ffff:10.0.0.1]/', 'http://0127.0.0.1/', 'http://0x7f.1/'].map(
        async (u) => networkDefault(await assessUrl(u, resolver), 'balanced').reason,
      ),
    );
    assert.deepEqual(reasons, [
      'rebind.attacker.example.net resolves to 127.0.0.1, a loopback address on this machine.',
      '::ffff:a00:1 (carrying 10.0.0.1, ipv4-mapped) is a private-network address.',
      '87.0.0.1 can also be read as 127.0.0.1, a loopback address on this machine.',
      '127.0.0.1 is a loopback address on this machine.',
    ]);
  });
});

describe('decideNetwork layers', () => {
  const allowDevServer = (p: string) => {
    const pattern = parseHostPattern(p);
    assert.ok(pattern.ok);
    return (a: Parameters<typeof hostPatternCovers>[1]): NetworkRuling | undefined =>
      hostPatternCovers(pattern.value, a) ? { decision: 'allow', rule: 'user:dev-server', reason: 'Dev server.' } : undefined;
  };

  it('a user rule decides between the floor and the preset', async () => {
    const v = decideNetwork(await assessUrl('http://127.0.0.1:3000/api', resolver), 'strict', allowDevServer('127.0.0.1:3000'));
    assert.deepEqual([v.decision, v.rule, v.layer], ['allow', 'user:dev-server', 'user']);
  });

  it('a user rule cannot lift the floor', async () => {
    const v = decideNetwork(await assessUrl('http://169.254.169.254/', resolver), 'balanced', () => ({
      decision: 'allow',
      rule: 'user:all',
      reason: 'Everything.',
    }));
    assert.deepEqual([v.decision, v.rule, v.layer], ['deny', 'floor.cloud-metadata', 'floor']);
  });

  it('without a matching user rule the preset decides', async () => {
    const v = decideNetwork(await assessUrl('http://127.0.0.1:3001/', resolver), 'balanced', allowDevServer('127.0.0.1:3000'));
    assert.deepEqual([v.decision, v.layer], ['ask', 'preset']);
  });
});

describe('checkRedirectHop', () => {
  const hops: readonly (readonly [string, Preset, string, string])[] = [
    ['https://example.com/next', 'balanced', 'allow', 'preset.network-public'],
    ['http://169.254.169.254/latest/meta-data/', 'permissive', 'deny', 'floor.cloud-metadata'],
    ['http://0x7f.1:8080/admin', 'balanced', 'ask', 'preset.network-loopback'],
    ['http://127.0.0.1.nip.io/', 'strict', 'deny', 'preset.network-loopback'],
    ['http://rebind.attacker.example.net/', 'balanced', 'ask', 'preset.network-loopback'],
    ['file:///etc/passwd', 'permissive', 'deny', 'preset.network-redirect-scheme'],
    ['gopher://example.com/_x', 'permissive', 'deny', 'preset.network-redirect-scheme'],
    ['dict://127.0.0.1:11211/', 'permissive', 'deny', 'preset.network-redirect-scheme'],
    ['http://evil.com\\@127.0.0.1/', 'permissive', 'deny', 'input.network-invalid'],
  ];
  for (const [url, preset, decision, rule] of hops) {
    it(`${url} in ${preset}: ${decision}`, async () => {
      const hop = await checkRedirectHop(url, resolver, preset);
      assert.deepEqual([hop.decision, hop.rule], [decision, rule]);
      assert.equal(hop.assessment.target.input, url);
    });
  }

  it('resolves a relative Location against the redirecting URL', async () => {
    const hop = await checkRedirectHop('//169.254.169.254/latest', resolver, 'balanced', { base: 'https://example.com/start' });
    assert.equal(hop.rule, 'floor.cloud-metadata');
    const same = await checkRedirectHop('/next', resolver, 'balanced', { base: 'https://example.com/start' });
    assert.deepEqual([same.decision, same.assessment.target.host], ['allow', 'example.com']);
  });

  it('refuses a hop that is not an absolute URL', async () => {
    const hop = await checkRedirectHop('127.0.0.1', resolver, 'permissive');
    assert.deepEqual([hop.decision, hop.rule], ['deny', 'preset.network-redirect-scheme']);
  });

  it('applies the user rules to each hop', async () => {
    const hop = await checkRedirectHop('http://localhost:3000/', resolver, 'strict', {
      userRule: (a) => (a.target.host === 'localhost' ? { decision: 'allow', rule: 'user:dev', reason: 'Dev.' } : undefined),
    });
    assert.deepEqual([hop.decision, hop.layer], ['allow', 'user']);
  });

  it('a hanging resolver on a hop asks or denies, never allows', async () => {
    const hang = () => new Promise<readonly string[]>(() => {});
    const strict = await checkRedirectHop('https://example.com/', hang, 'strict', { timeoutMs: 10 });
    const balanced = await checkRedirectHop('https://example.com/', hang, 'balanced', { timeoutMs: 10 });
    assert.deepEqual([strict.decision, balanced.decision], ['deny', 'ask']);
  });
});

describe('networkEffects', () => {
  it('records the host with every address it was judged by', async () => {
    assert.deepEqual(networkEffects(await assessUrl('http://rebind.attacker.example.net/', resolver)), {
      hosts: [{ host: 'rebind.attacker.example.net', addresses: ['93.184.216.34', '127.0.0.1'] }],
    });
    assert.deepEqual(networkEffects(await assessUrl('http://0x7f.1/', resolver)), {
      hosts: [{ host: '127.0.0.1', addresses: ['127.0.0.1'] }],
    });
  });
});
