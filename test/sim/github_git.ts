/**
 * Git-side writes of the GitHub simulator: branch refs, file commits through the contents API,
 * and pull requests, on a {@linkcode SimRepo} of the state.
 *
 * @module
 */
import {
  blobSha,
  contentFilePayload,
  fileCommitPayload,
  gitRefPayload,
  type Hosts,
  type PullRequest,
  pullRequestPayload,
  randomSha,
  type Schemas,
} from "./github_payloads.ts";
import type { SimRepo } from "./github_state.ts";
import { tagRefPayload } from "./github_tags.ts";

/**
 * `GET /git/ref/heads/{branch}` or `GET /git/ref/tags/{tag}`.
 *
 * @example
 * ```ts
 * // refPayload(state.hosts, repo, "heads/main")?.object.sha
 * ```
 */
export function refPayload(
  hosts: Hosts,
  repo: SimRepo,
  ref: string,
): Schemas["git-ref"] | undefined {
  const tag = /^(?:refs\/)?tags\/(.+)$/.exec(ref)?.[1];
  if (tag !== undefined) return tagRefPayload(hosts, repo, tag);
  const name = ref.replace(/^(refs\/)?heads\//, "");
  const branch = repo.branches.get(name);
  if (!branch || !ref.replace(/^refs\//, "").startsWith("heads/")) return undefined;
  return gitRefPayload(hosts, repo.fullName, name, branch.sha);
}

/**
 * `POST /git/refs`: a branch from an existing head sha. Returns an error message on 422.
 *
 * @example
 * ```ts
 * // createRef(state.hosts, repo, "refs/heads/fix", sha)
 * ```
 */
export function createRef(
  hosts: Hosts,
  repo: SimRepo,
  ref: string,
  sha: string,
): Schemas["git-ref"] | string {
  if (!/^refs\/heads\/.+/.test(ref)) return "Reference name must start with refs/heads/";
  const name = ref.slice("refs/heads/".length);
  if (repo.branches.has(name)) return "Reference already exists";
  const from = [...repo.branches.values()].find((b) => b.sha === sha);
  if (!from) return "Object does not exist";
  repo.branches.set(name, { sha, files: new Map(from.files) });
  return refPayload(hosts, repo, `heads/${name}`)!;
}

/**
 * `PUT /contents/{path}`: create or update a file on a branch.
 *
 * @example
 * ```ts
 * // await putFile(state.hosts, repo, "a.txt", { message: "m", content: btoa("hi") })
 * ```
 */
export async function putFile(
  hosts: Hosts,
  repo: SimRepo,
  path: string,
  body: Record<string, unknown>,
): Promise<
  | { error: string; status: number }
  | { payload: Schemas["file-commit"]; created: boolean }
> {
  const branchName = typeof body.branch === "string" ? body.branch : repo.defaultBranch;
  const branch = repo.branches.get(branchName);
  if (!branch) return { status: 404, error: `Branch ${branchName} not found` };
  if (typeof body.message !== "string" || typeof body.content !== "string") {
    return { status: 422, error: 'Invalid request.\n\n"message" and "content" are required.' };
  }
  const existing = branch.files.get(path);
  if (existing !== undefined) {
    const sha = await blobSha(existing);
    if (body.sha === undefined) {
      return { status: 422, error: `Invalid request.\n\n"sha" wasn't supplied.` };
    }
    if (body.sha !== sha) return { status: 409, error: `${path} does not match ${body.sha}` };
  }
  const binary = atob(body.content.replace(/\s+/g, ""));
  const text = new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
  branch.files.set(path, text);
  branch.sha = randomSha();
  const file = await contentFilePayload(hosts, repo.fullName, branchName, path, text);
  const commit = { sha: branch.sha, message: body.message };
  return {
    created: existing === undefined,
    payload: fileCommitPayload(hosts, repo.fullName, file, commit),
  };
}

/**
 * `POST /pulls`. Returns an error message on 422.
 *
 * @example
 * ```ts
 * // createPull(state.hosts, repo, { title: "t", head: "fix", base: "main" }, at)
 * ```
 */
export function createPull(
  hosts: Hosts,
  repo: SimRepo,
  body: Record<string, unknown>,
  at: string,
): PullRequest | string {
  const head = repo.branches.get(String(body.head ?? ""));
  const base = repo.branches.get(String(body.base ?? ""));
  if (typeof body.title !== "string" || !body.title) return "Validation Failed: title is missing";
  if (!head || !base) return "Validation Failed: head or base is not a branch";
  if (body.head === body.base) {
    return `Validation Failed: No commits between ${body.base} and ${body.head}`;
  }
  // Like GitHub: one open pull request per head branch.
  if (repo.pulls.some((p) => p.state === "open" && p.head.ref === body.head)) {
    return `A pull request already exists for ${repo.fullName.split("/")[0]}:${body.head}.`;
  }
  const pull = pullRequestPayload(hosts, repo.fullName, {
    number: repo.pulls.length + 1,
    title: body.title,
    body: typeof body.body === "string" ? body.body : null,
    at,
    head: { ref: String(body.head), sha: head.sha },
    base: { ref: String(body.base), sha: base.sha },
  });
  repo.pulls.push(pull);
  return pull;
}
