/**
 * Bearer-token authentication for the MCP endpoint. A caller presents either the service's
 * `MCP_API_KEY` (identity `mcp-key:api-key`) or — only with `MCP=on` — their own GitHub token,
 * which GitHub vouches for through `GET /user` (identity `github:<login>`). A GitHub caller also
 * gets the capability to ask what that token itself may reach, so it never borrows the
 * service's wider token. Positive GitHub answers are cached briefly under a SHA-256 of the
 * token, so neither the token nor a reversible form of it is kept.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../../src/errors.ts";
import { sha256Hex } from "../../src/hash.ts";
import type { Logger } from "../../src/log.ts";
import { createTtlCache } from "../../src/ttl_cache.ts";
import type { RepoAccess } from "../../src/policy/repo_access.ts";
import { createGitHubAccess } from "../../src/policy/github_access.ts";

/** Who an accepted token belongs to: `mcp-key:<userId>` or `github:<userId>` in the policy. */
export interface McpCaller {
  userId: string;
  /** How the token was recognised. */
  via: "mcp-key" | "github";
  /** GitHub callers: what their own token reaches (holds the token; never stored). */
  access?: RepoAccess;
}

/** What {@linkcode createBearerAuth} needs. */
export interface BearerAuthOptions {
  /** `MCP_API_KEY`: the shared key, if any. */
  apiKey?: string;
  /** Whether callers' own GitHub tokens are accepted (`MCP=on`). Default false. */
  githubTokens?: boolean;
  /** GitHub REST base URL (`GITHUB_API_URL`), where `GET /user` checks a GitHub token. */
  githubApiUrl: string;
  fetch: typeof fetch;
  log: Logger;
  now: () => Date;
  /** How long a verified GitHub token is trusted without asking GitHub again. Default 5 min. */
  cacheMs?: number;
  /** Timeout of the `GET /user` call. Default 5 s. */
  timeoutMs?: number;
}

/** Checks an `Authorization` header value; see {@linkcode createBearerAuth}. */
export type BearerAuth = (authorization: string | null) => Promise<McpCaller>;

/** The name of the `MCP_API_KEY` key (`mcp-key:api-key`); a GitHub user of that login is refused. */
export const API_KEY_USER = "api-key";

const CACHE_LIMIT = 1_000;
const BEARER = /^Bearer[ \t]+([\x21-\x7e]{1,4096})[ \t]*$/i;
const GitHubUserSchema = z.object({ login: z.string().regex(/^[A-Za-z0-9-]{1,39}$/) });
const encoder = new TextEncoder();

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/** Compares digests, so the time taken reveals neither length nor matching prefix. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function refused(message: string, hint: string): CiError {
  return new CiError("unauthorized", message, { hint });
}

/**
 * Creates the token check. It throws `CiError("unauthorized")` for a missing, malformed or
 * unknown token, `CiError("forbidden")` for a GitHub login that would impersonate the API key,
 * and `CiError("upstream"|"timeout")` when GitHub cannot be asked.
 *
 * @example
 * ```ts
 * const auth = createBearerAuth({
 *   apiKey: "s3cret", githubApiUrl: "https://api.github.com", fetch, log: memoryLogger(),
 *   now: () => new Date(),
 * });
 * (await auth("Bearer s3cret")).userId; // "api-key" (policy identity mcp-key:api-key)
 * ```
 */
export function createBearerAuth(options: BearerAuthOptions): BearerAuth {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const userUrl = `${options.githubApiUrl.replace(/\/+$/, "")}/user`;
  const cache = createTtlCache<string>({
    limit: CACHE_LIMIT,
    ttlMs: options.cacheMs ?? 5 * 60_000,
    now: options.now,
  });
  const accessFor = createGitHubAccess({
    apiUrl: options.githubApiUrl,
    fetch: options.fetch,
    now: options.now,
    log: options.log,
  });

  const askGitHub = async (token: string): Promise<string> => {
    let response: Response;
    try {
      response = await options.fetch(userUrl, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/vnd.github+json",
          "x-github-api-version": "2022-11-28",
          "user-agent": "ci-orchestrator-mcp",
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      throw new CiError(
        timedOut ? "timeout" : "upstream",
        timedOut
          ? `GitHub did not answer the token check within ${timeoutMs} ms`
          : "GitHub could not be reached to check the token",
        { hint: "Try again in a moment, or use the service's MCP API key.", cause: error },
      );
    }
    if (response.status === 401) {
      await response.body?.cancel();
      throw refused(
        "The bearer token is neither the MCP API key nor a valid GitHub token",
        "Send `Authorization: Bearer <token>` with your GitHub token or the service's MCP_API_KEY.",
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new CiError("upstream", `GitHub answered ${response.status} to the token check`, {
        hint: "Try again in a moment, or use the service's MCP API key.",
      });
    }
    const user = GitHubUserSchema.safeParse(await response.json().catch(() => null));
    if (!user.success) {
      throw new CiError("upstream", "GitHub's answer to the token check named no login");
    }
    return user.data.login;
  };

  return async (authorization) => {
    const match = authorization ? BEARER.exec(authorization) : null;
    if (!match) {
      throw refused(
        authorization ? "The Authorization header is not a bearer token" : "No bearer token",
        "Send `Authorization: Bearer <token>` with your GitHub token or the service's MCP_API_KEY.",
      );
    }
    const token = match[1];
    if (options.apiKey && await sameSecret(token, options.apiKey)) {
      return { userId: API_KEY_USER, via: "mcp-key" };
    }
    if (!options.githubTokens) {
      // Without MCP=on nobody's GitHub token is sent to GitHub, let alone trusted.
      throw refused(
        "The bearer token is not this service's MCP API key",
        "Send `Authorization: Bearer <MCP_API_KEY>`; GitHub tokens are accepted only when the " +
          "service runs with MCP=on.",
      );
    }
    const key = await sha256Hex(token);
    const cached = cache.get(key);
    if (cached) return { userId: cached, via: "github", access: accessFor(token) };
    const login = await askGitHub(token);
    if (login.toLowerCase() === API_KEY_USER) {
      throw new CiError("forbidden", `GitHub user '${login}' cannot use the MCP endpoint`, {
        hint: `The name ${API_KEY_USER} is reserved for the service's API key.`,
      });
    }
    cache.set(key, login);
    options.log.info("mcp caller verified with GitHub", { login });
    return { userId: login, via: "github", access: accessFor(token) };
  };
}
