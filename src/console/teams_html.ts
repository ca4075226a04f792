/**
 * A Microsoft Teams Adaptive Card drawn as HTML: TextBlock, RichTextBlock (TextRuns), FactSet,
 * Container, ColumnSet, Table, Image, charts (drawn as their fallback, the chart image) and
 * actions. Card text is plain (runs) or Teams markdown (facts); both are shown as text.
 *
 * @module
 */
import { escapeHtml } from "../report/escape.ts";
import { localSrc, safeHref } from "./urls.ts";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" ? v as Obj : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown) => (typeof v === "string" ? v : "");

// Facts are markdown in Teams: our renderer backslash-escapes them, shown here as Teams shows them.
const unescapeFact = (text: string) => text.replace(/\\([\\`*_[\]<>&#+\-.()!])/g, "$1");

const COLORS = new Set(["Good", "Warning", "Attention", "Accent"]);

function textClass(style: Obj): string {
  const classes = [];
  if (style.weight === "Bolder") classes.push("bold");
  if (style.size === "Large" || style.size === "ExtraLarge") classes.push("large");
  if (style.isSubtle) classes.push("muted");
  if (style.fontType === "Monospace") classes.push("mono");
  if (COLORS.has(str(style.color))) classes.push(`c-${str(style.color).toLowerCase()}`);
  return classes.length ? ` class="${classes.join(" ")}"` : "";
}

function textRun(run: Obj, origin: string): string {
  const shown = `<span${textClass(run)}>${escapeHtml(str(run.text))}</span>`;
  const select = obj(run.selectAction);
  const href = select.type === "Action.OpenUrl" ? safeHref(str(select.url), origin) : undefined;
  return href ? `<a href="${escapeHtml(href)}">${shown}</a>` : shown;
}

function element(e: Obj, origin: string): string {
  const sep = e.separator ? `<hr>` : "";
  switch (e.type) {
    case "TextBlock":
      return `${sep}<p${textClass(e)}>${escapeHtml(str(e.text))}</p>`;
    case "RichTextBlock":
      return `${sep}<p>${list(e.inlines).map((r) => textRun(r, origin)).join("")}</p>`;
    case "FactSet":
      return `${sep}<dl class="facts">${
        list(e.facts).map((f) =>
          `<dt>${escapeHtml(unescapeFact(str(f.title)))}</dt><dd>${
            escapeHtml(unescapeFact(str(f.value)))
          }</dd>`
        ).join("")
      }</dl>`;
    case "Container":
      return `${sep}<div class="container${e.style === "emphasis" ? " emphasis" : ""}">${
        elements(e.items, origin)
      }</div>`;
    case "ColumnSet":
      return `${sep}<div class="columns">${
        list(e.columns).map((c) => `<div>${elements(c.items, origin)}</div>`).join("")
      }</div>`;
    case "Table":
      return `${sep}<table>${
        list(e.rows).map((row, i) =>
          `<tr>${
            list(row.cells).map((cell) => {
              const tag = i === 0 && e.firstRowAsHeader ? "th" : "td";
              return `<${tag}>${elements(cell.items, origin)}</${tag}>`;
            }).join("")
          }</tr>`
        ).join("")
      }</table>`;
    case "Image": {
      const src = localSrc(str(e.url), origin);
      const alt = escapeHtml(str(e.altText));
      return src
        ? `${sep}<img src="${escapeHtml(src)}" alt="${alt}" width="480">`
        : `${sep}<p class="muted">[image: ${alt}]</p>`;
    }
    default:
      // Charts (`Chart.Line`, `Chart.VerticalBar`…) and anything newer: Teams clients that
      // cannot draw them show the fallback, and so does this page.
      if (e.fallback && typeof e.fallback === "object") {
        return `${sep}<div title="${escapeHtml(str(e.type))}: drawn as its fallback">${
          element(obj(e.fallback), origin)
        }</div>`;
      }
      return `${sep}<p class="muted">[${escapeHtml(str(e.type))}]</p>`;
  }
}

const elements = (items: unknown, origin: string) =>
  list(items).map((e) => element(e, origin)).join("\n");

function action(a: Obj, origin: string): string {
  const title = escapeHtml(str(a.title));
  const href = a.type === "Action.OpenUrl" ? safeHref(str(a.url), origin) : undefined;
  const style = a.style === "positive" ? " ok" : a.style === "destructive" ? " danger" : "";
  return href
    ? `<a class="btn" href="${escapeHtml(href)}">${title}</a>`
    : `<span class="btn${style}" title="Pressable in Teams">${title}</span>`;
}

/**
 * Draws an Adaptive Card as HTML. `origin` is the service's public URL (its images load from
 * this server).
 *
 * @example
 * ```ts
 * teamsHtml({ type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "Hi" }] }, "https://ci.test");
 * ```
 */
export function teamsHtml(card: { body: unknown[]; actions?: unknown[] }, origin: string): string {
  const actions = list(card.actions);
  return `<div class="teams">${elements(card.body, origin)}${
    actions.length
      ? `<div class="buttons">${actions.map((a) => action(a, origin)).join("")}</div>`
      : ""
  }</div>`;
}
