/**
 * HTTP helpers of the GitHub simulator: GitHub-shaped errors, strong ETags with 304s, Link
 * pagination, JSON bodies, paths.
 *
 * @module
 */
import type { Context } from "hono";

const DOCS = "https://docs.github.com/rest";

/**
 * An error answer shaped like GitHub's (`message`, `documentation_url`, `status`).
 *
 * @example
 * ```ts
 * (await ghError(422, "No ref found for: x").json()).message; // "No ref found for: x"
 * ```
 */
export function ghError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ message, documentation_url: DOCS, status: String(status) }, {
    status,
    headers,
  });
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

/**
 * Sends a body; GETs get a strong ETag and a 304 when `If-None-Match` matches.
 *
 * @example
 * ```ts
 * // api.get("/x", (c) => send(c, "hello", { type: "text/plain" }));
 * ```
 */
export async function send(
  c: Context,
  text: string,
  options: { status?: number; type?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const status = options.status ?? 200;
  const headers = new Headers(options.headers);
  headers.set("content-type", options.type ?? "application/json; charset=utf-8");
  if (c.req.method === "GET" && status === 200) {
    const etag = `"${await sha256(text)}"`;
    headers.set("etag", etag);
    headers.set("cache-control", "private, max-age=60, s-maxage=60");
    headers.set("vary", "Accept, Authorization, Cookie, X-GitHub-OTP");
    if (etagMatches(c.req.header("if-none-match"), etag)) {
      return new Response(null, { status: 304, headers: { etag, vary: headers.get("vary")! } });
    }
  }
  return new Response(text, { status, headers });
}

/**
 * Sends a JSON body through {@linkcode send}.
 *
 * @example
 * ```ts
 * // api.get("/x", (c) => json(c, { ok: true }));
 * ```
 */
export const json = (
  c: Context,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Promise<Response> => send(c, JSON.stringify(body), { status, headers });

/**
 * One page of `items` per the `page`/`per_page` query, with GitHub's `Link` header.
 *
 * @example
 * ```ts
 * // const page = paginate(c, runs); json(c, { workflow_runs: page.items }, 200, page.headers);
 * ```
 */
export function paginate<T>(
  c: Context,
  items: T[],
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(c.req.query("per_page")) || 30));
  const page = Math.max(1, Number(c.req.query("page")) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const url = new URL(c.req.url);
    url.searchParams.set("page", String(p));
    return `<${url}>; rel="${rel}"`;
  };
  const links = [
    ...(page > 1 ? [link(page - 1, "prev")] : []),
    ...(page < last ? [link(page + 1, "next"), link(last, "last")] : []),
    ...(page > 1 ? [link(1, "first")] : []),
  ];
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { link: links.join(", ") } : {},
  };
}

/**
 * Waits `ms`, or less when `signal` aborts first.
 *
 * @example
 * ```ts
 * await abortableSleep(10, new AbortController().signal);
 * ```
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

/**
 * The request body as a JSON object, or GitHub's 400 answer.
 *
 * @example
 * ```ts
 * // const body = await readJson(c); if (body instanceof Response) return body;
 * ```
 */
export async function readJson(c: Context): Promise<Record<string, unknown> | Response> {
  try {
    const value = JSON.parse(await c.req.text());
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  } catch {
    // Answered below, as GitHub does.
  }
  return ghError(400, "Problems parsing JSON");
}

/**
 * A percent-decoded path, or the raw one when it does not decode.
 *
 * @example
 * ```ts
 * decodePath("a%2Fb"); // "a/b"
 * ```
 */
export function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
