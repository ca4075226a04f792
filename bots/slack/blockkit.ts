/**
 * Report → Block Kit, inside Slack's hard limits (50 blocks, 3,000 characters per section text,
 * 150 per header, 10 fields of 2,000 per section). What does not fit is counted and named in a
 * truncation note that points at the full report page.
 *
 * @module
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  ImageBlock,
  KnownBlock,
  SectionBlock,
} from "@slack/types";
import type { ParseResult } from "../../src/intent/schema.ts";
import { ACTION_ID_PREFIX, OPEN_REPORT_ACTION_ID } from "./buttons.ts";
import type {
  Finding,
  FindingGroup,
  Report,
  ReportStatus,
  Severity,
  Table,
} from "../../src/report/model.ts";
import { defaultChartIndex } from "../../src/report/png.ts";
import { cleanText, codeBlock, markupText } from "../../src/report/markup.ts";
import {
  codeSafe,
  codeSpan,
  data,
  escapeMrkdwn,
  inlineToMrkdwn,
  markdownToMrkdwn,
  safe,
  slackText,
  truncate,
} from "./mrkdwn.ts";

/** Slack's limits, and our own caps that keep a message readable. */
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
} as const;

/** A rendered message: notification fallback text plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

const STATUS: Record<ReportStatus, string> = {
  success: ":white_check_mark: *Success*",
  failure: ":x: *Failure*",
  warning: ":warning: *Warning*",
  // Neutral is help, listings, previews, "Understood as …" (nothing has run): never "Done".
  neutral: ":information_source: *Info*",
  running: ":hourglass_flowing_sand: *Running*",
  error: ":rotating_light: *Error*",
};
const SEVERITY_EMOJI: Record<Severity, string> = {
  error: ":red_circle:",
  warning: ":large_orange_circle:",
  notice: ":large_blue_circle:",
};
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

// `verbatim`: Slack does not turn bare URLs, channel names or `@here` in data into links or
// mentions; our own `<url|label>` links still work.
const mrkdwn = (text: string): SectionBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: truncate(text, LIMITS.sectionText), verbatim: true },
});

/** Options of {@linkcode renderReport}. */
export interface RenderOptions {
  /** The report page; with actions it also becomes an *Open report* URL button. */
  reportUrl?: string;
  /**
   * Report action id → stored button id (see `buttons.ts`). Actions without one are not
   * rendered: a button must never carry its intent to the client.
   */
  actionValues?: Record<string, string>;
}

/**
 * Renders a report. Blocks: header, status, summary, fields, top findings, the chart image,
 * tables, sections, actions, then one context line with links, the full-report link and the
 * truncation note.
 *
 * @example
 * ```ts
 * const { text, blocks } = renderReport(report, { reportUrl: "https://ci.example/reports/abc" });
 * ```
 */
