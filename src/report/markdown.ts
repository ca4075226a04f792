/**
 * Report → GitHub-flavoured markdown: the CLI's output, and the base of Copilot replies. Report
 * markup is parsed (see `markup.ts`) and written back with every data character escaped, so CI
 * text cannot become a link, an autolink or raw HTML, nor leave its code span or block.
 *
 * @module
 */
import {
  cleanText,
  codeBlock,
  codeSpan,
  type MarkupStyle,
  renderInline,
  renderMarkup,
} from "./markup.ts";
import { humanTime } from "./human.ts";
import type {
  Chart,
  Finding,
  FindingGroup,
  Insight,
  Report,
  ReportStatus,
  Severity,
  Table,
} from "./model.ts";
import { chartXValues, formatChartValue } from "./svg.ts";

/** Locations listed per group; the rest are counted (the report page lists every finding). */
const MAX_PLACES = 12;

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

/** Emoji per insight kind. */
export const INSIGHT_EMOJI: Record<Insight["kind"], string> = {
  regression: "📈",
  flaky: "🎲",
  hotspot: "🔥",
  cost: "💰",
  security: "🔒",
};

/** `file:line` (or just `file`) for a finding or one place of a group. */
export function findingLocation(f: Pick<Finding, "file" | "line">): string {
  return f.line ? `${f.file}:${f.line}` : f.file;
}

const WORD = /^[\p{L}\p{N}]$/u;

/**
 * Escapes data for GitHub-flavoured markdown: invisible controls dropped, a backslash before
 * each character that could start a link, autolink, HTML, entity, emphasis, code or table cell
 * (`_` only where it could emphasise; `~` is left, strikethrough being cosmetic), and before a
 * line-leading block marker (`#`, `>`, and `-`, `+`, `1.` when a space follows them, as
 * CommonMark requires; `8.0s` stays as it is).
 *
 * @example
 * ```ts
 * markdownText("[x](javascript:alert(1)) <b>"); // "\\[x\\](javascript:alert(1)) \\<b\\>"
 * ```
 */
