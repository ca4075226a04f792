/**
 * The report model's text markup, and the one place that decides which part of it is ours and
 * which is data.
 *
 * Report text is a small markdown subset: `**strong**`, `` `code` `` spans (delimited by any
 * run of backticks, as in CommonMark), fenced code blocks (closed only by a fence at least as
 * long as the opening one), `#` headings, `-` bullets and `\` escapes. Links are NOT part of it:
 * links live in `Report.links`, so no text — ours or CI's — can become one. Operations embed
 * CI-controlled strings (names, commit messages, log lines) only through
 * {@linkcode escapeMarkdownText}, {@linkcode codeSpan} and {@linkcode codeBlock}, which keep the
 * data inside its text, span or block whatever it contains. Each surface then re-renders the
 * parsed pieces with its own escaping (see {@linkcode renderMarkup}), so a string the parser
 * reads as data can never become the surface's link, mention or code fence.
 *
 * @module
 */

/** One inline piece: literal text, a code span, or strong (bold) text. */
export type Inline =
  | { type: "text"; text: string }
  | { type: "code"; text: string }
  | { type: "strong"; text: string };

/** One block: a fenced code block, or a line of inline pieces (maybe a heading or bullet). */
export type Block =
  | { type: "code"; lang: string; text: string }
  | { type: "line"; kind: "plain" | "heading" | "bullet"; indent: string; inlines: Inline[] };

// Bidi embeddings, overrides and isolates, and the marks: they reorder what is shown.
// Zero-width characters: they hide inside names and split words a reader trusts.
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF\u180E]/g;

/**
 * Drops the characters that let data spoof what a reader sees: bidirectional overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069, the LRM/RLM/ALM marks) and zero-width characters.
 *
 * @example
 * ```ts
 * cleanText("main\u202Egnp.exe"); // "maingnp.exe"
 * ```
 */
export function cleanText(text: string): string {
  return text.replace(INVISIBLE, "");
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * Escapes every ASCII punctuation character with a backslash, so data embedded in report
 * markup is read back as plain text by {@linkcode parseInline} (and by any CommonMark reader).
 *
 * @example
 * ```ts
 * escapeMarkdownText("[x](https://evil.example)"); // "\\[x\\]\\(https://evil\\.example\\)"
 * ```
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, "\\$&");
}

const longestRun = (text: string) => Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));

/**
 * Wraps data in a code span that no backtick inside it can close: the delimiter is one backtick
 * longer than the longest run inside (CommonMark), padded with spaces when needed.
 *
 * @example
 * ```ts
 * codeSpan("a`b"); // "``a`b``"
 * ```
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n/g, " ");
  if (flat === "") return "";
  const delimiter = "`".repeat(longestRun(flat) + 1);
  const pad = /^`|`$|^ .* $/.test(flat) ? " " : "";
  return `${delimiter}${pad}${flat}${pad}${delimiter}`;
}

/**
 * Wraps data in a fenced code block that no line inside it can close: the fence is longer than
 * any backtick run in the text (at least three).
 *
 * @example
 * ```ts
 * codeBlock("```\nnot a fence"); // "````\n```\nnot a fence\n````"
 * ```
 */
export function codeBlock(text: string, lang = ""): string {
  const fence = "`".repeat(Math.max(3, longestRun(text) + 1));
  return `${fence}${lang.replace(/[^\w+.-]/g, "")}\n${text}\n${fence}`;
}

/**
 * A fenced block of a diff or a snippet, the text's final newline dropped: {@linkcode codeBlock}
 * with the language first.
 *
 * @example
 * ```ts
 * fenced("diff", "+a\n"); // "```diff\n+a\n```"
 * ```
 */
export const fenced = (lang: string, text: string): string =>
  codeBlock(text.replace(/\n$/, ""), lang);

const unescape = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, "$1");

/**
 * Parses inline markup: backslash escapes, code spans, `**strong**`; everything else is text.
 *
 * @example
 * ```ts
 * parseInline("`test` failed"); // [{ type: "code", text: "test" }, { type: "text", text: " failed" }]
 * ```
 */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let buffer = "";
  const push = (piece: Inline) => {
    if (buffer) out.push({ type: "text", text: buffer });
    buffer = "";
    out.push(piece);
  };
  let i = 0;
  while (i < text.length) {
    if (text[i] === "\\" && PUNCTUATION.test(text[i + 1] ?? "")) {
      buffer += text[i + 1];
      i += 2;
    } else if (text[i] === "`") {
      const run = /^`+/.exec(text.slice(i))![0];
      const rest = text.slice(i + run.length);
      const close = new RegExp(`(?<!\`)${run}(?!\`)`).exec(rest);
      if (!close) {
        buffer += run;
        i += run.length;
        continue;
      }
      const code = rest.slice(0, close.index).replace(/\r?\n/g, " ");
      push({ type: "code", text: /^ .*[^ ].* $/.test(code) ? code.slice(1, -1) : code });
      i += 2 * run.length + close.index;
    } else if (text.startsWith("**", i) && text.indexOf("**", i + 2) > i + 2) {
      const end = text.indexOf("**", i + 2);
      push({ type: "strong", text: unescape(text.slice(i + 2, end)) });
      i = end + 2;
    } else {
      buffer += text[i++];
    }
  }
  if (buffer) out.push({ type: "text", text: buffer });
  return out;
}

