/**
 * GitLab's predefined CI/CD variables and what each becomes on GitHub Actions: the one table
 * the converter reads and `docs/migrate.md` shows (rendered by {@linkcode predefinedTableMarkdown}).
 *
 * Four kinds: `expression` (a GitHub context of the same meaning), `computed` (no expression can
 * produce it, e.g. a substring: a first step writes it as a step output), `job` (known per job at
 * conversion time, e.g. the job's name) and `none` (no equivalent: left visibly unresolved and
 * listed in the audit, never emptied silently).
 *
 * @module
 */

/** What a predefined variable becomes. */
export type PredefinedKind = "expression" | "computed" | "job" | "none";

/** One row of the table. */
export interface Predefined {
  name: string;
  kind: PredefinedKind;
  /** `expression`: the GitHub expression (with `${{ }}`). */
  github?: string;
  /** `computed`: POSIX sh and PowerShell statements that set `$v` / `$v` to the value. */
  sh?: string;
  ps?: string;
  /** Why the meaning differs (mapped ones) or why there is none (`none`). */
  note?: string;
}

const e = (name: string, github: string, note?: string): Predefined => ({
  name,
  kind: "expression",
  github,
  ...(note ? { note } : {}),
});
const none = (name: string, note: string): Predefined => ({ name, kind: "none", note });
const SLUG_SH =
  `| tr '[:upper:]' '[:lower:]' | sed -E 's/[^a-z0-9]+/-/g; s/^-+//' | cut -c1-63 | sed -E 's/-+$//')`;
const slugPs = (of: string) =>
  `$v = (${of}).ToLower() -replace '[^a-z0-9]+', '-'; $v = $v.TrimStart('-'); ` +
  `if ($v.Length -gt 63) { $v = $v.Substring(0, 63) }; $v = $v.TrimEnd('-')`;
const PR = "github.event.pull_request";
const RUN_URL =
  "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}";

