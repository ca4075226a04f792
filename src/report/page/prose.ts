/**
 * Report markup → HTML for the page: data escaped, code spans as `<code>`, strong as `<b>`, code
 * blocks as `<pre>` (lines kept by `white-space: pre-wrap` on sections).
 *
 * @module
 */
import { escapeHtml } from "../escape.ts";
import type { MarkupStyle } from "../markup.ts";

/**
 * The page's markup style, for `renderInline` and `renderMarkup`.
 *
 * @example
 * ```ts
 * renderInline("use `x`", MARKUP).text; // "use <code>x</code>"
 * ```
 */
export const MARKUP: MarkupStyle = {
  text: escapeHtml,
  code: (text) => (text ? `<code>${escapeHtml(text)}</code>` : ""),
  strong: (text) => `<b>${escapeHtml(text)}</b>`,
  block: (text) => `<pre>${escapeHtml(text)}</pre>`,
  bullet: (indent) => `${indent}• `,
};
