/**
 * Links and images inside the console's drawings: links only to http(s), and the service's own
 * pages (reports, chart images) as paths on this server, which is all the page's CSP loads.
 *
 * @module
 */

/**
 * An http(s) URL as a link target; one under `origin` (the public URL) becomes a local path.
 *
 * @example
 * ```ts
 * safeHref("https://ci.test/reports/r1", "https://ci.test"); // "/reports/r1"
 * safeHref("javascript:alert(1)", "https://ci.test"); // undefined
 * ```
 */
export function safeHref(url: string, origin: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
  return localSrc(url, origin) ?? parsed.href;
}

/**
 * A URL under the service's public URL as a path on this server; `undefined` for any other
 * (the page may load images from itself only).
 *
 * @example
 * ```ts
 * localSrc("https://ci.test/reports/r1/chart.png", "https://ci.test"); // "/reports/r1/chart.png"
 * localSrc("https://elsewhere.test/x.png", "https://ci.test"); // undefined
 * ```
 */
export function localSrc(url: string, origin: string): string | undefined {
  const base = origin.replace(/\/+$/, "");
  if (!url.startsWith(`${base}/`)) return undefined;
  const path = url.slice(base.length);
  // Only the service's own pages, never a path that climbs out (`/..`) or names another host.
  return /^\/(?!\/)[A-Za-z0-9/_.?=&%-]*$/.test(path) && !path.includes("..") ? path : undefined;
}
