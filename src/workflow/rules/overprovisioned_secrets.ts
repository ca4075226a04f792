/**
 * `overprovisioned-secrets`: `toJSON(secrets)` (or `secrets[…]` with a computed key) hands
 * every secret to one step.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { finding, inlineCode, type Rule } from "./rule.ts";

const ALL_SECRETS = /toJSON\(\s*secrets\s*\)|\bsecrets\[\s*(?!['"])[^\]]+\]/gi;

/**
 * The rule, read from the source (every place an expression can appear).
 *
 * @example
 * ```ts
 * overprovisionedSecrets.check(file).map((f) => f.line);
 * ```
 */
export const overprovisionedSecrets: Rule = {
  id: "overprovisioned-secrets",
  severity: "warning",
  level: "default",
  confidence: "high",
  title: "Every secret exposed at once",
  rationale:
    "`toJSON(secrets)` or a computed `secrets[…]` puts all secrets in reach of one step, and its logs and children.",
  check(file) {
    const out: Finding[] = [];
    for (const m of file.source.matchAll(ALL_SECRETS)) {
      const lineStart = file.source.lastIndexOf("\n", m.index) + 1;
      if (file.source.slice(lineStart, m.index).trimStart().startsWith("#")) continue;
      out.push(finding(
        this,
        file,
        file.posAt(m.index),
        `${inlineCode(m[0])} exposes every secret of the repository to this step`,
        {
          text: "Pass only the secrets the step needs, one by one, through `env:`.",
          patch: "env:\n  API_TOKEN: ${{ secrets.API_TOKEN }}",
        },
      ));
    }
    return out;
  },
};
