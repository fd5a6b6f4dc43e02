import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessTarget, assessUrl, type NetworkAssessment } from '../../../../src/core/network/assess';
import { decideNetwork } from '../../../../src/core/policy/networkDecisions';
import { createResolver, type Resolver } from '../../../../src/core/network/resolve';
import { parseNetworkTarget } from '../../../../src/core/network/target';
import type { Preset } from '../../../../src/core/policy/types';
import { cases, decisionsFor, encodings, fakeResolver, ipv4Targets, type Decisions } from './fixtures';

const presetOrder: readonly Preset[] = ['strict', 'balanced', 'permissive'];

function assertDecisions(a: NetworkAssessment, expected: Decisions, rule?: string): void {
  presetOrder.forEach((preset, i) => {
    const v = decideNetwork(a, preset);
    assert.equal(v.decision, expected[i], `${preset}: ${v.rule} — ${v.reason}`);
    if (rule !== undefined) assert.equal(v.rule, rule, `${preset}: ${v.reason}`);
    assert.ok(v.reason.length > 0);
  });
}

describe('every encoding of every IPv4 target keeps its class and verdict', () => {
  const resolver = fakeResolver();
  for (const target of ipv4Targets) {
    describe(`${target.ip} (${target.class})`, () => {
      for (const enc of encodings) {
        const input = enc.encode(target.ip);
        const cls = target.class === 'public' && enc.publicAs ? enc.publicAs : target.class;
        it(`${enc.name}: ${JSON.stringify(input)}`, async () => {
          const a = await assessUrl(input, resolver);
          assert.equal(a.error, undefined, a.error?.message);
          assert.equal(a.resolution, 'literal');
          assert.equal(a.worst, cls, JSON.stringify(a.addresses));
          assert.equal(a.metadata, cls === 'metadata');
          const expected = decisionsFor(cls);
          // A non-web scheme asks on top of a public address; it never loosens a stricter verdict.
          assertDecisions(a, enc.otherScheme && cls === 'public' ? ['deny', 'ask', 'ask'] : expected);
          const seen = [a.target.ip, ...(a.target.embeddedIpv4 ?? []).map((e) => e.ipv4), ...(a.target.alternateIps ?? [])];
          // `[::0.0.0.0]` is `::` itself, which carries nothing.
          if (a.target.ip !== '::') assert.ok(seen.includes(target.ip), `${target.ip} not among ${seen.join(', ')}`);
        });
      }
    });
  }
});

describe('hand-written cases', () => {
  const resolver = fakeResolver();
  for (const c of cases) {
    it(`${JSON.stringify(c.input.length > 80 ? `${c.input.slice(0, 80)}…` : c.input)}${c.note ? ` (${c.note})` : ''}`, async () => {
      const a = await assessUrl(c.input, resolver);
      if (c.host !== undefined) assert.equal(a.target.host, c.host);
      if (c.worst !== undefined) assert.equal(a.worst, c.worst, JSON.stringify(a));
      assertDecisions(a, c.decisions, c.rule);
    });
  }
});

describe('DNS answers are part of the assessment', () => {
  it('lists every answer with its class and source', async () => {
    const a = await assessUrl('http://rebind.attacker.example.net/', fakeResolver());
    assert.equal(a.resolution, 'resolved');
    assert.deepEqual(
      a.addresses.map((x) => [x.address, x.class, x.source]),
      [
        ['93.184.216.34', 'public', 'dns'],
        ['127.0.0.1', 'loopback', 'dns'],
      ],
    );
  });

  it('canonicalises IPv6 answers and shows the IPv4 they carry', async () => {
    const a = await assessUrl('http://mapped-meta.example.net/', fakeResolver());
    assert.equal(a.addresses[0]?.address, '::ffff:a9fe:a9fe');
    assert.deepEqual(a.addresses[0]?.embeddedIpv4?.map((e) => e.ipv4), ['169.254.169.254']);
    assert.equal(a.metadata, true);
  });

  it('does not call DNS for literal addresses', async () => {
    const resolver = fakeResolver();
    await assessUrl('http://0x7f.1/', resolver);
    await assessUrl('http://[::1]/', resolver);
    assert.deepEqual(resolver.calls, []);
  });

  it('asks DNS for the canonical name', async () => {
    const resolver = fakeResolver();
    await assessUrl('HTTP://Example.COM./', resolver);
    assert.deepEqual(resolver.calls, ['example.com']);
  });
});

