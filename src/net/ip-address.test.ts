import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { embeddedIpv4, formatIpAddress, isLinkLocalOrMetadataAddress, isLoopbackAddress, parseIpAddress } from './ip-address.js';

describe('parseIpAddress', () => {
  it('reads IPv4, IPv6, brackets and zone ids, and nothing else', () => {
    assert.equal(formatIpAddress(parseIpAddress('127.0.0.1')!), '127.0.0.1');
    assert.equal(formatIpAddress(parseIpAddress('[::1]')!), '0:0:0:0:0:0:0:1');
    assert.equal(formatIpAddress(parseIpAddress('fe80::1%eth0')!), 'fe80:0:0:0:0:0:0:1');
    assert.equal(formatIpAddress(parseIpAddress('2001:db8::8:800:200c:417a')!), '2001:db8:0:0:8:800:200c:417a');
    for (const text of ['localhost', 'example.com', '999.1.1.1', '1.2.3', '', '[::1', ':::']) assert.equal(parseIpAddress(text), undefined, text);
  });

  it('folds IPv4-mapped IPv6 to IPv4, in both spellings', () => {
    assert.deepEqual(parseIpAddress('::ffff:169.254.169.254'), { family: 4, bytes: Uint8Array.from([169, 254, 169, 254]) });
    assert.deepEqual(parseIpAddress('[::ffff:a9fe:a9fe]'), { family: 4, bytes: Uint8Array.from([169, 254, 169, 254]) });
  });
});

describe('embeddedIpv4', () => {
  const embedded = (text: string): string[] => embeddedIpv4(parseIpAddress(text)!).map(formatIpAddress);

  it('finds the IPv4 address inside every embedding form', () => {
    const table: ReadonlyArray<readonly [string, string]> = [
      ['::169.254.169.254', '169.254.169.254'],
      ['::ffff:0:169.254.169.254', '169.254.169.254'],
      ['64:ff9b::169.254.169.254', '169.254.169.254'],
      ['64:ff9b:1::a9fe:a9fe', '169.254.169.254'],
      ['64:ff9b:1:a9fe:a9:fe00::', '169.254.169.254'],
      ['2002:a9fe:a9fe::1', '169.254.169.254'],
      ['2001:0:a9fe:a9fe::1', '169.254.169.254'],
      ['2001:0:102:304::5601:5601', '169.254.169.254'],
      ['fd00::5efe:169.254.169.254', '169.254.169.254'],
      ['2001:db8::200:5efe:a9fe:a9fe', '169.254.169.254'],
    ];
    for (const [address, ipv4] of table) assert.ok(embedded(address).includes(ipv4), `${address}: ${embedded(address).join(', ')}`);
  });

  it('finds none in plain IPv6 addresses, :: and ::1', () => {
    for (const address of ['::', '::1', 'fe80::1', '2001:db8::1', 'fd00:ec2::254']) assert.deepEqual(embedded(address), [], address);
  });

  it('makes every embedding of a link-local or metadata address one as well', () => {
    for (const address of ['64:ff9b::a9fe:a9fe', '::a9fe:a9fe', '2002:a9fe:a9fe::', '64:ff9b::6464:64c8']) {
      assert.ok(isLinkLocalOrMetadataAddress(parseIpAddress(address)!), address);
    }
    assert.ok(!isLinkLocalOrMetadataAddress(parseIpAddress('64:ff9b::808:808')!));
  });

  it('counts only real loopback as loopback, not an embedding of 127.0.0.1', () => {
    for (const address of ['64:ff9b::7f00:1', '::127.0.0.1', '2002:7f00:1::']) assert.ok(!isLoopbackAddress(parseIpAddress(address)!), address);
  });
});

describe('address classes', () => {
  const linkLocal = (text: string): boolean => isLinkLocalOrMetadataAddress(parseIpAddress(text)!);
  const loopback = (text: string): boolean => isLoopbackAddress(parseIpAddress(text)!);

  it('knows link-local, metadata, "this network", broadcast and multicast', () => {
    for (const text of [
      '169.254.169.254',
      '169.254.0.1',
      'fe80::1',
      'febf::1',
      '100.100.100.200',
      'fd00:ec2::254',
      '0.0.0.0',
      '0.1.2.3',
      '::',
      '255.255.255.255',
      '224.0.0.1',
      '239.255.255.250',
      'ff02::1',
      '::ffff:169.254.169.254',
    ]) {
      assert.ok(linkLocal(text), text);
    }
    for (const text of ['127.0.0.1', '10.0.0.1', '192.168.0.150', '100.100.100.201', 'fd00:ec2::253', 'fec0::1', '8.8.8.8', '::1']) {
      assert.ok(!linkLocal(text), text);
    }
  });

  it('knows loopback', () => {
    for (const text of ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1']) assert.ok(loopback(text), text);
    for (const text of ['128.0.0.1', '::2', '0.0.0.0']) assert.ok(!loopback(text), text);
  });
});
