/**
 * Markdown as Discord and GitHub Copilot draw it, as HTML: code fences and spans literal,
 * backslash escapes honoured, links only to http(s), bold, italic, strike, headings, bullets,
 * quotes and pipe tables. Everything else is text, escaped.
 *
 * @module
 */
import { escapeHtml } from "../report/escape.ts";
import { safeHref } from "./urls.ts";

// A backslash-escaped punctuation character is held as its code between two private-use marks
// until the end, so no emphasis or link rule sees it; it comes back as a numeric entity.
const HELD = /\uE000(\d+)\uE001/g;
const hold = (s: string) =>
  s.replace(/\\([!-/:-@[-`{-~])/g, (_, c: string) => `\uE000${c.charCodeAt(0)}\uE001`);
const release = (html: string) => html.replace(HELD, (_, code) => `&#${code};`);
const released = (s: string) => s.replace(HELD, (_, code) => String.fromCharCode(Number(code)));
// Back to the escape as written (code shows backslashes; a table cell is parsed again).
const unhold = (s: string) =>
  s.replace(HELD, (_, code) => `\\${String.fromCharCode(Number(code))}`);

function emphasis(html: string): string {
  return html
    .replace(/\*\*([^*\n]+)\*\*/g, "<strong>$1</strong>")
    .replace(/__([^_\n]+)__/g, "<u>$1</u>")
    .replace(/~~([^~\n]+)~~/g, "<del>$1</del>")
    .replace(/(^|[^\p{L}\p{N}*])\*([^*\n]+)\*(?![\p{L}\p{N}])/gu, "$1<em>$2</em>")
    .replace(/(^|[^\p{L}\p{N}_])_([^_\n]+)_(?![\p{L}\p{N}])/gu, "$1<em>$2</em>");
}

// Discord timestamps (`<t:1700000000:R>`) drawn as the UTC time they stand for.
const timestamp = (html: string) =>
  html.replace(/&lt;t:(\d{1,12})(?::[tTdDfFR])?&gt;/g, (_, s: string) => {
    const at = new Date(Number(s) * 1000).toISOString().slice(0, 16).replace("T", " ");
    return `<time>${at} UTC</time>`;
  });

// `<https://…>`: a bare link (Discord shows it without a preview).
const bare = (html: string, origin: string) =>
  html.replace(/&lt;(https?:\/\/[^\s&<>"']+)&gt;/g, (m, url: string) => {
    const href = safeHref(url, origin);
    return href ? `<a href="${escapeHtml(href)}">${url}</a>` : m;
  });

function plain(text: string, origin: string): string {
  return text.split(/(\[[^\]\n]*\]\([^)\s]*\))/).map((part, i) => {
    if (i % 2 === 0) return bare(timestamp(emphasis(escapeHtml(part))), origin);
    const [, label, url] = /^\[([^\]]*)\]\(([^)]*)\)$/.exec(part)!;
    const href = safeHref(released(url), origin);
    const shown = emphasis(escapeHtml(label));
    return href ? `<a href="${escapeHtml(href)}">${shown}</a>` : shown;
  }).join("");
}

/**
 * One line of inline markdown as HTML.
 *
 * @example
 * ```ts
 * inlineMdHtml("**a** \\*b\\* `c<d>` [x](javascript:1)", "https://ci.test");
 * // "<strong>a</strong> &#42;b&#42; <code>c&lt;d&gt;</code> x"
 * ```
 */
export function inlineMdHtml(text: string, origin: string): string {
  const parts = hold(text).split(/(`[^`\n]+`)/);
  return parts.map((p, i) =>
    i % 2 ? `<code>${escapeHtml(unhold(p.slice(1, -1)))}</code>` : release(plain(p, origin))
  ).join("");
}

const cells = (row: string) =>
  hold(row).trim().replace(/^\||\|$/g, "").split("|").map((c) => unhold(c.trim()));

function table(rows: string[], origin: string): string {
  const body = rows.filter((r) => !/^\s*\|?\s*:?-{2,}/.test(r));
  const [head, ...rest] = body.map(cells);
  const tr = (row: string[], tag: string) =>
    `<tr>${row.map((c) => `<${tag}>${inlineMdHtml(c, origin)}</${tag}>`).join("")}</tr>`;
  return `<table><thead>${tr(head ?? [], "th")}</thead><tbody>${
    rest.map((r) => tr(r, "td")).join("")
  }</tbody></table>`;
}

/**
 * Block markdown as HTML: fences, headings (and Discord's `-#` subtext), bullets, quotes, pipe
 * tables, and lines (a line break is kept, as both surfaces show it).
 *
 * @example
 * ```ts
 * mdHtml("## Findings\n- `a`\n\n```\nx<y\n```", "https://ci.test");
 * ```
 */
export function mdHtml(markdown: string, origin: string): string {
  const out: string[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*```/.exec(line);
    if (fence) {
      const code: string[] = [];
      while (++i < lines.length && !/^\s*```\s*$/.test(lines[i])) code.push(lines[i]);
      out.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
      continue;
    }
    if (/^\s*\|/.test(line)) {
      const rows = [line];
      while (i + 1 < lines.length && /^\s*\|/.test(lines[i + 1])) rows.push(lines[++i]);
      out.push(table(rows, origin));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const sub = /^-#\s+(.*)$/.exec(line);
    const bullet = /^(\s*)[-*]\s+(.*)$/.exec(line);
    const quote = /^>\s?(.*)$/.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1].length + 2);
      out.push(`<h${level}>${inlineMdHtml(heading[2], origin)}</h${level}>`);
    } else if (sub) out.push(`<p class="muted small">${inlineMdHtml(sub[1], origin)}</p>`);
    else if (bullet) {
      out.push(`<p class="bullet">• ${inlineMdHtml(bullet[2], origin)}</p>`);
    } else if (quote) out.push(`<blockquote>${inlineMdHtml(quote[1], origin)}</blockquote>`);
    else if (line.trim() === "") out.push("");
    else out.push(`<p>${inlineMdHtml(line, origin)}</p>`);
  }
  return out.filter((l, i, all) => l !== "" || (i > 0 && all[i - 1] !== "")).join("\n");
}
