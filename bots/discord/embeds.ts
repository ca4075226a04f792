/**
 * Report → a Discord message (`content`, `embeds`, `components`) inside Discord's hard limits:
 * 2,000 content characters, 10 embeds, 6,000 characters across all embeds, 25 fields of 1,024,
 * 256-character titles and field names, 4,096-character descriptions, ≤ 5 action rows of ≤ 5
 * buttons. What does not fit is counted in a "+N more on the full report" line with the link.
 *
 * Layout, what matters first: one main embed (title → report page, status colour, the summary
 * and the "What matters" insights as its description, finding groups as fields with their count
 * and fix, then the report fields inline, the chart as `image`), then one embed per table (a
 * code block) and per section while the 6,000-character budget lasts; buttons below.
 *
 * @module
 */
import type { APIEmbed, APIEmbedField } from "discord-api-types/v10";
import { defaultChartIndex } from "../../src/report/png.ts";
import type { Report, ReportStatus, Severity } from "../../src/report/model.ts";
import { renderInline, renderMarkup } from "../../src/report/markup.ts";
import {
  buttonRows,
  contentLine,
  findingField,
  plural,
  renderTable,
  STATUS_EMOJI,
  statusWord,
} from "./embed_parts.ts";
import { groupField, insightsParagraph } from "./embed_matters.ts";
import { type DiscordMessage, LIMITS } from "./limits.ts";
import { safe, STYLE, truncate } from "./markdown.ts";

export { type DiscordMessage, LIMITS } from "./limits.ts";
export { escapeMarkdown, truncate } from "./markdown.ts";
export { renderParseError, renderText } from "./notices.ts";

/**
 * Embed colours by status.
 *
 * @example
 * ```ts
 * STATUS_COLOR.success; // 0x2ea043
 * ```
 */
export const STATUS_COLOR: Record<ReportStatus, number> = {
  success: 0x2ea043,
  failure: 0xcf222e,
  warning: 0xd4a72c,
  neutral: 0x8c959f,
  running: 0x0969da,
  error: 0x8b0000,
};
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };
// Most severe first, in report order within a severity.
const sortBySeverity = <T extends { severity: Severity }>(items: readonly T[]): T[] =>
  items.map((item, i) => ({ item, i }))
    .sort((a, b) => SEVERITY_RANK[a.item.severity] - SEVERITY_RANK[b.item.severity] || a.i - b.i)
    .map(({ item }) => item);

/** Options of {@linkcode renderReport}. */
export interface RenderOptions {
  /** The report page: the title link, the *Full report* button and the chart's base URL. */
  reportUrl?: string;
  /** Report action id → stored action id (see `buttons.ts`); unstored actions get no button. */
  actionIds?: Record<string, string>;
  /** Text put before the report line (a mention, "Your job finished"). */
  lead?: string;
}

/**
 * Characters Discord counts toward the 6,000 across embeds.
 *
 * @example
 * ```ts
 * embedChars({ title: "CI", description: "All green" }); // 11
 * ```
 */
export function embedChars(embed: APIEmbed): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/**
 * Renders a report inside every Discord limit.
 *
 * @example
 * ```ts
 * const message = renderReport(report, { reportUrl: "https://ci.example/reports/abc" });
 * message.embeds.length; // ≤ 10
 * ```
 */