/**
 * The text of inline markup without its markers, for plain-text places (a table drawn in a
 * code block, a plain-text header).
 *
 * @example
 * ```ts
 * markupText("Cache in `setup\\-node`"); // "Cache in setup-node"
 * ```
 */
export function markupText(text: string): string {
  return parseInline(text).map((p) => p.text).join("");
}

/**
 * Parses block markup: fenced code blocks (closed by a fence at least as long), headings,
 * bullets and plain lines. An unclosed block runs to the end.
 *
 * @example
 * ```ts
 * parseBlocks("````\n```\n````")[0]; // { type: "code", lang: "", text: "```" }
 * ```
 */
export function parseBlocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,})([^`]*)$/.exec(lines[i]);
    if (open) {
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const close = /^ {0,3}(`{3,})\s*$/.exec(lines[j]);
        if (close && close[1].length >= open[1].length) break;
        body.push(lines[j]);
      }
      blocks.push({ type: "code", lang: open[2].trim().split(/\s/)[0], text: body.join("\n") });
      i = j;
      continue;
    }
    const heading = /^ {0,3}#{1,6}\s+(.*)$/.exec(lines[i]);
    const bullet = /^(\s*)[-*]\s+(.*)$/.exec(lines[i]);
    blocks.push(
      heading
        ? { type: "line", kind: "heading", indent: "", inlines: parseInline(heading[1]) }
        : bullet
        ? { type: "line", kind: "bullet", indent: bullet[1], inlines: parseInline(bullet[2]) }
        : { type: "line", kind: "plain", indent: "", inlines: parseInline(lines[i]) },
    );
  }
  return blocks;
}

/** How one surface writes each piece; every function receives data and must escape it. */
export interface MarkupStyle {
  text(text: string): string;
  code(text: string): string;
  strong(text: string): string;
  block(text: string, lang: string): string;
  /** The marker of a bullet line, with its indent. */
  bullet(indent: string): string;
}

/** What {@linkcode renderMarkup} returns: the text, and whether it was cut to fit. */
export interface Rendered {
  text: string;
  cut: boolean;
}

interface Piece {
  source: string;
  render: (source: string) => string;
}

const inlinePieces = (inlines: Inline[], style: MarkupStyle): Piece[] =>
  inlines.map((p) => ({ source: p.text, render: (s) => style[p.type](s) }));

const constant = (text: string): Piece => ({ source: text, render: (s) => s });

// Pieces are rendered whole while they fit; the first that does not is rendered from a shorter
// source, so a cut never splits a surface's escape, span or fence.
function fit(pieces: Piece[], max: number): Rendered {
  let out = "";
  for (const piece of pieces) {
    const whole = piece.render(piece.source);
    if (out.length + whole.length <= max) {
      out += whole;
      continue;
    }
    const room = max - out.length - 1;
    let n = piece.source.length;
    let rendered = whole;
    while (n > 0) {
      // Escaping may lengthen text: shrink in proportion, and by one at least.
      n = Math.min(n - 1, Math.floor((n * room) / Math.max(1, rendered.length)));
      if (n > 0 && /[\uD800-\uDBFF]/.test(piece.source[n - 1])) n--;
      if (n <= 0) break;
      rendered = piece.render(piece.source.slice(0, n));
      if (rendered.length <= room) {
        out += rendered;
        break;
      }
    }
    return { text: `${out}…`, cut: true };
  }
  return { text: out, cut: false };
}

/**
 * Renders block markup for a surface, at most `max` characters.
 *
 * @example
 * ```ts
 * renderMarkup("**Log**\n```\nx\n```", style, 3000).text;
 * ```
 */
export function renderMarkup(markdown: string, style: MarkupStyle, max = Infinity): Rendered {
  const pieces: Piece[] = [];
  parseBlocks(markdown).forEach((block, i) => {
    if (i > 0) pieces.push(constant("\n"));
    if (block.type === "code") {
      pieces.push({ source: block.text, render: (s) => style.block(s, block.lang) });
    } else if (block.kind === "heading") {
      const text = block.inlines.map((p) => p.text).join("");
      pieces.push({ source: text, render: (s) => style.strong(s) });
    } else {
      if (block.kind === "bullet") pieces.push(constant(style.bullet(block.indent)));
      pieces.push(...inlinePieces(block.inlines, style));
    }
  });
  return fit(pieces, max);
}

/**
 * Renders inline markup (a summary, a finding message) for a surface, at most `max` characters.
 *
 * @example
 * ```ts
 * renderInline("`test` failed", style, 1500).text;
 * ```
 */
export function renderInline(text: string, style: MarkupStyle, max = Infinity): Rendered {
  return fit(inlinePieces(parseInline(text), style), max);
}
