/**
 * The neutral Report: what every operation returns and every surface renders (Block Kit,
 * Discord embeds, Adaptive Cards, markdown, the report page). Nothing platform-specific here.
 *
 * Which text is ours and which is data (every renderer escapes data for its surface):
 * - plain text, shown as is: titles (report, table, section, chart), field labels and values,
 *   finding `file`/`ruleId`/`job`, chart series names, action and link labels;
 * - inline markup (`src/report/markup.ts`: code spans, `**strong**`, `\` escapes): the summary,
 *   finding `message` and `fix`, table cells;
 * - block markup (inline markup plus fenced code blocks, headings, bullets): section `markdown`;
 * - code: a finding's `patch`.
 * Markup never makes links (links are `links`). CI strings go into markup only through
 * `escapeMarkdownText`, `codeSpan` and `codeBlock` of `markup.ts`.
 *
 * @module
 */
import { z } from "zod";
import { IntentSchema } from "../intent/schema.ts";

/** Outcome of an operation, driving colours and emoji on every surface. */
export const ReportStatusSchema = z.enum([
  "success",
  "failure",
  "warning",
  "neutral",
  "running",
  "error",
]);
/** Outcome of an operation. */
export type ReportStatus = z.infer<typeof ReportStatusSchema>;

/** Finding severities, most severe first. */
export const SEVERITIES = ["error", "warning", "notice"] as const;
/** Finding severity. */
export const SeveritySchema = z.enum(SEVERITIES);
/** Finding severity. */
export type Severity = z.infer<typeof SeveritySchema>;

/** One static or history finding, located in a file. */
export const FindingSchema = z.object({
  ruleId: z.string(),
  severity: SeveritySchema,
  file: z.string(),
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  /** Inline markup. */
  message: z.string(),
  /** The suggested fix in words, one or two sentences. */
  fix: z.string().optional(),
  /** The fix as a YAML snippet to paste or apply, when there is one. */
  patch: z.string().optional(),
  job: z.string().optional(),
  /**
   * Set only when the finding's level differs from its rule's (`findingLevel` in
   * `src/workflow/rules/index.ts` resolves it): `pedantic` findings are opt-in advice.
   */
  level: z.enum(["default", "pedantic"]).optional(),
});
/** One finding. */
export type Finding = z.infer<typeof FindingSchema>;

/** Where one occurrence of a grouped finding is. */
export const FindingLocationSchema = z.object({
  file: z.string(),
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  job: z.string().optional(),
  /** The subject at this place (`actions/checkout@v4`), when the group has subjects. */
  subject: z.string().optional(),
});
/** Where one occurrence is. */
export type FindingLocation = z.infer<typeof FindingLocationSchema>;

/** One subject of a group (an action and its ref, a job) with its own remedy. */
export const GroupSubjectSchema = z.object({
  /** Plain text, e.g. `actions/checkout@v4`. */
  name: z.string(),
  count: z.number().int().positive(),
  files: z.array(z.string()),
  /** Inline markup. */
  fix: z.string().optional(),
  patch: z.string().optional(),
});
/** One subject of a group. */
export type GroupSubject = z.infer<typeof GroupSubjectSchema>;

/**
 * Findings of one rule with one remedy, shown once ("4 actions pinned to tags, used 176 times in
 * 9 files"): chat surfaces render groups, the report page and SARIF keep every finding. Each
 * finding of the report belongs to exactly one group (a lone finding is a group of one).
 */
export const FindingGroupSchema = z.object({
  ruleId: z.string(),
  severity: SeveritySchema,
  level: z.enum(["default", "pedantic"]).optional(),
  /** Inline markup: the headline, or the finding's own message for a group of one. */
  message: z.string(),
  /** Inline markup: the one remedy. */
  fix: z.string().optional(),
  /** The remedy as a snippet, when one line fits every occurrence. */
  patch: z.string().optional(),
  count: z.number().int().positive(),
  files: z.array(z.string()),
  /** Distinct subjects, most frequent first; empty when the findings name none. */
  subjects: z.array(GroupSubjectSchema).default([]),
  locations: z.array(FindingLocationSchema),
});
/** A group of findings. */
export type FindingGroup = z.infer<typeof FindingGroupSchema>;

/** A label/value pair shown prominently (Slack section fields, embed fields, FactSet). */
export const FieldSchema = z.object({ label: z.string(), value: z.string() });
/** A label/value pair. */
export type Field = z.infer<typeof FieldSchema>;

/** A table whose cells are inline markup (see the module notes). */
export const TableSchema = z.object({
  title: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
});
/** A table. */
export type Table = z.infer<typeof TableSchema>;

/** A titled block of markup: CI text only inside `codeBlock`s or escaped (see the module notes). */
export const SectionSchema = z.object({ title: z.string(), markdown: z.string() });
/** A titled block of markdown. */
export type Section = z.infer<typeof SectionSchema>;