/** The table, in documentation order. */
export const PREDEFINED_TABLE: readonly Predefined[] = [
  e(
    "CI_COMMIT_SHA",
    "${{ github.sha }}",
    "on pull_request it is the test merge commit that was checked out",
  ),
  {
    name: "CI_COMMIT_SHORT_SHA",
    kind: "computed",
    sh: `v=$(printf '%.8s' "$GITHUB_SHA")`,
    ps: "$v = $env:GITHUB_SHA.Substring(0, 8)",
  },
  e("CI_COMMIT_REF_NAME", "${{ github.head_ref || github.ref_name }}"),
  {
    name: "CI_COMMIT_REF_SLUG",
    kind: "computed",
    sh: `v=$(printf '%s' "\${GITHUB_HEAD_REF:-$GITHUB_REF_NAME}" ${SLUG_SH}`,
    ps: slugPs(
      "$(if ($env:GITHUB_HEAD_REF) { $env:GITHUB_HEAD_REF } else { $env:GITHUB_REF_NAME })",
    ),
  },
  e(
    "CI_COMMIT_BRANCH",
    "${{ github.event_name != 'pull_request' && github.ref_type == 'branch' && github.ref_name || '' }}",
  ),
  e("CI_COMMIT_TAG", "${{ github.ref_type == 'tag' && github.ref_name || '' }}"),
  e("CI_COMMIT_REF_PROTECTED", "${{ github.ref_protected }}"),
  e("CI_COMMIT_BEFORE_SHA", "${{ github.event.before }}", "is set on push events only"),
  e("CI_COMMIT_MESSAGE", "${{ github.event.head_commit.message }}", "is set on push events only"),
  e(
    "CI_COMMIT_TIMESTAMP",
    "${{ github.event.head_commit.timestamp }}",
    "is set on push events only",
  ),
  none("CI_COMMIT_TITLE", "no context holds the commit's first line; use `git log -1 --format=%s`"),
  none("CI_COMMIT_DESCRIPTION", "no context holds it; use `git log -1 --format=%b`"),
  none(
    "CI_COMMIT_AUTHOR",
    "no context holds it for every event; use `git log -1 --format='%an <%ae>'`",
  ),
  e("CI_PROJECT_DIR", "${{ github.workspace }}"),
  e("CI_BUILDS_DIR", "${{ github.workspace }}", "is the workspace, not the directory above it"),
  e("CI_PROJECT_NAME", "${{ github.event.repository.name }}"),
  e("CI_PROJECT_PATH", "${{ github.repository }}"),
  {
    name: "CI_PROJECT_PATH_SLUG",
    kind: "computed",
    sh: `v=$(printf '%s' "$GITHUB_REPOSITORY" ${SLUG_SH}`,
    ps: slugPs("$env:GITHUB_REPOSITORY"),
  },
  e("CI_PROJECT_NAMESPACE", "${{ github.repository_owner }}"),
  e("CI_PROJECT_ROOT_NAMESPACE", "${{ github.repository_owner }}"),
  e("CI_PROJECT_ID", "${{ github.event.repository.id }}", "is GitHub's repository id"),
  e("CI_PROJECT_URL", "${{ github.server_url }}/${{ github.repository }}"),
  e(
    "CI_REPOSITORY_URL",
    "${{ github.server_url }}/${{ github.repository }}.git",
    "has no token in it: authenticate with GITHUB_TOKEN",
  ),
  e("CI_DEFAULT_BRANCH", "${{ github.event.repository.default_branch }}"),
  e("CI_PIPELINE_ID", "${{ github.run_id }}", "is GitHub's run id"),
  e("CI_PIPELINE_IID", "${{ github.run_number }}"),
  e("CI_PIPELINE_URL", RUN_URL),
  e(
    "CI_PIPELINE_SOURCE",
    "${{ github.event_name }}",
    "holds GitHub event names (push, pull_request…), not GitLab's",
  ),
  e(
    "CI_JOB_ID",
    "${{ github.run_id }}",
    "is the run id, shared by every job of the run: GitHub expressions expose no job id",
  ),
  e("CI_JOB_URL", RUN_URL, "links to the run, not to the job"),
  { name: "CI_JOB_NAME", kind: "job", note: "the GitLab job's name, written at conversion" },
  {
    name: "CI_JOB_NAME_SLUG",
    kind: "job",
    note: "the slug of the GitLab job's name, written at conversion",
  },
  { name: "CI_JOB_STAGE", kind: "job", note: "the GitLab job's stage, written at conversion" },
  { name: "CI_NODE_TOTAL", kind: "job", note: "`1`, or the matrix size with `parallel: N`" },
  none("CI_NODE_INDEX", "set only with `parallel: N`, where the matrix provides it"),
  e("CI_JOB_TOKEN", "${{ github.token }}", "is the GITHUB_TOKEN, with this workflow's permissions"),
  none("CI_JOB_STARTED_AT", "no context holds it; use `date -u +%FT%TZ`"),
  e("CI_SERVER_URL", "${{ github.server_url }}"),
  {
    name: "CI_SERVER_HOST",
    kind: "computed",
    sh: `v=$(printf '%s' "$GITHUB_SERVER_URL" | sed -E 's#^[a-z]+://##; s#[:/].*$##')`,
    ps: "$v = ([uri]$env:GITHUB_SERVER_URL).Host",
  },
  e(
    "CI_API_V4_URL",
    "${{ github.api_url }}",
    "points at the GitHub REST API, which is not GitLab's API",
  ),
  e("CI_MERGE_REQUEST_IID", `\${{ ${PR}.number }}`),
  e("CI_MERGE_REQUEST_ID", `\${{ ${PR}.id }}`),
  e("CI_MERGE_REQUEST_TITLE", `\${{ ${PR}.title }}`),
  e("CI_MERGE_REQUEST_DESCRIPTION", `\${{ ${PR}.body }}`),
  e("CI_MERGE_REQUEST_LABELS", `\${{ join(${PR}.labels.*.name, ',') }}`),
  e("CI_MERGE_REQUEST_ASSIGNEES", `\${{ join(${PR}.assignees.*.login, ',') }}`),
  e("CI_MERGE_REQUEST_MILESTONE", `\${{ ${PR}.milestone.title }}`),
  e("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "${{ github.head_ref }}"),
  e("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "${{ github.base_ref }}"),
  e("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA", `\${{ ${PR}.head.sha }}`),
  e("CI_MERGE_REQUEST_TARGET_BRANCH_SHA", `\${{ ${PR}.base.sha }}`),
  e(
    "CI_MERGE_REQUEST_DIFF_BASE_SHA",
    `\${{ ${PR}.base.sha }}`,
    "is the target branch's head when the pull request was updated, not the merge base",
  ),
  e("CI_MERGE_REQUEST_PROJECT_PATH", `\${{ ${PR}.base.repo.full_name }}`),
  e("CI_MERGE_REQUEST_SOURCE_PROJECT_PATH", `\${{ ${PR}.head.repo.full_name }}`),
  e("CI_MERGE_REQUEST_REF_PATH", `\${{ format('refs/pull/{0}/head', ${PR}.number) }}`),
  none("CI_MERGE_REQUEST_EVENT_TYPE", "GitHub has no detached/merged-result distinction"),
  none("CI_MERGE_REQUEST_APPROVED", "approvals are not in the pull_request event"),
  e(
    "CI_REGISTRY",
    "ghcr.io",
    "is GitHub Container Registry (GitHub Enterprise Server hosts its own)",
  ),
  {
    name: "CI_REGISTRY_IMAGE",
    kind: "computed",
    sh: `v="ghcr.io/$(printf '%s' "$GITHUB_REPOSITORY" | tr '[:upper:]' '[:lower:]')"`,
    ps: '$v = "ghcr.io/" + $env:GITHUB_REPOSITORY.ToLower()',
    note: "is ghcr.io/<owner>/<repo>, lower-cased",
  },
  e("CI_REGISTRY_USER", "${{ github.actor }}", "is the actor; log in to ghcr.io with it"),
  e(
    "CI_REGISTRY_PASSWORD",
    "${{ github.token }}",
    "is the GITHUB_TOKEN: the job gets packages: write",
  ),
  none("CI_DEPENDENCY_PROXY_SERVER", "GitHub has no dependency proxy"),
  none("CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX", "GitHub has no dependency proxy"),
  none("CI_DEPENDENCY_PROXY_USER", "GitHub has no dependency proxy"),
  none("CI_DEPENDENCY_PROXY_PASSWORD", "GitHub has no dependency proxy"),
  e("CI_RUNNER_DESCRIPTION", "${{ runner.name }}", "is the runner's name"),
  none("CI_RUNNER_TAGS", "runner labels are not in a context"),
  none("CI_ENVIRONMENT_URL", "set the URL in the job's environment instead"),
  e("GITLAB_USER_LOGIN", "${{ github.actor }}"),
  e(
    "GITLAB_USER_ID",
    "${{ github.event.sender.id }}",
    "is the GitHub id of the user whose event started the run",
  ),
  none("GITLAB_USER_NAME", "the actor's display name is not in a context"),
  none("GITLAB_USER_EMAIL", "the actor's e-mail is not in a context"),
];

const BY_NAME = new Map(PREDEFINED_TABLE.map((p) => [p.name, p]));

/**
 * The row of a predefined variable, or undefined for variables not in the table.
 *
 * @example
 * ```ts
 * predefined("CI_COMMIT_SHORT_SHA")?.kind; // "computed"
 * ```
 */
export function predefined(name: string): Predefined | undefined {
  return BY_NAME.get(name);
}

/** Id of the first step that writes the `computed` variables as outputs. */
export const COMPUTED_STEP_ID = "gitlab";

/**
 * The expression a `computed` variable is read with, after the first step wrote it.
 *
 * @example
 * ```ts
 * computedRef("CI_COMMIT_SHORT_SHA"); // "${{ steps.gitlab.outputs.CI_COMMIT_SHORT_SHA }}"
 * ```
 */
export function computedRef(name: string): string {
  return `\${{ steps.${COMPUTED_STEP_ID}.outputs.${name} }}`;
}

/**
 * The first step of a job that uses `computed` variables: one statement per variable, in the
 * job's shell family (POSIX `sh`, which every container image has, or Windows PowerShell).
 *
 * @example
 * ```ts
 * computedStep(["CI_COMMIT_SHORT_SHA"], false).run;
 * // "v=$(printf '%.8s' \"$GITHUB_SHA\")\necho \"CI_COMMIT_SHORT_SHA=$v\" >> \"$GITHUB_OUTPUT\""
 * ```
 */
export function computedStep(names: string[], windows: boolean): Record<string, unknown> {
  const lines = names.flatMap((n) => {
    const row = predefined(n)!;
    return windows
      ? [row.ps!, `Add-Content -Path $env:GITHUB_OUTPUT -Encoding ascii -Value "${n}=$v"`]
      : [row.sh!, `echo "${n}=$v" >> "$GITHUB_OUTPUT"`];
  });
  return {
    name: "GitLab predefined variables",
    id: COMPUTED_STEP_ID,
    shell: windows ? "powershell" : "sh",
    run: lines.join("\n"),
  };
}

/**
 * GitLab's slug of a name: lower case, runs of other characters than `a-z0-9` as one `-`, at
 * most 63 characters, no `-` at either end.
 *
 * @example
 * ```ts
 * slug("Build: Linux/x86_64"); // "build-linux-x86-64"
 * ```
 */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+/, "").slice(0, 63)
    .replace(/-+$/, "");
}

const cell = (s: string) => s.replaceAll("|", "\\|");

/**
 * The table as markdown, columns padded as `deno fmt` writes them, for `docs/migrate.md` (a
 * test keeps the two identical).
 *
 * @example
 * ```ts
 * predefinedTableMarkdown().split("\n")[0].startsWith("| GitLab "); // true
 * ```
 */
export function predefinedTableMarkdown(): string {
  const rows = PREDEFINED_TABLE.map((p) => {
    const github = p.kind === "expression"
      ? `\`${p.github}\``
      : p.kind === "computed"
      ? `step output \`${computedRef(p.name)}\``
      : p.kind === "job"
      ? "written per job"
      : "**none** (left unresolved, audited)";
    return [`\`${p.name}\``, cell(github), cell(p.note ?? "")];
  });
  const all = [["GitLab", "GitHub Actions", "note"], ...rows];
  const widths = [0, 1, 2].map((i) => Math.max(3, ...all.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(all[0]), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
