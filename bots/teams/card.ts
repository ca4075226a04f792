/**
 * Report → Adaptive Card 1.5 (what Teams renders): title, status, fields as a `FactSet`,
 * findings, tables as `Table` elements, charts as `Chart.Line` / `Chart.VerticalBar` (Teams'
 * chart elements, each with a `fallback` to the report page's PNG for clients without them), and
 * `Action.Execute` buttons whose `data` carries only a stored action id (an Edit button is a
 * `ShowCard` with the command in an `Input.Text` and its own `Action.Execute`). The whole card
 * stays under {@linkcode MAX_CARD_BYTES}; what does not fit is counted in a "+N more on the full
 * report" line.
 *
 * Every text that may carry CI or user data is a `RichTextBlock` of `TextRun`s, which Adaptive
 * Cards never read as markdown: a workflow named `[x](javascript:…)` stays text. Our own
 * formatting (bold, monospace code) is set on the runs. Facts are markdown in Teams, so their
 * text is backslash-escaped instead.
 *
 * @module
 */
import {
  cleanText,
  type Inline,
  markupText,
  parseBlocks,
  parseInline,
} from "../../src/report/markup.ts";
import type { Chart, Finding, Report, ReportStatus, Table } from "../../src/report/model.ts";
import { intentToCommand } from "../../src/intent/format.ts";
import { editAction } from "./actions.ts";

/** Teams rejects activities much above this; the platform table says "keep under 80 KB". */
export const MAX_CARD_BYTES = 78 * 1024;
/** The `verb` of our intent buttons. */
export const EXECUTE_VERB = "ci.run";
const MAX_TABLE_ROWS = 30;
const MAX_TEXT = 2_000;

/** A card element: plain JSON, typed loosely on purpose (the schema is Teams', not ours). */
export type CardElement = { type: string; [key: string]: unknown };

/** An Adaptive Card. */
export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: "1.5";
  msteams?: { width: "Full" };
  body: CardElement[];
  actions?: CardElement[];
}

/** How to render: where the report page is and which stored id each button carries. */
export interface CardOptions {
  /** Absolute URL of the report page, when the report is stored. */
  reportUrl?: string;
  /** Report action id → stored action id (see `actions.ts`). */
  actionIds?: Record<string, string>;
}

const STATUS: Record<ReportStatus, { label: string; color: string }> = {
  success: { label: "✅ Success", color: "Good" },
  failure: { label: "❌ Failure", color: "Attention" },
  warning: { label: "⚠️ Warning", color: "Warning" },
  neutral: { label: "ℹ️ Info", color: "Default" },
  running: { label: "⏳ Running", color: "Accent" },
  error: { label: "⛔ Error", color: "Attention" },
};

const MAX_CODE = 4_000;
const cut = (text: string, max = MAX_TEXT) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;
/** One run of plain text (never parsed as markdown); empty text gives none. */
const runs = (
  value: string,
  style: Record<string, unknown> = {},
  max = MAX_TEXT,
): CardElement[] => {
  const clean = cleanText(value);
  return clean ? [{ type: "TextRun", text: cut(clean, max), ...style }] : [];
};
const rich = (inlines: CardElement[], extra: Record<string, unknown> = {}): CardElement => ({
  type: "RichTextBlock",
  inlines,
  ...extra,
});
/** A block of plain text: `style` goes on the run (weight, size, color…), `extra` on the block. */
const text = (
  value: string,
  style: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): CardElement => rich(runs(value, style), extra);
const INLINE_STYLE: Record<Inline["type"], Record<string, unknown>> = {
  text: {},
  code: { fontType: "Monospace" },
  strong: { weight: "Bolder" },
};
const toRuns = (inlines: Inline[], style: Record<string, unknown> = {}): CardElement[] =>
  inlines.flatMap((p) => runs(p.text, { ...style, ...INLINE_STYLE[p.type] }));
/** Report inline markup (code spans, strong) as runs. */
const inlineRuns = (markup: string, style: Record<string, unknown> = {}): CardElement[] =>
  toRuns(parseInline(markup), style);
