/**
 * How netstack turns an option's value into text for request headers and query
 * parameters (HTTP §3, netstack `NapiUtils::NapiValueToString`): a string as it is,
 * `true`/`false`, a whole number in decimal digits, any other number as C's `%f` (six
 * decimals: 1.5 → "1.500000"), and everything else (undefined, null, objects,
 * functions, bigints, symbols) as "".
 */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) || !Number.isFinite(value) ? wholeNumberText(value) : fixedSix(value);
  return '';
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/**
 * C++ `std::to_string(static_cast<int64_t>(x))` for a whole number: a value outside
 * int64 (and ±Infinity) saturates as the device's arm64 conversion does; NaN is not
 * whole in C++ (NaN == floor(NaN) is false) and goes to `%f`, which prints "nan".
 */
function wholeNumberText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return INT64_MAX.toString();
  if (value === -Infinity) return INT64_MIN.toString();
  const whole = BigInt(value);
  return (whole > INT64_MAX ? INT64_MAX : whole < INT64_MIN ? INT64_MIN : whole).toString();
}

const SCALE = 1_000_000n;

/**
 * `%f` of a finite number that is not whole: the exact binary value rounded to six
 * decimals, half to even (what C's printf does; Number#toFixed rounds an exact half
 * up, e.g. 0.0078125).
 */
function fixedSix(value: number): string {
  // value = mantissa / 2^shift exactly: doubling is exact, and a double is an integer after at most 1074 doublings.
  let magnitude = Math.abs(value);
  let shift = 0n;
  while (!Number.isInteger(magnitude)) {
    magnitude *= 2;
    shift += 1n;
  }
  const scaled = BigInt(magnitude) * SCALE;
  let units = scaled >> shift;
  const remainder = scaled - (units << shift);
  const half = 1n << (shift - 1n);
  if (remainder > half || (remainder === half && (units & 1n) === 1n)) units += 1n;
  const digits = units.toString().padStart(7, '0');
  return `${value < 0 ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}
