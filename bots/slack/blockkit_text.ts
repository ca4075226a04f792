/**
 * The text of a Slack report message: Slack's limits, finding and insight lines, tables as
 * monospace blocks, and the notification sentence. `blockkit.ts` arranges them into blocks.
 *
 * @module
 */
import type {
  Finding,
  FindingGroup,
  Insight,
  Report,
  ReportStatus,
  Severity,
  Table,
} from "../../src/report/model.ts";
import { humanTime } from "../../src/report/human.ts";
import { codeBlock, markupText } from "../../src/report/markup.ts";
import {
  codeSafe,
  codeSpan,
  data,
  escapeMrkdwn,
  inlineToMrkdwn,
  markdownToMrkdwn,
  truncate,
} from "./mrkdwn.ts";

/**
 * Slack's limits, and our own caps that keep a message readable.
 *
 * @example
 * ```ts
 * text.slice(0, LIMITS.sectionText);
 * ```
 */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  header: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  imageUrl: 3000,
  imageText: 2000,
  fallbackText: 3000,
  actions: 25,
  buttonLabel: 75,
  shownFindings: 25,
  shownFields: 20,
  shownTables: 3,
  tableRows: 15,
  shownSections: 4,
  /** Blocks of top findings on the first screen (their title included). */
  firstScreenFindings: 4,
  /** Items named in the "not shown" note; the rest are counted. */
  namedOmissions: 4,
} as const;

const SEVERITY_EMOJI: Record<Severity, string> = {
  error: ":red_circle:",
  warning: ":large_orange_circle:",
  notice: ":large_blue_circle:",
};
/**
 * Sort rank of a severity, most severe first.
 *
 * @example
 * ```ts
 * SEVERITY_RANK.error < SEVERITY_RANK.notice; // true
 * ```
 */
export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };
const INSIGHT_EMOJI: Record<Insight["kind"], string> = {
  regression: ":chart_with_upwards_trend:",
  flaky: ":game_die:",
  hotspot: ":fire:",
  cost: ":moneybag:",
  security: ":lock:",
};
// The notification preview is a sentence: "Analyze acme/app finished with warnings: …".
const STATUS_WORDS: Record<ReportStatus, string> = {
  success: " succeeded",
  failure: " failed",
  warning: " finished with warnings",
  neutral: "",
  running: " is running",
  error: " could not finish",
};

/** A finding or group as one mrkdwn entry, with its severity for sorting. */
export interface Entry {
  severity: Severity;
  text: string;
}

/**
 * A finding as an entry: severity emoji, `file:line`, rule, message, fix.
 *
 * @example
 * ```ts
 * findingEntry({ ruleId: "r", severity: "notice", file: "ci.yml", message: "m" }).text;
 * // ":large_blue_circle: `ci.yml` *r* — m"
 * ```
 */
export const findingEntry = (f: Finding): Entry => ({
  severity: f.severity,
  text: renderFinding(f, codeSpan(`${f.file}${f.line ? `:${f.line}` : ""}`.slice(0, 200))),
});

/**
 * A group as one entry: its headline says how often and where.
 *
 * @example
 * ```ts
 * groupEntry(report.groups[0]).text;
 * ```
 */
export function groupEntry(g: FindingGroup): Entry {
  // A larger group's headline says how often and where.
  const first = g.locations[0];
  const where = g.count === 1 && first
    ? codeSpan(`${first.file}${first.line ? `:${first.line}` : ""}`.slice(0, 200))
    : "";
  return { severity: g.severity, text: renderFinding(g, where) };
}

function renderFinding(
  f: Pick<Finding, "severity" | "ruleId" | "message" | "fix" | "patch">,
  where: string,
): string {
  const head = `${SEVERITY_EMOJI[f.severity]}${where ? ` ${where}` : ""} *${
    data(f.ruleId, 80)
  }* — ${inlineToMrkdwn(f.message, 600)}`;
  const lines = [head];
  if (f.fix) lines.push(`   _Fix:_ ${inlineToMrkdwn(f.fix.replace(/\s*\n\s*/g, " "), 400)}`);
  else if (f.patch) lines.push("   _Fix:_");
  if (f.patch) lines.push(markdownToMrkdwn(codeBlock(f.patch), 400));
  return lines.join("\n");
}

/**
 * A table as a monospace block under its title, rows cut to fit one section.
 *
 * @example
 * ```ts
 * renderTable({ title: "T", columns: ["a"], rows: [["1"]] }).hiddenRows; // 0
 * ```
 */
export function renderTable(table: Table): { text: string; hiddenRows: number } {
  const cell = (s: string) => truncate(markupText(s).replace(/\s+/g, " "), 40);
  const head = table.columns.map(cell);
  const rows = table.rows.slice(0, LIMITS.tableRows).map((r) => r.map(cell));
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) => codeSafe(widths.map((w, c) => (r[c] ?? "").padEnd(w)).join("  "));
  const title = `*${data(table.title, 200)}*\n`;
  let text = `${line(head)}\n${line(widths.map((w) => "-".repeat(w)))}`;
  let shownRows = 0;
  for (const row of rows) {
    const next = `${text}\n${line(row)}`;
    if (title.length + next.length + 8 > LIMITS.sectionText) break;
    text = next;
    shownRows++;
  }
  return { text: `${title}\`\`\`${text}\`\`\``, hiddenRows: table.rows.length - shownRows };
}

/**
 * The notification text: one sentence, the first insights, then the summary, no markup.
 *
 * @example
 * ```ts
 * fallbackText(report); // "Analyze acme/app finished with warnings: ci.yml is 40% slower since run 7. …"
 * ```
 */
export function fallbackText(report: Report): string {
  const news = (report.insights ?? []).slice(0, 2).map((i) => `${i.title}.`);
  const summary = markupText(report.summary).trim();
  const sentence = [
    `${report.title}${STATUS_WORDS[report.status]}${news.length || summary ? ":" : "."}`,
    ...news,
    summary,
  ]
    .filter(Boolean).join(" ");
  return data(sentence, LIMITS.fallbackText);
}

/**
 * "What matters": one line per insight, its run linked, its time relative to `now` (calendar
 * days without one).
 *
 * @example
 * ```ts
 * insightsText(report.insights ?? [], new Date());
 * // "*What matters*\n:game_die: *Job integration in ci.yml is flaky* — …"
 * ```
 */
export function insightsText(insights: readonly Insight[], now: Date | undefined): string {
  const lines = insights.map((i) => {
    const when = i.at ? humanTime(i.at, now) : "";
    const link = i.url && /^https?:\/\//i.test(i.url)
      ? `<${escapeMrkdwn(i.url).replace(/[|\s]/g, encodeURIComponent)}|view run>`
      : "";
    const tail = [link, when].filter(Boolean).join(", ");
    return `${INSIGHT_EMOJI[i.kind]} *${data(i.title, 300)}* — ${data(i.detail, 600)}${
      tail ? ` (${tail})` : ""
    }`;
  });
  return `*What matters*\n${lines.join("\n")}`;
}
