import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { assessUrl, type NetworkAssessment } from '../../../../src/core/network/assess';
import { decideNetwork } from '../../../../src/core/policy/networkDecisions';
import { parseNetworkTarget } from '../../../../src/core/network/target';
import type { Resolver } from '../../../../src/core/network/resolve';

/** Literal addresses never reach DNS; a resolver that is called fails the property. */
const noDns: Resolver = async (host) => {
  throw new Error(`DNS was asked for ${host}`);
};

const dotted = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const hex = (n: number): string => n.toString(16);
const oct = (n: number): string => `0${n.toString(8)}`;
const octetsOf = (n: number): number[] => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const words = (n: number): string => `${hex(n >>> 16)}:${hex(n & 0xffff)}`;

/** Every textual encoding the issue names, as a URL and as a bare host. */
const encodings: readonly (readonly [string, (n: number) => string])[] = [
  ['dotless decimal', (n) => `http://${n}/`],
  ['hex', (n) => `http://0x${hex(n)}/`],
  ['octal', (n) => `http://0${n.toString(8)}/`],
  ['dotted octal', (n) => `http://${octetsOf(n).map(oct).join('.')}/`],
  ['dotted hex', (n) => `http://${octetsOf(n).map((o) => `0x${hex(o)}`).join('.')}/`],
  ['mixed', (n) => `http://0x${hex(n >>> 24)}.${oct((n >>> 16) & 255)}.${(n & 0xffff).toString()}/`],
  ['two parts', (n) => `http://${n >>> 24}.${n & 0xffffff}/`],
  ['IPv4-mapped', (n) => `http://[::ffff:${dotted(n)}]/`],
  ['IPv4-mapped hex', (n) => `http://[::ffff:${words(n)}]/`],
  ['NAT64', (n) => `http://[64:ff9b::${dotted(n)}]/`],
  ['NAT64 hex', (n) => `http://[64:ff9b::${words(n)}]/`],
  ['bare dotless', (n) => String(n)],
  ['bare hex', (n) => `0x${hex(n)}`],
  ['bare IPv4-mapped', (n) => `::ffff:${dotted(n)}`],
  ['bare NAT64 with port', (n) => `[64:ff9b::${words(n)}]:80`],
];

/** The verdict in every preset, with the rule that decided. */
function verdicts(a: NetworkAssessment): string[] {
  return (['strict', 'balanced', 'permissive'] as const).map((p) => {
    const v = decideNetwork(a, p);
    return `${v.decision} ${v.rule}`;
  });
}

const cidr = (base: string, prefix: number): fc.Arbitrary<number> => {
  const start = base.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  return fc.integer({ min: 0, max: 2 ** (32 - prefix) - 1 }).map((offset) => start + offset);
};

const nonPublicRanges: readonly (readonly [string, fc.Arbitrary<number>])[] = [
  ['loopback 127.0.0.0/8', cidr('127.0.0.0', 8)],
  ['private 10.0.0.0/8', cidr('10.0.0.0', 8)],
  ['private 172.16.0.0/12', cidr('172.16.0.0', 12)],
  ['private 192.168.0.0/16', cidr('192.168.0.0', 16)],
  ['link-local 169.254.0.0/16', cidr('169.254.0.0', 16)],
  ['CGNAT 100.64.0.0/10', cidr('100.64.0.0', 10)],
  ['unspecified 0.0.0.0/8', cidr('0.0.0.0', 8)],
  ['multicast 224.0.0.0/4', cidr('224.0.0.0', 4)],
  ['reserved 240.0.0.0/4', cidr('240.0.0.0', 4)],
  ['reserved 198.18.0.0/15', cidr('198.18.0.0', 15)],
  ['reserved 192.0.2.0/24', cidr('192.0.2.0', 24)],
  [
    'metadata',
    fc.constantFrom('169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192', '168.63.129.16').map((ip) =>
      ip.split('.').reduce((n, o) => n * 256 + Number(o), 0),
    ),
  ],
];

async function sameVerdictEverywhere(n: number, skip: ReadonlySet<string> = new Set()): Promise<void> {
  const reference = await assessUrl(`http://${dotted(n)}/`, noDns);
  assert.notEqual(reference.worst, 'public');
  const expected = verdicts(reference);
  for (const [name, encode] of encodings) {
    if (skip.has(name)) continue;
    const input = encode(n);
    const a = await assessUrl(input, noDns);
    assert.equal(a.error, undefined, `${input}: ${a.error?.message}`);
    assert.equal(a.metadata, reference.metadata, `${name} ${input}`);
    assert.deepEqual(verdicts(a), expected, `${name} ${input} vs ${dotted(n)}`);
  }
}

describe('every encoding of a non-public address gets the dotted form’s verdict', () => {
  for (const [range, arbitrary] of nonPublicRanges) {
    it(range, async () => {
      await fc.assert(fc.asyncProperty(arbitrary, (n) => sameVerdictEverywhere(n)), { numRuns: 150 });
    });
  }
});

describe('for any IPv4 address, every encoding reads back to the same address', () => {
  it('the encodings all canonicalise to the dotted form (or carry it)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const expected = dotted(n);
        for (const [name, encode] of encodings) {
          const r = parseNetworkTarget(encode(n));
          assert.ok(r.ok, `${name}: ${r.ok ? '' : r.error}`);
          const seen = [r.value.ip, ...(r.value.embeddedIpv4 ?? []).map((e) => e.ipv4)];
          assert.ok(seen.includes(expected), `${name} ${encode(n)}: ${seen.join(', ')} lacks ${expected}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('no encoding of any address is judged more leniently than the dotted form', async () => {
    const rank = { allow: 0, ask: 1, deny: 2 } as const;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffffffff }), async (n) => {
        const reference = await assessUrl(`http://${dotted(n)}/`, noDns);
        for (const [name, encode] of encodings) {
          const a = await assessUrl(encode(n), noDns);
          for (const preset of ['strict', 'balanced', 'permissive'] as const) {
            const got = decideNetwork(a, preset).decision;
            const want = decideNetwork(reference, preset).decision;
            assert.ok(rank[got] >= rank[want], `${name} ${encode(n)} in ${preset}: ${got} < ${want}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseNetworkTarget never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const r = parseNetworkTarget(s);
        assert.equal(typeof r.ok, 'boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('on URL-shaped strings', () => {
    const piece = fc.constantFrom('http://', 'gopher://', 'file://', '[', ']', '@', '\\', '%25', '%', ':', '.', '0x', '::', 'ffff', '127', '1', '/', '#', '?', '。', '１', 'a');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const r = parseNetworkTarget(pieces.join(''));
        assert.equal(typeof r.ok, 'boolean');
      }),
      { numRuns: 3000 },
    );
  });
});
