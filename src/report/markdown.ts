/**
 * Report → GitHub-flavoured markdown: the CLI's output, and the base of Copilot replies.
 *
 * @module
 */
import type { Chart, Finding, Report, ReportStatus, Severity, Table } from "./model.ts";
import { chartXValues, formatChartValue } from "./svg.ts";

/** Emoji per status, shared by text renderers. */
export const STATUS_EMOJI: Record<ReportStatus, string> = {
  success: "✅",
  failure: "❌",
  warning: "⚠️",
  neutral: "ℹ️",
  running: "⏳",
  error: "🛑",
};

/** Emoji per finding severity. */
export const SEVERITY_EMOJI: Record<Severity, string> = {
  error: "🔴",
  warning: "🟠",
  notice: "🔵",
};

/** `file:line` (or just `file`) for a finding. */
export function findingLocation(f: Finding): string {
  return f.line ? `${f.file}:${f.line}` : f.file;
}

// A fence longer than any backtick run in the body, so a patch cannot close its block early.
const fenceFor = (body: string) =>
  "`".repeat(Math.max(3, ...(body.match(/`+/g) ?? []).map((run) => run.length + 1)));

// `  - Fix: <prose>` under the finding's bullet, the patch as a yaml block inside that item.
function fixLines(f: Finding): string[] {
  if (!f.fix && !f.patch) return [];
  const lines = [`  - Fix:${f.fix ? ` ${f.fix.replace(/\s*\n\s*/g, " ")}` : ""}`];
  if (f.patch) {
    const fence = fenceFor(f.patch);
    const body = f.patch.split("\n").map((l) => (l ? `    ${l}` : ""));
    lines.push(`    ${fence}yaml`, ...body, `    ${fence}`);
  }
  return lines;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/**
 * Renders a table as a markdown pipe table.
 *
 * @example
 * ```ts
 * markdownTable({ title: "T", columns: ["a"], rows: [["1"]] });
 * // "| a |\n| --- |\n| 1 |"
 * ```
 */
export function markdownTable(table: Table): string {
  const head = `| ${table.columns.map(cell).join(" | ")} |`;
  const rule = `| ${table.columns.map(() => "---").join(" | ")} |`;
  const rows = table.rows.map((r) => `| ${r.map(cell).join(" | ")} |`);
  return [head, rule, ...rows].join("\n");
}

/** Rows of a chart's markdown table at most; the rest is counted, not shown. */
export const MAX_CHART_ROWS = 20;

/**
 * Renders a chart as a markdown table, since chat markdown cannot draw: one row per x value
 * (at most {@linkcode MAX_CHART_ROWS}), one column per series, values formatted in the unit.
 *
 * @example
 * ```ts
 * markdownChart({ title: "T", kind: "line", unit: "s", series: [
 *   { name: "a", points: [{ x: 1, y: 90 }] },
 * ] });
 * // "| x | a |\n| --- | --- |\n| 1 | 1m 30s |"
 * ```
 */
export function markdownChart(chart: Chart): string {
  const xs = chartXValues(chart);
  if (xs.length === 0) return "_No data._";
  const lookups = chart.series.map((s) => {
    const byX = new Map<string, number>();
    for (const p of s.points) if (!byX.has(String(p.x))) byX.set(String(p.x), p.y);
    return byX;
  });
  const table = markdownTable({
    title: chart.title,
    columns: ["x", ...chart.series.map((s) => s.name)],
    rows: xs.slice(0, MAX_CHART_ROWS).map((x) => [
      String(x),
      ...lookups.map((byX) => {
        const y = byX.get(String(x));
        return y === undefined ? "—" : formatChartValue(y, chart.unit);
      }),
    ]),
  });
  const more = xs.length - MAX_CHART_ROWS;
  return more > 0 ? `${table}\n\n… ${more} more point${more === 1 ? "" : "s"}` : table;
}

/**
 * Renders a whole report as markdown, with every finding (the CLI has no size limit).
 *
 * @example
 * ```ts
 * renderMarkdown({ title: "Analyze acme/app", status: "success", summary: "No findings.",
 *   fields: [], tables: [], findings: [], sections: [], charts: [], actions: [], links: [] });
 * ```
 */
export function renderMarkdown(report: Report, options: { reportUrl?: string } = {}): string {
  const out: string[] = [`# ${STATUS_EMOJI[report.status]} ${report.title}`, "", report.summary];
  if (report.fields.length) {
    out.push("", ...report.fields.map((f) => `- **${f.label}:** ${f.value}`));
  }
  if (report.findings.length) {
    out.push("", `## Findings (${report.findings.length})`, "");
    for (const f of report.findings) {
      out.push(
        `- ${SEVERITY_EMOJI[f.severity]} **${f.severity}** \`${findingLocation(f)}\` ` +
          `[${f.ruleId}] ${f.message}`,
      );
      out.push(...fixLines(f));
    }
  }
  for (const chart of report.charts) {
    out.push("", `## ${chart.title}`, "", markdownChart(chart));
  }
  for (const table of report.tables) {
    out.push("", `## ${table.title}`, "", markdownTable(table));
  }
  for (const section of report.sections) {
    out.push("", `## ${section.title}`, "", section.markdown);
  }
  const links = [...report.links];
  if (options.reportUrl) links.unshift({ label: "Full report", url: options.reportUrl });
  if (links.length) {
    out.push("", links.map((l) => `[${l.label}](${l.url})`).join(" · "));
  }
  return out.join("\n") + "\n";
}
