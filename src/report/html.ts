/**
 * Report → a self-contained HTML page for `GET /reports/:id` (no scripts, inline CSS), with
 * everything the chat messages had to cut, in the order a reader needs it: status and what
 * matters, a table of contents, the charts, the findings grouped and filterable, then details.
 *
 * @module
 */
import { escapeHtml } from "./escape.ts";
import { renderInline, renderMarkup } from "./markup.ts";
import type { Chart, Report, ReportStatus, Table } from "./model.ts";
import { badge, findingsHtml } from "./page/findings.ts";
import { type LinkContext, runHref, safeHref } from "./page/links.ts";
import { MARKUP } from "./page/prose.ts";
import { pageDocument } from "./page/document.ts";
import { timeHtml } from "./page/time.ts";
import { chartDescription, renderChartSvg } from "./svg.ts";

// Re-exported so callers that escaped with the page renderer keep one import.
export { escapeHtml };

const STATUS_TEXT: Record<ReportStatus, string> = {
  success: "Success",
  failure: "Failure",
  warning: "Warning",
  neutral: "Info",
  running: "Running",
  error: "Error",
};

const INSIGHT_TEXT: Record<string, string> = {
  regression: "Regression",
  flaky: "Flaky",
  hotspot: "Hot spot",
  cost: "Cost",
  security: "Security",
};

// Inline markup (code spans, strong, escapes) → escaped HTML with <code> and <b>.
const proseHtml = (text: string) => renderInline(text, MARKUP).text;

// A run id in a column about runs links to its run page when the report names the repository.
function cellHtml(cell: string, column: string, links: LinkContext): string {
  const href = /\brun\b/i.test(column) ? runHref(links, cell.trim()) : undefined;
  return href ? `<a href="${escapeHtml(href)}">${escapeHtml(cell)}</a>` : proseHtml(cell);
}

function tableHtml(table: Table, id: string, links: LinkContext): string {
  const head = table.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join("");
  const rows = table.rows
    .map((r) =>
      `<tr>${
        r.map((c, i) => `<td>${cellHtml(c, table.columns[i] ?? "", links)}</td>`).join("")
      }</tr>`
    )
    .join("\n");
  // A focusable region, so a keyboard can scroll a table wider than a phone.
  return `<section id="${id}"><h2 id="${id}-h">${escapeHtml(table.title)}</h2>\n` +
    `<div class="scroll" role="region" tabindex="0" aria-labelledby="${id}-h"><table><thead>` +
    `<tr>${head}</tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

// Phones get the chart laid out for their width, so its labels keep the page's type size instead
// of a 720-wide drawing shrunk by half; CSS shows one of the two (no script).
const NARROW_CHART = { width: 360, height: 260 };

const chartHtml = (chart: Chart) =>
  `<figure class="chart"><div class="wide">${renderChartSvg(chart)}</div>\n` +
  `<div class="narrow">${renderChartSvg(chart, NARROW_CHART)}</div>\n<figcaption><b>${
    escapeHtml(chart.title)
  }</b> — ${escapeHtml(chartDescription(chart))}</figcaption></figure>`;

/**
 * The chart that shows the news beside the insights: the first with a marked change, else the
 * first line chart, else none (bars of medians are details).
 */
const leadChart = (report: Report): Chart | undefined =>
  report.insights?.length
    ? report.charts.find((c) => c.markers?.length) ?? report.charts.find((c) => c.kind === "line")
    : undefined;

function headerHtml(report: Report): string {
  const parts = [
    `<header><h1>${badge(report.status, STATUS_TEXT[report.status])} ${
      escapeHtml(report.title)
    }</h1>`,
    `<p class="summary">${proseHtml(report.summary)}</p>`,
  ];
  if (report.fields.length) {
    parts.push(
      `<dl>${
        report.fields.map((f) =>
          `<div><dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd></div>`
        )
          .join("")
      }</dl>`,
    );
  }
  return `${parts.join("\n")}</header>`;
}

function insightsHtml(report: Report, lead: Chart | undefined, now?: Date): string {
  const items = (report.insights ?? []).map((i) => {
    const title = i.url
      ? `<a href="${safeHref(i.url)}">${escapeHtml(i.title)}</a>`
      : escapeHtml(i.title);
    // The time of the run the title links to.
    const when = i.at ? ` <span class="muted">· ${timeHtml(i.at, now)}</span>` : "";
    return `<li class="insight">${badge(i.kind, INSIGHT_TEXT[i.kind] ?? i.kind)} <b>${title}</b>` +
      `${when}<p>${escapeHtml(i.detail)}</p></li>`;
  });
  return `<section id="insights"><h2>What matters</h2><div class="lead"><ul class="insights">${
    items.join("")
  }</ul>${lead ? chartHtml(lead) : ""}</div></section>`;
}

/** Options of {@linkcode renderHtml}. */
export interface HtmlOptions {
  /** GitHub's web base for code and run links (`GITHUB_URL`; GHES); default `https://github.com`. */
  webUrl?: string;
  /** When the page is rendered, for relative times ("2 days ago"); absolute times without it. */
  now?: Date;
}

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
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const links: LinkContext = {
    webUrl: options.webUrl ?? "https://github.com",
    source: report.source,
  };
  const toc: Array<[string, string]> = [];
  const body: string[] = [];
  const add = (id: string, title: string, html: string) => {
    if (!html) return;
    toc.push([id, title]);
    body.push(html);
  };
  const lead = leadChart(report);
  if (report.insights?.length) {
    add("insights", "What matters", insightsHtml(report, lead, options.now));
  }
  const charts = report.charts.filter((c) => c !== lead);
  if (charts.length) {
    add(
      "charts",
      "Charts",
      `<section id="charts"><h2>Charts</h2>\n${charts.map(chartHtml).join("\n")}</section>`,
    );
  }
  add("findings", `Findings (${report.findings.length})`, findingsHtml(report, links));
  report.tables.forEach((t, i) => add(`t-${i}`, t.title, tableHtml(t, `t-${i}`, links)));
  report.sections.forEach((s, i) =>
    add(
      `s-${i}`,
      s.title,
      `<section id="s-${i}"><h2>${escapeHtml(s.title)}</h2><div class="markup">${
        renderMarkup(s.markdown, MARKUP).text
      }</div></section>`,
    )
  );
  if (report.links.length) {
    add(
      "links",
      "Links",
      `<section id="links"><h2>Links</h2><p>${
        report.links.map((l) => `<a href="${safeHref(l.url)}">${escapeHtml(l.label)}</a>`)
          .join(" · ")
      }</p></section>`,
    );
  }
  const nav = toc.length > 1
    ? `<nav aria-labelledby="toc-h"><h2 id="toc-h">Contents</h2><ol>${
      toc.map(([id, title]) => `<li><a href="#${id}">${escapeHtml(title)}</a></li>`).join("")
    }</ol></nav>`
    : "";
  const footer = report.createdAt
    ? `<footer><p class="muted">Created ${timeHtml(report.createdAt, options.now)}</p></footer>`
    : "";
  return pageDocument(
    report.title,
    [headerHtml(report), nav, `<main>`, ...body, `</main>`, footer].filter(Boolean).join("\n"),
  );
}
