/**
 * Dates as the device's cache reads them (HTTP §8, netstack `HttpTime::StrTimeToTimestamp`:
 * `std::get_time` with "%a, %d %b %Y %H:%M:%S GMT", then `timegm`), in seconds since the
 * epoch. Text that does not parse leaves the C `tm` zeroed, which `timegm` makes
 * 1899-12-31 00:00:00 UTC: never "no date", just a very old one (a date the parser gave
 * up on halfway is approximated the same way).
 */
export function parseHttpDate(text: string): number {
  const match = DATE.exec(text);
  if (match === null) return UNPARSED;
  const [, weekday = '', day = '', monthName = '', year = '', hour = '', minute = '', second = ''] = match;
  const month = monthIndex(monthName);
  if (!isName(weekday, WEEKDAYS) || month === -1) return UNPARSED;
  return Date.UTC(Number(year), month, Number(day), Number(hour), Number(minute), Number(second)) / 1000;
}

/** `timegm` of a zeroed `tm`. */
export const UNPARSED = Date.UTC(1900, 0, 0) / 1000;

const DATE = /^\s*([A-Za-z]+),\s*(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s+(\d{1,2}):(\d{1,2}):(\d{1,2})/;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** %a and %b take a name in full or its first three letters, in any case. */
function isName(text: string, names: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return names.some((name) => lower === name || lower === name.slice(0, 3));
}

function monthIndex(text: string): number {
  const lower = text.toLowerCase();
  return MONTHS.findIndex((name) => lower === name || lower === name.slice(0, 3));
}

/** Now, in whole seconds, as the device stamps requests and responses. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
