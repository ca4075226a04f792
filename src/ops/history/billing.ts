/**
 * Billable minutes of GitHub-hosted runners, the way GitHub bills them: each job rounded up to
 * the whole minute, times the runner OS multiplier (Linux 1, Windows 2, macOS 10); self-hosted
 * runners are not billed.
 *
 * Assumptions, stated in reports: a larger runner (`ubuntu-latest-4-cores`, a runner group's
 * custom label) is counted like a standard runner of its OS — GitHub bills those per core at
 * their own rates, so their cost is under-estimated here; a GitHub-hosted job whose labels name
 * no OS is counted as Linux, the cheapest and most common.
 *
 * @module
 */
import type { JobHistory } from "./model.ts";

/** The runner a job ran on, from its labels. */
export interface Runner {
  os: JobHistory["os"];
  selfHosted: boolean;
}

/** Minutes billed per minute used, by runner OS (GitHub's documented multipliers). */
export const OS_MULTIPLIER: Readonly<Record<JobHistory["os"], number>> = {
  linux: 1,
  windows: 2,
  macos: 10,
  unknown: 1,
};

/**
 * The runner OS and kind from a job's labels (`ubuntu-24.04`, `windows-latest`, `macos-14`,
 * `self-hosted` with `Linux`/`Windows`/`macOS`).
 *
 * @example
 * ```ts
 * runnerOf(["self-hosted", "Linux", "X64"]); // { os: "linux", selfHosted: true }
 * runnerOf(["macos-14"]); // { os: "macos", selfHosted: false }
 * ```
 */
export function runnerOf(labels: readonly string[]): Runner {
  const lower = labels.map((l) => l.toLowerCase());
  const selfHosted = lower.includes("self-hosted");
  const has = (pattern: RegExp) => lower.some((l) => pattern.test(l));
  const os = has(/^(macos|osx)\b/)
    ? "macos"
    : has(/^windows\b/)
    ? "windows"
    : has(/^(ubuntu|linux)\b/)
    ? "linux"
    : "unknown";
  return { os, selfHosted };
}

/**
 * Billable minutes of one job: 0 on a self-hosted runner, else the whole minutes begun times
 * the OS multiplier (an unknown hosted OS counts as Linux).
 *
 * @example
 * ```ts
 * billableMinutes(61_000, { os: "windows", selfHosted: false }); // 4
 * billableMinutes(61_000, { os: "linux", selfHosted: true }); // 0
 * ```
 */
export function billableMinutes(ms: number, runner: Runner): number {
  if (runner.selfHosted || ms <= 0) return 0;
  return Math.ceil(ms / 60_000) * OS_MULTIPLIER[runner.os];
}