export function renderReport(report: Report, options: RenderOptions = {}): SlackMessage {
  const omitted: string[] = [];
  const tail = tailBlocks(report, options);
  const budget = LIMITS.blocks - tail.length - 1;
  const body: KnownBlock[] = [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: truncate(cleanText(report.title) || "Report", LIMITS.header),
      },
    },
  ];
  const room = () => budget - body.length;
  body.push(mrkdwn(STATUS[report.status]));
  if (report.summary) body.push(mrkdwn(inlineToMrkdwn(report.summary, LIMITS.sectionText)));

  const fields = report.fields.slice(0, LIMITS.shownFields);
  if (report.fields.length > fields.length) {
    omitted.push(plural(report.fields.length - fields.length, "more field"));
  }
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    if (room() <= 0) break;
    body.push({
      type: "section",
      fields: fields.slice(i, i + LIMITS.fieldsPerSection).map((f) => ({
        type: "mrkdwn",
        text: truncate(`*${data(f.label, 100)}*\n${slackText(f.value)}`, LIMITS.fieldText),
        verbatim: true,
      })),
    });
  }

  // Grouped reports show each group once ("used 31 times in 9 files"), not every repeat.
  const items = report.groups?.map(groupEntry) ?? report.findings.map(findingEntry);
  let shown = 0;
  if (items.length > 0 && room() > 1) {
    body.push({ type: "divider" });
    const packed = packFindings(items, report.findings.length, Math.min(room(), 10));
    body.push(...packed.blocks);
    shown = packed.shown;
  }
  if (items.length > shown) {
    omitted.unshift(
      plural(items.length - shown, report.groups ? "more finding group" : "more finding"),
    );
  }

  const image = room() > 0 ? chartImage(report, options.reportUrl) : undefined;
  if (image) body.push(image);

  report.tables.forEach((table, i) => {
    if (i >= LIMITS.shownTables || room() <= 0) {
      omitted.push(`table "${data(table.title, 80)}"`);
      return;
    }
    const rendered = renderTable(table);
    body.push(mrkdwn(rendered.text));
    if (rendered.hiddenRows > 0) omitted.push(plural(rendered.hiddenRows, "more table row"));
  });

  report.sections.forEach((section, i) => {
    if (i >= LIMITS.shownSections || room() <= 0) {
      omitted.push(`section "${data(section.title, 80)}"`);
      return;
    }
    const title = `*${data(section.title, 200)}*\n`;
    const text = markdownToMrkdwn(section.markdown, LIMITS.sectionText - title.length);
    if (text.endsWith("…")) omitted.push(`the rest of "${data(section.title, 80)}"`);
    body.push(mrkdwn(`${title}${text}`));
  });
  const hiddenCharts = report.charts.length - (image ? 1 : 0);
  if (hiddenCharts > 0) omitted.push(plural(hiddenCharts, image ? "more chart" : "chart"));

  const blocks = [...body, ...tail, contextLine(report, options.reportUrl, omitted)];
  return { text: fallbackText(report), blocks };
}

/**
 * Renders the parser's "unsupported" answer: what was not understood, the hint, the closest
 * commands and examples.
 *
 * @example
 * ```ts
 * renderParseError({ kind: "unsupported", error: "Unknown verb 'tset'", hint: "Try test.",
 *   suggestions: ["/ci-test test"], examples: ["/ci-test analyze repo:acme/app"] });
 * ```
 */
export function renderParseError(
  result: Extract<ParseResult, { kind: "unsupported" }>,
): SlackMessage {
  const blocks: KnownBlock[] = [
    mrkdwn(`:thinking_face: ${safe(result.error, 2900)}`),
    mrkdwn(`*What to do:* ${safe(result.hint, 2900)}`),
  ];
  const list = (title: string, items: string[]) =>
    mrkdwn(
      `*${title}*\n${items.slice(0, 10).map((s) => `• ${codeSpan(s.slice(0, 250))}`).join("\n")}`,
    );
  if (result.suggestions.length > 0) blocks.push(list("Closest commands", result.suggestions));
  if (result.examples.length > 0) blocks.push(list("Examples", result.examples));
  return { text: safe(`${result.error} ${result.hint}`, LIMITS.fallbackText), blocks };
}

/**
 * Renders the immediate acknowledgement (already mrkdwn; callers escape what they quote).
 *
 * @example
 * ```ts
 * renderAck(":hourglass_flowing_sand: Running `analyze repo:acme/app` …");
 * ```
 */
export function renderAck(text: string): SlackMessage {
  const line = truncate(text, LIMITS.sectionText);
  return { text: line, blocks: [{ type: "context", elements: [{ type: "mrkdwn", text: line }] }] };
}

interface Entry {
  severity: Severity;
  text: string;
}

