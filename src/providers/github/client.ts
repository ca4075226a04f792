/**
 * The configured Octokit behind the GitHub provider: retry (5xx) and throttling (rate limits)
 * plugins with bounded retries, a per-request timeout, the ETag cache, API usage counters, and
 * Octokit's own logging routed into our Logger.
 *
 * @module
 */
import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import type { Logger } from "../../log.ts";
import type { ApiUsage } from "../port.ts";
import { EtagCache, installEtagCache } from "./etag.ts";
import { installRequestAuth, type RequestAuth } from "./request_auth.ts";

/** Octokit with the plugins this provider relies on. */
export const GitHubOctokit = Octokit.plugin(retry, throttling);
/** An instance of {@linkcode GitHubOctokit}. */
export type GitHubOctokit = InstanceType<typeof GitHubOctokit>;

/**
 * A request that did not complete within its time budget. Named `AbortError` on purpose:
 * Octokit passes errors with that name through unchanged, so plugin-retry does not turn a slow
 * GitHub into four slow attempts, and the provider can still recognise the class.
 *
 * @example
 * ```ts
 * const err = new GitHubTimeoutError(10_000, "GET /repos/acme/app");
 * err.timeoutMs; // 10000
 * ```
 */
export class GitHubTimeoutError extends Error {
  override readonly name = "AbortError";
  readonly timeoutMs: number;
  readonly target: string;

