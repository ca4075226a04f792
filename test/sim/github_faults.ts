/**
 * Scripted faults of the GitHub simulator (server errors, primary and secondary rate limits,
 * delays) and the rate-limit headers GitHub sends with every answer.
 *
 * @module
 */
import { ghError } from "./github_http.ts";

/** A scripted failure; consumed `times` times (default 1) by matching requests. */
export interface SimFault {
  /** Exact path below the API prefix (e.g. `/repos/acme/app/actions/runs`), or a RegExp. */
  path: RegExp | string;
  method?: string;
  /** 403 = primary rate limit (unless `message` is set: then a plain 403), 429 = secondary. */
  status?: 500 | 502 | 503 | 403 | 429;
  times?: number;
  /** Epoch seconds sent as `x-ratelimit-reset` with a 403 rate limit. */
  rateLimitReset?: number;
  /** Seconds sent as `retry-after`. */
  retryAfter?: number;
  /** Wait this long before answering (with `status`, or normally without it). */
  delayMs?: number;
  /** Error message for a plain 403. */
  message?: string;
}

/** The core rate limit as the simulator keeps it. */
export interface SimRateLimit {
  limit: number;
  remaining: number;
  reset: number;
}

/**
 * GitHub's `x-ratelimit-*` headers for `rate`.
 *
 * @example
 * ```ts
 * rateLimitHeaders({ limit: 5000, remaining: 4999, reset: 0 })["x-ratelimit-used"]; // "1"
 * ```
 */
export function rateLimitHeaders(rate: SimRateLimit): Record<string, string> {
  return {
    "x-ratelimit-limit": String(rate.limit),
    "x-ratelimit-remaining": String(rate.remaining),
    "x-ratelimit-reset": String(rate.reset),
    "x-ratelimit-used": String(rate.limit - rate.remaining),
    "x-ratelimit-resource": "core",
  };
}

/**
 * The first fault matching the request, used up once (removed when no `times` remain).
 *
 * @example
 * ```ts
 * const faults: SimFault[] = [{ path: "/rate_limit", status: 503 }];
 * takeMatchingFault(faults, "GET", "/rate_limit")?.status; // 503
 * faults.length; // 0
 * ```
 */
export function takeMatchingFault(
  faults: SimFault[],
  method: string,
  path: string,
): SimFault | undefined {
  const index = faults.findIndex((f) =>
    (f.method === undefined || f.method.toUpperCase() === method) &&
    (typeof f.path === "string" ? f.path === path : f.path.test(path))
  );
  if (index < 0) return undefined;
  const fault = faults[index];
  fault.times = (fault.times ?? 1) - 1;
  if (fault.times <= 0) faults.splice(index, 1);
  return fault;
}

/**
 * GitHub's answer for a fault with a status.
 *
 * @example
 * ```ts
 * faultAnswer({ path: "/x", status: 502 }, { limit: 1, remaining: 1, reset: 0 }, 0).status; // 502
 * ```
 */
export function faultAnswer(
  fault: SimFault & { status: number },
  rate: SimRateLimit,
  nowSeconds: number,
): Response {
  if (fault.status === 429) {
    return ghError(
      429,
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      { ...rateLimitHeaders(rate), "retry-after": String(fault.retryAfter ?? 60) },
    );
  }
  if (fault.status === 403 && fault.message !== undefined) return ghError(403, fault.message);
  if (fault.status === 403) {
    const reset = fault.rateLimitReset ?? nowSeconds + 60;
    return ghError(403, "API rate limit exceeded for user ID 1.", {
      ...rateLimitHeaders(rate),
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(reset),
      "x-ratelimit-used": String(rate.limit),
      ...(fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {}),
    });
  }
  return ghError(fault.status, fault.status === 500 ? "Server Error" : "Service Unavailable");
}