describe('fail closed', () => {
  const presets = (a: NetworkAssessment) => presetOrder.map((p) => decideNetwork(a, p).decision);

  it('a resolver that rejects: failed, never allowed', async () => {
    const a = await assessUrl('https://example.com/', async () => {
      throw new Error('SERVFAIL');
    });
    assert.equal(a.resolution, 'failed');
    assert.equal(a.worst, 'unresolved');
    assert.match(a.resolutionError ?? '', /SERVFAIL/);
    assert.deepEqual(presets(a), ['deny', 'ask', 'ask']);
    assert.equal(decideNetwork(a, 'balanced').rule, 'preset.network-unresolved');
  });

  it('a resolver that throws synchronously', async () => {
    const a = await assessUrl('https://example.com/', (() => {
      throw new TypeError('boom');
    }) as unknown as Resolver);
    assert.equal(a.resolution, 'failed');
    assert.deepEqual(presets(a), ['deny', 'ask', 'ask']);
  });

  it('a resolver that hangs past the timeout', async () => {
    const started = Date.now();
    const a = await assessUrl('https://example.com/', () => new Promise(() => {}), { timeoutMs: 30 });
    assert.equal(a.resolution, 'timeout');
    assert.equal(a.worst, 'unresolved');
    assert.match(a.resolutionError ?? '', /timed out after 30 ms/);
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(presets(a), ['deny', 'ask', 'ask']);
  });

  it('a guarded resolver that hangs past its own timeout', async () => {
    const resolver = createResolver({ lookup: () => new Promise(() => {}), timeoutMs: 20 });
    const a = await assessUrl('https://example.com/', resolver);
    assert.equal(a.resolution, 'timeout');
    assert.deepEqual(presets(a), ['deny', 'ask', 'ask']);
  });

  it('a resolver that answers something other than a list', async () => {
    const a = await assessUrl('https://example.com/', (async () => 'not a list') as unknown as Resolver);
    assert.equal(a.resolution, 'failed');
    assert.deepEqual(presets(a), ['deny', 'ask', 'ask']);
  });

  it('a hanging resolver still lets a metadata name hit the floor', async () => {
    const a = await assessUrl('http://metadata.google.internal/', () => new Promise(() => {}), { timeoutMs: 10 });
    assert.equal(a.resolution, 'timeout');
    assert.deepEqual(presets(a), ['deny', 'deny', 'deny']);
    assert.equal(decideNetwork(a, 'permissive').rule, 'floor.cloud-metadata');
  });

  for (const input of ['http://[', 'http://exa mple.com/', 'http://1.2.3.08/', '\u0000', 'http://evil.com\\@10.0.0.1/']) {
    it(`malformed URL ${JSON.stringify(input)} is denied in every preset`, async () => {
      const a = await assessUrl(input, fakeResolver());
      assert.equal(a.error?.kind, 'invalid');
      assert.deepEqual(presets(a), ['deny', 'deny', 'deny']);
      const v = decideNetwork(a, 'permissive');
      assert.equal(v.rule, 'input.network-invalid');
      assert.equal(v.layer, 'input');
    });
  }

  it('a non-string input is denied, not thrown', async () => {
    const a = await assessUrl(42 as unknown as string, fakeResolver());
    assert.equal(a.error?.kind, 'invalid');
    assert.equal(decideNetwork(a, 'permissive').decision, 'deny');
  });

  it('an internal failure while assessing is denied, not thrown', async () => {
    const parsed = parseNetworkTarget('http://127.0.0.1/');
    assert.ok(parsed.ok);
    const broken = { ...parsed.value, alternateIps: 5 as unknown as string[] };
    const a = await assessTarget(broken, fakeResolver());
    assert.equal(a.error?.kind, 'internal');
    const v = decideNetwork(a, 'permissive');
    assert.deepEqual([v.decision, v.rule, v.layer], ['deny', 'internal.network-error', 'internal']);
  });
});
