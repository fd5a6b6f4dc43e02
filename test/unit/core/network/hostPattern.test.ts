import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessUrl } from '../../../../src/core/network/assess';
import {
  hostPatternCovers,
  hostPatternSpecificity,
  matchHostPattern,
  parseHostPattern,
  type HostPattern,
} from '../../../../src/core/network/hostPattern';
import { fakeResolver } from './fixtures';

const resolver = fakeResolver();

function pattern(text: string): HostPattern {
  const p = parseHostPattern(text);
  assert.ok(p.ok, p.ok ? '' : p.error);
  return p.value;
}

describe('parseHostPattern accepts', () => {
  const good: readonly (readonly [string, Partial<Record<string, unknown>>])[] = [
    ['example.com', { kind: 'name', name: 'example.com' }],
    ['Example.COM.', { kind: 'name', name: 'example.com' }],
    ['localhost:3000', { kind: 'name', name: 'localhost', port: 3000 }],
    ['bücher.example', { kind: 'name', name: 'xn--bcher-kva.example' }],
    ['*.example.com', { kind: 'suffix', suffix: 'example.com' }],
    ['*.internal:8443', { kind: 'suffix', suffix: 'internal', port: 8443 }],
    ['*', { kind: 'any' }],
    ['*:443', { kind: 'any', port: 443 }],
    ['127.0.0.1', { kind: 'cidr', prefix: 32, exact: true }],
    ['127.0.0.1:3000', { kind: 'cidr', prefix: 32, exact: true, port: 3000 }],
    ['10.0.0.0/8', { kind: 'cidr', prefix: 8, exact: false }],
    ['10.0.0.0/8:5432', { kind: 'cidr', prefix: 8, port: 5432 }],
    ['0.0.0.0/0', { kind: 'cidr', prefix: 0 }],
    ['::1', { kind: 'cidr', prefix: 128, exact: true }],
    ['[::1]', { kind: 'cidr', prefix: 128 }],
    ['[::1]:8080', { kind: 'cidr', prefix: 128, port: 8080 }],
    ['fd00::/8', { kind: 'cidr', prefix: 8 }],
    ['[fd00::/8]:5432', { kind: 'cidr', prefix: 8, port: 5432 }],
    ['::ffff:10.0.0.0/104', { kind: 'cidr', prefix: 104 }],
  ];
  for (const [text, fields] of good) {
    it(text, () => {
      const p = pattern(text);
      for (const [key, value] of Object.entries(fields)) assert.deepEqual((p as Record<string, unknown>)[key], value, key);
      if (!('port' in fields)) assert.equal(p.port, undefined);
    });
  }
});

describe('parseHostPattern refuses, naming the problem', () => {
  const bad: readonly (readonly [unknown, RegExp])[] = [
    ['', /empty/],
    ['   ', /empty/],
    ['https://example.com', /without a scheme/],
    ['example.com/path', /path is not allowed/],
    ['user@example.com', /only a host/],
    ['exa mple.com', /white space/],
    ['example.com:0', /port "0"/],
    ['example.com:65536', /port "65536"/],
    ['example.com:http', /port "http"/],
    ['foo.*.com', /wildcard/],
    ['*example.com', /wildcard/],
    ['*.', /not a valid host name/],
    ['a..b', /empty label/],
    ['-bad-.com', /not a valid host name/],
    ['10.0.0.0/33', /prefix length "\/33"/],
    ['10.0.0.0/', /prefix length/],
    ['10.0.0.0/x', /prefix length/],
    ['fd00::/129', /from 0 to 128/],
    ['10.0.0.1/8', /did you mean 10.0.0.0\/8/],
    ['fd00::1/8', /did you mean fd00::\/8/],
    ['256.0.0.1', /four decimal numbers/],
    ['127.1', /four decimal numbers/],
    ['0x7f000001', /looks like an address/],
    ['010.0.0.1', /four decimal numbers/],
    ['[example.com]', /only for IPv6/],
    ['[::1', /brackets/],
    ['[::1]x', /brackets/],
    ['::1::2', /not a valid IPv6/],
    ['fe80::1%eth0', /not a valid IPv6/],
    [42, /must be a string/],
  ];
  for (const [text, message] of bad) {
    it(JSON.stringify(text), () => {
      const p = parseHostPattern(text as string);
      assert.equal(p.ok, false);
      if (!p.ok) {
        assert.match(p.error, message);
        if (typeof text === 'string' && text.trim() !== '') assert.ok(p.error.includes(text.trim()), p.error);
      }
    });
  }
});

