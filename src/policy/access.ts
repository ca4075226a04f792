/**
 * The caller's own reach, next to the policy. A caller known only by a GitHub token (Copilot,
 * MCP with a GitHub token) must not borrow the service's wider `GITHUB_TOKEN`: it acts on a
 * repository only where its own token can see it, and changes state there only with push
 * access — unless the policy grants the needed role to that GitHub identity by name. Surfaces
 * pass a {@linkcode RepoAccess} to `execute` per request; it is never stored (job records and
 * request metadata are persisted, the token behind it must not be).
 *
 * @module
 */
import { CiError } from "../errors.ts";
import type { Intent } from "../intent/schema.ts";
import { identityText, type Requester } from "./identity.ts";
import { roleFor } from "./resolve.ts";
import { atLeast, type Role } from "./roles.ts";
import { permissionAtLeast, type RepoAccess } from "./repo_access.ts";
import type { Policy } from "./schema.ts";

/** What a caller's reach has to say about one intent. */
export interface AccessCheck {
  access: RepoAccess;
  policy: Policy | null;
  who: Requester;
  intent: Intent;
  repo: string;
  /** The role the operation needs. */
  required: Role;
  /** Whether the operation changes state. */
  changes: boolean;
}

/**
 * The answer for a repository the caller's GitHub account cannot see: the same as for one that
 * does not exist, so it reveals nothing. `me` is the account as the policy writes it.
 *
 * @example
 * ```ts
 * notVisible("acme/secret", "github:octocat").code; // "not_found"
 * ```
 */
export function notVisible(repo: string, me: string): CiError {
  return new CiError(
    "not_found",
    `Repository ${repo}: not found or not visible to your GitHub account (\`${me}\`)`,
    {
      hint: "Check the owner/name spelling, and that the token you signed in with can open " +
        "the repository on GitHub (for an organisation, that it is authorised for it).",
    },
  );
}

/**
 * Why the caller's own reach refuses the intent, or `null` when it allows it. A hidden and a
 * missing repository get the same `not_found`, so the answer reveals nothing.
 *
 * @example
 * ```ts
 * const denial = await accessDenial({
 *   access, policy: null, who: { surface: "copilot", userId: "octocat" },
 *   intent: { op: "analyze", repo: "acme/secret" }, repo: "acme/secret",
 *   required: "viewer", changes: false,
 * });
 * denial?.code; // "not_found" when octocat's token cannot see acme/secret
 * ```
 */
export async function accessDenial(check: AccessCheck): Promise<CiError | null> {
  const { who, repo, intent } = check;
  const me = identityText(who);
  const permission = await check.access.permission(repo);
  if (permission === "none") return notVisible(repo, me);
  if (!check.changes || permissionAtLeast(permission, "write")) return null;
  const named = check.policy !== null && atLeast(roleFor(check.policy, who, repo), check.required);
  if (named) return null;
  return new CiError(
    "forbidden",
    `\`${intent.op}\` on ${repo} changes state, and your GitHub account (\`${me}\`) has no push ` +
      "access there",
    {
      hint: `Ask for write access to ${repo} on GitHub, or ask an admin to grant \`${me}\` ` +
        `the ${check.required} role for \`${repo}\` by name in the policy file (POLICY_FILE).`,
    },
  );
}