/** A chart: named series of (x, y) points. */
export const ChartSchema = z.object({
  title: z.string(),
  kind: z.enum(["line", "bar"]),
  unit: z.string().optional(),
  series: z.array(z.object({
    name: z.string(),
    points: z.array(z.object({
      x: z.union([z.string(), z.number()]),
      y: z.number(),
      /** A failed run: the page draws it in red. */
      failed: z.boolean().optional(),
    })),
  })),
  /** Axis titles ("Run, oldest first", "Duration"); without them the unit titles the y axis. */
  axes: z.object({ x: z.string().optional(), y: z.string().optional() }).optional(),
  /** Labelled x positions to mark (a change point: "slower from run 38"). */
  markers: z.array(z.object({ x: z.union([z.string(), z.number()]), label: z.string() }))
    .optional(),
});
/** A chart. */
export type Chart = z.infer<typeof ChartSchema>;

/**
 * What pressing a button does with its stored intent: `run` runs it as the presser; `edit`
 * offers its command for changing (the changed text is parsed like a typed command); `dismiss`
 * replaces the message and runs nothing (only the requester may).
 */
export const ActionKindSchema = z.enum(["run", "edit", "dismiss"]);
/** What pressing a button does. */
export type ActionKind = z.infer<typeof ActionKindSchema>;

/** A button acting on a stored intent when pressed (see {@linkcode ActionKindSchema}). */
export const ActionSchema = z.object({
  id: z.string(),
  label: z.string(),
  style: z.enum(["primary", "danger", "default"]).default("default"),
  /** Absent means `run` (what every button was before kinds existed). */
  kind: ActionKindSchema.optional(),
  intent: IntentSchema,
});
/** A button. */
export type Action = z.infer<typeof ActionSchema>;

/** A link (run page, workflow file, report page). */
export const LinkSchema = z.object({ label: z.string(), url: z.string().url() });
/** A link. */
export type Link = z.infer<typeof LinkSchema>;

/** What an insight is about, for its icon. */
export const InsightKindSchema = z.enum(["regression", "flaky", "hotspot", "cost", "security"]);

/**
 * One headline ("ci.yml is 42% slower since run 40"): a true statement built from data the
 * report already holds (`src/ops/analyze/insights.ts`). Title and detail are plain text.
 */
export const InsightSchema = z.object({
  kind: InsightKindSchema,
  title: z.string(),
  detail: z.string(),
  /** Where to see it (the first slow run, a failed run). */
  url: z.string().url().optional(),
  /** ISO time it started, shown relative ("2 days ago") by surfaces that know the time. */
  at: z.string().optional(),
});
/** One headline. */
export type Insight = z.infer<typeof InsightSchema>;

/** Insights a report holds at most. */
export const MAX_INSIGHTS = 5;

/**
 * The report.
 *
 * @example
 * ```ts
 * const report = ReportSchema.parse({ title: "Analyze acme/app", status: "warning", summary: "3 findings" });
 * report.findings.length; // 0
 * ```
 */
export const ReportSchema = z.object({
  /** Unguessable id assigned when the report is stored; used in `/reports/:id`. */
  id: z.string().optional(),
  title: z.string(),
  status: ReportStatusSchema,
  /** Inline markup: CI names only as `codeSpan(…)` or `escapeMarkdownText(…)`. */
  summary: z.string(),
  /** What matters most, ranked, at most {@linkcode MAX_INSIGHTS}; absent when nothing stands out. */
  insights: z.array(InsightSchema).max(MAX_INSIGHTS).optional(),
  fields: z.array(FieldSchema).default([]),
  tables: z.array(TableSchema).default([]),
  findings: z.array(FindingSchema).default([]),
  /**
   * `findings` grouped by rule and remedy (`src/ops/analyze/group.ts`); absent in reports that
   * do not group (and in reports stored before groups existed), where surfaces list findings.
   */
  groups: z.array(FindingGroupSchema).optional(),
  sections: z.array(SectionSchema).default([]),
  charts: z.array(ChartSchema).default([]),
  actions: z.array(ActionSchema).default([]),
  links: z.array(LinkSchema).default([]),
  createdAt: z.string().optional(),
  /**
   * What was analysed, so the page can link `file:line` to the code: the repository and, when
   * known, the commit (else the ref; neither means the default branch).
   */
  source: z.object({
    repo: z.string(),
    ref: z.string().optional(),
    sha: z.string().optional(),
  }).optional(),
});
/** The report. */
export type Report = z.infer<typeof ReportSchema>;
/** What an operation may build: defaults filled in by {@linkcode ReportSchema}. */
export type ReportInput = z.input<typeof ReportSchema>;