  constructor(timeoutMs: number, target: string) {
    super(`GitHub did not answer ${target} within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
    this.target = target;
  }
}

// Statuses whose Response must be built with a null body.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Wraps `fetchImpl` so each call (one HTTP attempt, body included) is aborted after `timeoutMs`
 * with a {@linkcode GitHubTimeoutError}. `onResponse` sees every response that arrived.
 *
 * @example
 * ```ts
 * const timed = timedFetch(fetch, 5_000);
 * ```
 */
export function timedFetch(
  fetchImpl: typeof fetch,
  timeoutMs: number,
  onResponse?: (response: Response) => void,
): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const target = `${method} ${new URL(url).pathname}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const signal = init?.signal
      ? AbortSignal.any([init.signal, controller.signal])
      : controller.signal;
    try {
      const response = await fetchImpl(input, { ...init, signal });
      // Read the whole body under the same deadline, so a stalled body cannot hang a caller.
      const body = NULL_BODY.has(response.status) ? null : await response.arrayBuffer();
      onResponse?.(response);
      const copy = new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      // Octokit's paginator reads `response.url`, which the constructor cannot set.
      Object.defineProperty(copy, "url", { value: response.url });
      return copy;
    } catch (error) {
      if (controller.signal.aborted && !init?.signal?.aborted) {
        throw new GitHubTimeoutError(timeoutMs, target);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Like {@linkcode timedFetch} but leaves the body a stream, for downloads too large to buffer
 * (job logs): the deadline covers the body until it is read to the end or cancelled.
 *
 * @example
 * ```ts
 * const download = streamingFetch(fetch, 10_000);
 * // const res = await download(url, { headers: { range: "bytes=-65536" } });
 * ```
 */
export function streamingFetch(fetchImpl: typeof fetch, timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const target = `${init?.method ?? "GET"} ${new URL(url).pathname}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const timedOut = (error: unknown) =>
      controller.signal.aborted ? new GitHubTimeoutError(timeoutMs, target) : error;
    let response: Response;
    try {
      response = await fetchImpl(input, { ...init, signal: controller.signal });
    } catch (error) {
      clearTimeout(timer);
      throw timedOut(error);
    }
    if (!response.body) {
      clearTimeout(timer);
      return response;
    }
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(stream) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            clearTimeout(timer);
            stream.close();
          } else {
            stream.enqueue(value);
          }
        } catch (error) {
          clearTimeout(timer);
          stream.error(timedOut(error));
        }
      },
      async cancel(reason) {
        clearTimeout(timer);
        await reader.cancel(reason);
      },
    }, { highWaterMark: 0 });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** Options of {@linkcode createGitHubClient}. */
export interface GitHubClientOptions {
  /** A fixed token for every request; ignored when `auth` is set. */
  token?: string;
  /** Per-request credentials chosen by the request's repository owner. */
  auth?: RequestAuth;
  baseUrl: string;
  fetch: typeof fetch;
  log: Logger;
  timeoutMs: number;
  /** Retries of 5xx / network failures (plugin-retry). */
  retries: number;
  /** Milliseconds per unit of back-off; 1000 in production, small in tests. */
  retryAfterBaseValue: number;
  /** Retries after a primary or secondary rate limit. */
  rateLimitRetries: number;
  /** A rate limit resetting later than this is reported instead of waited for. */
  maxRateLimitWaitSeconds: number;
  userAgent: string;
  etagCacheSize: number;
}

/** The client plus what the provider needs around it. */
export interface GitHubClient {
  octokit: GitHubOctokit;
  /**
   * Timed fetch without auth or counting, for pre-signed download URLs (job logs); the body
   * stays a stream so callers can stop reading.
   */
  download: typeof fetch;
  usage(): ApiUsage;
}

/**
 * Builds the Octokit client with every policy of the provider applied.
 *
 * @example
 * ```ts
 * import { memoryLogger } from "../../log.ts";
 * const client = createGitHubClient({
 *   baseUrl: "https://api.github.com", fetch, log: memoryLogger(), timeoutMs: 10_000,
 *   retries: 3, retryAfterBaseValue: 1000, rateLimitRetries: 2, maxRateLimitWaitSeconds: 60,
 *   userAgent: "ci-orchestrator", etagCacheSize: 500,
 * });
 * ```
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const { log } = options;
  const counters: ApiUsage = { requests: 0, rateLimited: 0, notModified: 0 };
  const count = (response: Response) => {
    counters.requests++;
    if (response.status === 304) counters.notModified++;
    else counters.rateLimited++;
    const remaining = Number(response.headers.get("x-ratelimit-remaining") ?? Number.NaN);
    if (Number.isFinite(remaining)) counters.remaining = remaining;
  };
  const onLimit = (kind: string) =>
  (
    retryAfter: number,
    request: { method: string; url: string },
    _octokit: unknown,
    retryCount: number,
  ) => {
    const retrying = retryCount < options.rateLimitRetries &&
      retryAfter <= options.maxRateLimitWaitSeconds;
    log.warn(`GitHub ${kind} rate limit hit`, {
      method: request.method,
      url: request.url,
      retryAfterSeconds: retryAfter,
      retryCount,
      retrying,
    });
    return retrying;
  };

  const octokit = new GitHubOctokit({
    auth: options.auth ? undefined : options.token,
    baseUrl: options.baseUrl,
    userAgent: options.userAgent,
    request: { fetch: timedFetch(options.fetch, options.timeoutMs, count) },
    // Octokit logs every failed request at error level; the provider maps and reports failures
    // itself, so those lines are debug noise. Warnings (deprecations, limiter errors) stay.
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => log.warn(message, { source: "octokit" }),
      error: (message: string) => log.debug(message, { source: "octokit" }),
    },
    retry: {
      retries: options.retries,
      retryAfterBaseValue: options.retryAfterBaseValue,
      // 429 is a secondary rate limit: the throttling plugin owns it, with its retry-after.
      doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
    },
    throttle: {
      // One limiter key per client: no waiting on writes made by unrelated instances.
      id: crypto.randomUUID(),
      retryAfterBaseValue: options.retryAfterBaseValue,
      onRateLimit: onLimit("primary"),
      onSecondaryRateLimit: onLimit("secondary"),
    },
  });
  installEtagCache(octokit, new EtagCache(options.etagCacheSize));
  if (options.auth) installRequestAuth(octokit, options.auth, options.baseUrl, log);

  return {
    octokit,
    download: streamingFetch(options.fetch, options.timeoutMs),
    usage: () => ({ ...counters }),
  };
}
