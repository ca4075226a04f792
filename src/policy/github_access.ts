/**
 * {@linkcode RepoAccess} for a GitHub token: `GET {GITHUB_API_URL}/repos/{owner}/{repo}` with
 * the caller's own token. 404 (and a non-rate-limit 403) means the token cannot see it; its
 * `permissions` object gives the level (admin > maintain > push = write > triage > pull = read;
 * a visible repository without one, as GitHub answers some tokens, is read). Answers are cached
 * briefly under a SHA-256 of token and repository, so neither the token nor a reversible form of
 * it is kept.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../errors.ts";
import { sha256Hex } from "../hash.ts";
import type { Logger } from "../log.ts";
import { createTtlCache } from "../ttl_cache.ts";
import type { RepoAccess, RepoPermission } from "./repo_access.ts";

/** Options of {@linkcode createGitHubAccess}. */
export interface GitHubAccessOptions {
  /** GitHub REST base (`GITHUB_API_URL`). */
  apiUrl: string;
  fetch: typeof fetch;
  now: () => Date;
  log: Logger;
  /** How long an answer is trusted. Default 60 s. */
  ttlMs?: number;
  /** Timeout of one check. Default 5 s. */
  timeoutMs?: number;
}

/** Makes the capability for one caller's token. */
export type GitHubAccess = (token: string) => RepoAccess;

const CACHE_LIMIT = 5_000;
// GitHub's own rules: what is not a plain owner/name (GitLab paths, `..`) is never visible.
const REPO = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;
const RepoSchema = z.object({
  permissions: z.object({
    admin: z.boolean().optional(),
    maintain: z.boolean().optional(),
    push: z.boolean().optional(),
    triage: z.boolean().optional(),
    pull: z.boolean().optional(),
  }).optional(),
});

/** The strongest level GitHub's `permissions` object grants; visible means at least read. */
function levelOf(p: z.infer<typeof RepoSchema>["permissions"]): RepoPermission {
  if (p?.admin) return "admin";
  if (p?.maintain) return "maintain";
  if (p?.push) return "write";
  if (p?.triage) return "triage";
  return "read";
}

const unreachable = (message: string, cause?: unknown) =>
  new CiError("upstream", message, {
    hint: "Try again in a moment: your access to the repository is checked with GitHub.",
    cause,
  });

/**
 * Creates the checker; one per service, its cache shared by every caller.
 *
 * @example
 * ```ts
 * const accessFor = createGitHubAccess({ apiUrl: "https://api.github.com", fetch, now, log });
 * await accessFor("gho_…").permission("acme/app"); // "none" | "read" | … | "admin"
 * ```
 */
export function createGitHubAccess(options: GitHubAccessOptions): GitHubAccess {
  const ttlMs = options.ttlMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const base = options.apiUrl.replace(/\/+$/, "");
  const cache = createTtlCache<RepoPermission>({ limit: CACHE_LIMIT, ttlMs, now: options.now });

  const ask = async (token: string, owner: string, name: string): Promise<RepoPermission> => {
    let response: Response;
    try {
      response = await options.fetch(`${base}/repos/${owner}/${name}`, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/vnd.github+json",
          "x-github-api-version": "2022-11-28",
          "user-agent": "ci-orchestrator-access",
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw unreachable(
        "GitHub could not be asked whether your account can see the repository",
        error,
      );
    }
    const limited = response.headers.get("x-ratelimit-remaining") === "0";
    if (response.status === 404 || (response.status === 403 && !limited)) {
      await response.body?.cancel();
      return "none";
    }
    if (response.status === 401) {
      await response.body?.cancel();
      throw new CiError("unauthorized", "GitHub no longer accepts your token", {
        hint: "Sign in again (or send a fresh GitHub token) and retry.",
      });
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw unreachable(`GitHub answered ${response.status} when checking your access`);
    }
    const repo = RepoSchema.safeParse(await response.json().catch(() => null));
    return levelOf(repo.success ? repo.data.permissions : undefined);
  };

  return (token) => ({
    async permission(repo) {
      const parts = REPO.exec(repo);
      if (!parts || parts[2] === "." || parts[2] === "..") return "none";
      const key = await sha256Hex(`${token}\n${repo.toLowerCase()}`);
      const hit = cache.get(key);
      if (hit) return hit;
      const permission = await ask(token, parts[1], parts[2]);
      cache.set(key, permission);
      options.log.debug("repository access checked", { repo, permission });
      return permission;
    },
  });
}
