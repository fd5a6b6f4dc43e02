import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classifyAddress,
  classifyName,
  describeAddress,
  worseClass,
  type AddressClass,
  type NameClass,
} from '../../../../src/core/network/classify';
import { decimalReading, parseInetAton, parseIpLiteral } from '../../../../src/core/network/literal';

const addresses: readonly (readonly [string, AddressClass])[] = [
  ['8.8.8.8', 'public'],
  ['1.0.0.1', 'public'],
  ['192.52.193.1', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.200.1.1', 'loopback'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['10.255.255.255', 'private'],
  ['172.16.0.0', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.0.1', 'private'],
  ['169.254.0.1', 'link-local'],
  ['100.64.0.0', 'cgnat'],
  ['100.127.255.255', 'cgnat'],
  ['224.0.0.251', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['198.51.100.1', 'reserved'],
  ['203.0.113.1', 'reserved'],
  ['198.19.255.255', 'reserved'],
  ['169.254.169.254', 'metadata'],
  ['169.254.170.2', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['192.0.0.192', 'metadata'],
  ['168.63.129.16', 'metadata'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['fc00::1', 'unique-local'],
  ['fd00::1', 'unique-local'],
  ['fec0::1', 'private'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'reserved'],
  ['2001:2::1', 'reserved'],
  ['100::1', 'reserved'],
  ['4000::1', 'reserved'],
  ['3fff::1', 'reserved'],
  ['2606:4700::1111', 'public'],
  ['2a00:1450:4001::200e', 'public'],
  ['fd00:ec2::254', 'metadata'],
  ['fd20:ce::254', 'metadata'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:8.8.8.8', 'public'],
  ['::ffff:a9fe:a9fe', 'metadata'],
  ['::ffff:0:10.0.0.1', 'private'],
  ['64:ff9b::10.0.0.1', 'private'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['64:ff9b:1::8.8.8.8', 'reserved'],
  ['64:ff9b:1::a00:1', 'private'],
  ['64:ff9b:1:a9fe:a9:fe00::', 'metadata'],
  ['2002:7f00:1::', 'loopback'],
  ['2002:808:808::', 'public'],
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'],
  ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'public'],
  ['::7f00:1', 'loopback'],
  ['::8.8.8.8', 'reserved'],
  ['0x7f.1', 'loopback'],
  ['2130706433', 'loopback'],
  ['0251.0376.0251.0376', 'metadata'],
  ['not an address', 'reserved'],
  ['', 'reserved'],
  ['1.2.3.4.5', 'reserved'],
];

describe('classifyAddress', () => {
  for (const [ip, expected] of addresses) {
    it(`${JSON.stringify(ip)} is ${expected}`, () => assert.equal(classifyAddress(ip), expected));
  }
});

describe('describeAddress', () => {
  it('canonicalises and names the metadata service', () => {
    const d = describeAddress('[FD00:EC2:0:0::254]');
    assert.equal(d?.address, 'fd00:ec2::254');
    assert.equal(d?.metadata, 'AWS instance metadata over IPv6');
  });
  it('keeps the embedded IPv4 visible next to the IPv6', () => {
    const d = describeAddress('::ffff:169.254.169.254');
    assert.equal(d?.address, '::ffff:a9fe:a9fe');
    assert.deepEqual(d?.embedded, [{ ipv4: '169.254.169.254', via: 'ipv4-mapped', sameHost: true }]);
    assert.equal(d?.class, 'metadata');
  });
  it('marks the tentative local-use NAT64 readings', () => {
    const d = describeAddress('64:ff9b:1::a00:1');
    assert.equal(d?.embedded[0]?.ipv4, '10.0.0.1');
    assert.ok(d?.embedded.slice(1).every((e) => e.tentative === true));
  });
});

const names: readonly (readonly [string, NameClass | undefined])[] = [
  ['example.com', undefined],
  ['api.github.com', undefined],
  ['localhost', 'loopback'],
  ['app.localhost', 'loopback'],
  ['localhost.localdomain', 'loopback'],
  ['ip6-localhost', 'loopback'],
  ['metadata.google.internal', 'metadata'],
  ['metadata', 'metadata'],
  ['instance-data', 'metadata'],
  ['metadata.tencentyun.com', 'metadata'],
  ['jenkins', 'special'],
  ['printer.local', 'special'],
  ['host.docker.internal', 'special'],
  ['router.home.arpa', 'special'],
  ['nas.lan', 'special'],
  ['x.intranet', 'special'],
  ['x.corp', 'special'],
  ['web.svc', 'special'],
  ['kubernetes.default.svc.cluster.local', 'special'],
  ['a.test', 'special'],
  ['a.example', 'special'],
  ['abc.onion', 'special'],
  ['1.0.0.127.in-addr.arpa', 'special'],
  ['localhost.example.com', undefined],
  ['notlocal', 'special'],
  ['mylan.com', undefined],
];

describe('classifyName', () => {
  for (const [name, expected] of names) {
    it(`${name} is ${expected ?? 'ordinary'}`, () => assert.equal(classifyName(name), expected));
  }
});

describe('IPv4 spellings', () => {
  const spellings: readonly (readonly [string, number | undefined])[] = [
    ['127.0.0.1', 0x7f000001],
    ['127.1', 0x7f000001],
    ['127.0.1', 0x7f000001],
    ['0x7f.1', 0x7f000001],
    ['0x7F000001', 0x7f000001],
    ['017700000001', 0x7f000001],
    ['0177.0.0.1', 0x7f000001],
    ['0x7f.0.0.0x1', 0x7f000001],
    ['127.0.0.1.', 0x7f000001],
    ['0x', 0],
    ['4294967295', 0xffffffff],
    ['4294967296', undefined],
    ['256.0.0.1', undefined],
    ['1.2.3.08', undefined],
    ['1.2.3.4.5', undefined],
    ['1..2', undefined],
    ['', undefined],
    ['0x1g', undefined],
    ['1.16777216', undefined],
  ];
  for (const [text, expected] of spellings) {
    it(`${JSON.stringify(text)} reads as ${expected}`, () => assert.equal(parseInetAton(text), expected));
  }
  it('reads leading-zero quads as decimal too', () => {
    assert.equal(decimalReading('0127.0.0.1'), '127.0.0.1');
    assert.equal(decimalReading('010.010.010.010'), '10.10.10.10');
    assert.equal(decimalReading('127.0.0.1'), undefined);
    assert.equal(decimalReading('0300.0.0.1'), undefined);
  });
  it('parses IPv6 with brackets and zone', () => {
    assert.deepEqual(
      { text: parseIpLiteral('[fe80::1%eth0]')?.text, zone: parseIpLiteral('[fe80::1%eth0]')?.zoneId },
      { text: 'fe80::1', zone: 'eth0' },
    );
    assert.equal(parseIpLiteral('fe80::1%'), undefined);
    assert.equal(parseIpLiteral(':::1'), undefined);
  });
});

describe('worseClass', () => {
  it('orders metadata over loopback over private over public', () => {
    assert.equal(worseClass('public', 'private'), 'private');
    assert.equal(worseClass('loopback', 'private'), 'loopback');
    assert.equal(worseClass('loopback', 'metadata'), 'metadata');
    assert.equal(worseClass('reserved', 'public'), 'reserved');
  });
});
