/**
 * The analyze report every surface's "what matters" test renders: a regression insight linked to
 * its run, four uses of a tag-pinned action in one group, one script injection. Each test
 * overrides only what it checks (the escaping of its markup, a chart, a table), so the data the
 * surfaces are compared on is written once.
 *
 * @module
 */
import { type Report, type ReportInput, ReportSchema } from "../../src/report/model.ts";

type InsightInput = NonNullable<ReportInput["insights"]>[number];
type FindingInput = NonNullable<ReportInput["findings"]>[number];
type GroupInput = NonNullable<ReportInput["groups"]>[number];

/**
 * ci.yml slowed down from run 112, two days before the report was made.
 *
 * @example
 * ```ts
 * insightsReport({ insights: [{ ...REGRESSION, detail: "Median 5m → 7m *now*." }] });
 * ```
 */
export const REGRESSION = {
  kind: "regression",
  title: "ci.yml is 40% slower since run 112",
  detail: "Median 5m 4s → 7m 6s.",
  url: "https://github.com/acme/app/actions/runs/112",
  at: "2026-11-22T12:00:00Z",
} satisfies InsightInput;

/**
 * Two script-injection errors, with no run to link to.
 *
 * @example
 * ```ts
 * insightsReport({ insights: [REGRESSION, SECURITY] });
 * ```
 */
export const SECURITY = {
  kind: "security",
  title: "2 security errors in 1 file",
  detail: "script-injection (2).",
} satisfies InsightInput;

/**
 * A flaky job, with no run to link to.
 *
 * @example
 * ```ts
 * insightsReport({ insights: [REGRESSION, FLAKY] });
 * ```
 */
export const FLAKY = {
  kind: "flaky",
  title: "Job integration in ci.yml is flaky",
  detail: "Failed 3 of 60 runs.",
} satisfies InsightInput;

/**
 * `actions/checkout@v4` pinned to a tag on lines 1 to 4 of ci.yml.
 *
 * @example
 * ```ts
 * insightsReport({ findings: PINNED_FINDINGS, groups: [PINNED_GROUP] });
 * ```
 */
export const PINNED_FINDINGS: FindingInput[] = [1, 2, 3, 4].map((line) => ({
  ruleId: "unpinned-action",
  severity: "notice",
  file: "ci.yml",
  line,
  message: "'actions/checkout@v4' is pinned to a tag",
}));

/**
 * The four {@linkcode PINNED_FINDINGS} as one group with one fix.
 *
 * @example
 * ```ts
 * insightsReport({ groups: [{ ...PINNED_GROUP, patch: "uses: actions/checkout@abc123 # v4" }] });
 * ```
 */
export const PINNED_GROUP = {
  ruleId: "unpinned-action",
  severity: "notice",
  message: "`actions/checkout@v4` is pinned to a tag, used 4 times in 1 file",
  fix: "Pin it to a commit SHA.",
  count: 4,
  files: ["ci.yml"],
  locations: [1, 2, 3, 4].map((line) => ({ file: "ci.yml", line })),
} satisfies GroupInput;

/**
 * One script injection in b.yml, an error.
 *
 * @example
 * ```ts
 * insightsReport({ findings: [INJECTION_FINDING], groups: [INJECTION_GROUP] });
 * ```
 */
export const INJECTION_FINDING = {
  ruleId: "script-injection",
  severity: "error",
  file: "b.yml",
  line: 9,
  message: "m",
} satisfies FindingInput;

/**
 * {@linkcode INJECTION_FINDING} as a group of one.
 *
 * @example
 * ```ts
 * insightsReport({ groups: [PINNED_GROUP, INJECTION_GROUP] });
 * ```
 */
export const INJECTION_GROUP = {
  ruleId: "script-injection",
  severity: "error",
  message: "m",
  fix: "Pass it through env.",
  count: 1,
  files: ["b.yml"],
  locations: [{ file: "b.yml", line: 9 }],
} satisfies GroupInput;

/**
 * The report made on 2026-11-24 12:00 UTC: {@linkcode REGRESSION} and {@linkcode SECURITY}, a
 * success rate, five findings in two groups; `extra` replaces whole parts.
 *
 * @example
 * ```ts
 * const plain = insightsReport({ insights: undefined });
 * plain.groups?.length; // 2
 * ```
 */
export function insightsReport(extra: Partial<ReportInput> = {}): Report {
  return ReportSchema.parse({
    title: "Analyze acme/app",
    status: "warning",
    summary: "5 findings in 2 files.",
    createdAt: "2026-11-24T12:00:00Z",
    insights: [REGRESSION, SECURITY],
    fields: [{ label: "Success rate", value: "80%" }],
    findings: [...PINNED_FINDINGS, INJECTION_FINDING],
    groups: [PINNED_GROUP, INJECTION_GROUP],
    ...extra,
  });
}
