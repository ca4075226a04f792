/**
 * `needs-invalid`: `needs` naming a job that does not exist, or jobs waiting on each other.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { Job } from "../model.ts";
import { finding, type Rule } from "./rule.ts";

/**
 * The cycles of the `needs` graph, each as a job id path ending where it started.
 *
 * @example
 * ```ts
 * findCycles(jobs); // [["a", "b", "a"]]
 * ```
 */
export function findCycles(jobs: Job[]): string[][] {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const state = new Map<string, "active" | "done">();
  const cycles: string[][] = [];
  const visit = (id: string, path: string[]) => {
    state.set(id, "active");
    for (const need of byId.get(id)?.needs ?? []) {
      if (!byId.has(need.value)) continue;
      const s = state.get(need.value);
      if (s === "active") {
        const full = [...path, id];
        cycles.push([...full.slice(full.indexOf(need.value)), need.value]);
      } else if (s === undefined) visit(need.value, [...path, id]);
    }
    state.set(id, "done");
  };
  for (const job of jobs) if (!state.has(job.id)) visit(job.id, []);
  return cycles;
}

/**
 * The rule.
 *
 * @example
 * ```ts
 * needsInvalid.check(file).map((f) => f.message);
 * ```
 */
export const needsInvalid: Rule = {
  id: "needs-invalid",
  severity: "error",
  level: "default",
  confidence: "high",
  title: "needs names a missing job or forms a cycle",
  rationale: "GitHub rejects the whole workflow: none of its jobs run.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const out: Finding[] = [];
    const ids = file.jobs.map((j) => j.id);
    for (const job of file.jobs) {
      for (const need of job.needs) {
        if (ids.includes(need.value)) continue;
        const close = ids.filter((id) => id.toLowerCase() === need.value.toLowerCase());
        out.push(finding(
          this,
          file,
          need.pos,
          `Job '${job.id}' needs '${need.value}', which is not a job in this workflow ` +
            `(jobs: ${ids.join(", ")})`,
          {
            text: close.length > 0
              ? `Write '${close[0]}' instead of '${need.value}' in \`needs\`: job ids are ` +
                "case-sensitive."
              : `Remove '${need.value}' from \`needs\`, or add a job with that id.`,
          },
          job.id,
        ));
      }
    }
    const byId = new Map(file.jobs.map((j) => [j.id, j]));
    for (const cycle of findCycles(file.jobs)) {
      const [first, second] = cycle;
      const at = byId.get(first)!.needs.find((n) => n.value === second)?.pos ??
        byId.get(first)!.pos;
      out.push(finding(
        this,
        file,
        at,
        `Jobs wait on each other in a cycle: ${cycle.join(" → ")}`,
        {
          text: `Remove '${second}' from the \`needs\` of '${first}' (or another edge of the ` +
            "cycle).",
        },
        first,
      ));
    }
    return out;
  },
};
