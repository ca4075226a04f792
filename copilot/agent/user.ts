/**
 * Who is asking: the GitHub login behind the request's `X-GitHub-Token` (`GET {apiUrl}/user`),
 * the identity policy grants name as `github:<login>`. A request whose token is missing or that
 * GitHub does not accept is refused: Copilot's signature proves only that Copilot sent the body,
 * not on whose behalf. Logins are cached briefly by a hash of the token, so a conversation does
 * not cost a GitHub call per message; the token itself is neither stored nor logged.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../../src/errors.ts";
import { sha256Hex } from "../../src/hash.ts";
import type { Logger } from "../../src/log.ts";
import { createTtlCache } from "../../src/ttl_cache.ts";

const UserSchema = z.object({ login: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/) });

/** Options of {@linkcode createUserResolver}. */
export interface UserResolverOptions {
  apiUrl: string;
  fetch: typeof fetch;
  now: () => Date;
  log: Logger;
  ttlMs?: number;
  timeoutMs?: number;
}

/**
 * Login for a token. Throws `CiError("unauthorized")` when the token is missing or GitHub does
 * not accept it, `CiError("upstream")` when GitHub cannot be asked.
 */
export type UserResolver = (token: string) => Promise<string>;

const MAX_ENTRIES = 1_000;
const SIGN_IN = "Sign in to GitHub again in your editor or on github.com, then ask again.";

async function askGitHub(
  options: UserResolverOptions,
  url: string,
  token: string,
): Promise<string> {
  let response: Response;
  try {
    response = await options.fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github+json" },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
  } catch (error) {
    throw new CiError("upstream", "GitHub could not be reached to check who you are", {
      hint: "Try again in a moment.",
      cause: error,
    });
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    options.log.warn("copilot user token refused by GitHub", { status: response.status });
    throw new CiError(
      "unauthorized",
      `GitHub did not accept this request's X-GitHub-Token (status ${response.status})`,
      { hint: SIGN_IN },
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new CiError("upstream", `GitHub answered ${response.status} when asked who you are`, {
      hint: "Try again in a moment.",
    });
  }
  const parsed = UserSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) {
    throw new CiError("upstream", "GitHub's answer about this request's user named no login");
  }
  return parsed.data.login;
}

/**
 * Creates the resolver.
 *
 * @example
 * ```ts
 * const loginOf = createUserResolver({ apiUrl: "https://api.github.com", fetch, now, log });
 * await loginOf(request.headers.get("x-github-token") ?? ""); // "octocat", or throws
 * ```
 */
export function createUserResolver(options: UserResolverOptions): UserResolver {
  const url = `${options.apiUrl.replace(/\/+$/, "")}/user`;
  const cache = createTtlCache<string>({
    limit: MAX_ENTRIES,
    ttlMs: options.ttlMs ?? 5 * 60_000,
    now: options.now,
  });
  return async (token) => {
    if (!token) {
      throw new CiError("unauthorized", "This request carries no X-GitHub-Token", {
        hint: `Copilot sends it for a signed-in user. ${SIGN_IN}`,
      });
    }
    const id = await sha256Hex(token);
    const hit = cache.get(id);
    if (hit) return hit;
    const login = await askGitHub(options, url, token);
    cache.set(id, login);
    return login;
  };
}
