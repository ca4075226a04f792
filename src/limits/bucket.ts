/**
 * A token bucket: `capacity` tokens at most, refilled continuously at `perMinute` tokens a
 * minute. Time comes from the caller (milliseconds), so tests move it by hand.
 *
 * @module
 */

/** Size and refill rate of a bucket. */
export interface BucketShape {
  /** Most tokens the bucket holds: the burst a caller may spend at once. */
  capacity: number;
  /** Tokens added per minute, continuously. */
  perMinute: number;
}

/** What taking from a bucket says: taken, or how long until `cost` tokens are there. */
export type TakeResult = { ok: true } | { ok: false; waitMs: number; tokens: number };

/**
 * One bucket. It starts full; `take` refills for the time passed, then takes `cost` tokens or
 * says how long to wait for them (a cost above the capacity is charged as the whole capacity,
 * so an expensive request is slow, never impossible).
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket({ capacity: 10, perMinute: 30 }, 0);
 * bucket.take(3, 0); // { ok: true }
 * bucket.take(8, 0); // { ok: false, waitMs: 2000, tokens: 7 }
 * ```
 */
export class TokenBucket {
  readonly shape: BucketShape;
  #tokens: number;
  #at: number;

  constructor(shape: BucketShape, nowMs: number) {
    this.shape = shape;
    this.#tokens = shape.capacity;
    this.#at = nowMs;
  }

  /** Tokens available at `nowMs` (fractional while refilling). */
  tokens(nowMs: number): number {
    this.#refill(nowMs);
    return this.#tokens;
  }

  /** Milliseconds until `cost` tokens are there (0: now). */
  waitMs(cost: number, nowMs: number): number {
    this.#refill(nowMs);
    const missing = Math.min(cost, this.shape.capacity) - this.#tokens;
    return missing > 0 ? Math.ceil(missing / (this.shape.perMinute / 60_000)) : 0;
  }

  /** Takes `cost` tokens when they are all there; otherwise takes nothing. */
  take(cost: number, nowMs: number): TakeResult {
    const waitMs = this.waitMs(cost, nowMs);
    if (waitMs > 0) return { ok: false, waitMs, tokens: Math.floor(this.#tokens) };
    this.#tokens -= Math.min(cost, this.shape.capacity);
    return { ok: true };
  }

  /** Whether it is full at `nowMs`: a full bucket can be forgotten and made anew. */
  full(nowMs: number): boolean {
    return this.tokens(nowMs) >= this.shape.capacity;
  }

  #refill(nowMs: number): void {
    // A clock that steps back (NTP) neither adds nor removes tokens.
    const elapsed = Math.max(0, nowMs - this.#at);
    this.#tokens = Math.min(
      this.shape.capacity,
      this.#tokens + elapsed * this.shape.perMinute / 60_000,
    );
    this.#at = Math.max(this.#at, nowMs);
  }
}
