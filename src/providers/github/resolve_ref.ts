/**
 * Where an action's tag or branch points, as pinact and ratchet ask it: `GET /commits/{ref}`
 * answers the commit for a branch, a lightweight tag and an annotated tag alike (the git refs API
 * would give an annotated tag's object, which is not something `uses:` can run), then the first
 * page of `GET /tags` names the most precise version tag at that commit (`v4` → `v4.2.2`).
 *
 * @module
 */
import { z } from "zod";
import type { RefResolution } from "../port.ts";
import type { GitHubOctokit } from "./client.ts";

const Commit = z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/i) });
const Tags = z.array(z.object({ name: z.string(), commit: z.object({ sha: z.string() }) }));

// `v4`, `4`, `v4.2`: a moving version tag that a more precise one may share its commit with.
const VERSION = /^v?\d+(\.\d+)*$/;

const statusOf = (error: unknown): number | undefined =>
  typeof error === "object" && error !== null && "status" in error &&
    typeof error.status === "number"
    ? error.status
    : undefined;

/**
 * The most precise version tag among `tags` at `sha` that extends `ref` (`v4` → `v4.2.2`, never
 * `v5`), or undefined.
 *
 * @example
 * ```ts
 * preciseTag("v4", "abc", [{ name: "v4.2.2", commit: { sha: "abc" } }]); // "v4.2.2"
 * ```
 */
export function preciseTag(
  ref: string,
  sha: string,
  tags: ReadonlyArray<{ name: string; commit: { sha: string } }>,
): string | undefined {
  if (!VERSION.test(ref)) return undefined;
  const candidates = tags.filter((t) =>
    t.commit.sha === sha && VERSION.test(t.name) && t.name !== ref &&
    t.name.startsWith(`${ref}.`)
  );
  return candidates.sort((a, b) => b.name.split(".").length - a.name.split(".").length)[0]?.name;
}

/**
 * Resolves `ref` in `owner/repo`. 404 (no repository) and 422 (no such ref) are `not_found`;
 * other failures are thrown for the caller to map.
 *
 * @example
 * ```ts
 * const r = await resolveRef(octokit, "actions", "checkout", "v4");
 * if (r.kind === "commit") console.log(r.sha, r.tag);
 * ```
 */
export async function resolveRef(
  octokit: GitHubOctokit,
  owner: string,
  repo: string,
  ref: string,
): Promise<RefResolution> {
  let sha: string;
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", {
      owner,
      repo,
      ref,
    });
    sha = Commit.parse(data).sha.toLowerCase();
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 422) {
      return {
        kind: "not_found",
        reason: status === 404
          ? `GitHub has no repository ${owner}/${repo} (or it is private)`
          : `${owner}/${repo} has no tag or branch '${ref}'`,
      };
    }
    throw error;
  }
  if (!VERSION.test(ref)) return { kind: "commit", sha };
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/tags", {
    owner,
    repo,
    per_page: 100,
  });
  const tag = preciseTag(ref, sha, Tags.parse(data));
  return tag ? { kind: "commit", sha, tag } : { kind: "commit", sha };
}

/**
 * The commit `ref` names now (`HEAD`, the default branch, when absent), asked with the `sha`
 * media type so the answer is the 40 hex digits and not the commit's whole diff; undefined when
 * the repository or the ref does not exist (404, 422).
 *
 * @example
 * ```ts
 * const sha = await commitSha(octokit, "acme", "app"); // "3f786850e387550fdab836ed7e6dc881de23001b"
 * ```
 */
export async function commitSha(
  octokit: GitHubOctokit,
  owner: string,
  repo: string,
  ref = "HEAD",
): Promise<string | undefined> {
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", {
      owner,
      repo,
      ref,
      mediaType: { format: "sha" },
    });
    // Typed as the JSON commit, but this media type makes the body plain text.
    const body: unknown = data;
    const text = body instanceof ArrayBuffer ? new TextDecoder().decode(body) : String(body);
    return Commit.shape.sha.parse(text.trim()).toLowerCase();
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 422) return undefined;
    throw error;
  }
}
