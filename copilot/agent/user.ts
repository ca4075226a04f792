/**
 * Who is asking: the GitHub login behind the request's `X-GitHub-Token` (`GET {apiUrl}/user`),
 * the identity policy grants name as `copilot:<login>`. Logins are cached briefly by a hash of
 * the token, so a conversation does not cost a GitHub call per message; the token itself is
 * neither stored nor logged.
 *
 * @module
 */
import { z } from "zod";
import type { Logger } from "../../src/log.ts";

const UserSchema = z.object({ login: z.string().min(1) });

/** Options of {@linkcode createUserResolver}. */
export interface UserResolverOptions {
  apiUrl: string;
  fetch: typeof fetch;
  now: () => Date;
  log: Logger;
  ttlMs?: number;
  timeoutMs?: number;
}

/** Login for a token, or undefined when GitHub does not accept it. */
export type UserResolver = (token: string) => Promise<string | undefined>;

const MAX_ENTRIES = 1_000;

async function digest(token: string): Promise<string> {
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Creates the resolver.
 *
 * @example
 * ```ts
 * const loginOf = createUserResolver({ apiUrl: "https://api.github.com", fetch, now, log });
 * await loginOf(request.headers.get("x-github-token") ?? ""); // "octocat"
 * ```
 */
export function createUserResolver(options: UserResolverOptions): UserResolver {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const url = `${options.apiUrl.replace(/\/+$/, "")}/user`;
  const cache = new Map<string, { login: string; until: number }>();
  return async (token) => {
    if (!token) return undefined;
    const id = await digest(token);
    const now = options.now().getTime();
    const hit = cache.get(id);
    if (hit && hit.until > now) return hit.login;
    try {
      const response = await options.fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github+json" },
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      if (!response.ok) {
        await response.body?.cancel();
        options.log.warn("copilot user token refused by GitHub", { status: response.status });
        return undefined;
      }
      const parsed = UserSchema.safeParse(await response.json());
      if (!parsed.success) return undefined;
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(id, { login: parsed.data.login, until: now + ttlMs });
      return parsed.data.login;
    } catch (error) {
      options.log.warn("copilot user not resolved", { error });
      return undefined;
    }
  };
}
