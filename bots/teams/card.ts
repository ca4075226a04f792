/**
 * Report → Adaptive Card 1.5 (what Teams renders), what matters first: title, status, summary,
 * the insights in a "What matters" container, finding groups (each once, with its count and
 * fix), then the details: fields as a `FactSet`, charts as `Chart.Line` / `Chart.VerticalBar`
 * (Teams' chart elements, each with a `fallback` to the report page's PNG for clients without
 * them), tables as `Table` elements, sections, and
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
import type { Report, ReportStatus } from "../../src/report/model.ts";
import {
  type AdaptiveCard,
  bytes,
  type CardElement,
  container,
  envelope,
  fact,
  inlineRuns,
  markupElements,
  rich,
  text,
} from "./card_elements.ts";
import {
  type CardOptions,
  packFindings,
  renderActions,
  renderChart,
  renderTable,
} from "./card_parts.ts";
import { insightsContainer, packGroups } from "./card_matters.ts";

export type { AdaptiveCard, CardElement } from "./card_elements.ts";
export { type CardOptions, EXECUTE_VERB } from "./card_parts.ts";

/** Teams rejects activities much above this; the platform table says "keep under 80 KB". */
export const MAX_CARD_BYTES = 78 * 1024;

const STATUS: Record<ReportStatus, { label: string; color: string }> = {
  success: { label: "✅ Success", color: "Good" },
  failure: { label: "❌ Failure", color: "Attention" },
  warning: { label: "⚠️ Warning", color: "Warning" },
  neutral: { label: "ℹ️ Info", color: "Default" },
  running: { label: "⏳ Running", color: "Accent" },
  error: { label: "⛔ Error", color: "Attention" },
};

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
  if (report.insights?.length) head.push(insightsContainer(report.insights, now(report, options)));
  const facts: CardElement[] = report.fields.length > 0
    ? [{
      type: "FactSet",
      facts: report.fields.slice(0, 20).map((f) => ({
        title: fact(f.label, 100),
        value: fact(f.value, 500),
      })),
    }]
    : [];
  const actions = renderActions(report, options);
  const budget = MAX_CARD_BYTES - bytes(envelope([...head, ...facts], actions)) - 400;
  // The details (charts, tables, sections) get at most half; the findings the rest.
  const details: CardElement[] = [];
  let used = 0;
  let omitted = 0;
  for (
    const element of [
      ...report.charts.map((chart, i) => renderChart(chart, i, options.reportUrl)),
      ...report.tables.map((t) => renderTable(t, options.reportUrl)),
      ...report.sections.map((s) =>
        container([text(s.title, { weight: "Bolder" }), ...markupElements(s.markdown)])
      ),
    ]
  ) {
    const size = bytes(element);
    if (used + size > budget / 2) {
      omitted++;
      continue;
    }
    used += size;
    details.push(element);
  }
  // Grouped reports show each group once, with its count and one fix.
  const findings = report.groups
    ? packGroups(report.groups, report.findings.length, budget - used)
    : packFindings(report.findings, budget - used);
  const body = [...head, ...findings.elements, ...facts, ...details];
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

// The time relative times are measured from: the caller's, else when the report was made.
function now(report: Report, options: CardOptions): Date | undefined {
  if (options.now) return options.now;
  const created = report.createdAt ? new Date(report.createdAt) : undefined;
  return created && !Number.isNaN(created.getTime()) ? created : undefined;
}
