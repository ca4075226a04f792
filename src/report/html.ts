/**
 * Report → a self-contained HTML page for `GET /reports/:id` (no scripts, inline CSS), with
 * everything the chat messages had to cut.
 *
 * @module
 */
import { escapeHtml } from "./escape.ts";
import { type MarkupStyle, renderInline, renderMarkup } from "./markup.ts";
import { findingLocation, SEVERITY_EMOJI, STATUS_EMOJI } from "./markdown.ts";
import type { Chart, Report, Table } from "./model.ts";
import { renderChartSvg } from "./svg.ts";

// Re-exported so callers that escaped with the page renderer keep one import.
export { escapeHtml };

const safeHref = (url: string) => /^https?:\/\//i.test(url) ? escapeHtml(url) : "#";

function tableHtml(table: Table): string {
  const head = table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const rows = table.rows
    .map((r) => `<tr>${r.map((c) => `<td>${proseHtml(c)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<h2>${escapeHtml(table.title)}</h2>\n<table><thead><tr>${head}</tr></thead>` +
    `<tbody>${rows}</tbody></table>`;
}

const chartHtml = (chart: Chart) =>
  `<h2>${escapeHtml(chart.title)}</h2>\n<div class="chart">${renderChartSvg(chart)}</div>`;

// Section markup: data escaped, code blocks as <pre>, lines kept by `white-space: pre-wrap`.
const MARKUP: MarkupStyle = {
  text: escapeHtml,
  code: (text) => (text ? `<code>${escapeHtml(text)}</code>` : ""),
  strong: (text) => `<b>${escapeHtml(text)}</b>`,
  block: (text) => `<pre>${escapeHtml(text)}</pre>`,
  bullet: (indent) => `${indent}• `,
};

// Inline markup (code spans, strong, escapes) → escaped HTML with <code> and <b>.
const proseHtml = (text: string) => renderInline(text, MARKUP).text;

const STYLE =
  `body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.6rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code,pre{font:13px ui-monospace,monospace;background:#f6f8fa}
pre{padding:.6rem;overflow:auto}.finding{margin:.4rem 0;padding:.4rem .6rem;border-left:4px solid #d0d7de}
.finding p{margin:.3rem 0}
.error{border-color:#cf222e}.warning{border-color:#bf8700}.notice{border-color:#0969da}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}
.chart{margin:.5rem 0 1.5rem}.chart svg{display:block;max-width:100%;height:auto}
.markup{white-space:pre-wrap}`;

/**
 * Renders the full report page.
 *
 * @example
 * ```ts
 * const html = renderHtml({ title: "Analyze acme/app", status: "success", summary: "No findings.",
 *   fields: [], tables: [], findings: [], sections: [], charts: [], actions: [], links: [] });
 * html.startsWith("<!doctype html>"); // true
 * ```
 */
export function renderHtml(report: Report): string {
  const parts: string[] = [
    `<h1>${STATUS_EMOJI[report.status]} ${escapeHtml(report.title)}</h1>`,
    `<p>${proseHtml(report.summary)}</p>`,
  ];
  if (report.fields.length) {
    parts.push(
      `<dl>${
        report.fields.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd>`)
          .join("")
      }</dl>`,
    );
  }
  if (report.findings.length) {
    parts.push(`<h2>Findings (${report.findings.length})</h2>`);
    for (const f of report.findings) {
      const fix = (f.fix ? `<p>Fix: ${proseHtml(f.fix)}</p>` : "") +
        (f.patch ? `<pre>${escapeHtml(f.patch)}</pre>` : "");
      parts.push(
        `<div class="finding ${f.severity}">${SEVERITY_EMOJI[f.severity]} <b>${f.severity}</b> ` +
          `<code>${escapeHtml(findingLocation(f))}</code> [${escapeHtml(f.ruleId)}] ` +
          `${proseHtml(f.message)}${fix}</div>`,
      );
    }
  }
  parts.push(...report.charts.map(chartHtml), ...report.tables.map(tableHtml));
  for (const s of report.sections) {
    parts.push(
      `<h2>${escapeHtml(s.title)}</h2><div class="markup">${
        renderMarkup(s.markdown, MARKUP).text
      }</div>`,
    );
  }
  if (report.links.length) {
    parts.push(
      `<p>${
        report.links.map((l) => `<a href="${safeHref(l.url)}">${escapeHtml(l.label)}</a>`).join(
          " · ",
        )
      }</p>`,
    );
  }
  if (report.createdAt) parts.push(`<p><small>Created ${escapeHtml(report.createdAt)}</small></p>`);
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(report.title)} — ci-orchestrator</title><style>${STYLE}</style></head>` +
    `<body>\n${parts.join("\n")}\n</body></html>\n`;
}
