/**
 * Opening a pull request for a set of file changes so that repeating the request never opens a
 * second one: if the branch already holds exactly these files nothing is sent; otherwise the
 * branch is updated, and GitHub's "a pull request already exists" means the open one now shows
 * the update. Shared by `optimize apply` and `migrate apply`.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { CIProvider, PullRequestSpec } from "../../providers/port.ts";

/** What happened to the pull request. */
export type PullOutcome =
  | { outcome: "opened"; pull: { number: number; url: string } }
  | { outcome: "updated" | "unchanged" };

/**
 * Opens the pull request, or reuses the one already open from `spec.branch`.
 *
 * @throws {CiError} as the provider does, except "already exists" which means `updated`.
 * @example
 * ```ts
 * const r = await proposePullRequest(provider, "acme/app", spec);
 * if (r.outcome === "opened") r.pull.url;
 * ```
 */
export async function proposePullRequest(
  provider: CIProvider,
  repo: string,
  spec: PullRequestSpec,
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
    return { outcome: "opened", pull: await provider.openPullRequest(repo, spec) };
  } catch (error) {
    // GitHub answers 422 "A pull request already exists" after the branch was updated.
    if (error instanceof CiError && /already exists/i.test(error.message)) {
      return { outcome: "updated" };
    }
    throw error;
  }
}
