/**
 * Whether `text` is an IPv4 or IPv6 address literal as `inet_pton` reads one (what the
 * device checks `dnsServers` entries with, HTTP §3): dotted quads without leading
 * zeros; IPv6 with at most one `::`, optionally ending in a dotted quad; no zone, no
 * brackets.
 */
export function isIpLiteral(text: string): boolean {
  return isIpv4(text) || isIpv6(text);
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const all = groups.flat();
  const last = all[all.length - 1];
  // A trailing dotted quad stands for the last two groups.
  const tailIsIpv4 = last !== undefined && last.includes('.');
  if (tailIsIpv4 && !isIpv4(last)) return false;
  const hexGroups = tailIsIpv4 ? all.slice(0, -1) : all;
  if (!hexGroups.every((group) => HEX_GROUP.test(group))) return false;
  const count = hexGroups.length + (tailIsIpv4 ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}
