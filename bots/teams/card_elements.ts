/**
 * The Adaptive Card building blocks the Teams renderers share: the card and element types, text
 * as `RichTextBlock`s of `TextRun`s (never read as markdown, so CI text stays text), report markup
 * as runs, escaped fact text, and the byte size that keeps a card under Teams' limit.
 *
 * @module
 */
import { cleanText, type Inline, parseBlocks, parseInline } from "../../src/report/markup.ts";

/** A card element: plain JSON, typed loosely on purpose (the schema is Teams', not ours). */
export type CardElement = { type: string; [key: string]: unknown };

/** An Adaptive Card. */
export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: "1.5";
  msteams?: { width: "Full" };
  body: CardElement[];
  actions?: CardElement[];
}

const MAX_TEXT = 2_000;
const MAX_CODE = 4_000;
/**
 * Cuts text to `max` characters, ending with "…" when cut.
 *
 * @example
 * ```ts
 * cut("abcdef", 4); // "abc…"
 * ```
 */
export const cut = (text: string, max = MAX_TEXT) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;
/**
 * One run of plain text (never parsed as markdown); empty text gives none.
 *
 * @example
 * ```ts
 * runs("ci.yml", { fontType: "Monospace" }); // [{ type: "TextRun", text: "ci.yml", … }]
 * ```
 */
export const runs = (
  value: string,
  style: Record<string, unknown> = {},
  max = MAX_TEXT,
): CardElement[] => {
  const clean = cleanText(value);
  return clean ? [{ type: "TextRun", text: cut(clean, max), ...style }] : [];
};
/**
 * A `RichTextBlock` of the given runs; `extra` goes on the block (spacing, separator…).
 *
 * @example
 * ```ts
 * rich(runs("hello"), { spacing: "None" });
 * ```
 */
export const rich = (inlines: CardElement[], extra: Record<string, unknown> = {}): CardElement => ({
  type: "RichTextBlock",
  inlines,
  ...extra,
});
/**
 * A block of plain text: `style` goes on the run (weight, size, color…), `extra` on the block.
 *
 * @example
 * ```ts
 * text("Findings (3)", { weight: "Bolder" }, { separator: true });
 * ```
 */
export const text = (
  value: string,
  style: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): CardElement => rich(runs(value, style), extra);
const INLINE_STYLE: Record<Inline["type"], Record<string, unknown>> = {
  text: {},
  code: { fontType: "Monospace" },
  strong: { weight: "Bolder" },
};
const toRuns = (inlines: Inline[], style: Record<string, unknown> = {}): CardElement[] =>
  inlines.flatMap((p) => runs(p.text, { ...style, ...INLINE_STYLE[p.type] }));
/**
 * Report inline markup (code spans, strong) as runs.
 *
 * @example
 * ```ts
 * inlineRuns("uses `actions/checkout@v2`"); // a plain run, then a monospace run
 * ```
 */
export const inlineRuns = (markup: string, style: Record<string, unknown> = {}): CardElement[] =>
  toRuns(parseInline(markup), style);
/**
 * Report block markup as one block per line; a code block is one monospace run.
 *
 * @example
 * ```ts
 * markupElements("- first\n- second"); // two RichTextBlocks, each starting with "• "
 * ```
 */
export const markupElements = (markdown: string): CardElement[] =>
  parseBlocks(markdown).flatMap((b): CardElement[] => {
    if (b.type === "code") {
      return [rich(runs(b.text, { fontType: "Monospace" }, MAX_CODE), { spacing: "Small" })];
    }
    const inlines = toRuns(b.inlines, b.kind === "heading" ? { weight: "Bolder" } : {});
    if (inlines.length === 0) return [];
    const bullet = b.kind === "bullet" ? runs(`${b.indent}• `) : [];
    return [rich([...bullet, ...inlines], { spacing: "None" })];
  });
// Facts are markdown in Teams: link, HTML and emphasis characters and line-leading block markers
// are backslash-escaped, and `](` is broken too, so even a reader that ignores escapes sees no link.
/**
 * Fact text (markdown in Teams), cut to `max` and escaped.
 *
 * @example
 * ```ts
 * fact("[x](javascript:alert(1))", 100); // "\\[x\\]\\(javascript:alert(1))"
 * ```
 */
export const fact = (value: string, max: number) =>
  cut(cleanText(value), max)
    .replace(/[\\`*[\]<>&]/g, "\\$&")
    .replace(/(^|[^\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (m) => m.replace("_", "\\_"))
    .replace(/\\\]\(/g, "\\]\\(")
    .replace(/^(\s*)([#>+-])/gm, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/gm, "$1\\$2");
/**
 * The size of a card or element as sent: UTF-8 bytes of its JSON.
 *
 * @example
 * ```ts
 * bytes({ type: "TextRun", text: "é" }); // 30
 * ```
 */
export const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * Wraps elements (and actions, when any) as a full-width Adaptive Card 1.5.
 *
 * @example
 * ```ts
 * envelope([text("Hello")]).version; // "1.5"
 * ```
 */
export function envelope(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    msteams: { width: "Full" },
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/**
 * A `Container` holding `items`; `extra` goes on the container (separator…).
 *
 * @example
 * ```ts
 * container([text("Build")], { separator: true });
 * ```
 */
export const container = (
  items: CardElement[],
  extra: Record<string, unknown> = {},
): CardElement => ({
  type: "Container",
  items,
  ...extra,
});
