/**
 * A Discord message (content, embeds, button rows) drawn as HTML the way Discord shows it: each
 * embed with its colour bar, title, description, inline fields and image; then the buttons.
 *
 * @module
 */
import { escapeHtml } from "../report/escape.ts";
import { inlineMdHtml, mdHtml } from "./md_html.ts";
import { localSrc, safeHref } from "./urls.ts";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" ? v as Obj : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown) => (typeof v === "string" ? v : "");

// Discord's button styles: 1 primary, 2 secondary, 3 success, 4 danger, 5 link.
const BUTTON_CLASS: Record<number, string> = { 1: " discord-primary", 3: " ok", 4: " danger" };

function embed(e: Obj, origin: string): string {
  const color = typeof e.color === "number"
    ? `#${e.color.toString(16).padStart(6, "0").slice(-6)}`
    : "#4f545c";
  const href = e.url ? safeHref(str(e.url), origin) : undefined;
  const title = e.title ? inlineMdHtml(str(e.title), origin) : "";
  const heading = title
    ? `<h3>${href ? `<a href="${escapeHtml(href)}">${title}</a>` : title}</h3>`
    : "";
  const fields = list(e.fields).map((f) =>
    `<div class="${f.inline ? "inline" : "wide"}"><strong>${
      inlineMdHtml(str(f.name), origin)
    }</strong><div>${mdHtml(str(f.value), origin)}</div></div>`
  ).join("");
  const src = localSrc(str(obj(e.image).url), origin);
  const image = src
    ? `<img src="${escapeHtml(src)}" alt="Chart" width="400">`
    : e.image
    ? `<p class="muted">[image not on this server]</p>`
    : "";
  const footer = obj(e.footer).text
    ? `<p class="muted small">${escapeHtml(str(obj(e.footer).text))}</p>`
    : "";
  // The colour comes from our renderer as a number; only a #rrggbb string reaches the style.
  return `<div class="embed" style="border-left-color:${color}">${heading}${
    e.description ? `<div>${mdHtml(str(e.description), origin)}</div>` : ""
  }${fields ? `<div class="embed-fields">${fields}</div>` : ""}${image}${footer}</div>`;
}

function button(b: Obj, origin: string): string {
  const label = escapeHtml(str(b.label));
  const href = b.url ? safeHref(str(b.url), origin) : undefined;
  const style = BUTTON_CLASS[Number(b.style)] ?? "";
  return href
    ? `<a class="btn" href="${escapeHtml(href)}">${label} ↗</a>`
    : `<span class="btn${style}" title="Pressable in Discord">${label}</span>`;
}

/**
 * Draws a Discord message as HTML. `origin` is the service's public URL (its images load from
 * this server).
 *
 * @example
 * ```ts
 * discordHtml({ content: "", embeds: [{ title: "Analyze", color: 0xfaa61a }], components: [] }, "https://ci.test");
 * ```
 */
export function discordHtml(
  message: { content: string; embeds: unknown[]; components: unknown[] },
  origin: string,
): string {
  const content = message.content ? `<div>${mdHtml(message.content, origin)}</div>` : "";
  const embeds = list(message.embeds).map((e) => embed(e, origin)).join("");
  const rows = list(message.components).map((row) =>
    `<div class="buttons">${list(row.components).map((b) => button(b, origin)).join("")}</div>`
  ).join("");
  return `<div class="discord">${content}${embeds}${rows}</div>`;
}
