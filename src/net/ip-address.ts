import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

/**
 * An IP address as ipaddr.js holds it. parseIpAddress folds IPv4-mapped IPv6
 * (::ffff:a.b.c.d) to IPv4, so an address of this type is IPv4 whenever it reaches IPv4.
 */
export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** ipaddr.js's names of the special ranges (its range()): a name it does not have fails to compile. */
type RangeName = ReturnType<IpAddress['range']>;

/**
 * Parses a literal IPv4 or IPv6 address (brackets and an IPv6 zone id are allowed),
 * or returns undefined for anything else, host names included.
 *
 * What is a literal is node:net's call, not ipaddr.js's: ipaddr.js also reads the
 * inet_aton spellings (`2852039166`, `0xa9.0xfe.0xa9.0xfe`, `169.254.43518`) and octal
 * or hex in an IPv6 address's IPv4 tail, which node:net takes for host names. A literal
 * here is one a socket connects to as it is; the callers give us hosts that the WHATWG
 * URL parser has already folded to dotted decimal, DNS answers and interface addresses,
 * and any other spelling goes to the resolver, whose answer is checked.
 *
 * IPv4-mapped IPv6 addresses are folded to IPv4 so that `[::ffff:169.254.169.254]`
 * (which the URL parser rewrites to `[::ffff:a9fe:a9fe]`) meets the same rules as
 * `169.254.169.254`.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  let literal = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  // The zone only says which interface: it changes nothing the policy judges, and
  // ipaddr.js refuses zones Linux allows (`eth0.100`, `br-1a2b`).
  const zone = literal.indexOf('%');
  if (zone !== -1) literal = literal.slice(0, zone);
  const family = isIP(literal);
  if (family === 4) return ipaddr.IPv4.parse(literal);
  if (family !== 6) return undefined;
  const address = ipaddr.IPv6.parse(withHexTail(literal));
  return address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
}

/**
 * The address with its dotted IPv4 tail written as two hex groups. ipaddr.js (2.5)
 * reads `::a.b.c.d` as IPv4-mapped `::ffff:a.b.c.d`, while it is the IPv4-compatible
 * `::a.b.c.d` (RFC 4291 §2.5.5.1) to node:net, the kernel and the URL parser (which
 * turns `[::127.0.0.1]` into `[::7f00:1]`): read as ipaddr.js does, `::127.0.0.1` would
 * pass for loopback. In hex it reads every form right. Only called on text node:net
 * accepted as IPv6, so a dotted tail is four decimal bytes.
 */
function withHexTail(text: string): string {
  const lastColon = text.lastIndexOf(':');
  if (!text.includes('.', lastColon)) return text;
  const [a = 0, b = 0, c = 0, d = 0] = text
    .slice(lastColon + 1)
    .split('.')
    .map(Number);
  return `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/**
 * IPv4 from four bytes of an IPv6 address, starting at `offset`, skipping the RFC 6052
 * u-octet (byte 8). ipaddr.js extracts only the IPv4 of a mapped address.
 */
function ipv4At(bytes: readonly number[], offset: number, flip = false): ipaddr.IPv4 {
  const octets: number[] = [];
  for (let source = offset; octets.length < 4; source++) {
    if (source === 8) continue;
    octets.push((bytes[source] ?? 0) ^ (flip ? 0xff : 0));
  }
  return new ipaddr.IPv4(octets);
}

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
 *
 * ipaddr.js names the prefixes (its range()), and those are used; where the IPv4 sits
 * in each is written here, since it extracts none but a mapped one. IPv4-compatible
 * and ISATAP it does not know: the first is deprecated (and it misreads its dotted
 * form, see withHexTail), the second is an interface id under any prefix.
 */
export function embeddedIpv4(address: IpAddress): ipaddr.IPv4[] {
  if (!(address instanceof ipaddr.IPv6)) return [];
  const bytes = address.toByteArray();
  const found: ipaddr.IPv4[] = [];
  switch (address.range()) {
    case 'rfc6145':
      found.push(ipv4At(bytes, 12));
      break;
    case 'rfc6052':
      // Its two prefixes: 64:ff9b::/96 (RFC 6052) holds the IPv4 at the end; in the
      // local-use 64:ff9b:1::/48 (RFC 8215) the operator picks the prefix length.
      if (address.parts[2] === 1) for (const offset of RFC_6052_OFFSETS) found.push(ipv4At(bytes, offset));
      else found.push(ipv4At(bytes, 12));
      break;
    case '6to4':
      found.push(new ipaddr.IPv4(bytes.slice(2, 6)));
      break;
    case 'teredo':
      found.push(new ipaddr.IPv4(bytes.slice(4, 8)), ipv4At(bytes, 12, true));
      break;
  }
  // IPv4-compatible (RFC 4291 §2.5.5.1): ::/96, but not ::/120, where :: and ::1 are.
  if (bytes.slice(0, 12).every((byte) => byte === 0) && !bytes.slice(0, 15).every((byte) => byte === 0)) found.push(ipv4At(bytes, 12));
  // ISATAP (RFC 5214): interface id 0000:5efe or 0200:5efe (the u/g bits may vary), then IPv4.
  if (((bytes[8] ?? 0) & 0xfc) === 0 && bytes[9] === 0 && bytes[10] === 0x5e && bytes[11] === 0xfe) found.push(ipv4At(bytes, 12));
  return found;
}

/**
 * ipaddr.js's ranges a page must not reach through the relay unless the relay's owner
 * turns the rule off: link-local (where cloud metadata services live), "this network"
 * (0.0.0.0/8, ::), broadcast and multicast (perf-reliability §4.3.6).
 */
const REFUSED_RANGES: ReadonlySet<RangeName> = new Set<RangeName>(['linkLocal', 'unspecified', 'broadcast', 'multicast']);

/**
 * The well-known cloud metadata addresses outside link-local (Alibaba's, AWS' IPv6
 * one). No library knows them: to ipaddr.js they are carrier-grade NAT and unique
 * local, ranges that are otherwise ordinary.
 */
const METADATA: readonly IpAddress[] = [ipaddr.IPv4.parse('100.100.100.200'), ipaddr.IPv6.parse('fd00:ec2::254')];

const isRefusedByDefault = (address: IpAddress): boolean =>
  REFUSED_RANGES.has(address.range()) || METADATA.some((metadata) => sameIpAddress(metadata, address));

/** Loopback itself (127.0.0.0/8, ::1, and IPv4-mapped loopback, which parseIpAddress folds): not an address that merely embeds one. */
export function isLoopbackAddress(address: IpAddress): boolean {
  return address.range() === 'loopback';
}

/** The address, or any IPv4 address embedded in it (see embeddedIpv4), is link-local, metadata, "this network", broadcast or multicast. */
export function isLinkLocalOrMetadataAddress(address: IpAddress): boolean {
  return [address, ...embeddedIpv4(address)].some(isRefusedByDefault);
}

/** "This network" (0.0.0.0/8, ::): connecting to it reaches this very machine on Linux. */
export function isUnspecifiedAddress(address: IpAddress): boolean {
  return address.range() === 'unspecified';
}

/** Same family and bytes. */
export function sameIpAddress(a: IpAddress, b: IpAddress): boolean {
  return a.kind() === b.kind() && a.toNormalizedString() === b.toNormalizedString();
}

/** The full text of an address (IPv6 uncompressed), for logs and comparisons. */
export function formatIpAddress(address: IpAddress): string {
  return address.toNormalizedString();
}
