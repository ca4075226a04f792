/**
 * People of the GitHub simulator: each personal (or OAuth user) token belongs to a login and sees
 * what GitHub would show that person — public repositories read-only, private ones only where they
 * collaborate (404 elsewhere, never 403, as GitHub hides what you may not see), writes only with
 * push, and `GET /repos/{owner}/{repo}` with that person's own `permissions`. Also answers
 * `GET /repos/{o}/{r}/collaborators/{username}/permission` for any person.
 *
 * @example
 * ```ts
 * import { startGitHubSim } from "./github.ts";
 * const sim = await startGitHubSim({
 *   token: "ghs_service",
 *   users: { gho_alice: { login: "alice", repos: { "acme/secret": "push" } } },
 * });
 * ```
 *
 * @module
 */
import type { Context, Hono, Next } from "hono";
import { ghError, json } from "./github_http.ts";
import { simpleUser } from "./github_payloads.ts";
import type { GitHubSimState } from "./github_state.ts";

/** A collaborator's permission on one repository, lowest first: pull < triage < push < maintain < admin. */
export type SimPermission = "pull" | "triage" | "push" | "maintain" | "admin";

/** A person with a personal token. */
export interface SimUser {
  login: string;
  /** Repositories (`owner/name`) this person collaborates on, with the permission held. */
  repos?: Record<string, SimPermission>;
}

const RANK: Record<SimPermission, number> = { pull: 0, triage: 1, push: 2, maintain: 3, admin: 4 };
// GitHub's legacy `permission` field knows only admin/write/read.
const LEGACY: Record<SimPermission, string> = {
  pull: "read",
  triage: "read",
  push: "write",
  maintain: "write",
  admin: "admin",
};
const ROLE: Record<SimPermission, string> = {
  pull: "read",
  triage: "triage",
  push: "write",
  maintain: "maintain",
  admin: "admin",
};

/**
 * A stable user id per login (distinct logins get distinct ids, as on GitHub).
 *
 * @example
 * ```ts
 * userId("alice") === userId("alice"); // true
 * ```
 */
export function userId(login: string): number {
  // FNV-1a over the lower-cased login: logins are case-insensitive on GitHub.
  let hash = 0x811c9dc5;
  for (const char of login.toLowerCase()) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  }
  return 1_000_000 + hash % 90_000_000;
}

/**
 * What `person` holds on repository `full`: their `repos` entry, else `pull` on a public
 * repository, else nothing (also when the repository does not exist).
 *
 * @example
 * ```ts
 * // permissionOf(sim.state, { login: "alice", repos: { "acme/app": "maintain" } }, "acme/app"); // "maintain"
 * ```
 */
export function permissionOf(
  state: GitHubSimState,
  person: SimUser,
  full: string,
): SimPermission | undefined {
  const repo = state.repo(full);
  if (!repo) return undefined;
  const granted = Object.entries(person.repos ?? {})
    .find(([name]) => name.toLowerCase() === full.toLowerCase())?.[1];
  return granted ?? (repo.facts.private ? undefined : "pull");
}

/**
 * The `permissions` object GitHub puts on a repository for a person holding `permission`.
 *
 * @example
 * ```ts
 * permissionFlags("triage"); // { admin: false, maintain: false, push: false, triage: true, pull: true }
 * ```
 */
export function permissionFlags(permission: SimPermission): Record<SimPermission, boolean> {
  const rank = RANK[permission];
  return {
    admin: rank >= RANK.admin,
    maintain: rank >= RANK.maintain,
    push: rank >= RANK.push,
    triage: rank >= RANK.triage,
    pull: true,
  };
}

/**
 * Finds a person by login (case-insensitive) among `people`, then behind the personal tokens of
 * `users`; undefined for a login the test never named.
 *
 * @example
 * ```ts
 * personFinder({ alice: { repos: { "acme/app": "push" } } }, {})("Alice")?.login; // "alice"
 * ```
 */
export function personFinder(
  people: Record<string, { repos?: Record<string, SimPermission> }> = {},
  users: Record<string, SimUser> = {},
): (login: string) => SimUser | undefined {
  return (login) => {
    const lower = login.toLowerCase();
    const person = Object.entries(people).find(([name]) => name.toLowerCase() === lower);
    if (person) return { login: person[0], repos: person[1].repos };
    return Object.values(users).find((user) => user.login.toLowerCase() === lower);
  };
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
    return Response.json({ login: user.login, id: userId(user.login), type: "User" });
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
  body.permissions = permissionFlags(permission);
  return Response.json(body);
}

/**
 * Mounts `GET /repos/{o}/{r}/collaborators/{username}/permission`: the person's permission
 * (`personOf` finds them by login) in GitHub's shape — legacy `permission` (admin/write/read/none)
 * and `role_name`. Unknown repository: 404.
 *
 * @example
 * ```ts
 * // mountPermissionRoute(api, state, (login) => ({ login }));
 * ```
 */
export function mountPermissionRoute(
  api: Hono,
  state: GitHubSimState,
  personOf: (login: string) => SimUser,
): void {
  api.get("/repos/:owner/:repo/collaborators/:username/permission", (c) => {
    const full = `${c.req.param("owner")}/${c.req.param("repo")}`;
    if (!state.repo(full)) return ghError(404, "Not Found");
    const person = personOf(c.req.param("username"));
    const permission = permissionOf(state, person, full);
    const user = {
      ...simpleUser(state.hosts, person.login, userId(person.login)),
      permissions: permission
        ? permissionFlags(permission)
        : { admin: false, maintain: false, push: false, triage: false, pull: false },
      role_name: permission ? ROLE[permission] : "none",
    };
    return json(c, {
      permission: permission ? LEGACY[permission] : "none",
      role_name: permission ? ROLE[permission] : "none",
      user,
    });
  });
}
