/**
 * Escaping for HTML and inline SVG, shared by the page and the chart renderer (its own file so
 * that `html.ts` can import `svg.ts` without a cycle).
 *
 * @module
 */

/**
 * Escapes text for HTML or XML element and attribute content.
 *
 * @example
 * ```ts
 * escapeHtml("<b>&\"'"); // "&lt;b&gt;&amp;&quot;&#39;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}
