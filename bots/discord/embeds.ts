/**
 * Report → a Discord message (`content`, `embeds`, `components`) inside Discord's hard limits:
 * 2,000 content characters, 10 embeds, 6,000 characters across all embeds, 25 fields of 1,024,
 * 256-character titles and field names, 4,096-character descriptions, ≤ 5 action rows of ≤ 5
 * buttons. What does not fit is counted in a "+N more on the full report" line with the link.
 *
 * Layout: one main embed (title → report page, status colour, summary, report fields inline,
 * findings as fields, the chart as `image`), then one embed per table (a code block) and per
 * section while the 6,000-character budget lasts; buttons below.
 *
 * @module
 */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from "discord-api-types/v10";
import type { ParseResult } from "../../src/intent/schema.ts";
import { defaultChartIndex } from "../../src/report/png.ts";
import type { Finding, Report, ReportStatus, Severity, Table } from "../../src/report/model.ts";
import {
  cleanText,
  codeBlock,
  type MarkupStyle,
  markupText,
  renderInline,
  renderMarkup,
} from "../../src/report/markup.ts";
import { CUSTOM_ID_PREFIX } from "./buttons.ts";

/** Discord's limits, and our own caps that keep a message readable. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  url: 512,
  shownTables: 3,
  tableRows: 15,
  shownSections: 3,
  summary: 1500,
} as const;

/** A rendered message, as `POST /channels/{id}/messages` and webhook edits take it. */
export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Mentions are never pinged from rendered text (alerts quote commit authors). */
  allowed_mentions: { parse: []; users?: string[] };
  flags?: number;
}

/** Embed colours by status. */
export const STATUS_COLOR: Record<ReportStatus, number> = {
  success: 0x2ea043,
  failure: 0xcf222e,
  warning: 0xd4a72c,
  neutral: 0x8c959f,
  running: 0x0969da,
  error: 0x8b0000,
};
const STATUS_EMOJI: Record<ReportStatus, string> = {
  success: "✅",
  failure: "❌",
  warning: "⚠️",
  neutral: "ℹ️",
  running: "⏳",
  error: "🚨",
};
const SEVERITY_EMOJI: Record<Severity, string> = { error: "🔴", warning: "🟠", notice: "🔵" };
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };
const BUTTON_STYLE = {
  primary: ButtonStyle.Primary,
  danger: ButtonStyle.Danger,
  default: ButtonStyle.Secondary,
} as const;

/**
 * Cuts `text` to `max` characters (code points kept whole), ending with "…" when cut.
 *
 * @example
 * ```ts
 * truncate("abcdef", 4); // "abc…"
 * ```
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * Escapes Discord markdown in user or CI text: invisible controls dropped, a backslash before
 * every markdown character (`<` too, so `<@id>`, `<#id>`, `<@&id>` and `<t:…>` stay text),
 * line-leading `#`, `-` and `1.` escaped, and a zero-width space after `@` so `@everyone` and
 * `@here` are never mentions (`allowed_mentions: { parse: [] }` is the second guard).
 *
 * @example
 * ```ts
 * escapeMarkdown("*bold* @everyone"); // "\\*bold\\* @\u200beveryone"
 * ```
 */
