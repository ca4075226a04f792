/**
 * Which role a requester holds on a repository under a policy: the strongest role of every
 * grant that matches both the repository and the requester (directly, by group, or everyone).
 * `everyone` means the members of the chat workspaces the service is installed in (Slack,
 * Discord, Teams): a GitHub account or an MCP key is only ever granted a role by name.
 *
 * @module
 */
import { matchesRepo } from "./glob.ts";
import { identityMatches, isWorkspaceMember, type Requester } from "./identity.ts";
import { type Role, strongest } from "./roles.ts";
import type { Policy } from "./schema.ts";

/**
 * The requester's role on `repo`, or on any repository when `repo` is absent; `null` when no
 * grant matches. A requester without a user id matches no grant, not even `everyone`; nor does
 * a GitHub account or MCP key match `everyone`.
 *
 * @example
 * ```ts
 * const policy = loadPolicy(
 *   "grants:\n  - repos: [acme/*]\n    role: operator\n    users: [slack:U123ABC]\n",
 *   "policy.yml",
 * );
 * roleFor(policy, { surface: "slack", userId: "U123ABC" }, "acme/app"); // "operator"
 * roleFor(policy, { surface: "slack", userId: "U123ABC" }, "other/app"); // null
 * ```
 */
export function roleFor(policy: Policy, who: Requester, repo?: string): Role | null {
  if (!who.userId) return null;
  const groups = new Set(
    Object.entries(policy.groups)
      .filter(([, members]) => members.some((m) => identityMatches(m, who)))
      .map(([name]) => name),
  );
  const member = isWorkspaceMember(who);
  let role: Role | null = null;
  for (const grant of policy.grants) {
    if (repo !== undefined && !grant.repos.some((glob) => matchesRepo(glob, repo))) continue;
    const named = (grant.everyone && member) || grant.users.some((u) => identityMatches(u, who)) ||
      grant.groups.some((g) => groups.has(g));
    if (named) role = strongest(role, grant.role);
  }
  return role;
}
