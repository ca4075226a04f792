/**
 * A Report as a Copilot answer: the markdown of {@linkcode renderMarkdown} (which escapes all
 * CI text), the report's buttons as commands to type (Copilot has no buttons), and references
 * for the report page and every link (workflow runs, pull requests).
 *
 * @module
 */
import { intentToCommand } from "../../src/intent/format.ts";
import { markdownText, renderMarkdown } from "../../src/report/markdown.ts";
import { codeSpan } from "../../src/report/markup.ts";
import type { Report } from "../../src/report/model.ts";
import type { CopilotReference } from "./stream.ts";

/**
 * The report's markdown, with its actions listed as `@ci-orchestrator` commands.
 *
 * @example
 * ```ts
 * reportText(report, "https://ci.example/reports/r1"); // "# ⚠️ Analyze acme/app\n…"
 * ```
 */
export function reportText(report: Report, reportUrl?: string): string {
  const text = renderMarkdown(report, { reportUrl });
  // Edit and Dismiss are message buttons; here the command is typed (or not), so only runs list.
  const runs = report.actions.filter((a) => (a.kind ?? "run") === "run");
  if (runs.length === 0) return text;
  const next = runs.map((a) =>
    `- ${markdownText(a.label)}: ${codeSpan(`@ci-orchestrator ${intentToCommand(a.intent)}`)}`
  );
  return `${text}\n**Next steps**\n\n${next.join("\n")}\n`;
}

/**
 * References for the report page and the report's links.
 *
 * @example
 * ```ts
 * reportReferences(report, "https://ci.example/reports/r1")[0].metadata?.display_url;
 * ```
 */
export function reportReferences(report: Report, reportUrl?: string): CopilotReference[] {
  const refs: CopilotReference[] = [];
  if (report.id && reportUrl) {
    refs.push({
      type: "ci-orchestrator.report",
      id: report.id,
      data: { title: report.title, status: report.status, url: reportUrl },
      is_implicit: false,
      metadata: { display_name: `Report: ${report.title}`, display_url: reportUrl },
    });
  }
  report.links.forEach((link, i) =>
    refs.push({
      type: "ci-orchestrator.link",
      id: `${report.id ?? "report"}-link-${i}`,
      data: { url: link.url },
      is_implicit: false,
      metadata: { display_name: link.label, display_url: link.url },
    })
  );
  return refs;
}
