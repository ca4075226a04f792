/**
 * `deprecated-runner`: `runs-on` labels of GitHub-hosted images that are retired, so the job
 * waits for a runner that never comes or fails at once.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { runnerLabels } from "./facts.ts";
import { finding, type Rule } from "./rule.ts";

/** Retired hosted-runner labels → when GitHub retired them and what to use instead. */
export const RETIRED_RUNNERS: Record<string, { retired: string; use: string }> = {
  "ubuntu-16.04": { retired: "2021-09-20", use: "ubuntu-24.04" },
  "ubuntu-18.04": { retired: "2023-04-03", use: "ubuntu-24.04" },
  "ubuntu-20.04": { retired: "2025-04-15", use: "ubuntu-24.04" },
  "macos-10.15": { retired: "2022-12-01", use: "macos-15" },
  "macos-11": { retired: "2024-06-28", use: "macos-15" },
  "macos-12": { retired: "2024-12-03", use: "macos-15" },
  "macos-13": { retired: "2025-12-04", use: "macos-15" },
  "windows-2016": { retired: "2022-03-15", use: "windows-2025" },
  "windows-2019": { retired: "2025-06-30", use: "windows-2025" },
};

/** Labels a job can run on: `runs-on` itself, or the matrix values it refers to. */
function candidates(runsOn: unknown, matrix: unknown): { label: string; via?: string }[] {
  const out: { label: string; via?: string }[] = [];
  for (const label of runnerLabels(runsOn)) {
    const ref = label.match(/^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/);
    if (!ref) {
      out.push({ label });
      continue;
    }
    if (!matrix || typeof matrix !== "object") continue;
    const m = matrix as Record<string, unknown>;
    const values = [
      ...(Array.isArray(m[ref[1]]) ? m[ref[1]] as unknown[] : []),
      ...(Array.isArray(m.include)
        ? m.include.map((i) => (i as Record<string, unknown>)?.[ref[1]])
        : []),
    ];
    for (const v of values) {
      if (typeof v === "string") out.push({ label: v, via: `matrix.${ref[1]}` });
    }
  }
  return out;
}

/**
 * The rule.
 *
 * @example
 * ```ts
 * deprecatedRunner.check(file).map((f) => f.message);
 * ```
 */
export const deprecatedRunner: Rule = {
  id: "deprecated-runner",
  severity: "error",
  level: "default",
  confidence: "high",
  title: "Job runs on a retired GitHub-hosted runner image",
  rationale: "Retired labels get no runner: the job queues until it times out or fails at once.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const out: Finding[] = [];
    for (const job of file.jobs) {
      const seen = new Set<string>();
      for (const { label, via } of candidates(job.runsOn, job.matrix)) {
        const retired = RETIRED_RUNNERS[label.trim().toLowerCase()];
        if (!retired || seen.has(label)) continue;
        seen.add(label);
        out.push(finding(
          this,
          file,
          job.runsOnPos ?? job.pos,
          `Job '${job.id}' runs on '${label}'${via ? ` (via ${via})` : ""}, retired by GitHub ` +
            `on ${retired.retired}`,
          {
            text: `Use \`${retired.use}\` (or the \`-latest\` label) instead of '${label}'.`,
            patch: via
              ? `${via.slice("matrix.".length)}: [${retired.use}]`
              : `runs-on: ${retired.use}`,
          },
          job.id,
        ));
      }
    }
    return out;
  },
};
