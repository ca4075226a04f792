/**
 * `outdated-action`: major versions of GitHub's own actions that run on a retired Node.js
 * runtime (node12/node16) or call a service that was shut down.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { stepGroups } from "../model.ts";
import { majorVersion, parseUses } from "../uses.ts";
import { finding, type Rule } from "./rule.ts";

/** First supported major per action, and what breaks below it. */
export const MIN_MAJOR: Record<string, { min: number; why: string; broken?: boolean }> = {
  "actions/checkout": { min: 4, why: "runs on Node 16 or older" },
  "actions/setup-node": { min: 4, why: "runs on Node 16 or older" },
  "actions/setup-python": { min: 5, why: "runs on Node 16 or older" },
  "actions/setup-java": { min: 4, why: "runs on Node 16 or older" },
  "actions/setup-go": { min: 5, why: "runs on Node 16 or older" },
  "actions/setup-dotnet": { min: 4, why: "runs on Node 16 or older" },
  "actions/github-script": { min: 7, why: "runs on Node 16 or older" },
  "actions/stale": { min: 9, why: "runs on Node 16 or older" },
  "actions/labeler": { min: 5, why: "runs on Node 16 or older" },
  "actions/cache": {
    min: 4,
    why: "uses the cache service GitHub shut down in 2025 or runs on Node 16",
    broken: true,
  },
  "actions/upload-artifact": {
    min: 4,
    why: "is blocked by GitHub since January 2025 (artifact v3 retired)",
    broken: true,
  },
  "actions/download-artifact": {
    min: 4,
    why: "is blocked by GitHub since January 2025 (artifact v3 retired)",
    broken: true,
  },
  "actions/upload-pages-artifact": {
    min: 3,
    why: "uploads with the retired artifact v3 service",
    broken: true,
  },
};

/**
 * The rule. Versions are read from the tag, or from the `# vN` comment of a SHA pin.
 *
 * @example
 * ```ts
 * outdatedAction.check(file).map((f) => [f.line, f.severity]);
 * ```
 */
export const outdatedAction: Rule = {
  id: "outdated-action",
  severity: "warning",
  level: "default",
  confidence: "high",
  title: "Action major version on a retired runtime",
  rationale:
    "Old majors run on Node 12/16, which the runner no longer ships, or on retired services; they fail or are forced onto a newer Node.",
  check(file) {
    const out: Finding[] = [];
    for (const group of stepGroups(file)) {
      for (const step of group.steps) {
        if (!step.uses) continue;
        const ref = parseUses(step.uses.value);
        if (ref.kind !== "remote") continue;
        const spec = MIN_MAJOR[ref.action];
        const major = majorVersion(ref.ref, step.uses.comment);
        if (!spec || major === undefined || major >= spec.min) continue;
        const f = finding(
          this,
          file,
          step.uses.pos,
          `'${step.uses.value}' is major v${major}, which ${spec.why}; v${spec.min} is the ` +
            "oldest supported major",
          {
            text: `Upgrade to \`${ref.action}@v${spec.min}\` or later (pinned by SHA), and ` +
              "check its release notes for changed inputs.",
            patch: `uses: ${ref.action}@<40-hex sha of v${spec.min}> # v${spec.min}`,
          },
          group.job?.id,
        );
        out.push(spec.broken ? { ...f, severity: "error" } : f);
      }
    }
    return out;
  },
};
