/**
 * GitHub's Copilot request-signing keys (`GET {apiUrl}/meta/public_keys/copilot_api`), cached in
 * memory. The SDK's `verifyRequestByKeyId` fetches them on every request; here they are fetched
 * once, revalidated with `If-None-Match` after a TTL, and refetched early only when a request
 * names a key id the cache does not know (key rotation), at most once per `minRefetchMs`.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";

const KeysResponseSchema = z.object({
  public_keys: z.array(z.object({
    key_identifier: z.string().min(1),
    key: z.string().min(1),
    is_current: z.boolean().optional(),
  })),
});

/** Options of {@linkcode createKeyCache}. */
export interface KeyCacheOptions {
  /** GitHub REST base URL, e.g. `https://api.github.com`. */
  apiUrl: string;
  fetch: typeof fetch;
  now: () => Date;
  log: Logger;
  /** How long fetched keys are trusted before revalidating (default 1 h). */
  ttlMs?: number;
  /** Unknown key ids trigger a refetch at most this often (default 60 s): no amplification. */
  minRefetchMs?: number;
  /** Timeout of one key fetch (default 5 s). */
  timeoutMs?: number;
}

/** The cache: PEM by key id. */
export interface KeyCache {
  /** The PEM public key for `keyId`, or undefined when GitHub does not publish it. */
  get(keyId: string): Promise<string | undefined>;
}

/**
 * Creates the key cache.
 *
 * @example
 * ```ts
 * const keys = createKeyCache({ apiUrl: "https://api.github.com", fetch, now: () => new Date(), log });
 * const pem = await keys.get(request.headers.get("x-github-public-key-identifier") ?? "");
 * ```
 */
export function createKeyCache(options: KeyCacheOptions): KeyCache {
  const ttlMs = options.ttlMs ?? 3_600_000;
  const minRefetchMs = options.minRefetchMs ?? 60_000;
  const url = `${options.apiUrl.replace(/\/+$/, "")}/meta/public_keys/copilot_api`;
  let keys = new Map<string, string>();
  let etag = "";
  let fetchedAt = -Infinity;
  let inFlight: Promise<void> | undefined;

  const load = async () => {
    const headers = new Headers({ accept: "application/vnd.github+json" });
    if (etag) headers.set("if-none-match", etag);
    fetchedAt = options.now().getTime();
    let response: Response;
    try {
      response = await options.fetch(url, {
        headers,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch (cause) {
      throw new CiError("upstream", `Could not fetch the Copilot signing keys from ${url}`, {
        hint: "Check GITHUB_API_URL and that the service can reach GitHub.",
        cause,
      });
    }
    if (response.status === 304) {
      await response.body?.cancel();
      return;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new CiError("upstream", `${url} answered HTTP ${response.status}`, {
        hint: "Check GITHUB_API_URL; the Copilot keys are public and need no token.",
      });
    }
    const parsed = KeysResponseSchema.safeParse(await response.json());
    if (!parsed.success) {
      throw new CiError("upstream", `${url} did not return a public_keys list`);
    }
    keys = new Map(parsed.data.public_keys.map((k) => [k.key_identifier, k.key]));
    etag = response.headers.get("etag") ?? "";
    options.log.info("copilot signing keys loaded", { count: keys.size });
  };

  // Concurrent requests share one fetch.
  const refresh = () => {
    inFlight ??= load().finally(() => inFlight = undefined);
    return inFlight;
  };

  return {
    async get(keyId) {
      const age = options.now().getTime() - fetchedAt;
      const stale = keys.size === 0 || age >= ttlMs;
      if (stale || (!keys.has(keyId) && age >= minRefetchMs)) {
        try {
          await refresh();
        } catch (error) {
          // Keys already known stay usable while GitHub is unreachable.
          if (keys.size === 0) throw error;
          options.log.warn("copilot signing keys not refreshed", { error });
        }
      }
      return keys.get(keyId);
    },
  };
}