describe('matchHostPattern and hostPatternCovers', () => {
  // pattern, target, matches, covers
  const table: readonly (readonly [string, string, boolean, boolean])[] = [
    ['127.0.0.1:3000', 'http://127.0.0.1:3000/', true, true],
    ['127.0.0.1:3000', 'http://0x7f.1:3000/api', true, true],
    ['127.0.0.1:3000', 'http://[::ffff:127.0.0.1]:3000/', true, true],
    ['127.0.0.1:3000', '127.0.0.1:3000', true, true],
    ['127.0.0.1:3000', 'http://127.0.0.1:3001/', false, false],
    ['127.0.0.1:3000', 'http://127.0.0.1/', false, false],
    ['127.0.0.1:3000', '127.0.0.1', false, false],
    ['127.0.0.1:3000', 'http://127.0.0.2:3000/', false, false],
    ['127.0.0.1:3000', 'http://0127.0.0.1:3000/', true, false],
    ['127.0.0.1:3000', 'http://localhost:3000/', true, false],
    ['localhost:3000', 'http://localhost:3000/', true, true],
    ['localhost:3000', 'http://LOCALHOST.:3000/', true, true],
    ['localhost:3000', 'ws://localhost:3000/hmr', true, true],
    ['localhost:3000', 'http://localhost:3001/', false, false],
    ['localhost:3000', 'http://app.localhost:3000/', false, false],
    ['localhost', 'http://127.0.0.1/', false, false],
    ['127.0.0.0/8', 'http://localhost/', true, false],
    ['127.0.0.0/8', 'http://rebind.attacker.example.net/', true, false],
    ['127.0.0.0/8', 'http://localtest.me/', true, true],
    ['127.0.0.0/8', 'http://nowhere.example.net/', false, false],
    ['10.0.0.0/8', 'http://intranet-wiki.example.org/', true, true],
    ['10.0.0.0/8', 'http://[64:ff9b::10.1.2.3]/', true, true],
    ['10.0.0.0/8', 'http://[2002:a01:203::1]/', true, false],
    ['10.0.0.0/8:8080', 'http://10.1.2.3:8080/', true, true],
    ['10.0.0.0/8:8080', 'http://10.1.2.3/', false, false],
    ['::1', 'http://[::1]/', true, true],
    ['[::1]:8080', 'http://[::1]:8080/', true, true],
    ['::ffff:0:0/96', 'http://127.0.0.1/', true, true],
    ['fd00::/8', 'http://ula.example.net/', true, true],
    ['*.example.com', 'https://api.example.com/', true, true],
    ['*.example.com', 'https://a.b.example.com/', true, true],
    ['*.example.com', 'https://example.com/', false, false],
    ['*.example.com', 'https://badexample.com/', false, false],
    ['*.example.com:443', 'https://api.example.com/', true, true],
    ['*.example.com:443', 'http://api.example.com/', false, false],
    ['example.com', 'https://example.com/', true, true],
    ['example.com', 'https://www.example.com/', false, false],
    ['*', 'http://10.0.0.1/', true, true],
    ['*:443', 'https://10.0.0.1/', true, true],
    ['*', 'http://1.2.3.08/', false, false],
  ];
  for (const [text, url, matches, covers] of table) {
    it(`${text} vs ${url}: matches ${matches}, covers ${covers}`, async () => {
      const a = await assessUrl(url, resolver);
      const p = pattern(text);
      assert.equal(matchHostPattern(p, a), matches, 'matches');
      assert.equal(hostPatternCovers(p, a), covers, 'covers');
    });
  }
});

describe('hostPatternSpecificity', () => {
  it('orders exact name+port > exact IP+port > name > IP > longer CIDR (IPv4 as mapped IPv6) > longer suffix > *', () => {
    const ordered = [
      'localhost:3000',
      '127.0.0.1:3000',
      'localhost',
      '127.0.0.1',
      '10.1.0.0/16:80',
      '10.1.0.0/16',
      '10.0.0.0/8',
      'fd00::/64',
      '*.api.example.com',
      '*.example.com',
      '*.com',
      '*:443',
      '*',
    ].map(pattern);
    const scores = ordered.map(hostPatternSpecificity);
    for (let i = 1; i < scores.length; i++) {
      assert.ok((scores[i - 1] as number) > (scores[i] as number), `${ordered[i - 1]?.text} > ${ordered[i]?.text}`);
    }
  });
});
