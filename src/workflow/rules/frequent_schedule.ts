/**
 * `frequent-schedule`: `on.schedule` crons that start a run more often than every 15 minutes.
 *
 * @module
 */
import { isMap, isScalar, isSeq } from "yaml";
import type { Finding } from "../../report/model.ts";
import type { Pos } from "../model.ts";
import { finding, inlineCode, type Rule } from "./rule.ts";

/** Runs more often than this many a day (every 15 minutes) are reported. */
export const MAX_RUNS_PER_DAY = 96;

// GitHub starts scheduled workflows at most every 5 minutes, whatever the cron says.
const MIN_INTERVAL = 5;

/** How many values a cron field matches in [min, max], or undefined when unreadable. */
function fieldCount(field: string, min: number, max: number): number | undefined {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const m = part.match(/^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/);
    if (!m) return undefined;
    const step = m[4] ? Number(m[4]) : 1;
    const from = m[1] === "*" ? min : Number(m[2]);
    const to = m[1] === "*" || m[4] && !m[3] ? max : Number(m[3] ?? m[2]);
    if (step < 1 || from < min || to > max) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values.size;
}

/**
 * Runs a cron asks for on a day it is active (minute × hour matches; GitHub starts at most one
 * every 5 minutes), or undefined when the expression is not a plain five-field cron.
 *
 * @example
 * ```ts
 * runsPerDay("*\/5 * * * *"); // 288
 * ```
 */
export function runsPerDay(cron: string): number | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const minutes = fieldCount(fields[0], 0, 59);
  const hours = fieldCount(fields[1], 0, 23);
  if (minutes === undefined || hours === undefined) return undefined;
  return minutes * hours;
}

const inWords = (perDay: number) => {
  const every = (24 * 60) / perDay;
  if (Number.isInteger(every)) return every === 1 ? "every minute" : `every ${every} minutes`;
  return `${perDay} times a day`;
};

/**
 * The rule. Cost is stated as the floor GitHub bills: one minute per job per run.
 *
 * @example
 * ```ts
 * frequentSchedule.check(file)[0]?.message;
 * ```
 */
export const frequentSchedule: Rule = {
  id: "frequent-schedule",
  severity: "notice",
  level: "pedantic",
  confidence: "high",
  title: "Scheduled more often than every 15 minutes",
  rationale:
    "Each scheduled run bills at least one minute per job and queues behind real work; few checks need minute-level freshness.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const schedule = file.doc.getIn(["on", "schedule"]);
    if (!isSeq(schedule)) return [];
    const jobs = Math.max(1, file.jobs.filter((j) => !j.uses).length);
    const out: Finding[] = [];
    for (const item of schedule.items) {
      if (!isMap(item)) continue;
      const node = item.get("cron", true);
      if (!isScalar(node) || typeof node.value !== "string") continue;
      const cron = node.value;
      const asked = runsPerDay(cron);
      if (asked === undefined || asked <= MAX_RUNS_PER_DAY) continue;
      const perDay = Math.min(asked, (24 * 60) / MIN_INTERVAL);
      const pos: Pos = node.range ? file.posAt(node.range[0]) : file.onPos;
      const perMonth = perDay * 30;
      const throttled = asked > perDay ? ", which GitHub throttles to every 5 minutes" : "";
      out.push(finding(
        this,
        file,
        pos,
        `Cron ${inlineCode(cron)} runs ${inWords(asked)}${throttled}: ${perDay} runs a day, ` +
          `at least ${(perMonth * jobs).toLocaleString("en-US")} billed minutes a month for ` +
          `${jobs} job${jobs === 1 ? "" : "s"}`,
        {
          text: "Run it hourly or less often, or trigger it from the event it waits for " +
            "(`push`, `workflow_run`, `repository_dispatch`).",
          patch: `schedule:\n  - cron: "${
            cron.trim().split(/\s+/)[0].includes("*") ? "17" : "0"
          } * * * *"`,
        },
      ));
    }
    return out;
  },
};
