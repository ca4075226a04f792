/**
 * Personal tokens of the GitHub simulator: each belongs to a login and sees what GitHub would
 * show that person — public repositories read-only, private ones only where they collaborate
 * (404 elsewhere, never 403, as GitHub hides what you may not see), writes only with push, and
 * `GET /repos/{owner}/{repo}` with that person's own `permissions`.
 *
 * @example
 * ```ts
 * const sim = await startGitHubSim({
 *   token: "ghs_service",
 *   users: { gho_alice: { login: "alice", repos: { "acme/secret": "push" } } },
 * });
 * ```
 *
 * @module
 */
import type { Context, Next } from "hono";
import { ghError } from "./github_http.ts";
import type { GitHubSimState } from "./github_state.ts";

/** A collaborator's permission on one repository. */
export type SimPermission = "pull" | "push" | "admin";

/** A person with a personal token. */
export interface SimUser {
  login: string;
  /** Repositories (`owner/name`) this person collaborates on, with the permission held. */
  repos?: Record<string, SimPermission>;
}

const RANK: Record<SimPermission, number> = { pull: 0, push: 1, admin: 2 };

function permissionOf(
  state: GitHubSimState,
  user: SimUser,
  full: string,
): SimPermission | undefined {
  const repo = state.repo(full);
  if (!repo) return undefined;
  const granted = Object.entries(user.repos ?? {})
    .find(([name]) => name.toLowerCase() === full.toLowerCase())?.[1];
  return granted ?? (repo.facts.private ? undefined : "pull");
}

/**
 * Serves one API request made with `user`'s token (`path` below the API prefix). The caller has
 * already recognised the token; this answers `GET /user` itself and gates `/repos/…`.
 *
 * @example
 * ```ts
 * // inside the API middleware: if (user) c.res = await serveAsUser(c, next, path, state, user);
 * ```
 */
export async function serveAsUser(
  c: Context,
  next: Next,
  path: string,
  state: GitHubSimState,
  user: SimUser,
): Promise<Response> {
  const method = c.req.method;
  if (path === "/user" && method === "GET") {
    return Response.json({ login: user.login, id: 1000 + user.login.length, type: "User" });
  }
  const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  if (!match) {
    await next();
    return c.res;
  }
  const permission = permissionOf(state, user, `${match[1]}/${match[2]}`);
  if (!permission) return ghError(404, "Not Found");
  const reads = method === "GET" || method === "HEAD";
  if (!reads && RANK[permission] < RANK.push) {
    return ghError(403, "Resource not accessible by personal access token");
  }
  await next();
  if (match[3] !== undefined || !reads || c.res.status !== 200) return c.res;
  // The repository as this person sees it: their own permissions, no shared ETag.
  const body = await c.res.json();
  const rank = RANK[permission];
  body.permissions = {
    admin: rank >= RANK.admin,
    maintain: rank >= RANK.admin,
    push: rank >= RANK.push,
    triage: rank >= RANK.push,
    pull: true,
  };
  return Response.json(body);
}