export function markdownText(text: string): string {
  return cleanText(text).replace(/[\\`*[\]<>&|]/g, "\\$&")
    // A run of `_` between two letters or digits cannot open or close emphasis (CommonMark).
    .replace(
      /_+/g,
      (run, at: number, all: string) =>
        WORD.test(all[at - 1] ?? "") && WORD.test(all[at + run.length] ?? "")
          ? run
          : run.replace(/_/g, "\\_"),
    )
    .replace(/^(\s*)(>|#|[+-](?=\s|$)|-(?=[-\s]*$))/gm, "$1\\$2")
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/gm, "$1\\$2");
}

/** How report markup is written back as markdown. */
const STYLE: MarkupStyle = {
  text: markdownText,
  code: (text) => codeSpan(cleanText(text)),
  strong: (text) => {
    const inner = markdownText(text).trim();
    return inner ? `**${inner}**` : "";
  },
  block: (text, lang) => codeBlock(cleanText(text), lang),
  bullet: (indent) => `${indent}- `,
};

/** One line of data: newlines become spaces. */
const line = (text: string) => markdownText(text.replace(/\s*\r?\n\s*/g, " "));

// In a table even a code span's `|` ends the cell unless escaped (GFM).
const CELL: MarkupStyle = {
  ...STYLE,
  code: (text) => codeSpan(cleanText(text)).replace(/\|/g, "\\|"),
};

// A fence longer than any backtick run in the body, so a patch cannot close its block early.
const fenceFor = (body: string) =>
  "`".repeat(Math.max(3, ...(body.match(/`+/g) ?? []).map((run) => run.length + 1)));

// `  - Fix: <prose>` under the finding's bullet, the patch as a yaml block inside that item.
function fixLines(f: Pick<Finding, "fix" | "patch">): string[] {
  if (!f.fix && !f.patch) return [];
  const fix = f.fix ? ` ${renderInline(f.fix.replace(/\s*\n\s*/g, " "), STYLE).text}` : "";
  const lines = [`  - Fix:${fix}`];
  if (f.patch) {
    const patch = cleanText(f.patch);
    const fence = fenceFor(patch);
    const body = patch.split("\n").map((l) => (l ? `    ${l}` : ""));
    lines.push(`    ${fence}yaml`, ...body, `    ${fence}`);
  }
  return lines;
}

const cell = (s: string) => renderInline(s.replace(/\s*\r?\n\s*/g, " "), CELL).text;

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

// A group once: its headline, where (every place, the CLI has room), each subject, the fix.
function groupLines(groups: readonly FindingGroup[]): string[] {
  const out: string[] = [];
  for (const g of groups) {
    const first = g.locations[0];
    // A larger group's headline says how often and where.
    const where = g.count === 1 && first ? ` ${codeSpan(cleanText(findingLocation(first)))}` : "";
    const message = renderInline(g.message.replace(/\s*\n\s*/g, " "), STYLE).text;
    out.push(
      `- ${SEVERITY_EMOJI[g.severity]} **${g.severity}**${where} \\[${
        line(g.ruleId)
      }\\] ${message}`,
    );
    if (g.count > 1) {
      // Twelve places show the spread; a list of a hundred buries the next finding.
      const places = g.locations.slice(0, MAX_PLACES)
        .map((l) => codeSpan(cleanText(findingLocation(l))));
      const more = g.locations.length - places.length;
      out.push(`  - Where: ${places.join(", ")}${more > 0 ? `, … and ${more} more` : ""}`);
    }
    if (g.subjects.length > 1) {
      for (const s of g.subjects) {
        const times = `${s.count} time${s.count === 1 ? "" : "s"}`;
        const files = `${s.files.length} file${s.files.length === 1 ? "" : "s"}`;
        // A subject without a line of its own (a ref that did not resolve) says why.
        const own = s.patch === undefined && s.fix && s.fix !== g.fix
          ? ` — ${renderInline(s.fix.replace(/\s*\n\s*/g, " "), STYLE).text}`
          : "";
        out.push(`  - ${codeSpan(cleanText(s.name))}: ${times} in ${files}${own}`);
      }
    }
    out.push(...fixLines(g));
  }
  return out;
}

const safeUrl = (url: string) => url.replace(/[()\s<>]/g, encodeURIComponent);

/**
 * The insights as a bullet list: title, detail, the run linked, the time relative to `now`
 * (calendar days without one).
 *
 * @example
 * ```ts
 * insightLines([{ kind: "flaky", title: "Job integration in ci.yml is flaky", detail: "…" }]);
 * // ["- 🎲 **Job integration in ci.yml is flaky** — …"]
 * ```
 */
export function insightLines(insights: readonly Insight[], now?: Date): string[] {
  return insights.map((i) => {
    const link = i.url && /^https?:\/\//i.test(i.url) ? `[view run](${safeUrl(i.url)})` : "";
    const when = i.at ? markdownText(humanTime(i.at, now)) : "";
    const tail = [link, when].filter(Boolean).join(", ");
    return `- ${INSIGHT_EMOJI[i.kind]} **${line(i.title)}** — ${line(i.detail)}${
      tail ? ` (${tail})` : ""
    }`;
  });
}

/**
 * Renders a whole report as markdown, with every finding (the CLI has no size limit).
 * What matters comes first: the insights, then the grouped findings, then the details.
 *
 * @example
 * ```ts
 * renderMarkdown({ title: "Analyze acme/app", status: "success", summary: "No findings.",
 *   fields: [], tables: [], findings: [], sections: [], charts: [], actions: [], links: [] });
 * ```
 */
export function renderMarkdown(
  report: Report,
  options: { reportUrl?: string; now?: Date } = {},
): string {
  const out: string[] = [
    `# ${STATUS_EMOJI[report.status]} ${line(report.title)}`,
    "",
    renderInline(report.summary, STYLE).text,
  ];
  if (report.insights?.length) {
    const created = report.createdAt ? new Date(report.createdAt) : undefined;
    const now = options.now ??
      (created && !Number.isNaN(created.getTime()) ? created : undefined);
    out.push("", "## What matters", "", ...insightLines(report.insights, now));
  }
  if (report.groups?.length) {
    out.push("", `## Findings (${report.findings.length})`, "", ...groupLines(report.groups));
  } else if (report.findings.length) {
    out.push("", `## Findings (${report.findings.length})`, "");
    for (const f of report.findings) {
      out.push(
        `- ${SEVERITY_EMOJI[f.severity]} **${f.severity}** ${
          codeSpan(cleanText(findingLocation(f)))
        } ` +
          `\\[${line(f.ruleId)}\\] ${
            renderInline(f.message.replace(/\s*\n\s*/g, " "), STYLE).text
          }`,
      );
      out.push(...fixLines(f));
    }
  }
  if (report.fields.length) {
    out.push("", ...report.fields.map((f) => `- **${line(f.label)}:** ${line(f.value)}`));
  }
  for (const chart of report.charts) {
    out.push("", `## ${line(chart.title)}`, "", markdownChart(chart));
  }
  for (const table of report.tables) {
    out.push("", `## ${line(table.title)}`, "", markdownTable(table));
  }
  for (const section of report.sections) {
    out.push("", `## ${line(section.title)}`, "", renderMarkup(section.markdown, STYLE).text);
  }
  const links = [...report.links];
  if (options.reportUrl) links.unshift({ label: "Full report", url: options.reportUrl });
  const shown = links.filter((l) => /^https?:\/\//i.test(l.url));
  if (shown.length) {
    out.push(
      "",
      shown.map((l) => `[${line(l.label)}](${safeUrl(l.url)})`)
        .join(" · "),
    );
  }
  return out.join("\n") + "\n";
}
