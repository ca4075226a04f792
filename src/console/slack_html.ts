/**
 * A Slack Block Kit message drawn as HTML, the way Slack shows it: header, sections (mrkdwn and
 * fields), dividers, context, buttons and images. Slack escapes `&`, `<` and `>` in text, so a
 * `<…>` in mrkdwn is always Slack's own link or mention syntax; everything else becomes text.
 *
 * @module
 */
import { escapeHtml } from "../report/escape.ts";
import { localSrc, safeHref } from "./urls.ts";

/** Slack's shortcodes our renderers use, as the characters Slack draws. */
const EMOJI: Record<string, string> = {
  white_check_mark: "✅",
  x: "❌",
  warning: "⚠️",
  information_source: "ℹ️",
  hourglass_flowing_sand: "⏳",
  hourglass: "⌛",
  rotating_light: "🚨",
  thinking_face: "🤔",
  mag: "🔍",
  large_blue_circle: "🔵",
  large_orange_circle: "🟠",
  red_circle: "🔴",
  game_die: "🎲",
  moneybag: "💰",
  lock: "🔒",
  fire: "🔥",
  chart_with_upwards_trend: "📈",
  books: "📚",
};

// Slack's three entities back to characters.
const decode = (slack: string) =>
  slack.replace(/&(amp|lt|gt);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">" })[e]!);
const text = (slack: string) => escapeHtml(decode(slack));

const emphasis = (html: string) =>
  html
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?—])/g, "$1<strong>$2</strong>")
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?—])/g, "$1<em>$2</em>")
    .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?—])/g, "$1<del>$2</del>")
    .replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ?? m);

// `<url|label>`, `<url>`, `<!here>`, `<@U123>`: only http(s) URLs become links.
function token(inner: string, origin: string): string {
  const [target, label] = inner.split("|", 2);
  const href = safeHref(decode(target), origin);
  const shown = text(label ?? target);
  return href ? `<a href="${escapeHtml(href)}">${shown}</a>` : shown;
}

function inline(part: string, origin: string): string {
  return part.split(/(<[^<>\n]*>)/).map((p, i) =>
    i % 2 ? token(p.slice(1, -1), origin) : emphasis(text(p))
  ).join("");
}

/**
 * Slack mrkdwn as HTML: code blocks and spans stay literal, links only for http(s), bold,
 * italic, strike and the shortcodes our renderers use.
 *
 * @example
 * ```ts
 * mrkdwnToHtml("*Top* `a<b>` <https://x.test|run>", "https://ci.test");
 * // "<strong>Top</strong> <code>a&lt;b&gt;</code> <a href=\"https://x.test\">run</a>"
 * ```
 */
export function mrkdwnToHtml(mrkdwn: string, origin: string): string {
  return mrkdwn.split(/(```[\s\S]*?```|`[^`\n]+`)/).map((part, i) => {
    if (i % 2 === 0) return inline(part, origin).replaceAll("\n", "<br>");
    return part.startsWith("```")
      ? `<pre><code>${text(part.slice(3, -3).replace(/^\n/, ""))}</code></pre>`
      : `<code>${text(part.slice(1, -1))}</code>`;
  }).join("");
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" ? v as Obj : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

/** A text object: `plain_text` is text; `mrkdwn` is parsed. */
function textObject(value: unknown, origin: string): string {
  const t = obj(value);
  const raw = typeof t.text === "string" ? t.text : "";
  return t.type === "mrkdwn"
    ? mrkdwnToHtml(raw, origin)
    : escapeHtml(raw).replace(/:([a-z0-9_+-]+):/g, (m, n) => EMOJI[n] ?? m);
}

function button(element: Obj, origin: string): string {
  const label = textObject(element.text, origin);
  const style = element.style === "primary" || element.style === "danger"
    ? ` slack-${element.style}`
    : "";
  const href = typeof element.url === "string" ? safeHref(element.url, origin) : undefined;
  return href
    ? `<a class="btn${style}" href="${escapeHtml(href)}">${label}</a>`
    : `<span class="btn${style}" title="Pressable in Slack">${label}</span>`;
}

function image(url: unknown, alt: unknown, origin: string): string {
  const src = typeof url === "string" ? localSrc(url, origin) : undefined;
  const altText = escapeHtml(typeof alt === "string" ? alt : "");
  return src
    ? `<img src="${escapeHtml(src)}" alt="${altText}" width="480">`
    : `<p class="muted">[image: ${altText}]</p>`;
}

function block(b: Obj, origin: string): string {
  switch (b.type) {
    case "header":
      return `<h3 class="slack-header">${textObject(b.text, origin)}</h3>`;
    case "divider":
      return `<hr>`;
    case "section": {
      const main = b.text ? `<div>${textObject(b.text, origin)}</div>` : "";
      const fields = list(b.fields);
      const grid = fields.length
        ? `<div class="fields">${
          fields.map((f) => `<div>${textObject(f, origin)}</div>`).join("")
        }</div>`
        : "";
      return `<div class="slack-section">${main}${grid}</div>`;
    }
    case "context":
      return `<div class="context">${
        list(b.elements).map((e) =>
          e.type === "image" ? image(e.image_url, e.alt_text, origin) : textObject(e, origin)
        ).join(" ")
      }</div>`;
    case "actions":
      return `<div class="buttons">${
        list(b.elements).map((e) => button(e, origin)).join("")
      }</div>`;
    case "image":
      return `<figure>${image(b.image_url, b.alt_text, origin)}${
        b.title ? `<figcaption>${textObject(b.title, origin)}</figcaption>` : ""
      }</figure>`;
    default:
      return `<p class="muted">[${escapeHtml(String(b.type))} block]</p>`;
  }
}

/**
 * Draws a Block Kit message (`{ text, blocks }`) as HTML. `origin` is the service's public URL:
 * images under it load from this server (the page allows images from itself only).
 *
 * @example
 * ```ts
 * slackHtml({ text: "Hi", blocks: [{ type: "header", text: { type: "plain_text", text: "Hi" } }] }, "https://ci.test");
 * ```
 */
export function slackHtml(message: { text: string; blocks: unknown[] }, origin: string): string {
  return `<div class="slack">${list(message.blocks).map((b) => block(b, origin)).join("\n")}</div>`;
}
