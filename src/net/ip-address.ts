import { isIP } from 'node:net';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. IPv4-mapped IPv6 (::ffff:a.b.c.d) is folded to IPv4. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly bytes: Uint8Array;
}

/**
 * Parses a literal IPv4 or IPv6 address (brackets and an IPv6 zone id are allowed),
 * or returns undefined for anything else, host names included.
 *
 * IPv4-mapped IPv6 addresses are folded to IPv4 so that `[::ffff:169.254.169.254]`
 * (which the URL parser rewrites to `[::ffff:a9fe:a9fe]`) meets the same rules as
 * `169.254.169.254`.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  let literal = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = literal.indexOf('%');
  if (zone !== -1) literal = literal.slice(0, zone);
  const family = isIP(literal);
  if (family === 4) return { family: 4, bytes: Uint8Array.from(literal.split('.'), Number) };
  if (family !== 6) return undefined;
  const bytes = parseIpv6(literal);
  const mapped = bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? { family: 4, bytes: bytes.slice(12) } : { family: 6, bytes };
}

/** Only called on text that node:net already accepted as IPv6. */
function parseIpv6(text: string): Uint8Array {
  const bytes = new Uint8Array(16);
  let groupsText = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) fills the last 32 bits.
    tail = text
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    groupsText = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = groupsText.split('::');
  const toGroups = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const headGroups = toGroups(head);
  const restGroups = rest === undefined ? [] : toGroups(rest);
  const groups = [...headGroups, ...new Array<number>(8 - headGroups.length - restGroups.length).fill(0), ...restGroups];
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  if (tail.length === 4) bytes.set(tail, 12);
  return bytes;
}

/** True when the first `prefix` bits of `address` equal those of `network` (same family). */
function inSubnet(address: IpAddress, network: IpAddress, prefix: number): boolean {
  if (address.family !== network.family) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const remaining = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - remaining)) & 0xff;
    const index = bit / 8;
    if (((address.bytes[index] ?? 0) & mask) !== ((network.bytes[index] ?? 0) & mask)) return false;
  }
  return true;
}

function subnet(cidr: string): { network: IpAddress; prefix: number } {
  const [base = '', prefix = ''] = cidr.split('/');
  const network = parseIpAddress(base);
  if (network === undefined) throw new Error(`bad built-in subnet ${cidr}`);
  return { network, prefix: Number(prefix) };
}

const inRange = (address: IpAddress, range: { network: IpAddress; prefix: number }): boolean => inSubnet(address, range.network, range.prefix);

/** IPv4 from four bytes of an IPv6 address, starting at `offset`, skipping the RFC 6052 u-octet (byte 8). */
function ipv4At(bytes: Uint8Array, offset: number, flip = false): IpAddress {
  const out = new Uint8Array(4);
  for (let index = 0, source = offset; index < 4; source++) {
    if (source === 8) continue;
    out[index++] = (bytes[source] ?? 0) ^ (flip ? 0xff : 0);
  }
  return { family: 4, bytes: out };
}

const IPV4_COMPATIBLE = subnet('::/96');
const IPV4_TRANSLATED = subnet('::ffff:0:0:0/96');
const NAT64_WELL_KNOWN = subnet('64:ff9b::/96');
const NAT64_LOCAL_USE = subnet('64:ff9b:1::/48');
const SIX_TO_FOUR = subnet('2002::/16');
const TEREDO = subnet('2001::/32');
/** RFC 6052 §2.2: where an IPv4 address sits inside an IPv6 one, by prefix length (in bytes). */
const RFC_6052_OFFSETS = [4, 5, 6, 7, 9, 12];

