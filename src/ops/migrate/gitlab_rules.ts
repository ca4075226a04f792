/**
 * `rules`, `only`/`except` and `when` of a job → the job's GitHub `if:` and the events the
 * workflow must trigger on. First-match semantics of `rules` are kept: rule N applies only when
 * rules 1…N−1 did not match.
 *
 * @module
 */
import type { At, Audit } from "./gitlab_audit.ts";
import { translateExpr } from "./gitlab_expr.ts";
import { isRawMap, type Locations, type Raw, type RawMap, text } from "./gitlab_parse.ts";

/** Job status test a disjunct runs under. */
export type Status = "success" | "always" | "failure";

/** One way the job can run: a condition (null = always true) under a status. */
export interface Disjunct {
  cond: string | null;
  status: Status;
  manual: boolean;
}

/** A job's run condition; `null` disjuncts means no restriction. */
export interface JobCondition {
  /** Empty list: the job never runs. Null: runs whenever the workflow runs. */
  disjuncts: Disjunct[] | null;
  events: Set<string>;
  allowFailure: boolean;
  /** Whether the job had any rules/only/except at all. */
  restricted: boolean;
  /** Variables set by matching rules: per name, the rule conditions in order with the value. */
  ruleVars?: Map<string, { cond: string | null; value: string }[]>;
}

const STATUS_OF: Record<string, Status> = {
  on_success: "success",
  always: "always",
  on_failure: "failure",
  manual: "success",
  delayed: "success",
};

/** When rules cannot be expressed the job runs on manual dispatch only: never broader. */
const MANUAL_ONLY: Disjunct[] = [{
  cond: "github.event_name == 'workflow_dispatch'",
  status: "success",
  manual: true,
}];

function whenOf(value: Raw | undefined, at: At, audit: Audit, what: string): string | null {
  const when = value === undefined || value === null ? "on_success" : text(value);
  if (when === "never" || when in STATUS_OF) {
    if (when === "manual") {
      audit.change(
        at,
        `${what}when: manual became a run on 'workflow_dispatch' (the whole workflow is dispatched, not one job)`,
      );
    }
    if (when === "delayed") {
      audit.change(at, `${what}when: delayed runs at once: 'start_in' has no equivalent`);
    }
    return when;
  }
  audit.notConverted(at, `${what}when: ${when} is unknown; treated as on_success`);
  return "on_success";
}

/**
 * Converts a job's rules or only/except.
 *
 * @example
 * ```ts
 * const cond = jobCondition(job, at, locs, audit);
 * cond.disjuncts; // [{ cond: "github.event_name == 'schedule'", status: "success", manual: false }]
 * ```
 */
export function jobCondition(
  job: RawMap,
  at: At,
  locs: Locations,
  audit: Audit,
  known: Record<string, string> = {},
): JobCondition {
  const events = new Set<string>();
  const jobWhen = whenOf(job.when, { ...at, line: locs.lineOf(job, "when") }, audit, "job ");
  const base: Disjunct = {
    cond: jobWhen === "manual" ? "github.event_name == 'workflow_dispatch'" : null,
    status: STATUS_OF[jobWhen ?? "on_success"] ?? "success",
    manual: jobWhen === "manual",
  };
  if (jobWhen === "manual") events.add("workflow_dispatch");
  if (jobWhen === "never") return { disjuncts: [], events, allowFailure: false, restricted: true };
  if (job.rules !== undefined) {
    return rulesCondition(
      job.rules,
      { ...at, line: locs.lineOf(job, "rules") },
      locs,
      audit,
      events,
      known,
    );
  }
  if (job.only !== undefined || job.except !== undefined) {
    const only = job.only === undefined ? null : refsCondition(
      job.only,
      { ...at, line: locs.lineOf(job, "only") },
      audit,
      events,
      "only",
      known,
    );
    const except = job.except === undefined ? null : refsCondition(
      job.except,
      { ...at, line: locs.lineOf(job, "except") },
      audit,
      events,
      "except",
      known,
    );
    if (only === undefined || except === undefined) {
      return { disjuncts: MANUAL_ONLY, events, allowFailure: false, restricted: true };
    }
    const parts = [base.cond, only, except === null ? null : `!(${except})`].filter((
      p,
    ): p is string => !!p);
    return {
      disjuncts: [{ ...base, cond: parts.length ? parts.join(" && ") : null }],
      events,
      allowFailure: false,
      restricted: true,
    };
  }
  return {
    disjuncts: base.cond || base.status !== "success" ? [base] : null,
    events,
    allowFailure: false,
    restricted: false,
  };
}

