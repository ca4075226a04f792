/**
 * Per-caller limits: a token bucket and an in-flight cap for every caller of every surface, so
 * that one person (or one leaked MCP key) cannot spend the service's GitHub rate limit. Applied
 * once around `execute` ({@linkcode limitExecute}) and, where a refusal can be an HTTP 429, at
 * the edge of `/mcp` and `/copilot` as well.
 *
 * A durable job (test, active compare) holds its in-flight slot only until its submission
 * returns: the job itself is bounded by the job runner, and a caller may follow it with status.
 * State is per process; with several instances each one limits on its own.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import type { Execute } from "../surface.ts";
import { TokenBucket } from "./bucket.ts";
import { InFlight } from "./in_flight.ts";
import {
  HEAVY_COST,
  HEAVY_OPS,
  type Subject,
  subjectOf,
  type Weight,
  weightOf,
} from "./identity.ts";

export { type Subject, subjectOf, type Weight, weightOf } from "./identity.ts";

/** The limits of one identified caller. */
export interface LimitOptions {
  /** Tokens added to a caller's bucket per minute (`RATE_LIMIT_PER_MINUTE`). */
  perMinute: number;
  /** Bucket size: what a caller may spend at once (`RATE_LIMIT_BURST`). */
  burst: number;
  /** Heavy operations one caller may have running at once (`RATE_LIMIT_IN_FLIGHT`). */
  inFlight: number;
}

/** Defaults sensible for a team: 30 tokens a minute, bursts of 10, 3 heavy requests at once. */
export const DEFAULT_LIMITS: LimitOptions = { perMinute: 30, burst: 10, inFlight: 3 };

/** Seconds suggested to a caller whose in-flight slots are all taken. */
export const IN_FLIGHT_RETRY_SECONDS = 5;

/** Why a request was refused. */
export type RefusalReason = "tokens" | "in_flight";

/** Refusals so far by surface and reason (for `/metrics`). */
export interface RefusalCount {
  surface: string;
  reason: RefusalReason;
  count: number;
}

/** The limiter. */
export interface Limits {
  /** Takes the weight's tokens and slot, or throws `CiError("rate_limited")`. */
  admit(subject: Subject, weight: Weight): () => void;
  /** Throws `CiError("rate_limited")` when the caller could run nothing now; takes nothing. */
  check(subject: Subject): void;
  /** Refusals so far. */
  refusals(): RefusalCount[];
  /** Heavy requests running now, all callers together. */
  inFlight(): number;
}

/** Callers whose bucket is remembered; beyond this the least recently seen are forgotten. */
const MAX_CALLERS = 10_000;

/** A caller without a user id shares a third of the limits and runs one heavy request. */
function anonymousOptions(options: LimitOptions): LimitOptions {
  return {
    perMinute: Math.max(1, Math.ceil(options.perMinute / 3)),
    burst: Math.max(1, Math.ceil(options.burst / 3)),
    inFlight: 1,
  };
}

/**
 * Creates the limiter with an injected clock.
 *
 * @example
 * ```ts
 * const limits = createLimits(DEFAULT_LIMITS, () => new Date());
 * const release = limits.admit(subjectOf({ surface: "slack", userId: "U1" }), weightOf({ op: "analyze" }));
 * release();
 * ```
 */
