/**
 * The two audits that need the GitHub API, zizmor's `ref-confusion` and `archived-uses`: every
 * remote action and reusable workflow of the analysed files is grouped by repository, each
 * repository asked once per analysis (archived? which of its refs are both a branch and a tag?),
 * a few at a time, and every `uses:` of an archived repository or a confusable ref becomes a
 * finding. Runs before the filters, so ignore comments and rule settings apply as to any rule.
 * Offline (local files, no token) nothing is evaluated and the note says so; a repository that
 * cannot be read (404, an outage) gets no finding: nothing is ever guessed.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { ActionFacts, CIProvider } from "../../providers/port.ts";
import type { Finding } from "../../report/model.ts";
import { type Located, stepGroups, type WorkflowFile } from "../../workflow/model.ts";
import { finding, inlineCode, type RuleInfo } from "../../workflow/rules/rule.ts";
import { isSha, parseUses } from "../../workflow/uses.ts";
import { mapLimited } from "../concurrency/map_limited.ts";

// Distinct action repositories are few; a handful in flight hides latency politely.
const FACTS_CONCURRENCY = 4;
const VALID_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A ref that is both a branch and a tag (zizmor `ref-confusion`: medium, high confidence). */
export const refConfusion: RuleInfo = {
  id: "ref-confusion",
  severity: "warning",
  level: "default",
  confidence: "high",
  title: "Action ref names both a branch and a tag",
  rationale: "Which one runs is ambiguous, and pushing a branch can shadow the tag you reviewed.",
};

/** An action from an archived repository (zizmor `archived-uses`: medium, high confidence). */
export const archivedAction: RuleInfo = {
  id: "archived-action",
  severity: "warning",
  level: "default",
  confidence: "high",
  title: "Action from an archived repository",
  rationale: "An archived repository is read-only: its vulnerabilities and stale dependencies " +
    "will never be fixed.",
};

/** The rules of this module, for rule tables, settings and SARIF. */
export const ACTION_FACTS_RULES: readonly RuleInfo[] = [refConfusion, archivedAction];

/** What {@linkcode checkActionFacts} found, per analysed file, and its line for the report. */
export interface ActionFactsOutcome {
  /** New findings, in the order of the files given. */
  findings: Finding[];
  /** One line for "What was analysed"; empty when no file uses a remote action. */
  note: string;
  /** `owner/repo@ref` (repository lower-cased) of every confusable ref, for the pins. */
  confusable: Set<string>;
}

interface Use {
  file: WorkflowFile;
  uses: Located<string>;
  job?: string;
  repo: string;
  /** The symbolic ref (tag or branch), absent when pinned to a SHA or missing. */
  ref?: string;
}

function usesOf(file: WorkflowFile): Use[] {
  const out: Use[] = [];
  const add = (uses: Located<string>, job?: string) => {
    const r = parseUses(uses.value);
    if (r.kind !== "remote" || !VALID_NAME.test(r.owner) || !VALID_NAME.test(r.repo)) return;
    const ref = r.ref && !isSha(r.ref) && !r.ref.includes("${{") ? r.ref : undefined;
    out.push({ file, uses, job, repo: `${r.owner}/${r.repo}`.toLowerCase(), ref });
  };
  const jobs = file.kind === "workflow" ? file.jobs : [];
  for (const job of jobs) if (job.uses) add(job.uses, job.id);
  for (const group of stepGroups(file)) {
    for (const step of group.steps) if (step.uses) add(step.uses, group.job?.id);
  }
  return out;
}

// A provider's failure (an outage, a rate limit) is told apart from a provider that cannot ask.
type Answer = ActionFacts | { kind: "failed"; reason: string };

