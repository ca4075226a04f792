/**
 * What zizmor's online audits ask of an action's repository: `GET /repos/{o}/{r}` says whether
 * it is archived, and the exact-match git refs API (`GET /git/ref/heads/{ref}`, then
 * `…/tags/{ref}`) whether a ref names both a branch and a tag. The tag is asked only when the
 * branch exists: most action refs are tags and never branches, so one call per ref usually does.
 *
 * @module
 */
import { z } from "zod";
import type { ActionFacts } from "../port.ts";
import type { GitHubOctokit } from "./client.ts";

const Repository = z.object({ archived: z.boolean().default(false) });

const statusOf = (error: unknown): number | undefined =>
  typeof error === "object" && error !== null && "status" in error &&
    typeof error.status === "number"
    ? error.status
    : undefined;

// 404: no such ref; 409: an empty repository has no refs at all.
async function refExists(
  octokit: GitHubOctokit,
  owner: string,
  repo: string,
  kind: "heads" | "tags",
  ref: string,
): Promise<boolean> {
  try {
    await octokit.request(`GET /repos/{owner}/{repo}/git/ref/${kind}/{ref}`, { owner, repo, ref });
    return true;
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 409) return false;
    throw error;
  }
}

/**
 * Archival of `owner/repo` and which of `refs` are both a branch and a tag, the refs one at a
 * time (the caller bounds concurrency across repositories). 404 on the repository is
 * `not_found`; other failures are thrown for the caller to map.
 *
 * @example
 * ```ts
 * const facts = await actionFacts(octokit, "actions-rs", "cargo", ["v1"]);
 * if (facts.kind === "facts" && facts.archived) console.log("no fixes will come");
 * ```
 */
export async function actionFacts(
  octokit: GitHubOctokit,
  owner: string,
  repo: string,
  refs: readonly string[],
): Promise<ActionFacts> {
  let archived: boolean;
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}", { owner, repo });
    archived = Repository.parse(data).archived;
  } catch (error) {
    if (statusOf(error) === 404) {
      return {
        kind: "not_found",
        reason: `GitHub has no repository ${owner}/${repo} (or private)`,
      };
    }
    throw error;
  }
  const confusable: string[] = [];
  for (const ref of new Set(refs)) {
    if (
      await refExists(octokit, owner, repo, "heads", ref) &&
      await refExists(octokit, owner, repo, "tags", ref)
    ) confusable.push(ref);
  }
  return { kind: "facts", archived, confusable };
}
