/**
 * `bot-conditions`: an `if:` that trusts `github.actor == 'dependabot[bot]'`. The actor is
 * whoever caused the latest event, so anyone can make a bot the actor of their pull request
 * (zizmor's `bot-conditions`, same semantics: a finding dominates when the bot test alone
 * decides the condition, else it is advice).
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { contextPath, type Expr, isContext } from "./expr_ast.ts";
import { jobConditions, nodePos } from "./expr_scan.ts";
import { finding, inlineCode, pedantic, type Rule } from "./rule.ts";

const ACTOR_NAMES = [
  "github.actor",
  "github.triggering_actor",
  "github.event.pull_request.sender.login",
];
const ACTOR_IDS = ["github.actor_id", "github.event.pull_request.sender.id"];
// dependabot's integration and user ids, dependabot-preview, renovate (from zizmor).
const BOT_IDS = ["29110", "49699333", "27856297", "29139614"];

function isBotTest(ctx: Expr, lit: Expr): boolean {
  if (lit.k !== "lit" || lit.value === null) return false;
  const path = contextPath(ctx);
  if (path === undefined) return false;
  const value = String(lit.value);
  return (ACTOR_NAMES.includes(path) && value.endsWith("[bot]")) ||
    (ACTOR_IDS.includes(path) && BOT_IDS.includes(value));
}

/**
 * zizmor's walk: the bot test found (if any), and whether it dominates — decides the whole
 * condition alone, as under `||`, rather than being one conjunct of `&&` or negated.
 */
function walk(e: Expr, dominating: boolean): [Expr | undefined, boolean] {
  switch (e.k) {
    case "call":
    case "member":
    case "index": {
      const parts = e.k === "call" ? e.args : e.k === "member" ? [e.target] : [e.target, e.index];
      if (parts.length === 0) return [undefined, dominating];
      const found = parts.map((p) => walk(p, false)[0]).find((x) => x !== undefined);
      return [found, false];
    }
    // A negated bot test keeps bots out rather than letting them in (zizmor still flags it,
    // and says so in a TODO).
    case "not":
      return [undefined, false];
    case "bin": {
      if (e.op === "||") {
        return [walk(e.lhs, true)[0] ?? walk(e.rhs, true)[0], true];
      }
      if (e.op === "==") {
        const [ctx, lit] = isContext(e.lhs) ? [e.lhs, e.rhs] : [e.rhs, e.lhs];
        if (!isContext(ctx)) return [undefined, true];
        if (lit.k === "lit") return [isBotTest(ctx, lit) ? e : undefined, true];
        return [walk(e.lhs, true)[0] ?? walk(e.rhs, true)[0], true];
      }
      return [walk(e.lhs, false)[0] ?? walk(e.rhs, false)[0], false];
    }
    default:
      return [undefined, dominating];
  }
}

/**
 * The rule.
 *
 * @example
 * ```ts
 * botConditions.check(file).map((f) => f.line);
 * ```
 */
export const botConditions: Rule = {
  id: "bot-conditions",
  severity: "error",
  level: "default",
  confidence: "high",
  title: "if: trusts a spoofable bot actor",
  rationale:
    "`github.actor` is whoever triggered the latest event, so an attacker can make Dependabot the actor of their own pull request and pass the check.",
  check(file) {
    const out: Finding[] = [];
    for (const c of jobConditions(file)) {
      const [test, dominates] = walk(c.expr, true);
      if (!test) continue;
      const f = finding(
        this,
        file,
        nodePos(file, c, test),
        `${c.where} trusts the actor: ${inlineCode(c.cond.value.trim())} can be made true by ` +
          "anyone, since the actor is whoever caused the latest event, not the pull request's author" +
          (dominates ? "" : " (the bot test is one part of the condition)"),
        {
          text: "Test who opened the pull request instead, e.g. " +
            "`github.event.pull_request.user.login == 'dependabot[bot]'`, and keep the job free of " +
            "secrets it does not need.",
        },
        c.job.id,
      );
      out.push(dominates ? f : pedantic(f));
    }
    return out;
  },
};
