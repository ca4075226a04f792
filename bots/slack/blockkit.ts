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
import type { Report, ReportStatus } from "../../src/report/model.ts";
import { defaultChartIndex } from "../../src/report/png.ts";
import { cleanText } from "../../src/report/markup.ts";
import {
  codeSpan,
  data,
  escapeMrkdwn,
  inlineToMrkdwn,
  markdownToMrkdwn,
  safe,
  slackText,
  truncate,
} from "./mrkdwn.ts";
import {
  type Entry,
  fallbackText,
  findingEntry,
  groupEntry,
  insightsText,
  LIMITS,
  renderTable,
  SEVERITY_RANK,
} from "./blockkit_text.ts";

export { LIMITS } from "./blockkit_text.ts";

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
// `verbatim`: Slack does not turn bare URLs, channel names or `@here` in data into links or
// mentions; our own `<url|label>` links still work.
const mrkdwn = (text: string): SectionBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: truncate(text, LIMITS.sectionText), verbatim: true },
});

/** Options of {@linkcode renderReport}. */
export interface RenderOptions {
  /** The report page; with actions it also becomes a *Full report* URL button. */
  reportUrl?: string;
  /**
   * Report action id → stored button id (see `buttons.ts`). Actions without one are not
   * rendered: a button must never carry its intent to the client.
   */
  actionValues?: Record<string, string>;
  /**
   * The time the message is shown, for relative times ("2 days ago"); without it the report's
   * `createdAt` (the reply is rendered when the report is made), else calendar days.
   */
  now?: Date;
}

/**
 * Renders a report, what matters first: header, status with the summary, the insights, the top
 * findings and the buttons (with *Full report*) make the first screen; then fields, the chart
 * image, tables and sections, and one context line with links, the full-report link and the
 * truncation note.
 *
 * @example
 * ```ts
 * const { text, blocks } = renderReport(report, { reportUrl: "https://ci.example/reports/abc" });
 * ```
 */
export function renderReport(report: Report, options: RenderOptions = {}): SlackMessage {
  const omitted: string[] = [];
  const buttons = tailBlocks(report, options);
  // Blocks kept free: the context line, and the buttons until they are placed.
  let reserved = 1 + buttons.length;
  const body: KnownBlock[] = [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: truncate(cleanText(report.title) || "Report", LIMITS.header),
      },
    },
  ];
  const room = () => LIMITS.blocks - reserved - body.length;
  const status = STATUS[report.status];
  body.push(mrkdwn(
    report.summary
      ? `${status} — ${inlineToMrkdwn(report.summary, LIMITS.sectionText - status.length - 3)}`
      : status,
  ));
  if (report.insights?.length) {
    body.push(mrkdwn(insightsText(report.insights, options.now ?? createdAt(report))));
  }

  // Grouped reports show each group once ("used 31 times in 9 files"), not every repeat.
  const items = report.groups?.map(groupEntry) ?? report.findings.map(findingEntry);
  let shown = 0;
  if (items.length > 0 && room() > 1) {
    body.push({ type: "divider" });
    const packed = packFindings(
      items,
      report.findings.length,
      Math.min(room(), LIMITS.firstScreenFindings),
    );
    body.push(...packed.blocks);
    shown = packed.shown;
  }
  if (items.length > shown) {
    omitted.unshift(
      plural(items.length - shown, report.groups ? "more finding group" : "more finding"),
    );
  }
  body.push(...buttons);
  reserved = 1;

  const fields = report.fields.slice(0, LIMITS.shownFields);
  if (report.fields.length > fields.length) {
    omitted.push(plural(report.fields.length - fields.length, "more field"));
  }
  // The details start under a divider.
  if (fields.length > 0 && room() > 1) body.push({ type: "divider" });
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

  const blocks = [...body, contextLine(report, options.reportUrl, omitted)];
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
  // The report page is one press away even when nothing else can be pressed.
  if (stored.length === 0 && !options.reportUrl) return [];
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
      text: { type: "plain_text", text: "Full report" },
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
    // A few named, the rest counted: the note stays one line, not a list of every table.
    const named = omitted.slice(0, LIMITS.namedOmissions);
    const rest = omitted.length - named.length;
    if (rest > 0) named.push(plural(rest, "more item"));
    const more = named.length > 1
      ? `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`
      : named[0];
    parts.push(`+${more} ${reportUrl ? "on the full report" : "not shown"}`);
  }
  if (parts.length === 0) parts.push(data(report.title, 200));
  return {
    type: "context",
    elements: [{
      type: "mrkdwn",
      text: truncate(parts.join("  ·  "), LIMITS.sectionText),
      verbatim: true,
    }],
  };
}

function createdAt(report: Report): Date | undefined {
  const at = report.createdAt ? new Date(report.createdAt) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
