import assert from 'node:assert/strict';
import { isIP } from 'node:net';
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
    for (const text of ['::ffff:169.254.169.254', '[::ffff:a9fe:a9fe]']) {
      const address = parseIpAddress(text)!;
      assert.deepEqual([address.kind(), address.toByteArray()], ['ipv4', [169, 254, 169, 254]], text);
    }
  });

  it('takes a zone id Linux allows, which ipaddr.js alone refuses', () => {
    assert.equal(formatIpAddress(parseIpAddress('[fe80::1%eth0.100]')!), 'fe80:0:0:0:0:0:0:1');
    assert.equal(formatIpAddress(parseIpAddress('fe80::1%br-1a2b')!), 'fe80:0:0:0:0:0:0:1');
  });

  it('reads only what node:net connects to as it is: the spellings the URL parser folds are host names', () => {
    // ipaddr.js would read each of these as an address; node:net resolves them as names.
    for (const text of [
      '2852039166',
      '0xa9.0xfe.0xa9.0xfe',
      '0251.0376.0251.0376',
      '169.254.43518',
      '127.1',
      '::ffff:0251.0.0.1',
      '::ffff:0xa9.0.0.1',
    ]) {
      assert.equal(parseIpAddress(text), undefined, text);
    }
  });

  it('reads every IPv6 spelling node:net takes as the bytes it stands for, as the URL parser does', () => {
    const addresses: ReadonlyArray<readonly number[]> = [
      [0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0, 0xa9fe, 0xa9fe],
      [0, 0, 0, 0, 0, 0, 0x7f00, 1],
      [0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe],
      [0, 0, 0, 0, 0xffff, 0, 0xa9fe, 0xa9fe],
      [0x64, 0xff9b, 0, 0, 0, 0, 0xa9fe, 0xa9fe],
      [0xfe80, 0, 0, 0, 0, 0, 0, 1],
      [0x2001, 0xdb8, 0, 0, 1, 0, 0, 1],
      [0xffff, 0, 0, 0, 0, 0, 0xffff, 0xffff],
      [1, 2, 3, 4, 5, 6, 7, 8],
      [0, 0, 1, 0, 0, 0, 0, 0],
    ];
    let checked = 0;
    for (const groups of addresses) {
      const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
      const expected = mapped
        ? [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.')
        : groups.map((group) => group.toString(16)).join(':');
      for (const spelling of ipv6Spellings(groups)) {
        assert.equal(isIP(spelling), 6, spelling);
        assert.equal(formatIpAddress(parseIpAddress(spelling)!), expected, spelling);
        // The URL parser's canonical text for it names the same address.
        assert.equal(formatIpAddress(parseIpAddress(new URL(`ws://[${spelling}]/`).hostname)!), expected, `${spelling} (URL)`);
        checked++;
      }
    }
    assert.ok(checked > 300, `${checked} spellings`);
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

/**
 * Ways to write one IPv6 address: lower and upper case, with and without leading zeros,
 * `::` in place of each run of zero groups, and the last 32 bits as dotted decimal.
 */
function ipv6Spellings(groups: readonly number[]): string[] {
  const spellings: string[] = [];
  const write = (part: readonly number[], hex: (group: number) => string): string => part.map(hex).join(':');
  const styles = [
    (group: number) => group.toString(16),
    (group: number) => group.toString(16).toUpperCase(),
    (group: number) => group.toString(16).padStart(4, '0'),
  ];
  const dotted = (part: readonly number[]): string => [part[0]! >> 8, part[0]! & 0xff, part[1]! >> 8, part[1]! & 0xff].join('.');
  for (const hex of styles) {
    const runs: Array<[number, number]> = [[0, 0]];
    for (let start = 0; start < 8; start++) for (let end = start + 1; end <= 8 && groups[end - 1] === 0; end++) runs.push([start, end]);
    for (const [start, end] of runs) {
      const spell = (head: readonly number[], tail: readonly number[], last: string | undefined): string => {
        const tailText = [write(tail, hex), last].filter((part) => part !== undefined && part !== '').join(':');
        return start === end ? [write(head, hex), tailText].filter((part) => part !== '').join(':') : `${write(head, hex)}::${tailText}`;
      };
      spellings.push(spell(groups.slice(0, start), groups.slice(end), undefined));
      if (end <= 6) spellings.push(spell(groups.slice(0, start), groups.slice(end, 6), dotted(groups.slice(6))));
    }
  }
  return [...new Set(spellings)];
}
