/**
 * Text helpers for Slack's `mrkdwn`: escaping user/CI strings so they cannot ping `<!channel>`
 * or forge links, truncating without splitting an entity, and a small markdown → mrkdwn pass.
 *
 * @module
 */

const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Escapes `&`, `<`, `>` as Slack requires for untrusted text.
 *
 * @example
 * ```ts
 * escapeMrkdwn("<!channel> & co"); // "&lt;!channel&gt; &amp; co"
 * ```
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITY[c]);
}

/**
 * Cuts `text` to at most `max` characters, ending with `…` when cut. Never splits an
 * `&amp;`-style entity or a surrogate pair.
 *
 * @example
 * ```ts
 * truncate("abcdef", 4); // "abc…"
 * ```
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const amp = text.lastIndexOf("&", cut);
  if (amp !== -1 && amp > cut - 5 && !text.slice(amp, cut).includes(";")) cut = amp;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/**
 * Escapes then truncates: the usual treatment of a CI-provided string in a text object.
 *
 * @example
 * ```ts
 * safe("a < b", 100); // "a &lt; b"
 * ```
 */
export function safe(text: string, max: number): string {
  return truncate(escapeMrkdwn(text), max);
}

/**
 * Makes text safe inside a ``` code block: escaped, and no ``` to close it early.
 *
 * @example
 * ```ts
 * codeSafe("x ``` y"); // "x ''' y"
 * ```
 */
export function codeSafe(text: string): string {
  return escapeMrkdwn(text).replaceAll("```", "'''");
}

/**
 * Converts the report model's markdown (bold, links, headings, bullets) to Slack `mrkdwn`,
 * escaping everything else. Only http(s) links become Slack links.
 *
 * @example
 * ```ts
 * markdownToMrkdwn("**Fix** [docs](https://x.dev)"); // "*Fix* <https://x.dev|docs>"
 * ```
 */
export function markdownToMrkdwn(markdown: string): string {
  return escapeMrkdwn(markdown)
    .replace(/\[([^\]\n|]{1,200})\]\((https?:\/\/[^\s)|]{1,1000})\)/g, "<$2|$1>")
    .replace(/\*\*([^*\n]+)\*\*/g, "*$1*")
    .replace(/^#{1,6}\s+(.+)$/gm, "*$1*")
    .replace(/^(\s*)[-*]\s+/gm, "$1• ");
}
