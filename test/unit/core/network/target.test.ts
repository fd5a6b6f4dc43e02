import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNetworkTarget, type NetworkTarget } from '../../../../src/core/network/target';

type Expected = Partial<Omit<NetworkTarget, 'input'>>;

/** Input and the fields it must parse to; fields left out are not checked, except `alternateIps` and `filePath`. */
const parses: readonly (readonly [string, Expected])[] = [
  ['http://example.com/', { scheme: 'http', host: 'example.com', hostKind: 'name', port: 80 }],
  ['HTTPS://Example.COM:8443/a?b#c', { scheme: 'https', host: 'example.com', port: 8443, explicitPort: true }],
  ['https://example.com:443/', { port: 443, explicitPort: true }],
  ['http://example.com:0080/', { port: 80, explicitPort: true }],
  ['http://example.com../', { host: 'example.com' }],
  ['http://bücher.example/', { host: 'xn--bcher-kva.example' }],
  ['http://ex%41mple.com/', { host: 'example.com' }],
  ['http://ｅｘａｍｐｌｅ．ｃｏｍ/', { host: 'example.com' }],
  ['http://0x7f.1/', { host: '127.0.0.1', hostKind: 'ip', ip: '127.0.0.1' }],
  ['http://2130706433/', { host: '127.0.0.1', ip: '127.0.0.1' }],
  ['http://１２７．０．０．１/', { host: '127.0.0.1' }],
  ['http://127。0。0。1。/', { host: '127.0.0.1' }],
  ['http://①②⑦.0.0.1/', { host: '127.0.0.1' }],
  ['http://%31%32%37%2e%30%2e%30%2e%31/', { host: '127.0.0.1' }],
  ['http:\\\\127.0.0.1\\x', { scheme: 'http', host: '127.0.0.1' }],
  ['http:127.0.0.1', { scheme: 'http', host: '127.0.0.1' }],
  ['http:///127.0.0.1/', { host: '127.0.0.1' }],
  ['http://user:pw@127.0.0.1:8080/', { host: '127.0.0.1', port: 8080, hasUserinfo: true }],
  ['http://a@b@10.0.0.1/', { host: '10.0.0.1', hasUserinfo: true }],
  ['http://169.254.169.254#@example.com/', { host: '169.254.169.254' }],
  ['http://example.com#@169.254.169.254/', { host: 'example.com' }],
  ['http://example.com?@169.254.169.254/', { host: 'example.com' }],
  ['http://[::ffff:127.0.0.1]/', { host: '::ffff:7f00:1', ip: '::ffff:7f00:1', embeddedIpv4: [{ ipv4: '127.0.0.1', via: 'ipv4-mapped', sameHost: true }] }],
  ['http://[64:ff9b::10.0.0.1]/', { host: '64:ff9b::a00:1', embeddedIpv4: [{ ipv4: '10.0.0.1', via: 'nat64', sameHost: true }] }],
  ['http://[2002:c0a8:101::1]/', { embeddedIpv4: [{ ipv4: '192.168.1.1', via: '6to4', sameHost: false }] }],
  [
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
    {
      embeddedIpv4: [
        { ipv4: '65.54.227.120', via: 'teredo-server', sameHost: false },
        { ipv4: '192.0.2.45', via: 'teredo-client', sameHost: false },
      ],
    },
  ],
  ['http://[fe80::1%25eth0]:8080/', { host: 'fe80::1', zoneId: 'eth0', port: 8080 }],
  ['http://[fe80::1%eth0]/', { host: 'fe80::1', zoneId: 'eth0' }],
  ['http://[FE80::0:1]/', { host: 'fe80::1' }],
  ['ws://localhost:9229/', { scheme: 'ws', host: 'localhost', port: 9229 }],
  ['wss://example.com/', { scheme: 'wss', port: 443 }],
  ['ftp://0x0a.1/', { scheme: 'ftp', host: '10.0.0.1', port: 21 }],
  ['gopher://0x7f.1:70/_x', { scheme: 'gopher', host: '127.0.0.1', port: 70 }],
  ['gopher://%31%32%37.0.0.1/', { scheme: 'gopher', host: '127.0.0.1', port: 70 }],
  ['dict://127.1:11211/stat', { scheme: 'dict', host: '127.0.0.1', port: 11211 }],
  ['dict://example.com/', { scheme: 'dict', host: 'example.com', port: 2628 }],
  ['ldap://[::1]/', { scheme: 'ldap', host: '::1', port: 389 }],
  ['redis://LOCALHOST./', { scheme: 'redis', host: 'localhost', port: 6379 }],
  ['file:///etc/passwd', { scheme: 'file', host: '', filePath: '/etc/passwd' }],
  ['file://localhost/etc/%70asswd', { scheme: 'file', host: '', filePath: '/etc/passwd' }],
  ['file://127.0.0.1/etc/passwd', { scheme: 'file', host: '127.0.0.1', filePath: '/etc/passwd' }],
  ['file:///C:/Windows/win.ini', { scheme: 'file', filePath: 'C:/Windows/win.ini' }],
  ['file:/home/me/.ssh/id_rsa', { scheme: 'file', filePath: '/home/me/.ssh/id_rsa' }],
  ['file:///home/me/a%20b', { filePath: '/home/me/a b' }],
  ['file://fileserver/share/x', { scheme: 'file', host: 'fileserver', filePath: '//fileserver/share/x' }],
  ['mailto:a@example.com', { scheme: 'mailto', host: '' }],
  ['127.0.0.1', { scheme: 'none', host: '127.0.0.1', hostKind: 'ip' }],
  ['127.1', { scheme: 'none', host: '127.0.0.1' }],
  ['0x7f000001', { scheme: 'none', host: '127.0.0.1' }],
  ['017700000001', { scheme: 'none', host: '127.0.0.1' }],
  ['0', { scheme: 'none', host: '0.0.0.0' }],
  ['127.0.0.1:80', { scheme: 'none', port: 80, explicitPort: true }],
  ['example.com', { scheme: 'none', host: 'example.com' }],
  ['example.com:8443/path', { scheme: 'none', host: 'example.com', port: 8443 }],
  ['localhost:3000', { scheme: 'none', host: 'localhost', port: 3000 }],
  ['root@10.0.0.5', { scheme: 'none', host: '10.0.0.5', hasUserinfo: true }],
  ['git@github.com', { scheme: 'none', host: 'github.com', hasUserinfo: true }],
  ['[::1]:22', { scheme: 'none', host: '::1', port: 22 }],
  ['::1', { scheme: 'none', host: '::1', hostKind: 'ip' }],
  ['fe80::1%eth0', { scheme: 'none', host: 'fe80::1', zoneId: 'eth0' }],
  ['::ffff:10.0.0.1', { scheme: 'none', host: '::ffff:a00:1', embeddedIpv4: [{ ipv4: '10.0.0.1', via: 'ipv4-mapped', sameHost: true }] }],
  ['//example.com/x', { scheme: 'none', host: 'example.com' }],
  ['\\\\fileserver\\share', { scheme: 'none', host: 'fileserver' }],
  ['  http://example.com/  ', { host: 'example.com' }],
  ['0127.0.0.1', { host: '87.0.0.1', alternateIps: ['127.0.0.1'] }],
  ['http://0177.0.0.1/', { host: '127.0.0.1', alternateIps: ['177.0.0.1'] }],
  ['http://\u0967\u0968\u096d.\u0966.\u0966.\u0967/', { hostKind: 'name', alternateIps: ['127.0.0.1'] }],
];

