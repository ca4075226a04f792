/**
 * The simulator's clock. Manual by default (time moves only by {@linkcode SimClock.advance}),
 * or automatic with a time scale (sim time runs `timeScale`× faster than real time, so a
 * 5-minute job finishes in half a second at 600×), or read from an outside `now()`.
 *
 * @module
 */

/** Options of {@linkcode SimClock}. */
export interface SimClockOptions {
  /** Sim time at start (manual and automatic modes). Default: the real time now. */
  start?: Date | string | number;
  /** Automatic mode: sim milliseconds per real millisecond. */
  timeScale?: number;
  /** Outside time source (the older `now` option); `advance` adds to it. */
  source?: () => Date;
}

/**
 * A controllable clock.
 *
 * @example
 * ```ts
 * const clock = new SimClock({ start: "2026-11-24T10:00:00Z" });
 * clock.advance(60_000);
 * clock.now().toISOString(); // "2026-11-24T10:01:00.000Z"
 * ```
 */
export class SimClock {
  /** Sim ms per real ms in automatic mode; undefined when manual. */
  readonly timeScale: number | undefined;
  readonly #source: (() => Date) | undefined;
  readonly #start: number;
  readonly #realStart = performance.now();
  #offset = 0;
  readonly #listeners = new Set<() => void>();

  constructor(options: SimClockOptions = {}) {
    if (options.timeScale !== undefined && !(options.timeScale > 0)) {
      throw new Error(`GitHub sim: timeScale must be > 0: current value is ${options.timeScale}`);
    }
    this.timeScale = options.timeScale;
    this.#source = options.source;
    this.#start = options.start === undefined ? Date.now() : new Date(options.start).getTime();
  }

  /** Sim time in epoch milliseconds. */
  nowMs(): number {
    if (this.#source) return this.#source().getTime() + this.#offset;
    const elapsed = this.timeScale ? (performance.now() - this.#realStart) * this.timeScale : 0;
    return Math.floor(this.#start + elapsed + this.#offset);
  }

  /** Sim time. */
  now(): Date {
    return new Date(this.nowMs());
  }

  /** Moves sim time forward (any mode); whatever became due happens now. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`GitHub sim: advance takes ms ≥ 0: current value is ${ms}`);
    this.#offset += ms;
    for (const listener of this.#listeners) listener();
  }

  /** Real milliseconds until sim time `atMs` in automatic mode; undefined otherwise. */
  realDelayUntil(atMs: number): number | undefined {
    if (!this.timeScale || this.#source) return undefined;
    return Math.max(0, Math.ceil((atMs - this.nowMs()) / this.timeScale));
  }

  /** Calls `listener` after every {@linkcode advance}; returns the unsubscribe function. */
  onAdvance(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