export function renderReport(report: Report, options: RenderOptions = {}): DiscordMessage {
  const omitted: string[] = [];
  const reportUrl = options.reportUrl && options.reportUrl.length <= LIMITS.url
    ? options.reportUrl
    : undefined;
  const summary = renderInline(report.summary || statusWord(report.status), STYLE, LIMITS.summary)
    .text;
  // What matters leads: the insights follow the summary in the description, before any field.
  const matters = report.insights?.length
    ? `\n\n${insightsParagraph(report.insights, LIMITS.insights)}`
    : "";
  const main: APIEmbed = {
    title: safe(`${STATUS_EMOJI[report.status]} ${report.title || "Report"}`, LIMITS.title),
    color: STATUS_COLOR[report.status],
    description: `${summary}${matters}`,
    ...(reportUrl ? { url: reportUrl } : {}),
  };
  const fields: APIEmbedField[] = [];
  // Room kept for the tables and sections after the findings, and for a footer.
  const reserve = Math.min(1500, 600 * (report.tables.length + report.sections.length));
  let used = embedChars(main);
  const fits = (n: number) => used + n <= LIMITS.embedTotal - reserve - 100;

  // Grouped reports show each group once, with its count and one fix; then the details.
  const entries = report.groups
    ? sortBySeverity(report.groups).map(groupField)
    : sortBySeverity(report.findings).map(findingField);
  let shownFindings = 0;
  // Report fields (the details) get a share of the room the findings leave.
  const detailsRoom = Math.min(1200, 120 * report.fields.length);
  for (const field of entries) {
    const size = field.name.length + field.value.length;
    if (fields.length >= LIMITS.fields - Math.min(3, report.fields.length)) break;
    if (!fits(size + detailsRoom)) break;
    fields.push(field);
    used += size;
    shownFindings++;
  }
  if (entries.length > shownFindings) {
    const noun = report.groups ? "more finding group" : "more finding";
    omitted.push(plural(entries.length - shownFindings, noun));
  }

  let shownFields = 0;
  const fieldsBudget = used + 1200;
  for (const f of report.fields) {
    const field = {
      name: safe(f.label || "—", 100),
      value: safe(f.value || "—", 300),
      inline: true,
    };
    const size = field.name.length + field.value.length;
    if (shownFields >= 12 || fields.length >= LIMITS.fields) break;
    if (used + size > fieldsBudget || !fits(size)) break;
    fields.push(field);
    used += size;
    shownFields++;
  }
  if (report.fields.length > shownFields) {
    omitted.push(plural(report.fields.length - shownFields, "more field"));
  }
  if (fields.length > 0) main.fields = fields;

  const chartIndex = defaultChartIndex(report.charts);
  const chart = report.charts[chartIndex];
  const drawn = chart?.series.some((s) => s.points.length > 0);
  if (drawn && reportUrl && /^https?:\/\//i.test(reportUrl)) {
    main.image = { url: `${reportUrl.replace(/\/+$/, "")}/chart.png` };
    if (report.charts.length > 1) omitted.push(plural(report.charts.length - 1, "more chart"));
  } else if (report.charts.length > 0) {
    omitted.push(plural(report.charts.length, "chart"));
  }
  const embeds: APIEmbed[] = [main];

  const budgetLeft = () => LIMITS.embedTotal - 300 - embeds.reduce((n, e) => n + embedChars(e), 0);
  report.tables.forEach((table, i) => {
    const rendered = renderTable(table, Math.min(LIMITS.description, budgetLeft() - 260));
    if (i >= LIMITS.shownTables || embeds.length >= LIMITS.embeds - 1 || !rendered) {
      omitted.push(`table "${safe(table.title, 60)}"`);
      return;
    }
    embeds.push({
      title: safe(table.title || "Table", LIMITS.title),
      description: rendered.text,
      color: STATUS_COLOR[report.status],
    });
    if (rendered.hiddenRows > 0) omitted.push(plural(rendered.hiddenRows, "more table row"));
  });
  report.sections.forEach((section, i) => {
    const room = Math.min(LIMITS.description, budgetLeft() - 260);
    if (i >= LIMITS.shownSections || embeds.length >= LIMITS.embeds - 1 || room < 200) {
      omitted.push(`section "${safe(section.title, 60)}"`);
      return;
    }
    const rendered = renderMarkup(section.markdown || "—", STYLE, room);
    const description = rendered.text;
    if (rendered.cut) omitted.push(`the rest of "${safe(section.title, 60)}"`);
    embeds.push({
      title: safe(section.title || "Details", LIMITS.title),
      description,
      color: STATUS_COLOR[report.status],
    });
  });

  const links = report.links.slice(0, 5).filter((l) => /^https?:\/\//i.test(l.url))
    .map((l) => `[${safe(l.label, 80)}](${l.url.replace(/[()\s]/g, encodeURIComponent)})`);
  if (links.length > 0 && budgetLeft() > 0) {
    const line = truncate(links.join(" · "), Math.min(1000, budgetLeft()));
    main.description = truncate(`${main.description}\n\n${line}`, LIMITS.description);
  }
  if (report.createdAt) main.timestamp = report.createdAt;

  return {
    content: contentLine(report, reportUrl, omitted, options.lead),
    embeds,
    components: buttonRows(report, reportUrl, options.actionIds ?? {}),
    allowed_mentions: { parse: [] },
  };
}