function findingsOf(use: Use, facts: Answer): Finding[] {
  if (facts.kind !== "facts") return [];
  const name = use.uses.value.split("@")[0];
  const out: Finding[] = [];
  if (use.ref && facts.confusable.includes(use.ref)) {
    const url = `https://github.com/${use.repo}`;
    const tag = `refs/tags/${use.ref}`;
    out.push(finding(
      refConfusion,
      use.file,
      use.uses.pos,
      `'${use.uses.value}' names '${use.ref}', which ${use.repo} has both as a branch and as a tag`,
      {
        text: `Pin it to the commit SHA of the tag you reviewed, keeping the tag as a comment; ` +
          `find it with ${inlineCode(`git ls-remote ${url} ${tag} '${tag}^{}'`)} (the ` +
          "`^{}` line, when there is one, is the commit of an annotated tag).",
        patch: `uses: ${name}@<40-hex sha of tag ${use.ref}> # ${use.ref}`,
      },
      use.job,
    ));
  }
  if (facts.archived) {
    out.push(finding(
      archivedAction,
      use.file,
      use.uses.pos,
      `'${use.uses.value}' comes from ${use.repo}, an archived repository`,
      {
        text: "Move to a maintained fork or alternative action, or replace it with a `run:` " +
          "step (the `gh` CLI for API wrappers); an archived repository gets no fixes.",
      },
      use.job,
    ));
  }
  return out;
}

/**
 * Asks the provider about every remote action repository of `files` (once each) and returns the
 * `ref-confusion` and `archived-action` findings with the note. Provider failures leave that
 * repository without findings and are counted in the note; only an abort is thrown.
 *
 * @example
 * ```ts
 * const facts = await checkActionFacts(ctx.provider, results.map((r) => r.file), ctx.signal);
 * notes.push(facts.note);
 * ```
 */
export async function checkActionFacts(
  provider: CIProvider,
  files: ReadonlyArray<WorkflowFile | null>,
  signal?: AbortSignal,
): Promise<ActionFactsOutcome> {
  const uses = files.flatMap((f) => f ? usesOf(f) : []);
  const refs = new Map<string, Set<string>>();
  for (const u of uses) {
    const set = refs.get(u.repo) ?? new Set();
    if (u.ref) set.add(u.ref);
    refs.set(u.repo, set);
  }
  if (refs.size === 0) return { findings: [], note: "", confusable: new Set() };
  const ask = provider.actionFacts?.bind(provider);
  const repos = [...refs.keys()];
  const answers = await mapLimited(repos, FACTS_CONCURRENCY, async (repo): Promise<Answer> => {
    signal?.throwIfAborted();
    if (!ask) return { kind: "unavailable", reason: `${provider.name} cannot ask GitHub` };
    try {
      return await ask(repo, [...refs.get(repo)!]);
    } catch (error) {
      if (signal?.aborted || !(error instanceof CiError)) throw error;
      return { kind: "failed", reason: error.message };
    }
  });
  const byRepo = new Map(repos.map((r, i) => [r, answers[i]]));
  const findings = uses.flatMap((u) => findingsOf(u, byRepo.get(u.repo)!));
  const confusable = new Set(
    repos.flatMap((repo, i) => {
      const a = answers[i];
      return a.kind === "facts" ? a.confusable.map((ref) => `${repo}@${ref}`) : [];
    }),
  );
  return { findings, note: noteOf(repos.length, answers), confusable };
}

function noteOf(total: number, answers: readonly Answer[]): string {
  const rules = `${inlineCode(archivedAction.id)} and ${inlineCode(refConfusion.id)}`;
  const checked = answers.filter((a) => a.kind === "facts").length;
  const missing = answers.filter((a) => a.kind === "not_found").length;
  const offline = answers.find((a) => a.kind === "unavailable");
  if (offline) return `Not evaluated: ${rules} need the GitHub API (${offline.reason}).`;
  const failed = answers.find((a) => a.kind === "failed");
  const unread = total - checked - missing;
  return `Action repositories: ${checked} of ${total} checked through the API for ${rules}` +
    (missing > 0
      ? `; ${missing} ${missing === 1 ? "does not exist or is" : "do not exist or are"} private`
      : "") +
    (unread > 0 ? `; ${unread} could not be read (${failed?.reason}), so not evaluated` : "") +
    ".";
}