function rulesCondition(
  rules: Raw,
  at: At,
  locs: Locations,
  audit: Audit,
  events: Set<string>,
  known: Record<string, string>,
): JobCondition {
  const list = Array.isArray(rules) ? rules : [rules];
  const disjuncts: Disjunct[] = [];
  const previous: string[] = [];
  const ruleVars = new Map<string, { cond: string | null; value: string }[]>();
  let allowFailure = false;
  let exhausted = false;
  for (const rule of list) {
    if (exhausted) break;
    if (!isRawMap(rule)) {
      audit.notConverted(
        at,
        "rules entry of an unknown shape; the job runs on workflow_dispatch only",
      );
      return { disjuncts: MANUAL_ONLY, events, allowFailure, restricted: true };
    }
    const ruleAt = { ...at, line: locs.lineOf(rule) ?? at.line };
    let cond: string | null = null;
    if (rule.if !== undefined) {
      const t = translateExpr(text(rule.if), known);
      if (!t.ok) {
        audit.notConverted(
          ruleAt,
          `rules: if: ${
            text(rule.if)
          } could not be converted (${t.reason}); the job runs on workflow_dispatch only until its condition is rewritten`,
        );
        return { disjuncts: MANUAL_ONLY, events, allowFailure, restricted: true };
      }
      cond = t.expr;
      if (t.userVars?.size) {
        audit.change(
          ruleAt,
          `rules: if reads ${
            [...t.userVars].map((v) => `$${v}`).join(", ")
          } as repository variables (vars.*); define them in the repository settings`,
        );
      }
      for (const e of t.events) events.add(e);
    }
    for (const key of ["changes", "exists"]) {
      if (rule[key] !== undefined) {
        audit.notConverted(
          { ...ruleAt, line: locs.lineOf(rule, key) },
          `rules: ${key} cannot be tested per job in GitHub Actions; the rule applies as if it matched (consider a paths filter or dorny/paths-filter)`,
        );
      }
    }
    const ruleVarsAt = { ...ruleAt, line: locs.lineOf(rule, "variables") };
    if (isRawMap(rule.variables)) {
      const own = [...previous.map((p) => `!(${p})`), ...(cond ? [cond] : [])];
      for (const [name, value] of Object.entries(rule.variables)) {
        const list = ruleVars.get(name) ?? [];
        list.push({ cond: own.length ? own.join(" && ") : null, value: text(value) });
        ruleVars.set(name, list);
      }
      audit.change(ruleVarsAt, "rules: variables became env values chosen by the same conditions");
    } else if (rule.variables !== undefined) {
      audit.notConverted(ruleVarsAt, "rules: variables of an unknown shape was not converted");
    }
    for (const key of ["needs", "interruptible"]) {
      if (rule[key] !== undefined) {
        audit.notConverted(
          { ...ruleAt, line: locs.lineOf(rule, key) },
          `rules: ${key} set by a rule was not converted`,
        );
      }
    }
    const when = whenOf(rule.when, ruleAt, audit, "rules: ");
    if (rule.allow_failure === true) allowFailure = true;
    if (when !== "never") {
      const parts = [...previous.map((p) => `!(${p})`)];
      if (cond) parts.push(cond);
      if (when === "manual") {
        parts.push("github.event_name == 'workflow_dispatch'");
        events.add("workflow_dispatch");
      }
      disjuncts.push({
        cond: parts.length ? parts.join(" && ") : null,
        status: STATUS_OF[when ?? "on_success"],
        manual: when === "manual",
      });
    }
    if (cond === null) exhausted = true;
    else previous.push(cond);
  }
  if (allowFailure) {
    audit.change(at, "rules: allow_failure became continue-on-error for every rule");
  }
  return { disjuncts, events, allowFailure, restricted: true, ruleVars };
}

