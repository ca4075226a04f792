/**
 * The HTML document around a page's body (the report page, the page for a missing report), and
 * the headers every such page is served with: nothing but inline styles may load or run.
 *
 * @module
 */
import { escapeHtml } from "../escape.ts";
import { PAGE_STYLE } from "./style.ts";

/**
 * Headers of the report pages: only inline styles, no scripts or loads (`default-src 'none'`),
 * no sniffing, no referrer leaking the bearer link, no indexing, no shared caches.
 *
 * @example
 * ```ts
 * PAGE_HEADERS["content-security-policy"]; // "default-src 'none'; style-src 'unsafe-inline'"
 * ```
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex",
  "cache-control": "private, no-store",
};

/**
 * A complete page: doctype, language, viewport, title and the page stylesheet.
 *
 * @example
 * ```ts
 * pageDocument("Analyze acme/app", "<h1>Hi</h1>").startsWith("<!doctype html>"); // true
 * ```
 */
export function pageDocument(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="color-scheme" content="light dark">` +
    `<title>${escapeHtml(title)} — ci-orchestrator</title><style>${PAGE_STYLE}</style></head>` +
    `<body>\n${body}\n</body></html>\n`;
}

/**
 * The page for an unknown or expired report id: says what happened and what to do.
 *
 * @example
 * ```ts
 * notFoundPage("This report has expired.").includes("<h1>Report not found</h1>"); // true
 * ```
 */
export function notFoundPage(message: string): string {
  return pageDocument(
    "Report not found",
    `<main><h1>Report not found</h1>\n<p>${escapeHtml(message)}</p>\n` +
      `<p class="muted">Report links are private and expire. Run the command again in chat ` +
      `(for example <code>analyze owner/repo</code>) to get a new report.</p></main>`,
  );
}
