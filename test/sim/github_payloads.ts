/**
 * GitHub REST payloads of users, repositories, contents, refs and pull requests, typed against
 * `@octokit/openapi-types` so the simulator cannot drift from GitHub's real wire shapes without
 * `deno check` noticing. Workflows, runs and jobs are in `github_actions_payloads.ts`.
 *
 * @module
 */
import type { components } from "@octokit/openapi-types";

/** GitHub REST schemas used by the simulator. */
export type Schemas = components["schemas"];
/** A workflow run as GitHub serves it. */
export type WorkflowRun = Schemas["workflow-run"];
/** A job as GitHub serves it. */
export type Job = Schemas["job"];
/** One step of a job. */
export type JobStep = NonNullable<Job["steps"]>[number];
/** A workflow as GitHub serves it. */
export type Workflow = Schemas["workflow"];
/** The pull-request fields the simulator fills in. */
export type PullRequest =
  & Pick<
    Schemas["pull-request"],
    | "id"
    | "node_id"
    | "number"
    | "url"
    | "html_url"
    | "state"
    | "title"
    | "body"
    | "created_at"
    | "updated_at"
    | "draft"
  >
  & {
    head: { ref: string; sha: string; label: string };
    base: { ref: string; sha: string; label: string };
  };

/** Where the simulator lives: API root (with any GHES prefix) and web root. */
export interface Hosts {
  api: string;
  web: string;
}

/**
 * A GitHub-looking node id for a type and numeric id.
 *
 * @example
 * ```ts
 * nodeId("WFR", 7); // "WFR_kwDOAAAAAAAAAAc"
 * ```
 */
export function nodeId(prefix: string, id: number): string {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(id));
  return `${prefix}_kwDO${btoa(String.fromCharCode(...bytes)).replace(/=+$/, "")}`;
}

/**
 * A random 40-hex commit sha.
 *
 * @example
 * ```ts
 * randomSha().length; // 40
 * ```
 */