export function escapeMarkdown(text: string): string {
  return cleanText(text).replace(/([\\*_~`|>\[\]<])/g, "\\$1")
    .replace(/^(\s*)(#|-|\d+\.)/gm, "$1\\$2")
    .replace(/@/g, "@\u200b");
}

const safe = (text: string, max: number) => truncate(escapeMarkdown(text), max);
// In code, backslashes are shown as typed: a zero-width space after each backtick instead, so
// no ``` (or trailing backtick) can close the block while the text looks the same.
const codeSafe = (text: string) => cleanText(text).replace(/`/g, "`\u200b");
// In a span even one backtick closes it: the lookalike ˋ (U+02CB) instead.
const codeSpan = (text: string) => {
  const code = cleanText(text).replace(/\s+/g, " ").replace(/`/g, "\u02CB");
  return code ? `\`${code}\`` : "";
};

/** How report markup is written in Discord markdown (see `src/report/markup.ts`). */
const STYLE: MarkupStyle = {
  text: escapeMarkdown,
  code: codeSpan,
  strong: (text) => {
    const inner = escapeMarkdown(text).trim();
    return inner ? `**${inner}**` : "";
  },
  block: (text, lang) => `\`\`\`${lang.replace(/[^\w+-]/g, "")}\n${codeSafe(text)}\n\`\`\``,
  bullet: (indent) => `${indent}• `,
};

/** Options of {@linkcode renderReport}. */
export interface RenderOptions {
  /** The report page: the title link, the *Open report* button and the chart's base URL. */
  reportUrl?: string;
  /** Report action id → stored action id (see `buttons.ts`); unstored actions get no button. */
  actionIds?: Record<string, string>;
  /** Text put before the report line (a mention, "Your job finished"). */
  lead?: string;
}

/** Characters Discord counts toward the 6,000 across embeds. */
export function embedChars(embed: APIEmbed): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/**
 * Renders a report inside every Discord limit.
 *
 * @example
 * ```ts
 * const message = renderReport(report, { reportUrl: "https://ci.example/reports/abc" });
 * message.embeds.length; // ≤ 10
 * ```
 */
export function renderReport(report: Report, options: RenderOptions = {}): DiscordMessage {
  const omitted: string[] = [];
  const reportUrl = options.reportUrl && options.reportUrl.length <= LIMITS.url
    ? options.reportUrl
    : undefined;
  const main: APIEmbed = {
    title: safe(`${STATUS_EMOJI[report.status]} ${report.title || "Report"}`, LIMITS.title),
    color: STATUS_COLOR[report.status],
    description: renderInline(report.summary || statusWord(report.status), STYLE, LIMITS.summary)
      .text,
    ...(reportUrl ? { url: reportUrl } : {}),
  };
  const fields: APIEmbedField[] = [];
  // Room kept for the tables and sections after the findings, and for a footer.
  const reserve = Math.min(1500, 600 * (report.tables.length + report.sections.length));
  let used = embedChars(main);
  const fits = (n: number) => used + n <= LIMITS.embedTotal - reserve - 100;

  let shownFields = 0;
  // Report fields are short facts shown inline; they get a small share so findings still fit.
  const fieldsBudget = used + 1200;
  for (const f of report.fields) {
    const field = {
      name: safe(f.label || "—", 100),
      value: safe(f.value || "—", 300),
      inline: true,
    };
    const size = field.name.length + field.value.length;
    if (fields.length >= 12 || used + size > fieldsBudget || !fits(size)) break;
    fields.push(field);
    used += field.name.length + field.value.length;
    shownFields++;
  }
  if (report.fields.length > shownFields) {
    omitted.push(plural(report.fields.length - shownFields, "more field"));
  }

  const sorted = report.findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
  let shownFindings = 0;
  for (const finding of sorted) {
    const field = findingField(finding);
    if (fields.length >= LIMITS.fields || !fits(field.name.length + field.value.length)) break;
    fields.push(field);
    used += field.name.length + field.value.length;
    shownFindings++;
  }
  if (report.findings.length > shownFindings) {
    omitted.unshift(plural(report.findings.length - shownFindings, "more finding"));
  }
  if (fields.length > 0) main.fields = fields;

  const chartIndex = defaultChartIndex(report.charts);
  const chart = report.charts[chartIndex];
  if (chart && reportUrl && /^https?:\/\//i.test(reportUrl)) {
    main.image = { url: `${reportUrl.replace(/\/+$/, "")}/chart.png` };
    if (report.charts.length > 1) omitted.push(plural(report.charts.length - 1, "more chart"));
  } else if (report.charts.length > 0) {
    omitted.push(plural(report.charts.length, "chart"));
  }
  const embeds: APIEmbed[] = [main];

  const budgetLeft = () => LIMITS.embedTotal - 300 - embeds.reduce((n, e) => n + embedChars(e), 0);
  report.tables.forEach((table, i) => {
    const rendered = renderTable(table, Math.min(LIMITS.description, budgetLeft() - 260));
    if (i >= LIMITS.shownTables || embeds.length >= LIMITS.embeds - 1 || !rendered) {
      omitted.push(`table "${safe(table.title, 60)}"`);
      return;
    }
    embeds.push({
      title: safe(table.title || "Table", LIMITS.title),
      description: rendered.text,
      color: STATUS_COLOR[report.status],
    });
    if (rendered.hiddenRows > 0) omitted.push(plural(rendered.hiddenRows, "more table row"));
  });
  report.sections.forEach((section, i) => {
    const room = Math.min(LIMITS.description, budgetLeft() - 260);
    if (i >= LIMITS.shownSections || embeds.length >= LIMITS.embeds - 1 || room < 200) {
      omitted.push(`section "${safe(section.title, 60)}"`);
      return;
    }
    const rendered = renderMarkup(section.markdown || "—", STYLE, room);
    const description = rendered.text;
    if (rendered.cut) omitted.push(`the rest of "${safe(section.title, 60)}"`);
    embeds.push({
      title: safe(section.title || "Details", LIMITS.title),
      description,
      color: STATUS_COLOR[report.status],
    });
  });

  const links = report.links.slice(0, 5).filter((l) => /^https?:\/\//i.test(l.url))
    .map((l) => `[${safe(l.label, 80)}](${l.url.replace(/[()\s]/g, encodeURIComponent)})`);
  if (links.length > 0 && budgetLeft() > 0) {
    const line = truncate(links.join(" · "), Math.min(1000, budgetLeft()));
    main.description = truncate(`${main.description}\n\n${line}`, LIMITS.description);
  }
  if (report.createdAt) main.timestamp = report.createdAt;

  return {
    content: contentLine(report, reportUrl, omitted, options.lead),
    embeds,
    components: buttonRows(report, reportUrl, options.actionIds ?? {}),
    allowed_mentions: { parse: [] },
  };
}

/**
 * A plain notice (an error, an expired button, the parse error) as an embed-less message.
 *
 * @example
 * ```ts
 * renderText("⌛ This button has expired.").content; // "⌛ This button has expired."
 * ```
 */
export function renderText(text: string, ephemeral = false): DiscordMessage {
  return {
    content: truncate(text, LIMITS.content),
    embeds: [],
    components: [],
    allowed_mentions: { parse: [] },
    ...(ephemeral ? { flags: 64 } : {}),
  };
}

/**
 * The parser's "unsupported" answer: what was not understood, the hint, the closest commands
 * and examples (ephemeral).
 *
 * @example
 * ```ts
 * renderParseError({ kind: "unsupported", error: "Unknown verb 'tset'", hint: "Try test.",
 *   suggestions: ["/ci-test test"], examples: ["/ci-test analyze repo:acme/app"] });
 * ```
 */
export function renderParseError(
  result: Extract<ParseResult, { kind: "unsupported" }>,
): DiscordMessage {
  const lines = [`🤔 ${safe(result.error, 700)}`, `**What to do:** ${safe(result.hint, 500)}`];
  const list = (title: string, items: string[]) =>
    `**${title}**\n${items.slice(0, 5).map((s) => `• ${codeSpan(truncate(s, 150))}`).join("\n")}`;
  if (result.suggestions.length > 0) lines.push(list("Closest commands", result.suggestions));
  if (result.examples.length > 0) lines.push(list("Examples", result.examples));
  lines.push("Anything the command language accepts also works as `/ci-test run text:…`.");
  return renderText(lines.join("\n"), true);
}

function findingField(f: Finding): APIEmbedField {
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

function renderTable(
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

function buttonRows(
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
      label: "Open report",
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

function contentLine(
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

function statusWord(status: ReportStatus): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
