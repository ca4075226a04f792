/**
 * Discord markdown for CI and user text: cutting to a limit, escaping (so no text becomes a
 * mention, link or formatting), code spans and blocks that nothing can close early, and how
 * report markup is written for Discord.
 *
 * @module
 */
import { cleanText, type MarkupStyle } from "../../src/report/markup.ts";

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

/**
 * Escaped, then cut to `max`.
 *
 * @example
 * ```ts
 * safe("*ci*", 100); // "\\*ci\\*"
 * ```
 */
export const safe = (text: string, max: number) => truncate(escapeMarkdown(text), max);
// In code, backslashes are shown as typed: a zero-width space after each backtick instead, so
// no ``` (or trailing backtick) can close the block while the text looks the same.
/**
 * Text for inside a code block: a zero-width space after each backtick.
 *
 * @example
 * ```ts
 * codeSafe("```"); // "`\u200b`\u200b`\u200b"
 * ```
 */
export const codeSafe = (text: string) => cleanText(text).replace(/`/g, "`\u200b");
// In a span even one backtick closes it: the lookalike ˋ (U+02CB) instead.
/**
 * An inline code span; empty text gives "".
 *
 * @example
 * ```ts
 * codeSpan("a`b"); // "`aˋb`"
 * ```
 */
export const codeSpan = (text: string) => {
  const code = cleanText(text).replace(/\s+/g, " ").replace(/`/g, "\u02CB");
  return code ? `\`${code}\`` : "";
};

/**
 * How report markup is written in Discord markdown (see `src/report/markup.ts`).
 *
 * @example
 * ```ts
 * renderInline("uses `actions/checkout@v2`", STYLE, 400).text;
 * ```
 */
export const STYLE: MarkupStyle = {
  text: escapeMarkdown,
  code: codeSpan,
  strong: (text) => {
    const inner = escapeMarkdown(text).trim();
    return inner ? `**${inner}**` : "";
  },
  block: (text, lang) => `\`\`\`${lang.replace(/[^\w+-]/g, "")}\n${codeSafe(text)}\n\`\`\``,
  bullet: (indent) => `${indent}• `,
};
