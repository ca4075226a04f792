/**
 * A small seeded pseudo-random source, so bootstrap intervals are reproducible: the same data
 * and seed give the same report, in tests and in production alike.
 *
 * @module
 */

/** A source of uniform numbers in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

/**
 * mulberry32 (Tommy Ettinger, public domain): 32 bits of state, period 2^32, fast, and good
 * enough for resampling a few thousand times. Not for anything secret.
 *
 * @example
 * ```ts
 * const random = mulberry32(42);
 * const a = random();
 * mulberry32(42)() === a; // true
 * ```
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
