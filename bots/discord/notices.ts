/**
 * Discord messages that are not reports: a plain notice, and the parser's "unsupported" answer.
 *
 * @module
 */
import type { ParseResult } from "../../src/intent/schema.ts";
import { type DiscordMessage, LIMITS } from "./limits.ts";
import { codeSpan, safe, truncate } from "./markdown.ts";

/**
 * A plain notice (an error, an expired button, the parse error) as an embed-less message.
 *
 * @example
 * ```ts
 * renderText("⌛ This button has expired.").content; // "⌛ This button has expired."
 * ```
 */
export function renderText(text: string, ephemeral = false): DiscordMessage {
  return {
    content: truncate(text, LIMITS.content),
    embeds: [],
    components: [],
    allowed_mentions: { parse: [] },
    ...(ephemeral ? { flags: 64 } : {}),
  };
}

/**
 * The parser's "unsupported" answer: what was not understood, the hint, the closest commands
 * and examples (ephemeral).
 *
 * @example
 * ```ts
 * renderParseError({ kind: "unsupported", error: "Unknown verb 'tset'", hint: "Try test.",
 *   suggestions: ["/ci-test test"], examples: ["/ci-test analyze repo:acme/app"] });
 * ```
 */
export function renderParseError(
  result: Extract<ParseResult, { kind: "unsupported" }>,
): DiscordMessage {
  const lines = [`🤔 ${safe(result.error, 700)}`, `**What to do:** ${safe(result.hint, 500)}`];
  const list = (title: string, items: string[]) =>
    `**${title}**\n${items.slice(0, 5).map((s) => `• ${codeSpan(truncate(s, 150))}`).join("\n")}`;
  if (result.suggestions.length > 0) lines.push(list("Closest commands", result.suggestions));
  if (result.examples.length > 0) lines.push(list("Examples", result.examples));
  lines.push("Anything the command language accepts also works as `/ci-test run text:…`.");
  return renderText(lines.join("\n"), true);
}
