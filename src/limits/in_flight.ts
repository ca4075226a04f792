/**
 * Counts requests in flight per key against a cap. A slot is taken by `enter` and given back by
 * the release function it returns (calling it twice gives back one slot, not two).
 *
 * @module
 */

/**
 * In-flight counters.
 *
 * @example
 * ```ts
 * const flights = new InFlight();
 * const release = flights.enter("slack:T1:U1", 3);
 * flights.count("slack:T1:U1"); // 1
 * release?.();
 * flights.count("slack:T1:U1"); // 0
 * ```
 */
export class InFlight {
  #counts = new Map<string, number>();

  /** Requests running now under `key`. */
  count(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  /** Requests running now under every key. */
  total(): number {
    let sum = 0;
    for (const n of this.#counts.values()) sum += n;
    return sum;
  }

  /** Takes a slot when fewer than `cap` are taken; returns its release, or null when full. */
  enter(key: string, cap: number): (() => void) | null {
    const running = this.count(key);
    if (running >= cap) return null;
    this.#counts.set(key, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.count(key) - 1;
      // Keys with nothing running are dropped, so the map holds only active callers.
      if (left > 0) this.#counts.set(key, left);
      else this.#counts.delete(key);
    };
  }
}
