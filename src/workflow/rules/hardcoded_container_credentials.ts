/**
 * `hardcoded-container-credentials`: a registry password written into `container.credentials`
 * or `services.*.credentials` instead of taken from a secret (zizmor's
 * `hardcoded-container-credentials`).
 *
 * @module
 */
import { isScalar } from "yaml";
import type { Finding } from "../../report/model.ts";
import { finding, type Rule } from "./rule.ts";

/**
 * The rule.
 *
 * @example
 * ```ts
 * hardcodedContainerCredentials.check(file).map((f) => f.line);
 * ```
 */
export const hardcodedContainerCredentials: Rule = {
  id: "hardcoded-container-credentials",
  severity: "error",
  level: "default",
  confidence: "high",
  title: "Container registry password written in the workflow",
  rationale:
    "A password in the YAML is readable by everyone who can read the repository, and stays in its history.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const out: Finding[] = [];
    for (const job of file.jobs) {
      const owners: [string, string[]][] = [["container", ["container"]]];
      for (const name of Object.keys(job.services ?? {})) {
        owners.push([`service '${name}'`, ["services", name]]);
      }
      for (const [owner, path] of owners) {
        const node = file.doc.getIn(["jobs", job.id, ...path, "credentials", "password"], true);
        if (!isScalar(node) || node.value === null || !node.range) continue;
        // Only a password that is one whole `${{ }}` is taken from somewhere else.
        if (/^\$\{\{[\s\S]*\}\}$/.test(String(node.value).trim())) continue;
        out.push(finding(
          this,
          file,
          file.posAt(node.range[0]),
          `Job '${job.id}': the ${owner} registry password is written in the workflow`,
          {
            text: "Store the password as a secret and reference it; rotate the one committed.",
            patch:
              "credentials:\n  username: ${{ github.actor }}\n  password: ${{ secrets.REGISTRY_PASSWORD }}",
          },
          job.id,
        ));
      }
    }
    return out;
  },
};
