/**
 * Text helpers for Slack's `mrkdwn`: escaping user/CI strings so they cannot ping `<!channel>`,
 * forge links or leave their code span or block, truncating without splitting an entity, and
 * the report markup → mrkdwn pass. Slack has no escape for `*`, `_`, `~`: data may still show
 * bold or italic, never a link or mention (every `<` is escaped and text objects are
 * `verbatim`, so bare URLs and `@here` are not parsed either).
 *
 * @module
 */

import {
  cleanText,
  type MarkupStyle,
  renderInline,
  renderMarkup,
} from "../../src/report/markup.ts";

const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Escapes `&`, `<`, `>` as Slack requires for untrusted text.
 *
 * @example
 * ```ts
 * escapeMrkdwn("<!channel> & co"); // "&lt;!channel&gt; &amp; co"
 * ```
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITY[c]);
}

/**
 * Cuts `text` to at most `max` characters, ending with `…` when cut. Never splits an
 * `&amp;`-style entity or a surrogate pair.
 *
 * @example
 * ```ts
 * truncate("abcdef", 4); // "abc…"
 * ```
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const amp = text.lastIndexOf("&", cut);
  if (amp !== -1 && amp > cut - 5 && !text.slice(amp, cut).includes(";")) cut = amp;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/**
 * CI or user text as mrkdwn data: invisible controls dropped, `&`, `<`, `>` escaped (no link,
 * mention or `<!channel>`), and backticks replaced by the lookalike `ˋ` (U+02CB) so data can
 * neither open nor close a code span.
 *
 * @example
 * ```ts
 * slackText("<!here> `x`"); // "&lt;!here&gt; ˋxˋ"
 * ```
 */
export function slackText(text: string): string {
  return escapeMrkdwn(cleanText(text)).replace(/`/g, "\u02CB");
}

/**
 * Escapes then truncates: the treatment of our own messages that quote values (errors, hints),
 * where backticks are ours. Pure data goes through {@linkcode slackText} instead.
 *
 * @example
 * ```ts
 * safe("a < b", 100); // "a &lt; b"
 * ```
 */
export function safe(text: string, max: number): string {
  return truncate(escapeMrkdwn(cleanText(text)), max);
}

/**
 * {@linkcode slackText}, then truncated: a CI-provided string in a text object.
 *
 * @example
 * ```ts
 * data("`x` <!here>", 100); // "ˋxˋ &lt;!here&gt;"
 * ```
 */
export function data(text: string, max: number): string {
  return truncate(slackText(text), max);
}

/**
 * Makes text safe inside a ``` code block: escaped, invisible controls dropped, and a
 * zero-width space after every backtick, so no ``` (or trailing backtick) can close the block
 * early while the text looks the same.
 *
 * @example
 * ```ts
 * codeSafe("x ``` y"); // "x `\u200B`\u200B`\u200B y"
 * ```
 */
export function codeSafe(text: string): string {
  return escapeMrkdwn(cleanText(text)).replace(/`/g, "`\u200B");
}

/**
 * Data as an inline code span (empty text gives nothing): the content cannot close it.
 *
 * @example
 * ```ts
 * codeSpan("a`b"); // "`aˋb`"
 * ```
 */
export function codeSpan(text: string): string {
  const code = slackText(text.replace(/\s+/g, " "));
  return code ? `\`${code}\`` : "";
}

/**
 * How report markup is written in mrkdwn (see `src/report/markup.ts`).
 *
 * @example
 * ```ts
 * MRKDWN_STYLE.block("```", ""); // "```" + "`\u200B`\u200B`\u200B" + "```"
 * ```
 */
export const MRKDWN_STYLE: MarkupStyle = {
  text: slackText,
  code: codeSpan,
  strong: (text) => {
    const inner = slackText(text).replace(/\*/g, "\u2217").trim();
    return inner ? `*${inner}*` : "";
  },
  block: (text) => `\`\`\`${codeSafe(text)}\`\`\``,
  bullet: (indent) => `${indent}• `,
};

/**
 * Converts the report model's markup (strong, code spans and blocks, headings, bullets) to Slack
 * `mrkdwn`, at most `max` characters; everything else is data, escaped. Nothing becomes a link.
 *
 * @example
 * ```ts
 * markdownToMrkdwn("**Fix** [docs](https://x.dev)"); // "*Fix* [docs](https://x.dev)"
 * ```
 */
export function markdownToMrkdwn(markdown: string, max = Infinity): string {
  return renderMarkup(markdown, MRKDWN_STYLE, max).text;
}

/**
 * Converts inline markup (a summary, a finding message) to mrkdwn, at most `max` characters.
 *
 * @example
 * ```ts
 * inlineToMrkdwn("`test` failed <!channel>"); // "`test` failed &lt;!channel&gt;"
 * ```
 */
export function inlineToMrkdwn(text: string, max = Infinity): string {
  return renderInline(text, MRKDWN_STYLE, max).text;
}
