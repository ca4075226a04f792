/**
 * Who may open a pull request (the apply step of `optimize` and `migrate`): admin unless the
 * policy file's `pullRequests` section names another role for the repository. The first rule
 * whose globs match the repository wins, so specific rules go before broad ones.
 *
 * @module
 */
import { matchesRepo } from "./glob.ts";
import type { Role } from "./roles.ts";
import type { PullRequestRule } from "./schema.ts";

/** The role a pull request needs when no `pullRequests` rule matches. */
export const DEFAULT_PULL_REQUEST_ROLE: Role = "admin";

/**
 * The role needed to preview or open a pull request on `repo`.
 *
 * @example
 * ```ts
 * pullRequestRole(undefined, "acme/web"); // "admin"
 * pullRequestRole([{ repos: ["acme/*"], requireRole: "operator" }], "acme/web"); // "operator"
 * ```
 */
export function pullRequestRole(
  rules: readonly PullRequestRule[] | undefined,
  repo: string | undefined,
): Role {
  const rule = repo === undefined
    ? undefined
    : rules?.find((r) => r.repos.some((glob) => matchesRepo(glob, repo)));
  return rule?.requireRole ?? DEFAULT_PULL_REQUEST_ROLE;
}