export function randomSha(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The git blob sha of a UTF-8 text, as the contents API reports it.
 *
 * @example
 * ```ts
 * await blobSha(""); // "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
 * ```
 */
export async function blobSha(text: string): Promise<string> {
  const body = new TextEncoder().encode(text);
  const header = new TextEncoder().encode(`blob ${body.length}\0`);
  const all = new Uint8Array(header.length + body.length);
  all.set(header);
  all.set(body, header.length);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-1", all));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A user (or organisation) as embedded in other payloads.
 *
 * @example
 * ```ts
 * simpleUser({ api: "http://x", web: "http://x" }, "octocat", 1).login; // "octocat"
 * ```
 */
export function simpleUser(hosts: Hosts, login: string, id: number): Schemas["simple-user"] {
  const url = `${hosts.api}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId("U", id),
    avatar_url: `${hosts.web}/avatars/u/${id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${hosts.web}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: "User",
    site_admin: false,
  };
}

/** The facts a repository payload is built from. */
export interface RepoFacts {
  id: number;
  owner: string;
  ownerId: number;
  name: string;
  defaultBranch: string;
  private: boolean;
  createdAt: string;
  pushedAt: string;
  /** Read-only: `GET /repos/{o}/{r}` answers `archived: true` (set it on `SimRepo.facts`). */
  archived?: boolean;
}

function repoUrls(hosts: Hosts, full: string) {
  const url = `${hosts.api}/repos/${full}`;
  return {
    url,
    html_url: `${hosts.web}/${full}`,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    hooks_url: `${url}/hooks`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
  };
}

/**
 * The repository shape embedded in runs.
 *
 * @example
 * ```ts
 * const hosts = { api: "http://x", web: "http://x" };
 * minimalRepository(hosts, {
 *   id: 1, owner: "acme", ownerId: 2, name: "app", defaultBranch: "main", private: false,
 *   createdAt: "2026-01-01T00:00:00Z", pushedAt: "2026-01-01T00:00:00Z",
 * }).full_name; // "acme/app"
 * ```
 */
export function minimalRepository(hosts: Hosts, repo: RepoFacts): Schemas["minimal-repository"] {
  const full = `${repo.owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: nodeId("R", repo.id),
    name: repo.name,
    full_name: full,
    owner: simpleUser(hosts, repo.owner, repo.ownerId),
    private: repo.private,
    description: null,
    fork: false,
    ...repoUrls(hosts, full),
  };
}

/**
 * `GET /repos/{owner}/{repo}`.
 *
 * @example
 * ```ts
 * const hosts = { api: "http://x", web: "http://x" };
 * fullRepository(hosts, {
 *   id: 1, owner: "acme", ownerId: 2, name: "app", defaultBranch: "main", private: false,
 *   createdAt: "2026-01-01T00:00:00Z", pushedAt: "2026-01-01T00:00:00Z",
 * }).default_branch; // "main"
 * ```
 */
export function fullRepository(hosts: Hosts, repo: RepoFacts): Schemas["full-repository"] {
  const full = `${repo.owner}/${repo.name}`;
  const host = new URL(hosts.web).host;
  return {
    ...minimalRepository(hosts, repo),
    git_url: `git://${host}/${full}.git`,
    ssh_url: `git@${host}:${full}.git`,
    clone_url: `${hosts.web}/${full}.git`,
    svn_url: `${hosts.web}/${full}`,
    mirror_url: null,
    homepage: null,
    language: "TypeScript",
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 128,
    default_branch: repo.defaultBranch,
    open_issues_count: 0,
    open_issues: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    archived: repo.archived ?? false,
    disabled: false,
    visibility: repo.private ? "private" : "public",
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    subscribers_count: 1,
    network_count: 0,
    license: null,
  };
}

/**
 * A file as the contents API serves it (base64 wrapped at 60 columns, like GitHub).
 *
 * @example
 * ```ts
 * const hosts = { api: "http://x", web: "http://x" };
 * (await contentFilePayload(hosts, "acme/app", "main", "a.txt", "hi")).encoding; // "base64"
 * ```
 */
export async function contentFilePayload(
  hosts: Hosts,
  full: string,
  ref: string,
  path: string,
  text: string,
): Promise<Schemas["content-file"]> {
  const bytes = new TextEncoder().encode(text);
  const base64 = btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
  const sha = await blobSha(text);
  const self = `${hosts.api}/repos/${full}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = `${hosts.api}/repos/${full}/git/blobs/${sha}`;
  const html = `${hosts.web}/${full}/blob/${ref}/${path}`;
  return {
    type: "file",
    encoding: "base64",
    size: bytes.length,
    name: path.split("/").pop() ?? path,
    path,
    content: (base64.match(/.{1,60}/g) ?? []).join("\n") + "\n",
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: `${hosts.web}/raw/${full}/${ref}/${path}`,
    _links: { self, git, html },
  };
}

/**
 * The entries directly inside folder `path` (`""` for the root), given every file path on a
 * branch, as a contents request on a folder lists them.
 *
 * @example
 * ```ts
 * const hosts = { api: "http://x", web: "http://x" };
 * directoryPayload(hosts, "acme/app", ["a/b.txt", "a/c/d.txt"], "a").map((e) => e.type);
 * // ["file", "dir"]
 * ```
 */
export function directoryPayload(
  hosts: Hosts,
  full: string,
  files: Iterable<string>,
  path: string,
): Array<{ type: "file" | "dir"; name: string; path: string; url: string }> {
  const prefix = path ? `${path}/` : "";
  const names = new Map<string, "file" | "dir">();
  for (const file of files) {
    if (!file.startsWith(prefix)) continue;
    const [head, ...rest] = file.slice(prefix.length).split("/");
    names.set(head, rest.length ? "dir" : "file");
  }
  return [...names].map(([name, type]) => ({
    type,
    name,
    path: prefix + name,
    url: `${hosts.api}/repos/${full}/contents/${prefix}${name}`,
  }));
}

/**
 * `PUT /contents/{path}`'s answer: the file written and the commit that wrote it.
 *
 * @example
 * ```ts
 * const hosts = { api: "http://x", web: "http://x" };
 * const file = await contentFilePayload(hosts, "acme/app", "main", "a.txt", "hi");
 * fileCommitPayload(hosts, "acme/app", file, { sha: "abc", message: "Add a" }).commit.sha; // "abc"
 * ```
 */
export function fileCommitPayload(
  hosts: Hosts,
  full: string,
  file: Schemas["content-file"],
  commit: { sha: string; message: string },
): Schemas["file-commit"] {
  return {
    content: {
      name: file.name,
      path: file.path,
      sha: file.sha,
      size: file.size,
      url: file.url,
      html_url: file.html_url ?? undefined,
      git_url: file.git_url ?? undefined,
      download_url: file.download_url ?? undefined,
      type: "file",
    },
    commit: {
      sha: commit.sha,
      message: commit.message,
      html_url: `${hosts.web}/${full}/commit/${commit.sha}`,
    },
  };
}

/**
 * A branch ref (`refs/heads/{name}`) pointing at a commit.
 *
 * @example
 * ```ts
 * gitRefPayload({ api: "http://x", web: "http://x" }, "acme/app", "main", "abc").ref;
 * // "refs/heads/main"
 * ```
 */
export function gitRefPayload(
  hosts: Hosts,
  full: string,
  name: string,
  sha: string,
): Schemas["git-ref"] {
  const api = `${hosts.api}/repos/${full}/git`;
  return {
    ref: `refs/heads/${name}`,
    node_id: nodeId("REF", name.length),
    url: `${api}/refs/heads/${name}`,
    object: { type: "commit", sha, url: `${api}/commits/${sha}` },
  };
}

/**
 * An open pull request from `head` into `base` in the same repository.
 *
 * @example
 * ```ts
 * pullRequestPayload({ api: "http://x", web: "http://x" }, "acme/app", {
 *   number: 1, title: "Fix CI", body: null, at: "2026-01-01T00:00:00Z",
 *   head: { ref: "fix", sha: "abc" }, base: { ref: "main", sha: "def" },
 * }).head.label; // "acme:fix"
 * ```
 */
export function pullRequestPayload(
  hosts: Hosts,
  full: string,
  pull: {
    number: number;
    title: string;
    body: string | null;
    at: string;
    head: { ref: string; sha: string };
    base: { ref: string; sha: string };
  },
): PullRequest {
  const id = 2_000_000_000 + pull.number;
  const owner = full.split("/")[0];
  return {
    id,
    node_id: nodeId("PR", id),
    number: pull.number,
    url: `${hosts.api}/repos/${full}/pulls/${pull.number}`,
    html_url: `${hosts.web}/${full}/pull/${pull.number}`,
    state: "open",
    title: pull.title,
    body: pull.body,
    created_at: pull.at,
    updated_at: pull.at,
    draft: false,
    head: { ...pull.head, label: `${owner}:${pull.head.ref}` },
    base: { ...pull.base, label: `${owner}:${pull.base.ref}` },
  };
}
