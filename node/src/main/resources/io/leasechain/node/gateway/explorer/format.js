// Formats chain values for people. 64-bit numbers arrive as decimal strings (proto3 JSON) and
// stay BigInt here: a Number would round amounts above 2^53 ulease.

const ULEASE_PER_LEASE = 1_000_000n;
const MICRO = 1_000_000n;

/** A uint64 field (string, number or missing, as proto3 JSON omits zeros) as a BigInt. */
export function big(value) {
  if (value == null || value === '') return 0n;
  return BigInt(value);
}

/** 1234567 -> "1,234,567". */
export function grouped(value) {
  return big(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// "whole.fraction" with up to {@code scaleDigits} decimals and no trailing zeros.
function decimal(value, scale, scaleDigits) {
  const v = big(value);
  const whole = v / scale;
  const fraction = (v % scale).toString().padStart(scaleDigits, '0').replace(/0+$/, '');
  return grouped(whole) + (fraction ? '.' + fraction : '');
}

/** An amount in ulease, with its LEASE value: "1,500,000 ulease (1.5 LEASE)". */
export function ulease(value) {
  return `${grouped(value)} ulease (${decimal(value, ULEASE_PER_LEASE, 6)} LEASE)`;
}

/** An amount in micro-ulease (escrow and accrual precision), shown in ulease. */
export function microUlease(value) {
  return `${decimal(value, MICRO, 6)} ulease`;
}

/** A price in micro-ulease per GPU per block (orders, bids, leases). */
export function price(value) {
  return `${microUlease(value)} / GPU / block`;
}

/** An enum value without its type prefix: "LEASE_STATE_ACTIVE" -> "active". */
export function enumName(value, prefix) {
  if (!value || String(value).endsWith('_UNSPECIFIED')) return '—';
  const name = String(value);
  return (name.startsWith(prefix) ? name.slice(prefix.length) : name).toLowerCase();
}

/** proto3 JSON bytes (base64) as lowercase hex, the CLI's text form. */
export function hex(base64) {
  if (!base64) return '';
  const bytes = atob(base64);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes.charCodeAt(i).toString(16).padStart(2, '0');
  return out;
}

/** "ABCDEF…123456" for long hashes and addresses in lists. */
export function short(text, keep = 10) {
  const s = String(text ?? '');
  return s.length <= 2 * keep + 1 ? s : s.slice(0, keep) + '…' + s.slice(-6);
}

/** A block time (RFC 3339) in the reader's locale, or as given when it does not parse. */
export function time(value) {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}
