/**
 * Readers of rendered output for the escaping attack tests: each one reads a surface's text the
 * way that surface's client would (code blocks, code spans, backslash escapes) and lists every
 * link, mention or markup that does not come from the renderer itself.
 *
 * @module
 */

/**
 * Bidirectional overrides and isolates: never allowed in any output.
 *
 * @example
 * ```ts
 * BIDI.test("\u202E"); // true
 * ```
 */
export const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
// Zero-width characters other than the U+200B the renderers put after a backtick or an `@`.
const STRAY_ZERO_WIDTH = /[\u200C\u200D\u2060\uFEFF]|(?<![`@])\u200B/;

/** One problem found in a rendered text. */
export interface Violation {
  where: string;
  what: string;
  text: string;
}

const violation = (where: string, what: string, text: string): Violation => ({
  where,
  what,
  text: text.length > 300 ? `${text.slice(0, 300)}…` : text,
});

/**
 * Characters no output may carry: bidi controls, and zero-width ones the renderer did not add.
 *
 * @example
 * ```ts
 * invisibleViolations("t", "a\u202Eb").length; // 1
 * ```
 */
export function invisibleViolations(where: string, text: string): Violation[] {
  const out: Violation[] = [];
  if (BIDI.test(text)) out.push(violation(where, "bidi control character", text));
  if (STRAY_ZERO_WIDTH.test(text)) out.push(violation(where, "zero-width character", text));
  return out;
}

/**
 * Slack/Discord code: ``` toggles a block; the odd pieces are inside.
 *
 * @example
 * ```ts
 * fencePieces("a```b```")[1]; // { inside: true, text: "b" }
 * ```
 */
export function fencePieces(text: string): { inside: boolean; text: string }[] {
  return text.split("```").map((piece, i) => ({ inside: i % 2 === 1, text: piece }));
}

/**
 * Slack mrkdwn: Slack reads `<…>` everywhere (code blocks included) as a link, mention or
 * command, so every `<` must open one of our own links.
 *
 * @example
 * ```ts
 * slackViolations("t", "<!channel>", new Set()).length; // 1
 * ```
 */
export function slackViolations(where: string, text: string, allowed: Set<string>): Violation[] {
  const out = invisibleViolations(where, text);
  for (const m of text.matchAll(/<([^>]*)>?/g)) {
    const url = m[1].split("|")[0];
    if (!allowed.has(url)) out.push(violation(where, `Slack link or mention <${m[1]}>`, text));
  }
  return out;
}

// Text with code spans removed: runs of n backticks pair with the next run of exactly n.
function withoutCodeSpans(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === "\\" && i + 1 < text.length) {
      out += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (text[i] !== "`") {
      out += text[i++];
      continue;
    }
    const run = /^`+/.exec(text.slice(i))![0];
    const rest = text.slice(i + run.length);
    const close = new RegExp(`(?<!\`)${run}(?!\`)`).exec(rest);
    if (!close) {
      out += run;
      i += run.length;
      continue;
    }
    out += "§code§";
    i += run.length + close.index + run.length;
  }
  return out;
}

// Backslash escapes of ASCII punctuation become a neutral character.
const withoutEscapes = (text: string) => text.replace(/\\[!-/:-@[-`{-~]/g, "§");

function markdownLinkViolations(
  where: string,
  outside: string,
  allowed: Set<string>,
  original: string,
): Violation[] {
  const out: Violation[] = [];
  const plain = withoutEscapes(withoutCodeSpans(outside));
  for (const m of plain.matchAll(/\]\(\s*<?([^)\s>]*)/g)) {
    if (!allowed.has(m[1])) out.push(violation(where, `markdown link to ${m[1]}`, original));
  }
  for (const m of plain.matchAll(/<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>/g)) {
    if (!allowed.has(m[1])) out.push(violation(where, `autolink ${m[1]}`, original));
  }
  if (/<\/?[a-zA-Z!?]/.test(plain)) out.push(violation(where, "raw HTML", original));
  return out;
}

/**
 * Discord markdown: outside code, no masked link but ours, no `<@…>`/`<#…>`/`<@&…>`/`<!…>`
 * mention syntax, no `@everyone`/`@here`.
 *
 * @example
 * ```ts
 * discordViolations("t", "[x](https://evil.example)", new Set()).length; // 1
 * ```
 */
export function discordViolations(where: string, text: string, allowed: Set<string>): Violation[] {
  const out = invisibleViolations(where, text);
  for (const piece of fencePieces(text)) {
    if (piece.inside) continue;
    const plain = withoutEscapes(withoutCodeSpans(piece.text));
    for (const m of plain.matchAll(/\]\(\s*<?([^)\s>]*)/g)) {
      if (!allowed.has(m[1])) out.push(violation(where, `masked link to ${m[1]}`, text));
    }
    if (/<(@|#|!|a?:\w|t:)/.test(plain)) out.push(violation(where, "mention syntax", text));
    if (/@(everyone|here)/.test(plain)) out.push(violation(where, "mass mention", text));
  }
  return out;
}

/**
 * GitHub-flavoured markdown blocks: fenced code (by fence length) and the text between.
 *
 * @example
 * ```ts
 * markdownPieces("````\n```\n````")[1]; // { inside: true, text: "```" }
 * ```
 */
export function markdownPieces(text: string): { inside: boolean; text: string }[] {
  const pieces: { inside: boolean; text: string }[] = [];
  let fence: string | undefined;
  let current: string[] = [];
  const flush = (inside: boolean) => {
    pieces.push({ inside, text: current.join("\n") });
    current = [];
  };
  for (const line of text.split("\n")) {
    if (fence === undefined) {
      const open = /^\s*(`{3,}|~{3,})/.exec(line);
      if (open && !(open[1][0] === "`" && line.slice(open.index + open[0].length).includes("`"))) {
        flush(false);
        fence = open[1];
        continue;
      }
    } else {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) {
        flush(true);
        fence = undefined;
        continue;
      }
    }
    current.push(line);
  }
  flush(fence !== undefined);
  return pieces;
}

/**
 * GitHub-flavoured markdown (CLI, Copilot): outside fenced code and code spans, no link but
 * ours, no autolink, no raw HTML.
 *
 * @example
 * ```ts
 * markdownViolations("t", "[x](javascript:alert(1))", new Set()).length; // 1
 * ```
 */
export function markdownViolations(where: string, text: string, allowed: Set<string>): Violation[] {
  const out = invisibleViolations(where, text);
  for (const piece of markdownPieces(text)) {
    if (!piece.inside) out.push(...markdownLinkViolations(where, piece.text, allowed, text));
  }
  return out;
}

/**
 * Teams: a `TextBlock` (and a fact) is markdown without code; a `TextRun` is never parsed, so
 * only its `selectAction` can link.
 *
 * @example
 * ```ts
 * teamsViolations({ type: "TextBlock", text: "[x](javascript:a)" }, new Set()).length; // 1
 * ```
 */
export function teamsViolations(card: unknown, allowed: Set<string>): Violation[] {
  const out: Violation[] = [];
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    const markdown = (value: unknown, where: string) => {
      if (typeof value !== "string") return;
      out.push(...invisibleViolations(where, value));
      const plain = withoutEscapes(value);
      for (const m of plain.matchAll(/\]\(\s*<?([^)\s>]*)/g)) {
        if (!allowed.has(m[1])) out.push(violation(where, `Teams link to ${m[1]}`, value));
      }
    };
    if (o.type === "TextBlock") markdown(o.text, `${path}.text`);
    if (o.type === "TextRun" && typeof o.text === "string") {
      out.push(...invisibleViolations(`${path}.text`, o.text));
    }
    if (typeof o.title === "string" && typeof o.value === "string") {
      markdown(o.title, `${path}.title`);
      markdown(o.value, `${path}.value`);
    }
    if ((o.type === "Action.OpenUrl" || o.type === "Image") && typeof o.url === "string") {
      const url = o.url.replace(/\?chart=\d+$/, "");
      if (!allowed.has(url)) out.push(violation(path, `Teams URL ${o.url}`, o.url));
    }
    for (const [key, value] of Object.entries(o)) walk(value, `${path}.${key}`);
  };
  walk(card, "card");
  return out;
}

/**
 * The report page: links only to our URLs, no script, no bidi controls.
 *
 * @example
 * ```ts
 * htmlViolations('<a href="javascript:x">', new Set()).length; // 1
 * ```
 */
export function htmlViolations(html: string, allowed: Set<string>): Violation[] {
  const out = invisibleViolations("html", html);
  for (const m of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
    // In-page anchors (the page's table of contents and severity filter) go nowhere else.
    if (!allowed.has(m[1]) && !/^#[a-z0-9-]*$/.test(m[1])) {
      out.push(violation("html", `link ${m[1]}`, html));
    }
  }
  const tags = new Set(
    [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase()),
  );
  for (const tag of ["script", "iframe", "img", "object", "embed", "form"]) {
    if (tags.has(tag)) out.push(violation("html", `<${tag}>`, html));
  }
  return out;
}
