/**
 * Tags of the GitHub simulator, lightweight and annotated, and the routes that resolve refs:
 * `GET /commits/{ref}` (`HEAD`, a branch, a tag peeled to its commit, or a known commit sha; 422 as
 * GitHub for anything else), `GET /tags` (names with their commits) and the `tags/` side of
 * `GET /git/ref/…`, where an annotated tag is its own object, as on GitHub.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { ghError, json, paginate, send } from "./github_http.ts";
import { type Hosts, randomSha } from "./github_payloads.ts";
import type { GitHubSimState, SimRepo } from "./github_state.ts";

/** A tag: its commit, and for an annotated tag the tag object's own sha. */
export interface SimTag {
  sha: string;
  tagObject?: string;
}

/**
 * Adds a tag at `sha` (default: the default branch's head); `annotated` gives it a tag object.
 *
 * @example
 * ```ts
 * // addTag(sim.state.repo("actions/checkout")!, "v4", { annotated: true }).tagObject
 * ```
 */
export function addTag(
  repo: SimRepo,
  name: string,
  options: { sha?: string; annotated?: boolean } = {},
): SimTag {
  const sha = options.sha ?? repo.branches.get(repo.defaultBranch)!.sha;
  const tag: SimTag = options.annotated ? { sha, tagObject: randomSha() } : { sha };
  repo.tags.set(name, tag);
  return tag;
}

/**
 * The commit `ref` names: a branch's head, a tag's commit, or a sha some branch or tag has.
 *
 * @example
 * ```ts
 * // commitOf(repo, "v4") === repo.tags.get("v4")?.sha
 * ```
 */
export function commitOf(repo: SimRepo, ref: string): string | undefined {
  // `HEAD` is the default branch, as git (and GitHub's commits API) read it.
  if (ref === "HEAD") return repo.branches.get(repo.defaultBranch)?.sha;
  const name = ref.replace(/^refs\/(heads|tags)\//, "");
  // A qualified ref names one namespace only, as on GitHub: `refs/tags/v1` is never the branch.
  if (ref.startsWith("refs/tags/")) return repo.tags.get(name)?.sha;
  if (ref.startsWith("refs/heads/")) return repo.branches.get(name)?.sha;
  const found = repo.branches.get(name)?.sha ?? repo.tags.get(name)?.sha;
  if (found) return found;
  const known = [...repo.branches.values(), ...repo.tags.values()].map((x) => x.sha);
  return known.find((sha) => /^[0-9a-f]{7,40}$/i.test(ref) && sha.startsWith(ref.toLowerCase()));
}

/**
 * `GET /git/ref/tags/{name}`: an annotated tag points at its tag object, a lightweight one at
 * the commit.
 *
 * @example
 * ```ts
 * // tagRefPayload(state.hosts, repo, "v4")?.object.type // "tag" when annotated
 * ```
 */
export function tagRefPayload(hosts: Hosts, repo: SimRepo, name: string) {
  const tag = repo.tags.get(name);
  if (!tag) return undefined;
  const api = `${hosts.api}/repos/${repo.fullName}/git`;
  const [type, sha] = tag.tagObject ? ["tag", tag.tagObject] : ["commit", tag.sha];
  return {
    ref: `refs/tags/${name}`,
    node_id: `REF_tag_${name}`,
    url: `${api}/refs/tags/${name}`,
    object: { type, sha, url: `${api}/${type}s/${sha}` },
  };
}

/**
 * Mounts `GET /commits/{ref}` and `GET /tags` on `api`.
 *
 * @example
 * ```ts
 * // mountTagRoutes(api, state)
 * ```
 */
export function mountTagRoutes(api: Hono, state: GitHubSimState): void {
  const R = "/repos/:owner/:repo";
  const repoOf = (c: Context): SimRepo | Response =>
    state.repo(`${c.req.param("owner")}/${c.req.param("repo")}`) ?? ghError(404, "Not Found");

  api.get(`${R}/commits/:ref{.+}`, (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const ref = decodeURIComponent(c.req.param("ref"));
    const sha = commitOf(repo, ref);
    if (!sha) return ghError(422, `No commit found for SHA: ${ref}`);
    // The `sha` media type answers the 40 hex digits alone, as GitHub does.
    if (/\.sha\b/.test(c.req.header("accept") ?? "")) {
      return send(c, sha, { type: "application/vnd.github.sha; charset=utf-8" });
    }
    const url = `${state.hosts.api}/repos/${repo.fullName}/commits/${sha}`;
    return json(c, { sha, node_id: `C_${sha.slice(0, 8)}`, url, commit: { message: "sim" } });
  });

  api.get(`${R}/tags`, (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const all = [...repo.tags].map(([name, tag]) => ({
      name,
      commit: { sha: tag.sha, url: `${state.hosts.api}/repos/${repo.fullName}/commits/${tag.sha}` },
      node_id: `REF_tag_${name}`,
    }));
    const page = paginate(c, all);
    return json(c, page.items, 200, page.headers);
  });
}
