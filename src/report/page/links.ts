/**
 * Links the report page makes from what the report carries: `file:line` to the code on GitHub
 * (GitHub Enterprise Server through the configured web base) and run ids to their run pages.
 * Only well-formed repositories and http(s) bases become links; every part is URL-encoded.
 *
 * @module
 */
import { escapeHtml } from "../escape.ts";
import type { Report } from "../model.ts";

/** Where links point: the web base (`GITHUB_URL`) and what the report says was analysed. */
export interface LinkContext {
  webUrl: string;
  source?: Report["source"];
}

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * An `href` attribute value for an http(s) URL, `#` for anything else (`javascript:`, data).
 *
 * @example
 * ```ts
 * safeHref("javascript:alert(1)"); // "#"
 * ```
 */
export const safeHref = (url: string): string => /^https?:\/\//i.test(url) ? escapeHtml(url) : "#";

const repoBase = (ctx: LinkContext) =>
  ctx.source && REPO.test(ctx.source.repo) && /^https?:\/\//i.test(ctx.webUrl)
    ? `${ctx.webUrl.replace(/\/+$/, "")}/${ctx.source.repo}`
    : undefined;

const encodePath = (path: string) =>
  path.replace(/^\.?\/+/, "").split("/").map(encodeURIComponent).join("/");

/**
 * `<a>` to a file (and line) at the analysed commit; at the ref or the default branch when the
 * report does not carry the commit, which the title says. Plain `<code>` when the report names
 * no repository.
 *
 * @example
 * ```ts
 * codeLink({ webUrl: "https://github.com", source: { repo: "acme/app", sha: "abc123" } }, ".github/workflows/ci.yml", 12);
 * // '<a href="https://github.com/acme/app/blob/abc123/.github/workflows/ci.yml#L12" …><code>.github/workflows/ci.yml:12</code></a>'
 * ```
 */
export function codeLink(ctx: LinkContext, file: string, line?: number): string {
  const text = `<code>${escapeHtml(line ? `${file}:${line}` : file)}</code>`;
  const base = repoBase(ctx);
  if (!base || !ctx.source) return text;
  const { sha, ref } = ctx.source;
  const at = sha ?? ref ?? "HEAD";
  const title = sha
    ? `At the analysed commit ${sha.slice(0, 7)}`
    : ref
    ? `At ${ref} today: the report does not carry the analysed commit, so the file may have changed`
    : "On the default branch today: the report does not carry the analysed commit, " +
      "so the file may have changed";
  const href = `${base}/blob/${encodeURIComponent(at)}/${encodePath(file)}${
    line ? `#L${line}` : ""
  }`;
  return `<a href="${escapeHtml(href)}" title="${escapeHtml(title)}">${text}</a>`;
}

/**
 * The run page of a run id, when the report names its repository.
 *
 * @example
 * ```ts
 * runHref({ webUrl: "https://github.com", source: { repo: "acme/app" } }, "1234");
 * // "https://github.com/acme/app/actions/runs/1234"
 * ```
 */
export function runHref(ctx: LinkContext, id: string): string | undefined {
  const base = repoBase(ctx);
  return base && /^\d{1,20}$/.test(id) ? `${base}/actions/runs/${id}` : undefined;
}
