/**
 * `unredacted-secrets`: `fromJSON(secrets.X)` turns a secret into new values (its fields), which
 * GitHub's log redaction does not know, so they print in clear (zizmor's `unredacted-secrets`).
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { children, contextRoot, type Expr, isContext } from "./expr_ast.ts";
import { fencedExpressions } from "./expr_scan.ts";
import { finding, inlineCode, type Rule } from "./rule.ts";

/** The `fromJSON(secrets…)` calls in `e`, outermost first, not looking inside a match. */
function leaks(e: Expr): Expr[] {
  if (
    e.k === "call" && e.name.toLowerCase() === "fromjson" &&
    e.args.some((a) => isContext(a) && contextRoot(a) === "secrets")
  ) return [e];
  return children(e).flatMap(leaks);
}

/**
 * The rule.
 *
 * @example
 * ```ts
 * unredactedSecrets.check(file).map((f) => f.line);
 * ```
 */
export const unredactedSecrets: Rule = {
  id: "unredacted-secrets",
  severity: "warning",
  level: "default",
  confidence: "high",
  title: "Secret decoded with fromJSON escapes log redaction",
  rationale:
    "GitHub masks a secret's exact value in logs; the fields `fromJSON` pulls out of it are new strings it does not mask.",
  check(file) {
    const out: Finding[] = [];
    for (const f of fencedExpressions(file)) {
      for (const leak of leaks(f.expr)) {
        const text = f.inner.slice(leak.start, leak.end);
        out.push(finding(
          this,
          file,
          file.posAt(f.offset + leak.start),
          `${inlineCode(text)} decodes a secret: the values it yields are not redacted from logs`,
          {
            text: "Store each field as its own secret and use it directly " +
              "(`secrets.DB_PASSWORD`), or mask the decoded value with `::add-mask::` first.",
          },
        ));
      }
    }
    return out;
  },
};
