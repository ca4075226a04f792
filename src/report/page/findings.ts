/**
 * The findings part of the report page: one `<details>` per severity (open; the filter links
 * above them show one severity through `:target`, no script) holding one `<details>` per group
 * (`report.groups`, else one per finding), each with its remedy and every place it occurs, linked
 * to the code.
 *
 * @module
 */
import { escapeHtml } from "../escape.ts";
import { renderInline } from "../markup.ts";
import type { FindingGroup, Report, Severity } from "../model.ts";
import { SEVERITIES } from "../model.ts";
import { codeLink, type LinkContext } from "./links.ts";
import { MARKUP } from "./prose.ts";

/** Places listed per group at most; the rest are counted. */
export const MAX_PLACES = 300;

const SEVERITY_TITLE: Record<Severity, string> = {
  error: "Errors",
  warning: "Warnings",
  notice: "Notices",
};
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const prose = (text: string) => renderInline(text, MARKUP).text;

/**
 * The report's groups, or one group per finding for reports that do not group (and reports
 * stored before groups existed).
 *
 * @example
 * ```ts
 * pageGroups({ findings: [], groups: undefined } as unknown as Report); // []
 * ```
 */
export function pageGroups(report: Report): FindingGroup[] {
  if (report.groups) return report.groups;
  return report.findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    level: f.level,
    message: f.message,
    fix: f.fix,
    patch: f.patch,
    count: 1,
    files: [f.file],
    subjects: [],
    locations: [{ file: f.file, line: f.line, column: f.column, job: f.job }],
  }));
}

/**
 * A severity badge drawn with CSS (emoji render as empty boxes without an emoji font).
 *
 * @example
 * ```ts
 * badge("error"); // '<span class="badge b-error">error</span>'
 * ```
 */
export const badge = (kind: string, text = kind): string =>
  `<span class="badge b-${escapeHtml(kind)}">${escapeHtml(text)}</span>`;

function groupHtml(g: FindingGroup, links: LinkContext): string {
  const where = g.count === 1 ? "" : ` · ${g.count}× in ${plural(g.files.length, "file")}`;
  const pedantic = g.level === "pedantic" ? " · pedantic" : "";
  const summary = `<summary>${badge(g.severity)} ${prose(g.message)} <span class="muted">` +
    `${escapeHtml(g.ruleId)}${where}${pedantic}</span></summary>`;
  const body: string[] = [];
  if (g.fix) body.push(`<p>Fix: ${prose(g.fix)}</p>`);
  if (g.patch) body.push(`<pre>${escapeHtml(g.patch)}</pre>`);
  if (g.subjects.length > 1) {
    body.push(
      `<ul>${
        g.subjects.map((s) =>
          `<li><code>${escapeHtml(s.name)}</code> — ${s.count}× in ` +
          `${plural(s.files.length, "file")}${s.fix ? `: ${prose(s.fix)}` : ""}` +
          `${s.patch ? `<pre>${escapeHtml(s.patch)}</pre>` : ""}</li>`
        ).join("")
      }</ul>`,
    );
  }
  const places = g.locations.slice(0, MAX_PLACES).map((l) => {
    const extra = [l.job ? `job ${l.job}` : "", l.subject ?? ""].filter(Boolean).join(", ");
    return `<li>${codeLink(links, l.file, l.line)}${
      extra ? ` <span class="muted">${escapeHtml(extra)}</span>` : ""
    }</li>`;
  });
  const more = g.locations.length - places.length;
  body.push(
    `<ul class="places">${places.join("")}${
      more > 0 ? `<li class="muted">… and ${more} more</li>` : ""
    }</ul>`,
  );
  return `<details class="group ${g.severity}">${summary}${body.join("")}</details>`;
}

/**
 * The findings section: its heading, the severity filter and one open `<details>` per
 * severity with the groups in it; empty when there are no findings.
 *
 * @example
 * ```ts
 * findingsHtml({ findings: [] } as unknown as Report, { webUrl: "https://github.com" }); // ""
 * ```
 */
export function findingsHtml(report: Report, links: LinkContext): string {
  const groups = pageGroups(report);
  if (groups.length === 0) return "";
  const bySeverity = SEVERITIES.map((s) => ({ s, gs: groups.filter((g) => g.severity === s) }))
    .filter(({ gs }) => gs.length > 0);
  const count = (gs: FindingGroup[]) => gs.reduce((n, g) => n + g.count, 0);
  const filter = `<p class="filter">Show: <a href="#findings">all</a>${
    bySeverity.map(({ s, gs }) =>
      `<a href="#sev-${s}">${SEVERITY_TITLE[s].toLowerCase()} (${count(gs)})</a>`
    ).join("")
  }</p>`;
  const sections = bySeverity.map(({ s, gs }) =>
    `<details class="sev" id="sev-${s}" open><summary><h3>${SEVERITY_TITLE[s]}</h3> ` +
    `<span class="muted">${plural(count(gs), "finding")} in ${plural(gs.length, "group")}` +
    `</span></summary>\n${gs.map((g) => groupHtml(g, links)).join("\n")}\n</details>`
  );
  return `<section id="findings" aria-labelledby="findings-h">` +
    `<h2 id="findings-h">Findings (${report.findings.length || count(groups)})</h2>\n` +
    `${filter}\n${sections.join("\n")}\n</section>`;
}
