/**
 * The parts of a Discord report message besides its embeds' budget: finding fields, tables as
 * code blocks, button rows, and the content line that counts what was left out.
 *
 * @module
 */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from "discord-api-types/v10";
import type { Finding, Report, ReportStatus, Severity, Table } from "../../src/report/model.ts";
import { codeBlock, markupText, renderInline, renderMarkup } from "../../src/report/markup.ts";
import { CUSTOM_ID_PREFIX } from "./buttons.ts";
import { LIMITS } from "./limits.ts";
import { codeSafe, safe, STYLE, truncate } from "./markdown.ts";

/**
 * The emoji before a report's title, by status.
 *
 * @example
 * ```ts
 * STATUS_EMOJI.failure; // "❌"
 * ```
 */
export const STATUS_EMOJI: Record<ReportStatus, string> = {
  success: "✅",
  failure: "❌",
  warning: "⚠️",
  neutral: "ℹ️",
  running: "⏳",
  error: "🚨",
};
const SEVERITY_EMOJI: Record<Severity, string> = { error: "🔴", warning: "🟠", notice: "🔵" };
const BUTTON_STYLE = {
  primary: ButtonStyle.Primary,
  danger: ButtonStyle.Danger,
  default: ButtonStyle.Secondary,
} as const;

/**
 * A finding as an embed field: severity, rule and place as its name; message, fix and patch as
 * its value.
 *
 * @example
 * ```ts
 * findingField({ severity: "error", ruleId: "pin-actions", file: "ci.yml", message: "Pin it" });
 * ```
 */
export function findingField(f: Finding): APIEmbedField {
  const where = `${f.file}${f.line ? `:${f.line}` : ""}`;
  const name = truncate(
    `${SEVERITY_EMOJI[f.severity]} ${safe(truncate(f.ruleId, 60), 120)} — ${
      safe(truncate(where, 120), 240)
    }`.replace(/\s+/g, " "),
    LIMITS.fieldName,
  );
  const parts = [renderInline(f.message, STYLE, 400).text];
  if (f.fix) {
    parts.push(`*Fix:* ${renderInline(f.fix.replace(/\s*\n\s*/g, " "), STYLE, 200).text}`);
  }
  let value = parts.join("\n");
  if (f.patch) value += `\n${renderMarkup(codeBlock(f.patch, "yaml"), STYLE, 300).text}`;
  return { name, value: truncate(value, LIMITS.fieldValue) };
}

/**
 * A table as an aligned code block of at most `max` characters, and how many rows did not fit;
 * nothing when even the header would not fit.
 *
 * @example
 * ```ts
 * renderTable({ title: "Jobs", columns: ["job", "p50"], rows: [["build", "2m"]] }, 1000);
 * ```
 */
export function renderTable(
  table: Table,
  max: number,
): { text: string; hiddenRows: number } | undefined {
  if (max < 200) return undefined;
  const cell = (s: string) => truncate(markupText(s).replace(/\s+/g, " "), 40);
  const head = table.columns.map(cell);
  const rows = table.rows.slice(0, LIMITS.tableRows).map((r) => r.map(cell));
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) =>
    codeSafe(widths.map((w, c) => (r[c] ?? "").padEnd(w)).join("  ").trimEnd());
  let text = truncate(`${line(head)}\n${line(widths.map((w) => "-".repeat(w)))}`, max - 8);
  let shown = 0;
  for (const row of rows) {
    const next = `${text}\n${line(row)}`;
    if (next.length + 8 > max) break;
    text = next;
    shown++;
  }
  return { text: `\`\`\`\n${text}\n\`\`\``, hiddenRows: table.rows.length - shown };
}

/**
 * The stored report actions as buttons, then *Full report*, in rows of five.
 *
 * @example
 * ```ts
 * buttonRows(report, "https://ci.example/reports/r1", { run: "a1" });
 * ```
 */
export function buttonRows(
  report: Report,
  reportUrl: string | undefined,
  actionIds: Record<string, string>,
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const buttons: APIButtonComponent[] = report.actions
    .filter((a) => actionIds[a.id] !== undefined)
    .map((a) => ({
      type: ComponentType.Button,
      style: BUTTON_STYLE[a.style],
      label: truncate(a.label, LIMITS.buttonLabel),
      custom_id: `${CUSTOM_ID_PREFIX}${actionIds[a.id]}`.slice(0, LIMITS.customId),
    }));
  const max = LIMITS.rows * LIMITS.buttonsPerRow - (reportUrl ? 1 : 0);
  const shown = buttons.slice(0, max);
  if (reportUrl) {
    shown.push({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: "Full report",
      url: reportUrl,
    });
  }
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  for (let i = 0; i < shown.length; i += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: shown.slice(i, i + LIMITS.buttonsPerRow),
    });
  }
  return rows;
}

/**
 * The message's content: the lead, the title, and what was left out (with the report link).
 *
 * @example
 * ```ts
 * contentLine(report, "https://ci.example/reports/r1", ["2 more findings"], undefined);
 * ```
 */
export function contentLine(
  report: Report,
  reportUrl: string | undefined,
  omitted: string[],
  lead: string | undefined,
): string {
  const parts: string[] = [];
  if (lead) parts.push(lead);
  parts.push(`${STATUS_EMOJI[report.status]} **${safe(report.title || "Report", 300)}**`);
  if (omitted.length > 0) {
    const more = omitted.length > 1
      ? `${omitted.slice(0, -1).join(", ")} and ${omitted.at(-1)}`
      : omitted[0];
    parts.push(
      reportUrl
        ? `+${truncate(more, 800)} on the full report: <${reportUrl}>`
        : `+${truncate(more, 800)} not shown`,
    );
  }
  return truncate(parts.join("\n"), LIMITS.content);
}

/**
 * The status as a capitalised word.
 *
 * @example
 * ```ts
 * statusWord("success"); // "Success"
 * ```
 */
export function statusWord(status: ReportStatus): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

/**
 * A count with its noun, pluralised with "s".
 *
 * @example
 * ```ts
 * plural(2, "more finding"); // "2 more findings"
 * ```
 */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
