/**
 * What a Discord report leads with: the insights as a "What matters" paragraph of the main
 * embed's description (each run linked, its time a Discord timestamp that every client shows
 * relative to its own clock), and finding groups as fields, each once with its count and fix.
 *
 * @module
 */
import type { APIEmbedField } from "discord-api-types/v10";
import type { FindingGroup, Insight } from "../../src/report/model.ts";
import { codeBlock, renderInline, renderMarkup } from "../../src/report/markup.ts";
import { LIMITS } from "./limits.ts";
import { codeSpan, safe, STYLE, truncate } from "./markdown.ts";

const INSIGHT_EMOJI: Record<Insight["kind"], string> = {
  regression: "📈",
  flaky: "🎲",
  hotspot: "🔥",
  cost: "💰",
  security: "🔒",
};
const SEVERITY_EMOJI: Record<FindingGroup["severity"], string> = {
  error: "🔴",
  warning: "🟠",
  notice: "🔵",
};

/**
 * An ISO time as a Discord timestamp (`<t:1700000000:R>`, shown "2 days ago" by the reader's
 * client); nothing for an unparsable time.
 *
 * @example
 * ```ts
 * discordTime("2026-11-22T12:00:00Z"); // "<t:1795348800:R>"
 * ```
 */
export function discordTime(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? "" : `<t:${Math.floor(ms / 1000)}:R>`;
}

/**
 * The insights as the "What matters" paragraph: one line each, title in bold, detail, the run as
 * a masked link and the time relative; cut to `max` characters on a whole line.
 *
 * @example
 * ```ts
 * insightsParagraph([{ kind: "flaky", title: "Job integration is flaky", detail: "Failed 3 of 60." }], 2000);
 * // "**What matters**\n🎲 **Job integration is flaky** — Failed 3 of 60."
 * ```
 */
export function insightsParagraph(insights: readonly Insight[], max: number): string {
  let text = "**What matters**";
  for (const i of insights) {
    const link = i.url && /^https?:\/\//i.test(i.url) && i.url.length <= LIMITS.url
      ? `[view run](${i.url.replace(/[()\s<>]/g, encodeURIComponent)})`
      : "";
    const tail = [link, i.at ? discordTime(i.at) : ""].filter(Boolean).join(", ");
    const line = `${INSIGHT_EMOJI[i.kind]} **${safe(i.title, 300)}** — ${safe(i.detail, 600)}${
      tail ? ` (${tail})` : ""
    }`;
    if (text.length + 1 + line.length > max) break;
    text += `\n${line}`;
  }
  return text;
}

/**
 * A finding group as one embed field: severity, rule and its count (or its one place) as the
 * name; the headline, the one fix and its patch as the value.
 *
 * @example
 * ```ts
 * groupField(report.groups[0]).name; // "🟠 pin-actions (176)"
 * ```
 */
export function groupField(g: FindingGroup): APIEmbedField {
  const first = g.locations[0];
  const where = g.count === 1 && first
    ? ` — ${safe(truncate(`${first.file}${first.line ? `:${first.line}` : ""}`, 120), 240)}`
    : ` (${g.count})`;
  const name = truncate(
    `${SEVERITY_EMOJI[g.severity]} ${safe(truncate(g.ruleId, 60), 120)}${where}`
      .replace(/\s+/g, " "),
    LIMITS.fieldName,
  );
  const parts = [renderInline(g.message.replace(/\s*\n\s*/g, " "), STYLE, 400).text];
  if (g.subjects.length > 1) {
    const names = g.subjects.slice(0, 5).map((s) =>
      `${codeSpan(truncate(s.name, 80))} ×${s.count}`
    );
    const more = g.subjects.length - names.length;
    parts.push(`${names.join(", ")}${more > 0 ? `, +${more} more` : ""}`);
  }
  if (g.fix) {
    parts.push(`*Fix:* ${renderInline(g.fix.replace(/\s*\n\s*/g, " "), STYLE, 300).text}`);
  }
  let value = parts.join("\n");
  if (g.patch) value += `\n${renderMarkup(codeBlock(g.patch, "yaml"), STYLE, 300).text}`;
  return { name, value: truncate(value, LIMITS.fieldValue) };
}
