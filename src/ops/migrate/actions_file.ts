/**
 * The files of one extracted composite action: its `action.yml`, written through the `yaml`
 * Document API so the moved steps keep their names and comments, and the step each caller now
 * runs instead (the names of the steps it replaces, its own values in `with:`).
 *
 * @module
 */
import { Document, isSeq } from "yaml";
import type { GroupPlan, Place } from "./actions_group.ts";
import { actionTitle } from "./actions_name.ts";
import type { OccurrencePlan } from "./actions_plan.ts";

/** One action to write and the places that call it. */
export interface Extraction {
  name: string;
  length: number;
  /** The first place's own check (shell, secrets, `continue-on-error`). */
  plan: OccurrencePlan;
  group: GroupPlan;
  occurrences: Place[];
}

const plainName = (text: string) =>
  text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, "<$1>").replace(/\$\{\{[\s\S]*?\}\}/g, "…");

/** "path (job)" of every caller, once each. */
function callers(e: Extraction): string[] {
  return [...new Set(e.occurrences.map((o) => `${o.job.workflow.path} (${o.job.job.id})`))];
}

/**
 * The `action.yml` text of an extraction.
 *
 * @example
 * ```ts
 * actionFile(extraction); // "# Extracted by ci-orchestrator …\nname: Install rust …"
 * ```
 */
export function actionFile(e: Extraction): string {
  const users = callers(e);
  const shown = e.group.steps.map((s, i) => {
    const name = s.get("name");
    const data = e.occurrences[0].job.steps[e.occurrences[0].start + i].data;
    return typeof name === "string"
      ? plainName(name)
      : String(data.uses ?? String(data.run).split("\n")[0]);
  });
  const doc = new Document({
    name: actionTitle(e.name),
    description: `Steps shared by ${users.length} job${users.length === 1 ? "" : "s"}: ` +
      shown.join(", "),
    ...(e.group.inputs.length > 0
      ? {
        inputs: Object.fromEntries(e.group.inputs.map((i) => [i.name, {
          description: i.description,
          required: true,
        }])),
      }
      : {}),
    runs: { using: "composite", steps: [] },
  });
  const steps = doc.getIn(["runs", "steps"], true);
  if (isSeq(steps)) steps.items.push(...e.group.steps);
  doc.commentBefore = " Extracted by ci-orchestrator (migrate strategy:actions) from:\n" +
    users.map((u) => `   ${u}`).join("\n");
  return doc.toString({ lineWidth: 0 });
}

/**
 * The step that replaces the run at place `k`.
 *
 * @example
 * ```ts
 * callStep(extraction, 0);
 * // { name: "Install Rust ${{ env.rust_stable }}, …", uses: "./.github/actions/…", with: {…} }
 * ```
 */
export function callStep(e: Extraction, k: number): Record<string, unknown> {
  const step: Record<string, unknown> = {
    name: e.group.callNames[k] || actionTitle(e.name),
    uses: `./.github/actions/${e.name}`,
  };
  if (e.group.inputs.length > 0) {
    step.with = Object.fromEntries(e.group.inputs.map((i) => [i.name, i.values[k]]));
  }
  return step;
}
