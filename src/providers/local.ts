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

// A workflow has `on:`/`jobs:` at the top level, an action `runs:`; dependabot.yml, FUNDING.yml
// and other configuration files have neither. Files too large to sniff are kept, to be reported.
const WORKFLOW_KEY = /^(?:on|"on"|'on'|jobs|runs)[ \t]*:/m;

async function looksLikeWorkflow(path: string): Promise<boolean> {
  if ((await Deno.stat(path)).size > MAX_LOCAL_FILE_BYTES) return true;
  return WORKFLOW_KEY.test(await Deno.readTextFile(path));
}

/** Where the repository is and where its workflows are, for a directory someone passed. */
interface Layout {
  root: string;
  /** Workflows' folder relative to `root` with a trailing slash, or "" for a flat folder. */
  prefix: string;
}

const parentOf = (path: string) => path.slice(0, path.lastIndexOf("/")) || "/";
const nameOf = (path: string) => path.slice(path.lastIndexOf("/") + 1);

// A checkout, its `.github` folder, its `.github/workflows` folder, or a flat folder of files.
async function layoutOf(dir: string): Promise<Layout> {
  const nested = { prefix: ".github/workflows/" };
  if (await isDirectory(`${dir}/.github/workflows`)) return { root: dir, ...nested };
  if (nameOf(dir) === ".github" && await isDirectory(`${dir}/workflows`)) {
    return { root: parentOf(dir), ...nested };
  }
  if (nameOf(dir) === "workflows" && nameOf(parentOf(dir)) === ".github") {
    return { root: parentOf(parentOf(dir)), ...nested };
  }
  return { root: dir, prefix: "" };
}

/**
 * The repository root for a directory someone passed (a checkout, its `.github` folder, its
 * `.github/workflows` folder, or a flat folder of files): repository paths are relative to it.
 *
 * @example
 * ```ts
 * await checkoutRoot("/src/app/.github/workflows"); // "/src/app"
 * ```
 */
export async function checkoutRoot(dir: string): Promise<string> {
  return (await layoutOf(dir.replace(/\/+$/, "") || "/")).root;
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
 * A provider reading `dir/.github/workflows/*.y{a,}ml` when that folder exists (`dir` may also
 * be the `.github` folder or `.github/workflows` itself: the repository root is then above it),
 * else the `*.yml`/`*.yaml` files of `dir` itself that look like workflows or actions (a flat
 * folder, like the test corpus). Run history is empty; dispatch, cancel, re-run and PRs throw
 * `unsupported`.
 *
 * @example
 * ```ts
 * const provider = localProvider("./my-repo");
 * const workflows = await provider.listWorkflows("local/my-repo");
 * ```
 */
export function localProvider(dir: string): CIProvider {
  const given = dir.replace(/\/+$/, "") || "/";
  let layout: Promise<Layout> | undefined;
  const located = () => (layout ??= layoutOf(given));
  const unsupported = (what: string) => () =>
    Promise.reject(
      new CiError("unsupported", `Cannot ${what} with local files from '${given}'`, {
        hint: `This ${NEEDS_GITHUB}.`,
      }),
    );
  const noHistory = (what: string) => () =>
    Promise.reject(
      new CiError("not_found", `No ${what}: local files from '${given}' have no run history`, {
        hint: `Run history ${NEEDS_GITHUB}.`,
      }),
    );

  return {
    name: "local",
    async listWorkflows() {
      if (!(await isDirectory(given))) {
        throw new CiError("not_found", `Directory '${given}' does not exist`, {
          hint: "Pass --dir with a repository checkout or a folder of workflow files.",
        });
      }
      const { root, prefix } = await located();
      const folder = prefix ? `${root}/${prefix.slice(0, -1)}` : root;
      let names = await yamlFiles(folder);
      if (!prefix) {
        const sniffed = await Promise.all(names.map((n) => looksLikeWorkflow(`${root}/${n}`)));
        names = names.filter((_, i) => sniffed[i]);
      }
      return names.map((name, i): WorkflowInfo => ({
        id: i + 1,
        name,
        path: `${prefix}${name}`,
        state: "active",
      }));
    },
    async readFile(_repo, path): Promise<FileContent | null> {
      const rel = safeRelative(path);
      const full = `${(await located()).root}/${rel}`;
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
    resolveRef: () =>
      Promise.resolve({
        kind: "unavailable",
        reason: `local files from '${given}' cannot ask GitHub where a tag points`,
      }),
    actionFacts: () =>
      Promise.resolve({
        kind: "unavailable",
        reason: `local files from '${given}' cannot ask GitHub about action repositories`,
      }),
    usage: () => ({ requests: 0, rateLimited: 0, notModified: 0 }),
  };
}
