/**
 * `unsound-condition`: `if:` conditions that do not mean what they say — text around `${{ }}`
 * (always true), `contains('a b', x)` on a string (substring match), and `always()` on a job
 * that publishes (runs after failed tests and on cancellation).
 *
 * @module
 */
import { stringify } from "yaml";
import type { Finding } from "../../report/model.ts";
import { type Job, type Located, stepGroups } from "../model.ts";
import { publishingStep } from "./facts.ts";
import { finding, inlineCode, posWithin, type Rule } from "./rule.ts";

const EXPR = /\$\{\{([\s\S]*?)\}\}/g;
// A string literal as haystack makes `contains` a substring test: `refs/heads/ma` passes.
const STRING_CONTAINS = /contains\(\s*'([^']*)'\s*,\s*([A-Za-z_][\w.\-[\]'*]*)\s*\)/;

/** True when `${{ … }}` is the whole condition, the only form GitHub evaluates as written. */
function wholeExpression(value: string): boolean {
  return value.startsWith("${{") && value.endsWith("}}") && value.split("${{").length === 2;
}

/** The condition with `${{ }}` dropped, when no expression sits inside a quoted string. */
function unwrapped(value: string): string | undefined {
  let out = "";
  let last = 0;
  for (const m of value.matchAll(EXPR)) {
    const before = value.slice(0, m.index);
    if ((before.match(/'/g) ?? []).length % 2 === 1) return undefined;
    out += value.slice(last, m.index) + `(${m[1].trim()})`;
    last = m.index + m[0].length;
  }
  return (out + value.slice(last)).replace(/\s+/g, " ").trim();
}

const oneLine = (value: string) => value.replace(/\s+/g, " ").trim();

/**
 * True when `always()` is tamed: the condition tests the result of every job it needs, directly
 * (`needs.build.result == 'success'`, `needs.*.result`) or through a later job that itself
 * needs it (a job that needs `plan` only runs when `plan` succeeded).
 */
function checksEveryNeed(job: Job, jobs: readonly Job[]): boolean {
  const cond = job.condition?.value ?? "";
  if (/needs\.\*\.result/.test(cond)) return true;
  const checked = new Set(
    [...cond.matchAll(/needs\.([A-Za-z_][\w-]*)\.result/g)].map((m) => m[1]),
  );
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const covered = new Set<string>();
  const cover = (id: string) => {
    for (const need of byId.get(id)?.needs ?? []) {
      if (covered.has(need.value)) continue;
      covered.add(need.value);
      cover(need.value);
    }
  };
  for (const id of checked) {
    covered.add(id);
    cover(id);
  }
  return job.needs.length > 0 && job.needs.every((need) => covered.has(need.value));
}

/**
 * The rule.
 *
 * @example
 * ```ts
 * unsoundCondition.check(file).map((f) => f.message);
 * ```
 */
export const unsoundCondition: Rule = {
  id: "unsound-condition",
  severity: "error",
  level: "default",
  confidence: "high",
  title: "if: condition that is always true or matches more than intended",
  rationale:
    "Text around `${{ }}` turns `if:` into a non-empty string, which is always true, so the guard never stops anything.",
  check(file) {
    const out: Finding[] = [];
    const check = (cond: Located<string>, where: string, job?: string) => {
      const value = cond.value;
      if (value.includes("${{") && !wholeExpression(value)) {
        const fixed = unwrapped(value);
        out.push(finding(
          this,
          file,
          cond.pos,
          `${where} has if: ${inlineCode(oneLine(value))}, which is always true: the text ` +
            "outside `${{ }}` (or a trailing newline of a block scalar) makes it a non-empty string",
          {
            text: fixed === undefined
              ? "Write the whole condition as one expression without `${{ }}`, building strings " +
                "with `format()` instead of nesting `${{ }}` in quotes."
              : "Write the whole condition as one expression without `${{ }}`.",
            ...(fixed === undefined ? {} : { patch: stringify({ if: fixed }).trimEnd() }),
          },
          job,
        ));
        return;
      }
      const m = value.match(STRING_CONTAINS);
      if (m) {
        const items = m[1].split(/[\s,]+/).filter((s) => s !== "");
        const list = `fromJSON('${JSON.stringify(items)}')`;
        out.push({
          ...finding(
            this,
            file,
            posWithin(file, cond, m[0]),
            `${where} tests ${inlineCode(m[0])}: on a string this is a substring match, so any ` +
              `value inside '${m[1]}' (even a prefix) passes`,
            {
              text: `Test against a list: ${inlineCode(`contains(${list}, ${m[2]})`)}.`,
              patch: stringify({ if: oneLine(value.replace(m[0], `contains(${list}, ${m[2]})`)) })
                .trimEnd(),
            },
            job,
          ),
          severity: "warning",
        });
      }
    };
    if (file.kind === "workflow") {
      for (const job of file.jobs) {
        if (!job.condition) continue;
        check(job.condition, `Job '${job.id}'`, job.id);
        const publishes = publishingStep(job);
        if (
          /\balways\(\)/.test(job.condition.value) && publishes &&
          !checksEveryNeed(job, file.jobs)
        ) {
          out.push({
            ...finding(
              this,
              file,
              posWithin(file, job.condition, "always()"),
              `Job '${job.id}' publishes (step ${publishes.index + 1}) under if: ` +
                `${inlineCode(oneLine(job.condition.value))}, so it runs even when the jobs it ` +
                "needs failed or the run was cancelled",
              {
                text: "Publish only after success: drop `always()`, or use " +
                  "`!cancelled() && !contains(needs.*.result, 'failure')`.",
                patch: stringify({
                  if: "${{ !cancelled() && !contains(needs.*.result, 'failure') }}",
                }).trimEnd(),
              },
              job.id,
            ),
            severity: "warning",
          });
        }
      }
    }
    for (const group of stepGroups(file)) {
      for (const step of group.steps) {
        if (!step.condition) continue;
        const where = `Step ${step.name ? `'${step.name}'` : `#${step.index + 1}`}`;
        check(step.condition, where, group.job?.id);
      }
    }
    return out;
  },
};
