/**
 * Opening a pull request for a set of file changes so that repeating the request never opens a
 * second one: if the branch already holds exactly these files nothing is sent; otherwise the
 * branch is updated, and GitHub's "a pull request already exists" means the open one now shows
 * the update. The body ends saying who asked ("Requested by @alice (Slack)"), so GitHub shows it
 * next to the change. Shared by `optimize apply` and `migrate apply`.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { CIProvider, PullRequestSpec } from "../../providers/port.ts";

/** What happened to the pull request. */
export type PullOutcome =
  | { outcome: "opened"; pull: { number: number; url: string } }
  | { outcome: "updated" | "unchanged" };

/** Who asked, as the operation's context carries it (`RequestedBy` in `src/ops/context.ts`). */
export interface Requested {
  login?: string;
  identity: string;
  surface: string;
}

// Only a real GitHub login becomes a mention; anything else is shown as inert code.
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/**
 * The line a pull request's body ends with: the GitHub login when known, otherwise the chat
 * identity as inert code.
 *
 * @example
 * ```ts
 * requestedByLine({ login: "alice", identity: "slack:U0123ABCD", surface: "Slack" });
 * // "Requested by @alice (Slack)"
 * requestedByLine({ identity: "slack:U0123ABCD", surface: "Slack" });
 * // "Requested by `slack:U0123ABCD` (Slack)"
 * ```
 */
export function requestedByLine(who: Requested): string {
  const name = who.login && LOGIN.test(who.login)
    ? `@${who.login}`
    : `\`${who.identity.replace(/[`\r\n]/g, "").slice(0, 120)}\``;
  return `Requested by ${name} (${who.surface.replace(/[^\p{L}\p{N} ]/gu, "")})`;
}

/**
 * Opens the pull request, or reuses the one already open from `spec.branch`; `requester`, when
 * given, is named at the end of its body.
 *
 * @throws {CiError} as the provider does, except "already exists" which means `updated`.
 * @example
 * ```ts
 * const r = await proposePullRequest(provider, "acme/app", spec, { login: "alice", identity: "slack:U0123ABCD", surface: "Slack" });
 * if (r.outcome === "opened") r.pull.url;
 * ```
 */
export async function proposePullRequest(
  provider: CIProvider,
  repo: string,
  spec: PullRequestSpec,
  requester?: Requested,
): Promise<PullOutcome> {
  const onBranch = await Promise.all(
    spec.files.map((f) =>
      provider.readFile(repo, f.path, spec.branch).catch((error) => {
        // A branch that does not exist yet holds nothing.
        if (error instanceof CiError && error.code === "not_found") return null;
        throw error;
      })
    ),
  );
  if (onBranch.every((f, i) => f?.content === spec.files[i].content)) {
    return { outcome: "unchanged" };
  }
  try {
    const body = requester ? `${spec.body}\n\n${requestedByLine(requester)}` : spec.body;
    return { outcome: "opened", pull: await provider.openPullRequest(repo, { ...spec, body }) };
  } catch (error) {
    // GitHub answers 422 "A pull request already exists" after the branch was updated.
    if (error instanceof CiError && /already exists/i.test(error.message)) {
      return { outcome: "updated" };
    }
    throw error;
  }
}
