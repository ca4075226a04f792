/**
 * Text → tokens, the way chat clients actually deliver it: Slack HTML entities and `<url|label>`
 * links, iOS smart quotes and em-dash flags, non-breaking spaces, JSON with spaces inside.
 *
 * @module
 */

/** One word of the command. `quoted` tokens (a quote opened them) are data: never keys, flags
 * or verbs. */
export interface Token {
  text: string;
  quoted: boolean;
}

/** Longest command accepted, in characters (after normalisation). */
export const MAX_INPUT_CHARS = 4000;

const CLOSERS: Record<string, string> = {
  '"': '"”',
  "“": '”"',
  "„": '“”"',
  "'": "'’",
  "‘": "’'",
};

/**
 * Normalises chat text: entities, invisible characters, odd spaces, dashes that iOS made of
 * `--`, and Slack's `<https://…|label>` link wrapping.
 *
 * @example
 * ```ts
 * normalizeText("analyze\u00a0&lt;https://github.com/acme/app&gt; —runs 2");
 * // "analyze <https://github.com/acme/app> --runs 2"
 * ```
 */
export function normalizeText(text: string): string {
  return text
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, "")
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\r\n]/g, " ")
    .replace(/<((?:https?|mailto):[^<>|\s]+)(?:\|[^<>]*)?>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/(^|\s)[\u2014\u2013](?=[A-Za-z])/g, "$1--")
    .trim();
}

/**
 * Splits normalised text into tokens. Quotes (straight or smart) group words and may start
 * mid-token after `:`/`=` (`key:"a b"`); an apostrophe inside a word (`what's`) is just a
 * letter. `{…}`/`[…]` starting a value is read to its balanced end, spaces and all. An unclosed
 * quote runs to the end of the text.
 *
 * @example
 * ```ts
 * tokenize(`test --matrix '{"os": ["a b"]}' ref:“my branch”`).map((t) => t.text);
 * // ["test", "--matrix", '{"os": ["a b"]}', "ref:my branch"]
 * ```
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === " ") {
      i++;
      continue;
    }
    let word = "";
    let quoted = false;
    while (i < text.length && text[i] !== " ") {
      const ch = text[i];
      const atValueStart = word === "" || /[:=]$/.test(word);
      const closers = CLOSERS[ch];
      if (closers && (atValueStart || ch === '"' || ch === "“")) {
        const end = findCloser(text, i + 1, closers);
        // Only a quote that opens the token makes it data; `key:"a b"` stays a key:value.
        if (word === "") quoted = true;
        word += unescape(text.slice(i + 1, end), ch);
        i = end + 1;
      } else if ((ch === "{" || ch === "[") && atValueStart) {
        const end = findBalanced(text, i);
        word += text.slice(i, end);
        i = end;
      } else {
        word += ch;
        i++;
      }
    }
    tokens.push({ text: word, quoted });
  }
  return tokens;
}

function findCloser(text: string, from: number, closers: string): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === "\\" && closers.includes('"')) {
      j++;
      continue;
    }
    if (closers.includes(text[j])) return j;
  }
  return text.length;
}

/** Inside double quotes `\"` and `\\` are escapes (what `intentToCommand` writes). */
function unescape(inner: string, opener: string): string {
  if (opener === "'" || opener === "‘") return inner;
  return inner.replace(/\\(["”\\])/g, "$1");
}

function findBalanced(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let j = from; j < text.length; j++) {
    const ch = text[j];
    if (inString) {
      if (ch === "\\") j++;
      else if (ch === '"' || ch === "”" || ch === "“") inString = false;
    } else if (ch === '"' || ch === "“" || ch === "”") inString = true;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return text.length;
}

/**
 * Quotes a value so that {@linkcode tokenize} reads it back as one token.
 *
 * @example
 * ```ts
 * quoteValue("my branch"); // '"my branch"'
 * quoteValue("main"); // "main"
 * ```
 */
export function quoteValue(value: string): string {
  if (value !== "" && !/[\s"'“”‘’„{}\[\]\\]/.test(value)) return value;
  if (!value.includes("'") && !value.includes("’")) return `'${value}'`;
  return `"${value.replace(/[\\"”]/g, "\\$&")}"`;
}
