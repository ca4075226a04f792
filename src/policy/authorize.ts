/**
 * Who may run which operation on which repository. Chat surfaces and MCP are governed by the
 * policy; the CLI acts as the local operator with the user's own token. Without a policy file
 * only read-only operations are allowed.
 *
 * @module
 */
import type { Intent, Op } from "../intent/schema.ts";
import { identityText, isWorkspaceMember, type Requester, requesterNamespace } from "./identity.ts";
import { pullRequestRole } from "./pull_requests.ts";
import { roleFor } from "./resolve.ts";
import { atLeast, type Role } from "./roles.ts";
import type { RepoPermission } from "./repo_access.ts";
import type { Policy } from "./schema.ts";

/** What an operation needs: a role, and what it changes when it changes anything. */
export interface OpRule {
  role: Role;
  /** Set when the operation changes state (dispatches, cancels, subscribes): audited. */
  effect?: string;
}

/**
 * The one table of what each operation needs.
 *
 * @example
 * ```ts
 * OP_RULES.test({ op: "test" }, null); // { role: "operator", effect: "dispatches workflow runs" }
 * ```
 */
export const OP_RULES: Record<Op, (intent: Intent, policy: Policy | null) => OpRule> = {
  analyze: () => ({ role: "viewer" }),
  help: () => ({ role: "viewer" }),
  status: () => ({ role: "viewer" }),
  // The typed apply step, and nothing else, asks for a pull request: `preview` shows it and
  // `confirm` opens it. Both need the pull-request role so the preview is never offered to
  // someone who cannot confirm it.
  optimize: (intent, policy) =>
    applyRule(intent, policy, "opens a pull request that changes workflow files"),
  migrate: (intent, policy) =>
    applyRule(intent, policy, "opens a pull request that rewrites workflow files"),
  test: () => ({ role: "operator", effect: "dispatches workflow runs" }),
  // Without `runs`, compare reads completed runs (history mode); with it, it dispatches.
  compare: (intent) =>
    intent.runs === undefined
      ? { role: "viewer" }
      : { role: "operator", effect: "dispatches workflow runs" },
  cancel: () => ({ role: "operator", effect: "cancels a job and its workflow runs" }),
  subscribe: (_, policy) => ({
    role: policy?.subscriptions.requireRole ?? "viewer",
    effect: "subscribes this conversation to CI alerts",
  }),
  unsubscribe: (_, policy) => ({
    role: policy?.subscriptions.requireRole ?? "viewer",
    effect: "unsubscribes this conversation from CI alerts",
  }),
  // Linking is about the requester alone: anyone may link or unlink their own account.
  login: () => ({ role: "viewer", effect: "links your GitHub account" }),
  logout: () => ({ role: "viewer", effect: "unlinks your GitHub account and revokes its token" }),
  // Choosing a conversation's default repository reads it (viewer, like analyze) and changes no
  // CI: every later request that falls back on it is authorized, and audited, on its own.
  use: () => ({ role: "viewer" }),
};

/** Reading suggestions is a view; previewing or opening their pull request needs its role. */
function applyRule(intent: Intent, policy: Policy | null, effect: string): OpRule {
  if (intent.apply === undefined) return { role: "viewer" };
  const role = pullRequestRole(policy?.pullRequests, intent.repo);
  return intent.apply.step === "confirm" ? { role, effect } : { role };
}

/**
 * The role an intent needs (subscriptions follow the policy's `subscriptions.requireRole`).
 *
 * @example
 * ```ts
 * requiredRole({ op: "compare", repo: "acme/app" }); // "viewer"
 * requiredRole({ op: "compare", repo: "acme/app", runs: 5 }); // "operator"
 * ```
 */
export function requiredRole(intent: Intent, policy: Policy | null = null): Role {
  return OP_RULES[intent.op](intent, policy).role;
}

/**
 * Whether the intent changes state (and so belongs in the audit log whatever the decision).
 *
 * @example
 * ```ts
 * changesState({ op: "test", repo: "acme/app" }); // true
 * changesState({ op: "analyze", repo: "acme/app" }); // false
 * ```
 */
