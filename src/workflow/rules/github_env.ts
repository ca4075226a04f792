/**
 * `github-env`: untrusted input written to `$GITHUB_ENV` or `$GITHUB_PATH`, directly or through
 * an environment variable, letting an attacker set `LD_PRELOAD`, `NODE_OPTIONS` or `PATH` for
 * every later step of the job.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { stepGroups } from "../model.ts";
import { stepLabel } from "./facts.ts";
import { finding, inlineCode, posWithin, type Rule } from "./rule.ts";
import { untrustedIn } from "./script_injection.ts";

// bash `>> $GITHUB_ENV`, `| tee -a "${GITHUB_PATH}"`, pwsh `$env:GITHUB_ENV`, cmd `%GITHUB_ENV%`.
const WRITE =
  /(>>?|\btee\b[^|\n]*|Out-File\b[^|\n]*|Add-Content\b[^|\n]*)\s*["']?(\$\{?(env:)?GITHUB_(ENV|PATH)\b\}?|%GITHUB_(ENV|PATH)%)/;

const refersTo = (script: string, name: string) =>
  new RegExp(`\\$\\{?${name}\\b|\\$env:${name}\\b|%${name}%`, "i").test(script);

/**
 * The rule.
 *
 * @example
 * ```ts
 * githubEnv.check(file).map((f) => f.line);
 * ```
 */
export const githubEnv: Rule = {
  id: "github-env",
  severity: "error",
  level: "default",
  confidence: "high",
  title: "Untrusted input written to GITHUB_ENV or GITHUB_PATH",
  rationale:
    "Whoever controls a line of $GITHUB_ENV or $GITHUB_PATH sets variables like LD_PRELOAD or PATH for every later step: code execution.",
  check(file) {
    const out: Finding[] = [];
    const workflowEnv = file.kind === "workflow" ? file.env : {};
    for (const group of stepGroups(file)) {
      for (const step of group.steps) {
        const run = step.run;
        if (!run) continue;
        const lines = run.value.split("\n");
        if (!lines.some((line) => WRITE.test(line))) continue;
        const env = { ...workflowEnv, ...group.job?.env, ...step.env };
        // Variable → the untrusted path it carries; shell assignments from a tainted variable
        // (`msg=$(echo "$TITLE" | …)`) carry it on.
        const tainted = new Map<string, string>();
        for (const [name, value] of Object.entries(env)) {
          const hit = untrustedIn(value)[0];
          if (hit) tainted.set(name, hit.path);
        }
        for (const line of lines) {
          const assigned = line.match(/^\s*(?:export\s+|local\s+)?([A-Za-z_]\w*)=/)?.[1];
          const from = [...tainted].find(([name]) => refersTo(line, name));
          if (assigned && from && !tainted.has(assigned)) tainted.set(assigned, from[1]);
          if (!WRITE.test(line)) continue;
          const target = line.match(WRITE)![0].includes("PATH") ? "GITHUB_PATH" : "GITHUB_ENV";
          const direct = untrustedIn(line).map((hit) => hit.path);
          const viaEnv = [...tainted].filter(([name]) => refersTo(line, name))
            .map(([name, path]) => `${path} (via $${name})`);
          const sources = [...new Set([...direct, ...viaEnv])];
          if (sources.length === 0) continue;
          out.push(finding(
            this,
            file,
            posWithin(file, run, line.trim()),
            `${stepLabel(step)} writes untrusted ${sources.join(", ")} to $${target} in ` +
              inlineCode(line.trim()),
            {
              text: target === "GITHUB_PATH"
                ? "Never build PATH entries from event data; use a fixed directory."
                : "Pass the value to later steps as a step output (`$GITHUB_OUTPUT`) read " +
                  "through `env:`, or validate it against a strict pattern before writing it.",
            },
            group.job?.id,
          ));
        }
      }
    }
    return out;
  },
};
