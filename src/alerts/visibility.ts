/**
 * Subscribing a conversation to a repository's alerts posts its run details and log excerpts
 * there, to everyone in it. For a public repository that discloses nothing, so the policy's
 * `subscriptions.requireRole` applies; a private (or internal) one needs at least operator, and
 * a repository whose visibility cannot be read is treated as private. The reply states the
 * visibility so whoever subscribes sees what they are about to share.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { Decision } from "../policy/authorize.ts";
import { identityText } from "../policy/identity.ts";
import { roleFor } from "../policy/resolve.ts";
import { atLeast, type Role, strongest } from "../policy/roles.ts";
import type { Policy } from "../policy/schema.ts";
import type { CIProvider, RepoVisibility } from "../providers/port.ts";
import type { RequestMeta } from "../surface.ts";

/** A repository's visibility, or `unknown` when the provider could not tell. */
export type KnownVisibility = RepoVisibility | "unknown";

/** The role subscribing to a repository that is not public needs (at least). */
export const PRIVATE_SUBSCRIBE_ROLE: Role = "operator";

/**
 * The repository's visibility from the CI provider; `unknown` (treated as private) when it
 * cannot be read, e.g. the service's token does not see the repository.
 *
 * @example
 * ```ts
 * await visibilityOf(provider, "acme/app", log); // "public"
 * ```
 */
export async function visibilityOf(
  provider: CIProvider,
  repo: string,
  log: Logger,
): Promise<KnownVisibility> {
  try {
    return await provider.visibility(repo);
  } catch (error) {
    log.warn("repository visibility unknown; treated as private", { repo, error });
    return "unknown";
  }
}

/**
 * The role subscribing needs for a repository of this visibility under `policy`.
 *
 * @example
 * ```ts
 * subscribeRole("public", null); // "viewer"
 * subscribeRole("private", null); // "operator"
 * ```
 */
export function subscribeRole(visibility: KnownVisibility, policy: Policy | null): Role {
  const base = policy?.subscriptions.requireRole ?? "viewer";
  return visibility === "public" ? base : strongest(base, PRIVATE_SUBSCRIBE_ROLE) ?? base;
}

const where = (meta: RequestMeta) => meta.conversation?.label ?? "this conversation";

/**
 * One sentence saying what subscribing shares, for the reply; empty for a public repository.
 *
 * @example
 * ```ts
 * visibilityNote("acme/secret", "private", "#ci");
 * // "acme/secret is private: its alerts, with log excerpts, will be posted in #ci."
 * ```
 */
export function visibilityNote(repo: string, visibility: KnownVisibility, place: string): string {
  if (visibility === "public") return "";
  const what = visibility === "unknown"
    ? `${repo}'s visibility could not be read, so it is treated as private`
    : `${repo} is ${visibility}`;
  return `${what}: its alerts, with log excerpts, will be posted in ${place}.`;
}

/**
 * Whether `who` may subscribe their conversation to `repo` of this visibility. Call after
 * `authorize` (which applies `subscriptions.requireRole`); this adds the private rule.
 *
 * @example
 * ```ts
 * const d = subscribeDecision(null, { surface: "slack", requestId: "r", userId: "U1" },
 *   "acme/secret", "private");
 * d.allowed; // false: no policy file, and acme/secret is private
 * ```
 */
export function subscribeDecision(
  policy: Policy | null,
  who: RequestMeta,
  repo: string,
  visibility: KnownVisibility,
): Decision {
  const required = subscribeRole(visibility, policy);
  if (who.surface === "cli") return { allowed: true, role: "admin", required };
  const role = policy ? roleFor(policy, who, repo) : required === "viewer" ? "viewer" : null;
  if (atLeast(role, required)) return { allowed: true, role: role ?? required, required };
  const shared = visibilityNote(repo, visibility, where(who)).replace("will be", "would be");
  const me = identityText(who);
  return {
    allowed: false,
    role,
    required,
    message: `Subscribing to ${repo} needs the ${required} role: ${shared} ` +
      (policy
        ? `\`${me}\` has ${role === null ? "no role" : `only the ${role} role`} there.`
        : "This service has no policy file, so only public repositories can be subscribed."),
    hint: `Ask an admin to grant \`${me}\` the ${required} role for \`${repo}\` in the policy ` +
      "file (POLICY_FILE, format in docs/policy.md).",
  };
}
