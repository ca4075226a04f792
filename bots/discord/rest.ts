/**
 * A small Discord REST client: JSON in and out, the bot token on routes that need it, and
 * Discord's rate limits honoured — a 429 waits `retry_after` (JSON body) or `Retry-After`, a
 * bucket whose `X-RateLimit-Remaining` reached 0 waits `X-RateLimit-Reset-After` before the next
 * call on the same route, and 5xx answers are retried with backoff. What still fails is thrown
 * as {@linkcode DiscordApiError} (4xx) or `CiError` (`rate_limited`, `upstream`, `timeout`).
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";

/** Discord's API base (v10). */
export const DEFAULT_API_URL = "https://discord.com/api/v10";

/** Settings of the client. */
export interface DiscordRestOptions {
  /** `DISCORD_API_URL`, e.g. `http://127.0.0.1:5555/api/v10` in tests. */
  apiUrl?: string;
  botToken?: string;
  fetch: typeof fetch;
  log?: Logger;
  /** Total attempts per call, first included. Default 4. */
  attempts?: number;
  /** A wait longer than this is not waited for; the call fails with `rate_limited`. */
  maxWaitMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A refusal by Discord (4xx other than 429), with Discord's JSON error code. */
export class DiscordApiError extends Error {
  constructor(
    readonly status: number,
    readonly discordCode: number | undefined,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
    this.name = "DiscordApiError";
  }
}

/** Discord's "Unknown Webhook" / "Invalid Webhook Token": the interaction token is gone. */
export const TOKEN_GONE_CODES: ReadonlySet<number> = new Set([10015, 50027]);

/** The client. */
export interface DiscordRest {
  /** Whether a bot token is configured (channel messages and commands need it). */
  readonly hasBotToken: boolean;
  request<T = unknown>(
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    path: string,
    body?: unknown,
    options?: { auth?: boolean },
  ): Promise<T>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A call's route template for logs and error messages: the interaction token in
 * `/webhooks/{application}/{token}` and `/interactions/{interaction}/{token}` lets anyone edit
 * the reply for 15 minutes, so it never leaves this module. Channel ids stay (not secret, and
 * what an operator needs); message ids become a placeholder so one route reads as one.
 *
 * @example
 * ```ts
 * routeTemplate("PATCH", "/webhooks/11/aW50/messages/@original");
 * // "PATCH /webhooks/{application}/{token}/messages/@original"
 * ```
 */
export function routeTemplate(method: string, path: string): string {
  const template = path.split("?")[0]
    .replace(/^\/webhooks\/[^/]+\/[^/]+/, "/webhooks/{application}/{token}")
    .replace(/^\/interactions\/[^/]+\/[^/]+/, "/interactions/{interaction}/{token}")
    .replace(/\/messages\/\d+/, "/messages/{message}");
  return `${method} ${template}`;
}

/**
 * Creates the client.
 *
 * @example
 * ```ts
 * const rest = createDiscordRest({ botToken: "…", fetch });
 * await rest.request("POST", "/channels/123/messages", { content: "hi" });
 * ```
 */
export function createDiscordRest(options: DiscordRestOptions): DiscordRest {
  const base = (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
  const attempts = options.attempts ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sleep = options.sleep ?? defaultSleep;
  // Route → time (ms, performance clock) before which the bucket is known to be empty.
  const blockedUntil = new Map<string, number>();

  return {
    hasBotToken: Boolean(options.botToken),
    async request<T>(
      method: string,
      path: string,
      body?: unknown,
      { auth = true }: { auth?: boolean } = {},
    ): Promise<T> {
      if (auth && !options.botToken) {
        throw new CiError(
          "config",
          `Cannot call Discord ${routeTemplate(method, path)}: no bot token`,
          {
            hint: "Set DISCORD_BOT_TOKEN (Bot page of the application in the Developer Portal).",
          },
        );
      }
      // Rate-limit buckets are per token and channel (the raw path); logs see only the template.
      const bucket = `${method} ${path.replace(/\/messages\/\d+/, "/messages/:id")}`;
      const route = routeTemplate(method, path);
      const headers: Record<string, string> = { "user-agent": "DiscordBot (ci-orchestrator, 1)" };
      if (body !== undefined) headers["content-type"] = "application/json";
      if (auth) headers.authorization = `Bot ${options.botToken}`;
      for (let attempt = 1;; attempt++) {
        const wait = (blockedUntil.get(bucket) ?? 0) - performance.now();
        if (wait > 0) await sleep(Math.min(wait, maxWaitMs));
        let response: Response;
        try {
          response = await options.fetch(`${base}${path}`, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(timeoutMs),
          });
        } catch (cause) {
          if (cause instanceof DOMException && cause.name === "TimeoutError") {
            throw new CiError("timeout", `Discord did not answer ${route} in time`, {
              cause,
            });
          }
          throw new CiError("upstream", `Discord could not be reached for ${route}`, {
            cause,
            hint: "Try again in a minute.",
          });
        }
        noteBucket(bucket, response.headers);
        const text = await response.text();
        const json = parseJson(text);
        if (response.ok) return json as T;
        if (response.status === 429) {
          const waitMs = retryAfterMs(json, response.headers);
          if (attempt >= attempts || waitMs > maxWaitMs) {
            throw new CiError("rate_limited", `Discord rate-limited ${route}`, {
              hint: `Discord asked to wait ${Math.ceil(waitMs / 1000)} s; try again then.`,
            });
          }
          options.log?.warn("discord call rate-limited; waiting", { route, waitMs, attempt });
          await sleep(waitMs);
          continue;
        }
        if (response.status >= 500) {
          if (attempt >= attempts) {
            throw new CiError(
              "upstream",
              `Discord failed ${route} (${response.status}) after ${attempt} attempts`,
              { hint: "Try again in a minute." },
            );
          }
          const waitMs = 250 * 2 ** (attempt - 1);
          options.log?.warn("discord call failed; retrying", {
            route,
            status: response.status,
            attempt,
          });
          await sleep(waitMs);
          continue;
        }
        const error = json as { code?: number; message?: string; errors?: unknown } | undefined;
        throw new DiscordApiError(
          response.status,
          typeof error?.code === "number" ? error.code : undefined,
          `Discord refused ${route} (${response.status}): ${error?.message ?? text.slice(0, 200)}`,
          error?.errors,
        );
      }
    },
  };

  function noteBucket(route: string, headers: Headers) {
    const remaining = headers.get("x-ratelimit-remaining");
    const resetAfter = Number(headers.get("x-ratelimit-reset-after"));
    if (remaining === "0" && Number.isFinite(resetAfter) && resetAfter > 0) {
      blockedUntil.set(route, performance.now() + resetAfter * 1000);
    } else {
      blockedUntil.delete(route);
    }
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function retryAfterMs(json: unknown, headers: Headers): number {
  const bodyValue = (json as { retry_after?: unknown } | undefined)?.retry_after;
  if (typeof bodyValue === "number" && bodyValue >= 0) return Math.ceil(bodyValue * 1000);
  for (const name of ["retry-after", "x-ratelimit-reset-after"]) {
    const value = Number(headers.get(name));
    if (headers.get(name) !== null && Number.isFinite(value) && value >= 0) {
      return Math.ceil(value * 1000);
    }
  }
  return 1000;
}