const refuses: readonly (readonly [string, RegExp])[] = [
  ['', /empty/],
  ['http://', /not a valid URL/],
  ['http://exa mple.com/', /not a valid URL/],
  ['http://1.2.3.08/', /not a valid URL/],
  ['http://1.2.3.4.5/', /not a valid URL/],
  ['http://127.0.0.1:99999/', /not a valid URL/],
  ['http://[fe80::1%25]/', /zone id|not a valid URL/],
  ['http://[fe80::1%25a/b]/', /not a valid URL|zone id/],
  ['gopher://%00127.0.0.1/', /invalid host/],
  ['gopher://a%2fb/', /invalid host/],
  ['http://evil.com\\@127.0.0.1/', /ambiguous: browsers read the host as evil.com, other clients as 127.0.0.1/],
  ['evil.com\\@127.0.0.1', /ambiguous/],
  ['file:///etc/%00passwd', /NUL/],
  [`http://${'a'.repeat(9000)}/`, /longer than/],
];

describe('parseNetworkTarget reads', () => {
  for (const [input, expected] of parses) {
    it(JSON.stringify(input), () => {
      const r = parseNetworkTarget(input);
      assert.ok(r.ok, r.ok ? '' : r.error);
      const got = r.value;
      assert.equal(got.input, input);
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual(got[key as keyof NetworkTarget], value, `${key} of ${JSON.stringify(got)}`);
      }
      if (!('alternateIps' in expected)) assert.equal(got.alternateIps, undefined);
      if (got.scheme !== 'file') assert.equal(got.filePath, undefined);
    });
  }
});

describe('parseNetworkTarget refuses', () => {
  for (const [input, message] of refuses) {
    it(JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input), () => {
      const r = parseNetworkTarget(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, message);
    });
  }
});
