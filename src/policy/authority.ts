/**
 * GitHub-authority mode: what a person may do from chat is what they may do on GitHub. This is
 * the table of what each operation needs on GitHub, the refusals that say so, and the one rule
 * that combines GitHub's answer with the policy file, which may only restrict further (see
 * docs/policy.md, "GitHub-authority mode"). The executor (`src/execute.ts`) finds out who the
 * caller is on GitHub (linked account, own token, or nobody) and asks {@linkcode githubDecision}.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import type { Intent, Op } from "../intent/schema.ts";
import { notVisible } from "./access.ts";
import type { Decision } from "./authorize.ts";
import { matchesRepo } from "./glob.ts";
import { permissionAtLeast, type RepoAccess, type RepoPermission } from "./repo_access.ts";
import type { Role } from "./roles.ts";
import type { Policy } from "./schema.ts";

/**
 * What each role of the operation table (`OP_RULES`) needs on GitHub: reading needs read,
 * dispatching and cancelling need write, opening pull requests (the default pull-request role,
 * admin) needs maintain.
 *
 * @example
 * ```ts
 * ROLE_PERMISSION.operator; // "write"
 * ```
 */
export const ROLE_PERMISSION: Readonly<Record<Role, RepoPermission>> = {
  viewer: "read",
  operator: "write",
  admin: "maintain",
};

/** Operations about the requester alone: they read and change nothing of a repository. */
const PERSONAL: ReadonlySet<Op> = new Set<Op>(["help", "status", "login", "logout"]);

/**
 * Whether `intent` reads or changes a repository (every operation but help, status, login and
 * logout): only those are decided by GitHub.
 *
 * @example
 * ```ts
 * actsOnRepository({ op: "status", repo: "acme/app" }); // false
 * ```
 */
export function actsOnRepository(intent: Intent): boolean {
  return intent.repo !== undefined && !PERSONAL.has(intent.op);
}

/**
 * What `intent` needs on GitHub, given the role it needs (`requiredRole`, or for `subscribe` and
 * `unsubscribe` the role after the repository's visibility); `null` for the personal operations.
 *
 * @example
 * ```ts
 * githubNeed({ op: "test", repo: "acme/app" }, "operator"); // "write"
 * githubNeed({ op: "help" }, "viewer"); // null
 * ```
 */
export function githubNeed(intent: Intent, required: Role): RepoPermission | null {
  return PERSONAL.has(intent.op) ? null : ROLE_PERMISSION[required];
}

/**
 * The role a GitHub permission amounts to, for the audit log's "role held".
 *
 * @example
 * ```ts
 * roleOfPermission("triage"); // "viewer"
 * roleOfPermission("none"); // null
 * ```
 */
export function roleOfPermission(permission: RepoPermission): Role | null {
  if (permission === "none") return null;
  if (permissionAtLeast(permission, "maintain")) return "admin";
  return permissionAtLeast(permission, "write") ? "operator" : "viewer";
}

/**
 * The refusal for too little permission on GitHub, saying where to get more.
 *
 * @example
 * ```ts
 * needsMore({ op: "test", repo: "acme/app" }, "acme/app", "write", "read").message;
 * // "`test` needs write on acme/app (you have read)"
 * ```
 */
export function needsMore(
  intent: Intent,
  repo: string,
  needs: RepoPermission,
  has: RepoPermission,
): CiError {
  return new CiError("forbidden", `\`${intent.op}\` needs ${needs} on ${repo} (you have ${has})`, {
    hint: `Ask an owner of ${repo} for ${needs} access on GitHub (Settings → Collaborators and ` +
      "teams), then try again.",
  });
}

/**
 * The refusal for a chat member with no linked GitHub account.
 *
 * @example
 * ```ts
 * linkPrompt({ op: "test", repo: "acme/app" }, "acme/app").code; // "unauthorized"
 * ```
 */
export function linkPrompt(intent: Intent, repo: string): CiError {
  return new CiError(
    "unauthorized",
    `\`${intent.op}\` on ${repo} acts as you on GitHub, and your chat account is not linked to one`,
    { hint: "Type `login` to link your GitHub account (once); then try again." },
  );
}

/**
 * The answer when GitHub refused a linked account's token (revoked): the link is gone.
 *
 * @example
 * ```ts
 * revokedLink("alice").message; // "GitHub no longer accepts the token of your linked account (@alice), so it was unlinked"
 * ```
 */
