/**
 * The parts of a report card below its head: action buttons, findings packed into a byte
 * budget, tables (with a plain-text fallback) and charts (with the report page's PNG as
 * fallback).
 *
 * @module
 */
import { cleanText, markupText } from "../../src/report/markup.ts";
import type { Chart, Finding, Report, Table } from "../../src/report/model.ts";
import { intentToCommand } from "../../src/intent/format.ts";
import { editAction } from "./actions.ts";
import {
  bytes,
  type CardElement,
  container,
  cut,
  inlineRuns,
  rich,
  runs,
  text,
} from "./card_elements.ts";

/** The `verb` of our intent buttons. */
export const EXECUTE_VERB = "ci.run";
const MAX_TABLE_ROWS = 30;

/** How to render: where the report page is and which stored id each button carries. */
export interface CardOptions {
  /** Absolute URL of the report page, when the report is stored. */
  reportUrl?: string;
  /** Report action id → stored action id (see `actions.ts`). */
  actionIds?: Record<string, string>;
  /**
   * The time the card is shown, for relative times ("2 days ago"); without it the report's
   * `createdAt`, else calendar days.
   */
  now?: Date;
}

/**
 * The card's buttons: stored report actions (Edit as a `ShowCard`), the report page, then
 * links, six at most.
 *
 * @example
 * ```ts
 * renderActions(report, { reportUrl: "https://ci.example/reports/r1", actionIds: { run: "a1" } });
 * ```
 */
export function renderActions(report: Report, options: CardOptions): CardElement[] {
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
    actions.push({ type: "Action.OpenUrl", title: "Full report", url: options.reportUrl });
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

/**
 * As many finding lines as fit in `budget` bytes, under a "Findings (N)" heading, and how many
 * did not fit.
 *
 * @example
 * ```ts
 * const { elements, omitted } = packFindings(report.findings, 40_000);
 * ```
 */
export function packFindings(findings: Finding[], budget: number) {
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

/**
 * A report table as a Teams `Table` (plain text as fallback), its rows capped with a
 * "+N more rows" line.
 *
 * @example
 * ```ts
 * renderTable({ title: "Jobs", columns: ["job", "p50"], rows: [["build", "2m"]] });
 * ```
 */
export function renderTable(table: Table, reportUrl?: string): CardElement {
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

/**
 * A report chart as Teams' `Chart.Line` / `Chart.VerticalBar`, falling back to the report page's
 * PNG (or a text line when the report is not stored).
 *
 * @example
 * ```ts
 * renderChart(report.charts[0], 0, "https://ci.example/reports/r1");
 * ```
 */
export function renderChart(chart: Chart, index: number, reportUrl?: string): CardElement {
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
