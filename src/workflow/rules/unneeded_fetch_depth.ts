/**
 * `unneeded-fetch-depth`: `fetch-depth: 0` (the whole history) where nothing reads history.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { type Step, stepGroups } from "../model.ts";
import { parseUses } from "../uses.ts";
import { ownComments } from "./facts.ts";
import { finding, type Rule } from "./rule.ts";

// Commands and tools that read commits or tags: versioning from tags, changelogs, diffs.
const HISTORY_IN_SCRIPT = new RegExp(
  [
    "\\bgit\\s+(?:-C\\s+\\S+\\s+)?(?:log|describe|tag|blame|diff|merge-base|rev-list|shortlog|" +
    "fetch|pull|rebase|cherry|bisect|show|rev-parse\\s+\\S*~|for-each-ref|name-rev|reset|merge|" +
    // Pushing or moving between refs from a shallow clone fails ("shallow update not allowed").
    "push|checkout|switch|worktree)\\b",
    "changelog",
    "semantic-release",
    "release-please",
    "standard-version",
    "gitversion",
    "setuptools[-_]scm",
    "hatch-vcs",
    "versioneer",
    "dunamai",
    "goreleaser",
    "changeset",
    "lerna",
    "nx\\s+affected",
    "turbo\\b.*--filter=.*\\[",
    "python3?\\s+-m\\s+build",
    "\\btox\\b",
    "\\bnox\\b",
    "sonar",
    "commitlint",
    "gitleaks",
    "trufflehog",
  ].join("|"),
  "i",
);

const HISTORY_ACTIONS = [
  "goreleaser/",
  "changesets/action",
  "gittools/",
  "tj-actions/changed-files",
  "dorny/paths-filter",
  "sonarsource/",
  "release-drafter/",
  "googleapis/release-please-action",
  "cycjimmy/semantic-release-action",
  "hynek/build-and-inspect-python-package",
  "wagoid/commitlint-github-action",
  "gitleaks/",
  "trufflesecurity/",
];

// Local actions and reusable workflows hide their steps; give them the benefit of the doubt.
const mayNeedHistory = (step: Step) => {
  if (step.run && HISTORY_IN_SCRIPT.test(step.run.value)) return true;
  if (!step.uses) return false;
  const ref = parseUses(step.uses.value);
  if (ref.kind !== "remote") return true;
  return HISTORY_ACTIONS.some((a) => ref.action.startsWith(a));
};

const isCheckout = (step: Step) => {
  const ref = step.uses ? parseUses(step.uses.value) : undefined;
  return ref?.kind === "remote" && ref.action === "actions/checkout";
};

/**
 * The rule. A comment on the `fetch-depth` line, or anywhere on the checkout step, marks it as
 * deliberate and silences it.
 *
 * @example
 * ```ts
 * unneededFetchDepth.check(file).map((f) => f.line);
 * ```
 */
export const unneededFetchDepth: Rule = {
  id: "unneeded-fetch-depth",
  severity: "notice",
  level: "pedantic",
  confidence: "medium",
  title: "fetch-depth: 0 without a step that needs history",
  rationale: "Cloning the whole history is slow on large repositories when only the tip is used.",
  check(file) {
    const out: Finding[] = [];
    for (const group of stepGroups(file)) {
      const steps = group.steps;
      for (const step of steps) {
        const depth = step.with["fetch-depth"];
        if (!isCheckout(step) || !depth || depth.value.trim() !== "0" || depth.comment) continue;
        // A comment on the checkout step ("# all history and tags") marks it as deliberate; the
        // version comment of a SHA pin (`@<sha> # v4`) says nothing about history.
        const comments = ownComments(file, group.job, step).filter((c) => c !== step.uses?.comment);
        if (comments.length > 0) continue;
        if (steps.some((s) => s !== step && mayNeedHistory(s))) continue;
        out.push(finding(
          this,
          file,
          depth.pos,
          `fetch-depth: ${depth.value} clones the full history, but no step in ` +
            `${group.job ? `job '${group.job.id}'` : "this action"} appears to read it`,
          {
            text: "Drop `fetch-depth` (default 1), or keep it with a comment on its line saying " +
              "what reads history.",
            patch:
              "- uses: actions/checkout@<sha>\n  with:\n    fetch-depth: 0  # tags for versioning",
          },
          group.job?.id,
        ));
      }
    }
    return out;
  },
};