/**
 * The IPv4 addresses an IPv6 address carries inside it, which a connection to it may
 * end up reaching (through the kernel, a NAT64 gateway or a tunnel relay):
 * IPv4-compatible `::a.b.c.d` (not `::` and `::1`), SIIT `::ffff:0:a.b.c.d`, NAT64
 * `64:ff9b::/96` and the local-use `64:ff9b:1::/48` (at every RFC 6052 position),
 * 6to4 `2002:AABB:CCDD::/48`, Teredo `2001:0::/32` (the server, and the client's
 * inverted address), and ISATAP interface ids (`…:0:5efe:a.b.c.d`, `…:200:5efe:…`).
 * IPv4-mapped addresses are folded to IPv4 by parseIpAddress already.
 * The outbound policy judges an address by itself and by each of these.
 */
export function embeddedIpv4(address: IpAddress): IpAddress[] {
  if (address.family === 4) return [];
  const { bytes } = address;
  const found: IpAddress[] = [];
  if (inRange(address, IPV4_COMPATIBLE) && !bytes.subarray(0, 15).every((byte) => byte === 0)) found.push(ipv4At(bytes, 12));
  if (inRange(address, IPV4_TRANSLATED)) found.push(ipv4At(bytes, 12));
  if (inRange(address, NAT64_WELL_KNOWN)) found.push(ipv4At(bytes, 12));
  if (inRange(address, NAT64_LOCAL_USE)) for (const offset of RFC_6052_OFFSETS) found.push(ipv4At(bytes, offset));
  if (inRange(address, SIX_TO_FOUR)) found.push({ family: 4, bytes: bytes.slice(2, 6) });
  if (inRange(address, TEREDO)) found.push({ family: 4, bytes: bytes.slice(4, 8) }, ipv4At(bytes, 12, true));
  // ISATAP (RFC 5214): interface id 0000:5efe or 0200:5efe (the u/g bits may vary), then IPv4.
  if (((bytes[8] ?? 0) & 0xfc) === 0 && bytes[9] === 0 && bytes[10] === 0x5e && bytes[11] === 0xfe) found.push(ipv4At(bytes, 12));
  return found;
}

const LOOPBACK = ['127.0.0.0/8', '::1/128'].map(subnet);
const UNSPECIFIED = ['0.0.0.0/8', '::/128'].map(subnet);

/**
 * Addresses a page must not reach through the relay unless the relay's owner turns
 * the rule off: link-local (where cloud metadata services live), the well-known
 * metadata addresses outside link-local, "this network", broadcast and multicast
 * (perf-reliability §4.3.6).
 */
const LINK_LOCAL_AND_METADATA = [
  '169.254.0.0/16',
  'fe80::/10',
  '100.100.100.200/32',
  'fd00:ec2::254/128',
  '0.0.0.0/8',
  '::/128',
  '255.255.255.255/32',
  '224.0.0.0/4',
  'ff00::/8',
].map(subnet);

/** Loopback itself (127.0.0.0/8, ::1, and IPv4-mapped loopback, which parseIpAddress folds): not an address that merely embeds one. */
export function isLoopbackAddress(address: IpAddress): boolean {
  return LOOPBACK.some((range) => inRange(address, range));
}

/** The address, or any IPv4 address embedded in it (see embeddedIpv4), is link-local, metadata, "this network", broadcast or multicast. */
export function isLinkLocalOrMetadataAddress(address: IpAddress): boolean {
  return [address, ...embeddedIpv4(address)].some((form) => LINK_LOCAL_AND_METADATA.some((range) => inRange(form, range)));
}

/** "This network" (0.0.0.0/8, ::): connecting to it reaches this very machine on Linux. */
export function isUnspecifiedAddress(address: IpAddress): boolean {
  return UNSPECIFIED.some((range) => inRange(address, range));
}

/** Same family and bytes. */
export function sameIpAddress(a: IpAddress, b: IpAddress): boolean {
  return a.family === b.family && a.bytes.every((byte, index) => byte === b.bytes[index]);
}

/** The canonical text of an address, for logs and comparisons. */
export function formatIpAddress(address: IpAddress): string {
  if (address.family === 4) return Array.from(address.bytes).join('.');
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2) groups.push((((address.bytes[index] ?? 0) << 8) | (address.bytes[index + 1] ?? 0)).toString(16));
  return groups.join(':');
}