export function createLimits(options: LimitOptions, now: () => Date): Limits {
  const anonymous = anonymousOptions(options);
  const buckets = new Map<string, TokenBucket>();
  const flights = new InFlight();
  const refused = new Map<string, RefusalCount>();

  const optionsOf = (subject: Subject) => subject.anonymous ? anonymous : options;
  const bucketOf = (subject: Subject, nowMs: number): TokenBucket => {
    let bucket = buckets.get(subject.key);
    if (bucket) {
      // Re-inserted so the map's order is least recently seen first.
      buckets.delete(subject.key);
    } else {
      const { burst, perMinute } = optionsOf(subject);
      bucket = new TokenBucket({ capacity: burst, perMinute }, nowMs);
    }
    buckets.set(subject.key, bucket);
    if (buckets.size > MAX_CALLERS) buckets.delete(buckets.keys().next().value!);
    return bucket;
  };

  const refuse = (subject: Subject, reason: RefusalReason, error: CiError): CiError => {
    const id = `${subject.surface}\n${reason}`;
    const entry = refused.get(id) ?? { surface: subject.surface, reason, count: 0 };
    entry.count++;
    refused.set(id, entry);
    return error;
  };

  const busy = (subject: Subject) => {
    const cap = optionsOf(subject).inFlight;
    return refuse(
      subject,
      "in_flight",
      new CiError(
        "rate_limited",
        `You have ${flights.count(subject.key)} requests running (at most ${cap} at once); ` +
          `wait for one to finish`,
        {
          hint: `Try again in ${IN_FLIGHT_RETRY_SECONDS} s or when one has finished; ` +
            "`status` lists your jobs.",
          retryAfterSeconds: IN_FLIGHT_RETRY_SECONDS,
        },
      ),
    );
  };

  const broke = (subject: Subject, label: string, cost: number, waitMs: number, left: number) => {
    const { burst, perMinute } = optionsOf(subject);
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return refuse(
      subject,
      "tokens",
      new CiError(
        "rate_limited",
        `Too many requests: '${label}' costs ${Math.min(cost, burst)} of your ${burst} ` +
          `request tokens and ${left} are left; try again in ${seconds} s`,
        {
          hint: `Each person gets ${perMinute} tokens a minute, at most ${burst} at once; ` +
            `${[...HEAVY_OPS].join(", ")} cost ${HEAVY_COST}, everything else 1.`,
          retryAfterSeconds: seconds,
        },
      ),
    );
  };

  return {
    admit(subject, weight) {
      const nowMs = now().getTime();
      const bucket = bucketOf(subject, nowMs);
      const release = weight.slot ? flights.enter(subject.key, optionsOf(subject).inFlight) : null;
      if (weight.slot && !release) throw busy(subject);
      const taken = bucket.take(weight.tokens, nowMs);
      if (!taken.ok) {
        release?.();
        throw broke(subject, weight.label, weight.tokens, taken.waitMs, taken.tokens);
      }
      return release ?? (() => {});
    },
    check(subject) {
      if (flights.count(subject.key) >= optionsOf(subject).inFlight) throw busy(subject);
      const nowMs = now().getTime();
      const bucket = bucketOf(subject, nowMs);
      const waitMs = bucket.waitMs(1, nowMs);
      if (waitMs > 0) throw broke(subject, "any request", 1, waitMs, 0);
    },
    refusals: () => [...refused.values()].map((r) => ({ ...r })),
    inFlight: () => flights.total(),
  };
}

/**
 * Wraps the pipeline so every call is admitted first and its slot released when it returns (for
 * a durable job: when its submission returns).
 *
 * @example
 * ```ts
 * // const limited = limitExecute(execute, createLimits(DEFAULT_LIMITS, () => new Date()));
 * ```
 */
export function limitExecute(execute: Execute, limits: Limits): Execute {
  return async (...args) => {
    const [intent, meta] = args;
    const release = limits.admit(subjectOf(meta), weightOf(intent));
    try {
      return await execute(...args);
    } finally {
      release();
    }
  };
}

/**
 * The limits from the validated environment.
 *
 * @example
 * ```ts
 * limitOptionsFrom({ RATE_LIMIT_PER_MINUTE: 30, RATE_LIMIT_BURST: 10, RATE_LIMIT_IN_FLIGHT: 3 });
 * ```
 */
export function limitOptionsFrom(
  env: { RATE_LIMIT_PER_MINUTE: number; RATE_LIMIT_BURST: number; RATE_LIMIT_IN_FLIGHT: number },
): LimitOptions {
  return {
    perMinute: env.RATE_LIMIT_PER_MINUTE,
    burst: env.RATE_LIMIT_BURST,
    inFlight: env.RATE_LIMIT_IN_FLIGHT,
  };
}
