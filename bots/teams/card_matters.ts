/**
 * What a report card leads with: a "What matters" container of the insights (each run linked,
 * its time relative when the renderer knows the time), and finding groups, each once with its
 * count and one fix. Text is `TextRun`s, never markdown (see `card.ts`).
 *
 * @module
 */
import { humanTime } from "../../src/report/human.ts";
import type { FindingGroup, Insight } from "../../src/report/model.ts";
import {
  bytes,
  type CardElement,
  container,
  inlineRuns,
  rich,
  runs,
  text,
} from "./card_elements.ts";

const INSIGHT_ICON: Record<Insight["kind"], string> = {
  regression: "📈",
  flaky: "🎲",
  hotspot: "🔥",
  cost: "💰",
  security: "🔒",
};

/**
 * The insights as an emphasised container: title in bold, detail, a "view run" link run and the
 * time (relative to `now`, else the calendar day).
 *
 * @example
 * ```ts
 * insightsContainer(report.insights ?? [], new Date());
 * // { type: "Container", style: "emphasis", items: [What matters, one block per insight] }
 * ```
 */
export function insightsContainer(insights: readonly Insight[], now?: Date): CardElement {
  const lines = insights.map((i) => {
    const link: CardElement[] = i.url && /^https?:\/\//i.test(i.url)
      ? runs("view run", { selectAction: { type: "Action.OpenUrl", url: i.url }, color: "Accent" })
      : [];
    const when = i.at ? runs(humanTime(i.at, now)) : [];
    const tail = link.length && when.length
      ? [...runs(" ("), ...link, ...runs(", "), ...when, ...runs(")")]
      : link.length || when.length
      ? [...runs(" ("), ...link, ...when, ...runs(")")]
      : [];
    return rich([
      ...runs(`${INSIGHT_ICON[i.kind]} `),
      ...runs(i.title, { weight: "Bolder" }, 300),
      ...runs(` — ${i.detail}`, {}, 600),
      ...tail,
    ], { spacing: "Small" });
  });
  return container([text("What matters", { weight: "Bolder" }), ...lines], { style: "emphasis" });
}

function groupLine(g: FindingGroup): CardElement {
  const first = g.locations[0];
  const where = g.count === 1 && first
    ? ` ${first.file}${first.line ? `:${first.line}` : ""} — `
    : ` (${g.count}) — `;
  const items = [
    rich([
      ...runs(g.severity.toUpperCase(), { weight: "Bolder" }),
      ...runs(" "),
      ...runs(g.ruleId, { fontType: "Monospace" }),
      ...runs(where),
      ...inlineRuns(g.message),
    ]),
  ];
  if (g.fix) {
    items.push(
      rich([...runs("Fix: "), ...inlineRuns(g.fix)].map((r) => ({ ...r, isSubtle: true })), {
        spacing: "None",
      }),
    );
  }
  return container(items, { separator: true });
}

/**
 * As many groups as fit (most severe first) in `budget` bytes under a "Findings (N in G groups)" heading, and how
 * many groups did not fit.
 *
 * @example
 * ```ts
 * const { elements, omitted } = packGroups(report.groups ?? [], report.findings.length, 40_000);
 * ```
 */
export function packGroups(groups: readonly FindingGroup[], findings: number, budget: number) {
  const elements: CardElement[] = [];
  let used = 0;
  const rank = { error: 0, warning: 1, notice: 2 };
  const sorted = groups.map((g, i) => ({ g, i }))
    .sort((a, b) => rank[a.g.severity] - rank[b.g.severity] || a.i - b.i);
  for (const { g: group } of sorted) {
    const element = groupLine(group);
    const size = bytes(element);
    if (used + size > budget) break;
    used += size;
    elements.push(element);
  }
  const shown = elements.length;
  if (shown > 0) {
    const heading = `Findings (${findings} in ${groups.length} group${
      groups.length === 1 ? "" : "s"
    })`;
    elements.unshift(text(heading, { weight: "Bolder" }, { separator: true }));
  }
  return { elements, omitted: groups.length - shown };
}