const REF_KEYWORDS: Record<string, { cond: string; event: string }> = {
  branches: {
    cond: "(github.event_name != 'pull_request' && github.ref_type == 'branch')",
    event: "push:branches",
  },
  tags: { cond: "github.ref_type == 'tag'", event: "push:tags" },
  merge_requests: { cond: "github.event_name == 'pull_request'", event: "pull_request" },
  external_pull_requests: { cond: "github.event_name == 'pull_request'", event: "pull_request" },
  schedules: { cond: "github.event_name == 'schedule'", event: "schedule" },
  web: { cond: "github.event_name == 'workflow_dispatch'", event: "workflow_dispatch" },
  api: { cond: "github.event_name == 'workflow_dispatch'", event: "workflow_dispatch" },
  triggers: { cond: "github.event_name == 'repository_dispatch'", event: "repository_dispatch" },
  pushes: { cond: "github.event_name == 'push'", event: "push:branches" },
};

/** `only`/`except` → a condition; undefined when it cannot be expressed. */
function refsCondition(
  value: Raw,
  at: At,
  audit: Audit,
  events: Set<string>,
  what: string,
  known: Record<string, string>,
): string | null | undefined {
  const spec = isRawMap(value) ? value : { refs: value } as RawMap;
  const parts: string[] = [];
  for (const [key, v] of Object.entries(spec)) {
    const items = Array.isArray(v) ? v : [v];
    if (key === "refs") {
      const refs: string[] = [];
      for (const item of items) {
        const ref = text(item);
        const known = REF_KEYWORDS[ref];
        if (known) {
          refs.push(known.cond);
          if (what === "only") events.add(known.event);
          continue;
        }
        const t = translateExpr(
          ref.startsWith("/")
            ? `$CI_COMMIT_REF_NAME =~ ${ref}`
            : `$CI_COMMIT_REF_NAME == "${ref.replaceAll('"', "")}"`,
        );
        if (!t.ok) {
          audit.notConverted(
            at,
            `${what}: ${ref} could not be converted (${t.reason}); the job runs on workflow_dispatch only`,
          );
          return undefined;
        }
        refs.push(t.expr);
      }
      if (refs.length) parts.push(refs.length === 1 ? refs[0] : `(${refs.join(" || ")})`);
    } else if (key === "variables") {
      const exprs: string[] = [];
      for (const item of items) {
        const t = translateExpr(text(item), known);
        if (!t.ok) {
          audit.notConverted(
            at,
            `${what}: variables ${
              text(item)
            } could not be converted (${t.reason}); the job runs on workflow_dispatch only`,
          );
          return undefined;
        }
        exprs.push(t.expr);
      }
      if (exprs.length) parts.push(`(${exprs.join(" || ")})`);
    } else {
      audit.notConverted(at, `${what}: ${key} cannot be tested per job in GitHub Actions; ignored`);
    }
  }
  return parts.length ? parts.join(" && ") : null;
}

/**
 * The `if:` for a job from its condition, given the status test its dependencies need.
 *
 * @example
 * ```ts
 * ifExpression([{ cond: "github.ref_type == 'tag'", status: "success", manual: false }], false);
 * // "github.ref_type == 'tag'"
 * ```
 */
export function ifExpression(disjuncts: Disjunct[] | null, skippableNeeds: boolean): string | null {
  const statusFn = (s: Status) =>
    s === "always"
      ? "always()"
      : s === "failure"
      ? "failure()"
      : skippableNeeds
      ? "!cancelled() && !failure()"
      : null;
  const list = disjuncts ?? [{ cond: null, status: "success" as Status, manual: false }];
  if (list.length === 0) return "false";
  const explicit = list.some((d) => d.status !== "success") || skippableNeeds;
  const terms = list.map((d) => {
    const s = explicit ? statusFn(d.status) ?? "success()" : null;
    const parts = [s, d.cond].filter((p): p is string => !!p);
    return parts.length === 0 ? "true" : parts.join(" && ");
  });
  if (terms.includes("true")) return null;
  return terms.length === 1 ? terms[0] : terms.map((t) => `(${t})`).join(" || ");
}
