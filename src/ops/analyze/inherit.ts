/**
 * `secrets: inherit` fixed with the secrets the called workflow really declares: the rule sees
 * one file, so it names no secret; here, with every analysed file at hand, a call to a workflow
 * of the same repository gets the patch listing that workflow's `on.workflow_call.secrets`.
 *
 * @module
 */
import { isMap, isScalar } from "yaml";
import type { Finding } from "../../report/model.ts";
import type { WorkflowFile } from "../../workflow/model.ts";

/** One analysed file, as `analyze` holds it. */
export interface WithFindings {
  path: string;
  file: WorkflowFile | null;
  findings: Finding[];
}

/**
 * The secret names a workflow declares under `on.workflow_call.secrets`; `undefined` when it is
 * not a reusable workflow.
 *
 * @example
 * ```ts
 * declaredSecrets(parseWorkflowFile("w.yml", "on:\n  workflow_call:\n    secrets:\n      T: {}\njobs: {}\n").file!);
 * // ["T"]
 * ```
 */
export function declaredSecrets(file: WorkflowFile): string[] | undefined {
  if (file.kind !== "workflow") return undefined;
  const call = file.doc.getIn(["on", "workflow_call"], true);
  if (call === undefined) return undefined;
  const secrets = isMap(call) ? call.get("secrets", true) : undefined;
  if (!isMap(secrets)) return [];
  return secrets.items.flatMap((p) => isScalar(p.key) ? [String(p.key.value)] : []);
}

/**
 * Sets the patch of every `secrets-inherit` finding whose callee (`./.github/workflows/x.yml`)
 * is among `results`: exactly its declared secrets, or no `secrets:` at all when it declares
 * none. Calls to other repositories keep the advice without a snippet.
 *
 * @example
 * ```ts
 * addDeclaredSecrets(results); // build: secrets: { NPM_TOKEN: ${{ secrets.NPM_TOKEN }} } when declared
 * ```
 */
export function addDeclaredSecrets(results: readonly WithFindings[]): void {
  const byPath = new Map(results.map((r) => [r.path, r.file]));
  for (const r of results) {
    if (r.file?.kind !== "workflow") continue;
    for (const f of r.findings) {
      if (f.ruleId !== "secrets-inherit" || !f.job) continue;
      const uses = r.file.jobs.find((j) => j.id === f.job)?.uses?.value ?? "";
      const local = /^\.\/(\.github\/workflows\/[^@]+\.ya?ml)$/.exec(uses.trim());
      const callee = local ? byPath.get(local[1]) : undefined;
      const names = callee ? declaredSecrets(callee) : undefined;
      if (names === undefined) continue;
      f.patch = names.length === 0
        ? `${f.job}:\n  # ${local![1]} declares no secrets: remove \`secrets: inherit\``
        : `${f.job}:\n  secrets:\n` +
          names.map((n) => `    ${n}: \${{ secrets.${n} }}`).join("\n");
    }
  }
}
