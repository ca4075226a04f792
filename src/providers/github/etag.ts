/**
 * Conditional requests for Octokit: a bounded LRU of GET responses keyed by full URL and media
 * type, and a request hook that sends `If-None-Match` and answers a 304 from the cache. GitHub does
 * not count a 304 against the rate limit, so repeated analyses of an unchanged repository are
 * almost free.
 *
 * @module
 */
import type { Octokit } from "@octokit/rest";

/** What Octokit resolves a request with; the cache hands the same shape back on a 304. */
export interface CachedResponse {
  status: number;
  url: string;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

interface Entry {
  etag: string;
  response: CachedResponse;
}

/**
 * A least-recently-used map with a fixed number of entries.
 *
 * @example
 * ```ts
 * const cache = new EtagCache(2);
 * cache.set("GET /a", { etag: '"1"', response: { status: 200, url: "/a", headers: {}, data: 1 } });
 * cache.get("GET /a")?.etag; // '"1"'
 * ```
 */
export class EtagCache {
  readonly #max: number;
  readonly #entries = new Map<string, Entry>();

  constructor(max = 500) {
    this.#max = Math.max(1, max);
  }

  /** Number of cached responses. */
  get size(): number {
    return this.#entries.size;
  }

  /** The entry for `key`, now marked most recently used. */
  get(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /** Stores `entry`, evicting the least recently used one when full. */
  set(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("status" in error)) return undefined;
  return typeof error.status === "number" ? error.status : undefined;
}

function rateHeadersOf(error: unknown): Record<string, string | number | undefined> {
  if (typeof error !== "object" || error === null || !("response" in error)) return {};
  const response = error.response as { headers?: Record<string, string | number | undefined> };
  return Object.fromEntries(
    Object.entries(response?.headers ?? {}).filter(([name]) => name.startsWith("x-ratelimit-")),
  );
}

/**
 * Installs the conditional-request hook on `octokit`. Install it after the retry and throttling
 * plugins so it wraps them: a 304 is then neither retried nor treated as a failure.
 *
 * @example
 * ```ts
 * import { Octokit } from "@octokit/rest";
 * const octokit = new Octokit();
 * installEtagCache(octokit, new EtagCache(500));
 * ```
 */
export function installEtagCache(octokit: Pick<Octokit, "hook" | "request">, cache: EtagCache) {
  octokit.hook.wrap("request", async (request, options) => {
    if (options.method !== "GET") return request(options);
    const { url, headers } = octokit.request.endpoint.parse(options);
    // The media type is part of the key: `.raw` and JSON answers of one URL differ.
    const key = `GET ${url} ${headers.accept ?? ""}`;
    const cached = cache.get(key);
    // Hook layers are bound to this options object, so the header is set on it in place.
    if (cached !== undefined) options.headers["if-none-match"] = cached.etag;
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      if (response.status === 200 && typeof etag === "string") {
        // Copies both ways: Octokit's paginator rewrites `data` of the response it is given.
        cache.set(key, { etag, response: structuredClone(response as CachedResponse) });
      }
      return response;
    } catch (error) {
      if (cached === undefined || statusOf(error) !== 304) throw error;
      // The 304 carries fresh rate-limit headers; the body and links come from the cache.
      const copy = structuredClone(cached.response);
      return { ...copy, headers: { ...copy.headers, ...rateHeadersOf(error) } };
    }
  });
}
