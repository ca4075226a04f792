/**
 * A read-only CIProvider over workflow files on disk, for `cli run analyze --dir PATH` and tests.
 * `repo` arguments are ignored: the directory is the repository.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import type { CIProvider, FileContent, WorkflowInfo } from "./port.ts";

/** Largest file read; workflow files are far smaller. */
export const MAX_LOCAL_FILE_BYTES = 1024 * 1024;

const WORKFLOW_EXT = /\.ya?ml$/i;
const NEEDS_GITHUB = "needs a GitHub repository: use repo:owner/name with GITHUB_TOKEN";

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

async function yamlFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && WORKFLOW_EXT.test(entry.name)) names.push(entry.name);
  }
  return names.sort();
}

// Repository paths are relative and stay inside the directory; anything else is refused.
function safeRelative(path: string): string {
  const clean = path.replace(/^\.\//, "");
  const parts = clean.split("/");
  if (clean.startsWith("/") || clean.includes("\\") || parts.some((p) => p === ".." || p === "")) {
    throw new CiError(
      "bad_request",
      `Cannot read '${path}': paths must stay inside the directory`,
      {
        hint: "Use a path relative to the repository root, e.g. .github/workflows/ci.yml.",
      },
    );
  }
  return clean;
}

/**
 * A provider reading `dir/.github/workflows/*.y{a,}ml` when that folder exists, else the
 * `*.yml`/`*.yaml` files of `dir` itself (a flat folder of workflows, like the test corpus).
 * Run history is empty; dispatch, cancel, re-run and PRs throw `unsupported`.
 *
 * @example
 * ```ts
 * const provider = localProvider("./my-repo");
 * const workflows = await provider.listWorkflows("local/my-repo");
 * ```
 */
export function localProvider(dir: string): CIProvider {
  const root = dir.replace(/\/+$/, "") || "/";
  const unsupported = (what: string) => () =>
    Promise.reject(
      new CiError("unsupported", `Cannot ${what} with local files from '${root}'`, {
        hint: `This ${NEEDS_GITHUB}.`,
      }),
    );
  const noHistory = (what: string) => () =>
    Promise.reject(
      new CiError("not_found", `No ${what}: local files from '${root}' have no run history`, {
        hint: `Run history ${NEEDS_GITHUB}.`,
      }),
    );

  return {
    name: "local",
    async listWorkflows() {
      if (!(await isDirectory(root))) {
        throw new CiError("not_found", `Directory '${root}' does not exist`, {
          hint: "Pass --dir with a repository checkout or a folder of workflow files.",
        });
      }
      const nested = `${root}/.github/workflows`;
      const prefix = (await isDirectory(nested)) ? ".github/workflows/" : "";
      const names = await yamlFiles(prefix ? nested : root);
      return names.map((name, i): WorkflowInfo => ({
        id: i + 1,
        name,
        path: `${prefix}${name}`,
        state: "active",
      }));
    },
    async readFile(_repo, path): Promise<FileContent | null> {
      const rel = safeRelative(path);
      const full = `${root}/${rel}`;
      let info: Deno.FileInfo;
      try {
        info = await Deno.stat(full);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return null;
        throw error;
      }
      if (!info.isFile) return null;
      if (info.size > MAX_LOCAL_FILE_BYTES) {
        throw new CiError(
          "too_large",
          `Cannot read '${rel}' as it is ${info.size} bytes: the limit is ${MAX_LOCAL_FILE_BYTES}`,
          { hint: "Workflow files this large are not analysed." },
        );
      }
      return { path: rel, content: await Deno.readTextFile(full) };
    },
    defaultBranch: unsupported("name a default branch"),
    visibility: unsupported("tell who can see a repository"),
    listArtifacts: () => Promise.resolve([]),
    listRuns: () => Promise.resolve([]),
    listJobs: () => Promise.resolve([]),
    getRun: noHistory("run"),
    jobLogTail: noHistory("job log"),
    dispatch: unsupported("dispatch a workflow"),
    cancelRun: unsupported("cancel a run"),
    rerunRun: unsupported("re-run a run"),
    openPullRequest: unsupported("open a pull request"),
    usage: () => ({ requests: 0, rateLimited: 0, notModified: 0 }),
  };
}
