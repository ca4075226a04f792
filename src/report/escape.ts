/**
 * Escaping for HTML and inline SVG, shared by the page and the chart renderer (its own file so
 * that `html.ts` can import `svg.ts` without a cycle).
 *
 * @module
 */

import { cleanText } from "./markup.ts";

/**
 * Escapes text for HTML or XML element and attribute content, dropping the bidi and zero-width
 * controls that would let data spoof what is shown (see `cleanText`).
 *
 * @example
 * ```ts
 * escapeHtml("<b>&\"'"); // "&lt;b&gt;&amp;&quot;&#39;"
 * ```
 */
export function escapeHtml(text: string): string {
  return cleanText(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}