export function revokedLink(login: string, cause?: unknown): CiError {
  return new CiError(
    "unauthorized",
    `GitHub no longer accepts the token of your linked account (@${login}), so it was unlinked`,
    { hint: "Type `login` to link it again.", cause },
  );
}

/**
 * Whether any grant of the policy covers `repo` (whoever it names): such a repository is
 * governed by the policy, and GitHub's answer alone is not enough there.
 *
 * @example
 * ```ts
 * // policyGoverns(policy, "acme/app"); // true when a grant lists acme/* or acme/app
 * ```
 */
export function policyGoverns(policy: Policy | null, repo: string): boolean {
  return policy !== null &&
    policy.grants.some((grant) => grant.repos.some((glob) => matchesRepo(glob, repo)));
}

/** Who the caller is on GitHub. */
export type GitHubCaller =
  /** A linked chat member, or a Copilot/MCP caller with their own token: their permission. */
  | { kind: "github"; login: string; access: RepoAccess }
  /** A chat member with no linked account: public read-only at most. */
  | { kind: "unlinked"; unlinked: "public-read" | "none" };

/** What {@linkcode githubDecision} decides on. */
export interface GitHubCheck {
  policy: Policy | null;
  intent: Intent;
  repo: string;
  caller: GitHubCaller;
  /** The role the operation needs (for `subscribe`/`unsubscribe`, after visibility). */
  required: Role;
  /** Whether the operation changes state. */
  changes: boolean;
  /** Whether the repository is public; asked only for an unlinked person's read. */
  isPublic: () => Promise<boolean>;
  /** The policy file's own verdict (`authorize`, plus the subscribe rule); asked when governed. */
  policyDecision: () => Decision;
}

/** The decision, and the error to answer with when it is a refusal. */
export type GitHubVerdict =
  | { decision: Decision & { allowed: true } }
  | { decision: Decision & { allowed: false }; error: CiError };

const refused = (
  check: GitHubCheck,
  error: CiError,
  role: Role | null,
  github?: Decision["github"],
): GitHubVerdict => ({
  decision: {
    allowed: false,
    role,
    required: check.required,
    message: error.message,
    hint: error.hint ?? "",
    ...(github ? { github } : {}),
  },
  error,
});

/**
 * Decides an operation on a repository in GitHub-authority mode. GitHub first: too little
 * permission (or an unlinked person outside public read-only) is refused, a repository the
 * person cannot see is `not_found`. Then the policy file, only where one of its grants covers the
 * repository: there its verdict must allow too. Throws what the access check throws (a 401 is
 * the executor's to turn into an unlink).
 *
 * @example
 * ```ts
 * const verdict = await githubDecision({ policy: null, intent, repo: "acme/app",
 *   caller: { kind: "github", login: "rita", access }, required: "operator", changes: true,
 *   isPublic: () => Promise.resolve(true), policyDecision: () => authorize(null, who, intent) });
 * if ("error" in verdict) throw verdict.error;
 * ```
 */
export async function githubDecision(check: GitHubCheck): Promise<GitHubVerdict> {
  const { intent, repo, caller } = check;
  const needs = ROLE_PERMISSION[check.required];
  let github: Decision["github"];
  if (caller.kind === "unlinked") {
    const readOnly = !check.changes && needs === "read";
    const open = readOnly && caller.unlinked === "public-read" && await check.isPublic();
    if (!open) return refused(check, linkPrompt(intent, repo), null);
    github = { needs, has: "read" };
  } else {
    const has = await caller.access.permission(repo);
    github = { needs, has };
    if (has === "none") {
      return refused(check, notVisible(repo, `github:${caller.login}`), null, github);
    }
    if (!permissionAtLeast(has, needs)) {
      return refused(check, needsMore(intent, repo, needs, has), roleOfPermission(has), github);
    }
  }
  if (policyGoverns(check.policy, repo)) {
    const policy = check.policyDecision();
    if (!policy.allowed) {
      return refused(
        check,
        new CiError("forbidden", policy.message, { hint: policy.hint }),
        policy.role,
        github,
      );
    }
    return { decision: { ...policy, required: check.required, github } };
  }
  const role = roleOfPermission(github.has) ?? "viewer";
  return { decision: { allowed: true, role, required: check.required, github } };
}
