/**
 * `obfuscation`: workflow text that hides what it does from readers and from pattern-matching
 * rules — `uses:` paths with empty, `.` or `..` components, expressions that reduce to a
 * constant (`${{ format('{0}', 'x') }}`), computed context indices, and a `with:` given as one
 * expression (zizmor's `obfuscation`).
 *
 * @module
 */
import { isScalar } from "yaml";
import type { Finding } from "../../report/model.ts";
import { stepGroups } from "../model.ts";
import { parseUses } from "../uses.ts";
import { children, type Expr } from "./expr_ast.ts";
import { fencedExpressions } from "./expr_scan.ts";
import { stepLabel } from "./facts.ts";
import { finding, inlineCode, pedantic, type Rule } from "./rule.ts";

// Functions whose result is fixed when their arguments are (zizmor leaves fromJSON out).
const PURE = ["contains", "startswith", "endswith", "format", "tojson", "join"];

/** True when `e` evaluates to the same value on every run. */
function constant(e: Expr): boolean {
  switch (e.k) {
    case "lit":
      return true;
    case "bin":
      return constant(e.lhs) && constant(e.rhs);
    case "not":
      return constant(e.expr);
    case "call":
      return PURE.includes(e.name.toLowerCase()) && e.args.every(constant);
    default:
      return false;
  }
}

/** The largest constant parts of `e` that are not plain literals. */
function constantParts(e: Expr): Expr[] {
  if (e.k !== "lit" && constant(e)) return [e];
  return children(e).flatMap(constantParts);
}

/** Index expressions computed at run time (`inputs[inputs.name]`). */
function computedIndices(e: Expr): Expr[] {
  const own = e.k === "index" && e.index.k !== "lit" && e.index.k !== "star" ? [e] : [];
  return [...own, ...children(e).flatMap(computedIndices)];
}

/** What is odd about a remote `uses:` path: empty, `.` and `..` components. */
function oddComponents(uses: string): string[] {
  const ref = parseUses(uses);
  if (ref.kind !== "remote" || ref.path === undefined) return [];
  const odd = new Set<string>();
  for (const part of ref.path.split("/")) {
    if (part === "." || part === "..") odd.add(`'${part}'`);
    else if (part === "") odd.add("an empty component");
  }
  return [...odd];
}

/** The `uses:` with `.`, `..` and empty components resolved; undefined when `..` escapes. */
function normalised(uses: string): string | undefined {
  const ref = parseUses(uses);
  if (ref.kind !== "remote") return undefined;
  const parts: string[] = [];
  for (const part of (ref.path ?? "").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.pop() === undefined) return undefined;
    if (part !== "..") parts.push(part);
  }
  const at = ref.ref === undefined ? "" : `@${ref.ref}`;
  return [ref.owner, ref.repo, ...parts].join("/") + at;
}

/**
 * The rule.
 *
 * @example
 * ```ts
 * obfuscation.check(file).map((f) => f.line);
 * ```
 */
export const obfuscation: Rule = {
  id: "obfuscation",
  severity: "notice",
  level: "default",
  confidence: "high",
  title: "Obfuscated uses: path or expression",
  rationale:
    "Needless `.`/`..`/empty parts in `uses:` and expressions that are constants hide what runs from reviewers and from other checks.",
  check(file) {
    const out: Finding[] = [];
    for (const group of stepGroups(file)) {
      for (const step of group.steps) {
        if (!step.uses) continue;
        const odd = oddComponents(step.uses.value);
        if (odd.length > 0) {
          const clean = normalised(step.uses.value);
          out.push(finding(
            this,
            file,
            step.uses.pos,
            `${stepLabel(step)} uses ${inlineCode(step.uses.value)}, whose path has ` +
              `${odd.join(" and ")}: it names the same action in a form other checks cannot match`,
            clean === undefined
              ? { text: "Write the action's real path, without `.`, `..` or empty parts." }
              : { text: `Write ${inlineCode(clean)}.`, patch: `uses: ${clean}` },
            group.job?.id,
          ));
        }
        const base = file.kind === "workflow" ? ["jobs", group.job?.id ?? ""] : ["runs"];
        const withNode = file.doc.getIn([...base, "steps", step.index, "with"], true);
        if (
          parseUses(step.uses.value).kind === "remote" && isScalar(withNode) &&
          /\$\{\{/.test(String(withNode.value)) && withNode.range
        ) {
          out.push(finding(
            this,
            file,
            file.posAt(withNode.range[0]),
            `${stepLabel(step)} passes its whole \`with:\` as one expression, so no check ` +
              "(credentials, caching, pinning) can see its inputs",
            { text: "List the inputs under `with:` one by one." },
            group.job?.id,
          ));
        }
      }
    }
    for (const f of fencedExpressions(file)) {
      // A whole expression that is a plain literal (`${{ 'a' }}`) counts too.
      const parts = constant(f.expr) ? [f.expr] : constantParts(f.expr);
      for (const part of parts) {
        const text = f.inner.slice(part.start, part.end).trim();
        const whole = part === f.expr;
        out.push(finding(
          this,
          file,
          file.posAt(f.offset + part.start),
          `${inlineCode(whole ? "${{" + f.inner + "}}" : text)} is a constant written as an ` +
            "expression, which only hides its value",
          { text: whole ? "Write the value itself." : `Replace ${inlineCode(text)} by its value.` },
        ));
      }
      for (const index of computedIndices(f.expr)) {
        out.push(pedantic(finding(
          this,
          file,
          file.posAt(f.offset + index.start),
          `${inlineCode(f.inner.slice(index.start, index.end))} picks a context field computed ` +
            "at run time, which no reader or check can follow",
          { text: "Name the field, or branch on the few values it can take." },
        )));
      }
    }
    return out;
  },
};