/** Report block markup as one block per line; a code block is one monospace run. */
const markupElements = (markdown: string): CardElement[] =>
  parseBlocks(markdown).flatMap((b): CardElement[] => {
    if (b.type === "code") {
      return [rich(runs(b.text, { fontType: "Monospace" }, MAX_CODE), { spacing: "Small" })];
    }
    const inlines = toRuns(b.inlines, b.kind === "heading" ? { weight: "Bolder" } : {});
    if (inlines.length === 0) return [];
    const bullet = b.kind === "bullet" ? runs(`${b.indent}• `) : [];
    return [rich([...bullet, ...inlines], { spacing: "None" })];
  });
// Facts are markdown in Teams: link, HTML and emphasis characters and line-leading block markers
// are backslash-escaped, and `](` is broken too, so even a reader that ignores escapes sees no link.
const fact = (value: string, max: number) =>
  cut(cleanText(value), max)
    .replace(/[\\`*[\]<>&]/g, "\\$&")
    .replace(/(^|[^\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (m) => m.replace("_", "\\_"))
    .replace(/\\\]\(/g, "\\]\\(")
    .replace(/^(\s*)([#>+-])/gm, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/gm, "$1\\$2");
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * Wraps a card as a Bot Framework attachment.
 *
 * @example
 * ```ts
 * await context.sendActivity({ type: "message", attachments: [cardAttachment(card)] });
 * ```
 */
export function cardAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: "application/vnd.microsoft.card.adaptive", content: card };
}

/**
 * A card of a few text lines (acknowledgements, errors, hints).
 *
 * @example
 * ```ts
 * textCard("⏳ Running analyze repo:acme/app …");
 * ```
 */
export function textCard(...lines: string[]): AdaptiveCard {
  return envelope(lines.map((line, i) => text(line, i === 0 ? { weight: "Bolder" } : {})));
}

/**
 * Renders a report as an Adaptive Card under {@linkcode MAX_CARD_BYTES}.
 *
 * @example
 * ```ts
 * const card = renderCard(report, { reportUrl: "https://ci.example/reports/r1" });
 * card.body[0].text; // report.title
 * ```
 */
export function renderCard(report: Report, options: CardOptions = {}): AdaptiveCard {
  const head: CardElement[] = [
    text(report.title, { size: "Large", weight: "Bolder" }),
    text(STATUS[report.status].label, { color: STATUS[report.status].color }, { spacing: "None" }),
    rich(inlineRuns(report.summary)),
  ];
  if (report.fields.length > 0) {
    head.push({
      type: "FactSet",
      facts: report.fields.slice(0, 20).map((f) => ({
        title: fact(f.label, 100),
        value: fact(f.value, 500),
      })),
    });
  }
  const actions = renderActions(report, options);
  const base = envelope(head, actions);
  const budget = MAX_CARD_BYTES - bytes(base) - 400;
  const tail = [
    ...report.charts.map((chart, i) => renderChart(chart, i, options.reportUrl)),
    ...report.sections.map((s) =>
      container([text(s.title, { weight: "Bolder" }), ...markupElements(s.markdown)])
    ),
  ];
  const tables = report.tables.map((t) => renderTable(t, options.reportUrl));
  const body = [...head];
  let used = 0;
  let omitted = 0;
  for (const element of [...tables, ...tail]) {
    const size = bytes(element);
    if (used + size > budget / 2) {
      omitted++;
      continue;
    }
    used += size;
    body.push(element);
  }
  const findings = packFindings(report.findings, budget - used);
  body.push(...findings.elements);
  const more = findings.omitted + omitted;
  if (more > 0) {
    body.push(
      text(`+${more} more on the full report${options.reportUrl ? "" : " (not stored)"}`, {
        isSubtle: true,
      }),
    );
  }
  return envelope(body, actions);
}

function envelope(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    msteams: { width: "Full" },
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

const container = (items: CardElement[], extra: Record<string, unknown> = {}): CardElement => ({
  type: "Container",
  items,
  ...extra,
});

function renderActions(report: Report, options: CardOptions): CardElement[] {
  const actions: CardElement[] = [];
  for (const action of report.actions.slice(0, 5)) {
    const stored = options.actionIds?.[action.id];
    if (!stored) continue;
    if (action.kind === "edit") {
      actions.push(editAction(cut(action.label, 80), intentToCommand(action.intent), stored));
      continue;
    }
    actions.push({
      type: "Action.Execute",
      title: cut(action.label, 80),
      verb: EXECUTE_VERB,
      data: { actionId: stored },
      ...(action.style === "primary" ? { style: "positive" } : {}),
      ...(action.style === "danger" ? { style: "destructive" } : {}),
    });
  }
  if (options.reportUrl) {
    actions.push({ type: "Action.OpenUrl", title: "Open full report", url: options.reportUrl });
  }
  for (const link of report.links.slice(0, 6 - actions.length)) {
    actions.push({ type: "Action.OpenUrl", title: cut(link.label, 80), url: link.url });
  }
  return actions;
}

function findingLine(f: Finding): CardElement {
  const where = `${f.file}${f.line ? `:${f.line}` : ""}`;
  const items = [
    rich([
      ...runs(f.severity.toUpperCase(), { weight: "Bolder" }),
      ...runs(" "),
      ...runs(f.ruleId, { fontType: "Monospace" }),
      ...runs(` ${where} — `),
      ...inlineRuns(f.message),
    ]),
  ];
  if (f.fix) {
    items.push(
      rich([...runs("Fix: "), ...inlineRuns(f.fix)].map((r) => ({ ...r, isSubtle: true })), {
        spacing: "None",
      }),
    );
  }
  return container(items, { separator: true });
}

function packFindings(findings: Finding[], budget: number) {
  const elements: CardElement[] = [];
  let used = 0;
  for (const finding of findings) {
    const element = findingLine(finding);
    const size = bytes(element);
    if (used + size > budget) break;
    used += size;
    elements.push(element);
  }
  if (elements.length > 0) {
    elements.unshift(
      text(`Findings (${findings.length})`, { weight: "Bolder" }, { separator: true }),
    );
  }
  return { elements, omitted: findings.length - (elements.length > 0 ? elements.length - 1 : 0) };
}

function renderTable(table: Table, reportUrl?: string): CardElement {
  const rows = table.rows.slice(0, MAX_TABLE_ROWS);
  const cell = (value: string, bold = false): CardElement => ({
    type: "TableCell",
    items: [rich(inlineRuns(cut(value, 300), bold ? { weight: "Bolder" } : {}))],
  });
  const extra = table.rows.length - rows.length;
  const asText = [table.columns, ...rows].map((r) => r.map(markupText).join(" | ")).join("\n\n");
  const items: CardElement[] = [
    text(table.title, { weight: "Bolder" }, { separator: true }),
    {
      type: "Table",
      firstRowAsHeader: true,
      gridStyle: "accent",
      columns: table.columns.map(() => ({ width: 1 })),
      rows: [
        { type: "TableRow", cells: table.columns.map((c) => cell(c, true)) },
        ...rows.map((r) => ({
          type: "TableRow",
          cells: table.columns.map((_, i) => cell(r[i] ?? "")),
        })),
      ],
      fallback: rich(runs(asText, {}, 4_000)),
    },
  ];
  if (extra > 0) {
    items.push(
      text(`+${extra} more rows on the full report${reportUrl ? "" : " (not stored)"}`, {
        isSubtle: true,
      }),
    );
  }
  return container(items);
}

function renderChart(chart: Chart, index: number, reportUrl?: string): CardElement {
  const fallback: CardElement = reportUrl
    ? {
      type: "Image",
      url: `${reportUrl}/chart.png?chart=${index}`,
      altText: cut(cleanText(chart.title), 200),
    }
    : text(`${chart.title}: ${chart.series.map((s) => s.name).join(", ")}`);
  const title = cleanText(chart.unit ? `${chart.title} (${chart.unit})` : chart.title);
  const values = (points: Chart["series"][number]["points"]) =>
    points.slice(0, 100).map((p) => ({
      x: typeof p.x === "string" ? cleanText(p.x) : p.x,
      y: p.y,
    }));
  if (chart.kind === "bar" && chart.series.length === 1) {
    return { type: "Chart.VerticalBar", title, data: values(chart.series[0].points), fallback };
  }
  return {
    type: chart.kind === "bar" ? "Chart.VerticalBar.Grouped" : "Chart.Line",
    title,
    data: chart.series.slice(0, 10).map((s) => ({
      legend: cleanText(s.name),
      values: values(s.points),
    })),
    fallback,
  };
}
