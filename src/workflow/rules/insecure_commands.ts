/**
 * `insecure-commands`: `ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables `::set-env` and `::add-path`,
 * which let anything printed to the log set variables for later steps.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { finding, type Rule } from "./rule.ts";

const SETTING = /^[ \t-]*ACTIONS_ALLOW_UNSECURE_COMMANDS[ \t]*:[ \t]*['"]?(true|yes|1)\b/gim;

/**
 * The rule, read from the source so it covers workflow, job and step `env:` alike.
 *
 * @example
 * ```ts
 * insecureCommands.check(file).length;
 * ```
 */
export const insecureCommands: Rule = {
  id: "insecure-commands",
  severity: "error",
  level: "default",
  confidence: "high",
  title: "ACTIONS_ALLOW_UNSECURE_COMMANDS enabled",
  rationale:
    "It revives ::set-env and ::add-path: any log line an attacker influences can set LD_PRELOAD or PATH for later steps.",
  check(file) {
    const out: Finding[] = [];
    for (const m of file.source.matchAll(SETTING)) {
      const at = m.index + m[0].indexOf("ACTIONS_ALLOW_UNSECURE_COMMANDS");
      out.push(finding(
        this,
        file,
        file.posAt(at),
        `ACTIONS_ALLOW_UNSECURE_COMMANDS is set to ${m[1]}, re-enabling ::set-env and ::add-path`,
        {
          text: "Remove it and write to `$GITHUB_ENV` / `$GITHUB_PATH` instead.",
          patch: 'run: echo "NAME=value" >> "$GITHUB_ENV"',
        },
      ));
    }
    return out;
  },
};
