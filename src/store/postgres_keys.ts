/**
 * Key tuples as order-preserving text for the PostgreSQL store: comparing two encodings byte by
 * byte (`COLLATE "C"`) orders them as Deno KV orders the tuples, so `list(prefix)` is a range
 * scan on the primary key.
 *
 * Each part is a type tag, its body and a terminator (`\x01`). Tags follow Deno KV's order across
 * types (strings before numbers). Strings escape `\x01` and `\x02` so the terminator sorts below
 * every character; numbers are the 64-bit float with its sign bit flipped (negatives: all bits),
 * in hex, so their bytes sort as their values.
 *
 * @module
 */
import type { Key } from "./port.ts";

const END = "\x01";
const STRING_TAG = "1";
const NUMBER_TAG = "2";
/** Above every tag: the exclusive upper bound of a prefix range. */
const AFTER_TAGS = "3";

function encodeString(s: string): string {
  // The two control characters the encoding uses are escaped on purpose.
  // deno-lint-ignore no-control-regex
  return s.replace(/[\x01\x02]/g, (c) => (c === "\x01" ? "\x02\x02" : "\x02\x03"));
}

function encodeNumber(n: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n === 0 ? 0 : n); // -0 and 0 are one key, as in Deno KV
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const h = negative ? ~hi >>> 0 : (hi | 0x8000_0000) >>> 0;
  const l = negative ? ~lo >>> 0 : lo;
  return h.toString(16).padStart(8, "0") + l.toString(16).padStart(8, "0");
}

/**
 * Encodes a key tuple.
 *
 * @example
 * ```ts
 * encodeKey(["job", 2]) < encodeKey(["job", 10]); // true: numbers compare as numbers
 * ```
 */
export function encodeKey(key: Key): string {
  return key.map((part) =>
    typeof part === "number"
      ? NUMBER_TAG + encodeNumber(part) + END
      : STRING_TAG + encodeString(part) + END
  ).join("");
}

/**
 * The half-open range `[from, to)` minus `from` itself that holds every key strictly under
 * `prefix` (Deno KV's `list({ prefix })` excludes the prefix key too).
 *
 * @example
 * ```ts
 * const { after, before } = prefixRange(["p"]);
 * // SELECT … WHERE key > after AND key < before
 * ```
 */
export function prefixRange(prefix: Key): { after: string; before: string } {
  const encoded = encodeKey(prefix);
  return { after: encoded, before: encoded + AFTER_TAGS };
}