function packFindings(entries: Entry[], total: number, maxBlocks: number): {
  blocks: KnownBlock[];
  shown: number;
} {
  const sorted = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => SEVERITY_RANK[a.e.severity] - SEVERITY_RANK[b.e.severity] || a.i - b.i)
    .slice(0, LIMITS.shownFindings)
    .map(({ e }) => e.text);
  const blocks: KnownBlock[] = [mrkdwn(`*Top findings* (${total} in total)`)];
  let current = "";
  let shown = 0;
  for (const entry of sorted) {
    const joined = current ? `${current}\n\n${entry}` : entry;
    if (joined.length <= LIMITS.sectionText) {
      current = joined;
    } else {
      if (blocks.length + 1 >= maxBlocks) break;
      blocks.push(mrkdwn(current));
      current = entry;
    }
    shown++;
  }
  if (current) blocks.push(mrkdwn(current));
  return { blocks, shown };
}

const findingEntry = (f: Finding): Entry => ({
  severity: f.severity,
  text: renderFinding(f, codeSpan(`${f.file}${f.line ? `:${f.line}` : ""}`.slice(0, 200))),
});

function groupEntry(g: FindingGroup): Entry {
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

function renderTable(table: Table): { text: string; hiddenRows: number } {
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

// Slack fetches `image_url` when the message is posted and rejects the whole message when it
// cannot, so the image is only offered for a public https report URL.
function chartImage(report: Report, reportUrl: string | undefined): ImageBlock | undefined {
  const chart = report.charts[defaultChartIndex(report.charts)];
  if (!chart || !reportUrl || !/^https:\/\//i.test(reportUrl)) return undefined;
  if (!chart.series.some((s) => s.points.length > 0)) return undefined;
  const imageUrl = `${reportUrl.replace(/\/+$/, "")}/chart.png`;
  if (imageUrl.length > LIMITS.imageUrl) return undefined;
  const title = truncate(cleanText(chart.title).trim() || "Chart", LIMITS.imageText);
  return {
    type: "image",
    image_url: imageUrl,
    alt_text: title,
    title: { type: "plain_text", text: title },
  };
}

function tailBlocks(report: Report, options: RenderOptions): KnownBlock[] {
  const values = options.actionValues ?? {};
  const stored = report.actions.filter((a) => values[a.id] !== undefined);
  if (stored.length === 0) return [];
  const elements: Button[] = stored.slice(0, LIMITS.actions - 1).map((a, i) => ({
    type: "button",
    action_id: `${ACTION_ID_PREFIX}${i}`,
    value: values[a.id].slice(0, 2000),
    text: { type: "plain_text", text: truncate(a.label, LIMITS.buttonLabel) },
    ...(a.style === "default" ? {} : { style: a.style }),
  }));
  if (options.reportUrl) {
    elements.push({
      type: "button",
      action_id: OPEN_REPORT_ACTION_ID,
      url: options.reportUrl.slice(0, 3000),
      text: { type: "plain_text", text: "Open report" },
    });
  }
  const block: ActionsBlock = { type: "actions", elements };
  return [block];
}

function contextLine(
  report: Report,
  reportUrl: string | undefined,
  omitted: string[],
): ContextBlock {
  const link = (url: string, label: string) =>
    `<${escapeMrkdwn(url).replace(/[|\s]/g, encodeURIComponent)}|${
      data(label, 150).replace(/\|/g, "/")
    }>`;
  const parts = report.links.slice(0, 8).map((l) => link(l.url, l.label));
  if (reportUrl) parts.push(link(reportUrl, "Full report"));
  if (omitted.length > 0) {
    const more = omitted.length > 1
      ? `${omitted.slice(0, -1).join(", ")} and ${omitted.at(-1)}`
      : omitted[0];
    parts.push(`+${more} ${reportUrl ? "on the full report" : "not shown"}`);
  }
  if (parts.length === 0) parts.push(data(report.createdAt ?? report.title, 200));
  return {
    type: "context",
    elements: [{
      type: "mrkdwn",
      text: truncate(parts.join("  ·  "), LIMITS.sectionText),
      verbatim: true,
    }],
  };
}

function fallbackText(report: Report): string {
  const status = report.status.charAt(0).toUpperCase() + report.status.slice(1);
  return data(`${report.title}: ${status} — ${markupText(report.summary)}`, LIMITS.fallbackText);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