export function changesState(intent: Intent): boolean {
  return OP_RULES[intent.op](intent, null).effect !== undefined;
}

/** In GitHub-authority mode: the permission the operation needs on GitHub, and the one held. */
export interface GitHubFacts {
  needs: RepoPermission;
  has: RepoPermission;
}

/**
 * The answer: allowed with the role held, or denied with what is missing and how to get it;
 * `github` when GitHub's own permission was part of it (`src/policy/authority.ts`).
 */
export type Decision =
  | { allowed: true; role: Role; required: Role; github?: GitHubFacts }
  | {
    allowed: false;
    role: Role | null;
    required: Role;
    message: string;
    hint: string;
    github?: GitHubFacts;
  };

/**
 * Decides whether `who` may run `intent`. `policy` is `null` when no policy file is configured.
 *
 * @example
 * ```ts
 * const d = authorize(null, { surface: "slack", userId: "U333" }, { op: "test", repo: "acme/app" });
 * d.allowed; // false: no policy file, and test dispatches runs
 * ```
 */
export function authorize(policy: Policy | null, who: Requester, intent: Intent): Decision {
  const rule = OP_RULES[intent.op](intent, policy);
  const required = rule.role;
  const op = `\`${intent.op}\``;
  const why = rule.effect ? ` (it ${rule.effect})` : "";
  // The CLI runs with the user's own GitHub token: GitHub itself is the authority there.
  if (who.surface === "cli") return { allowed: true, role: "admin", required };

  const repo = intent.repo;
  if (repo === undefined) {
    if (rule.effect === undefined && required === "viewer") {
      // Nothing repository-specific is read (help, own jobs' status): any member may ask.
      return { allowed: true, role: (policy && roleFor(policy, who)) ?? "viewer", required };
    }
    return {
      allowed: false,
      role: null,
      required,
      message: `Cannot authorize ${op} without a repository${why}: ` +
        `the ${required} role is granted per repository.`,
      hint: `Name the repository, e.g. \`${intent.op} repo:owner/name\`.`,
    };
  }

  if (policy === null) {
    if (required === "viewer") return { allowed: true, role: "viewer", required };
    return {
      allowed: false,
      role: null,
      required,
      message: `${op} on ${repo} needs the ${required} role${why}, and this service has no ` +
        "policy file, so only read-only operations are allowed.",
      hint: "An admin can allow it by setting POLICY_FILE to a YAML file (format in " +
        "docs/policy.md) with a grant such as:\n```\n" + exampleGrant(who, repo, required) +
        "```",
    };
  }

  if (!who.userId) {
    return {
      allowed: false,
      role: null,
      required,
      message: `${op} on ${repo} needs the ${required} role${why}, but this request carries ` +
        "no user id, so no grant in the policy file can match it.",
      hint: `Send the command as a signed-in ${who.surface} user; if you did, the ${who.surface} ` +
        "integration failed to pass your user id, so tell an admin.",
    };
  }

  const role = roleFor(policy, who, repo);
  if (role !== null && atLeast(role, required)) return { allowed: true, role, required };
  const me = identityText(who);
  return {
    allowed: false,
    role,
    required,
    message: `${op} on ${repo} needs the ${required} role${why}; \`${me}\` has ` +
      `${role === null ? "no role" : `only the ${role} role`} there.`,
    hint: `Ask an admin to add \`${me}\` to a grant with role ${required} for \`${repo}\` in ` +
      "the policy file (POLICY_FILE)." +
      (isWorkspaceMember(who)
        ? ""
        : " Grants with `everyone: true` cover chat workspace members, not GitHub accounts " +
          "or MCP keys."),
  };
}

function exampleGrant(who: Requester, repo: string, role: Role): string {
  const user = who.userId
    ? identityText(who)
    : `${requesterNamespace(who) ?? who.surface}:<your user id>`;
  return `grants:\n  - repos: ["${repo}"]\n    role: ${role}\n    users: ["${user}"]\n`;
}
