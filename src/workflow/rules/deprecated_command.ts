/**
 * `deprecated-command`: workflow commands GitHub disabled or deprecated for environment files.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { stepGroups } from "../model.ts";
import { finding, inlineCode, posWithin, type Rule } from "./rule.ts";

// `::set-output name=x::value` → its replacement line, built from what was written.
const COMMANDS: Record<string, { file: string; line: (name: string, value: string) => string }> = {
  "set-output": { file: "GITHUB_OUTPUT", line: (n, v) => `echo "${n}=${v}" >> "$GITHUB_OUTPUT"` },
  "save-state": { file: "GITHUB_STATE", line: (n, v) => `echo "${n}=${v}" >> "$GITHUB_STATE"` },
  "set-env": { file: "GITHUB_ENV", line: (n, v) => `echo "${n}=${v}" >> "$GITHUB_ENV"` },
  "add-path": { file: "GITHUB_PATH", line: (_, v) => `echo "${v}" >> "$GITHUB_PATH"` },
};

const PATTERN = /::(set-output|save-state|set-env|add-path)(?:\s+name=([^:]*))?::([^"'\n]*)/g;

/**
 * The rule: one finding per use, at its line inside the script.
 *
 * @example
 * ```ts
 * deprecatedCommand.check(file).map((f) => f.fix);
 * ```
 */
export const deprecatedCommand: Rule = {
  id: "deprecated-command",
  severity: "warning",
  level: "default",
  confidence: "high",
  title: "Deprecated workflow command",
  rationale:
    "set-env/add-path are disabled and set-output/save-state deprecated: they were injectable via logs.",
  check(file) {
    const out: Finding[] = [];
    for (const group of stepGroups(file)) {
      for (const step of group.steps) {
        if (!step.run) continue;
        for (const m of step.run.value.matchAll(PATTERN)) {
          const command = m[1];
          const spec = COMMANDS[command];
          const name = m[2]?.trim() || "NAME";
          const value = m[3].trim() || "value";
          out.push(finding(
            this,
            file,
            posWithin(file, step.run, m[0]),
            `'::${command}' is deprecated (found '${m[0].trim()}'); write to $${spec.file} instead`,
            { text: `Replace that line with ${inlineCode(spec.line(name, value))}.` },
            group.job?.id,
          ));
        }
      }
    }
    return out;
  },
};
