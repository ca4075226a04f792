/**
 * The single mapping from anything thrown (by `execute` or delivery) to a Discord message: a
 * title per error code, the message (which states the offending value), and the hint. Internal
 * errors show only a reference id; token-shaped strings are never echoed.
 *
 * @module
 */
import { type ErrorCode, toCiError } from "../../src/errors.ts";
import { type DiscordMessage, escapeMarkdown, renderText, truncate } from "./embeds.ts";

const TITLES: Record<ErrorCode, string> = {
  upstream: "The CI provider is failing",
  timeout: "The CI provider did not answer in time",
  rate_limited: "Rate limited",
  forbidden: "Not allowed",
  unauthorized: "Not authorized",
  not_found: "Not found",
  bad_request: "Cannot run that",
  too_large: "Too large",
  config: "Not configured",
  unsupported: "Not supported yet",
  internal: "Something went wrong on our side",
};
// Discord bot tokens (three dot-separated base64url parts), GitHub tokens, bearer headers.
const SECRET =
  /\b([\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}|gh[pousr]_\w+|github_pat_\w+|Bearer\s+\S+|Bot\s+\S+)/g;

/**
 * Maps an error to one clear message.
 *
 * @example
 * ```ts
 * errorToDiscord(new CiError("not_found", "No workflow 'ci.yml' in acme/app")).content;
 * // "⚠️ **Not found**: No workflow 'ci.yml' in acme/app"
 * ```
 */
export function errorToDiscord(error: unknown, requestId?: string): DiscordMessage {
  const e = toCiError(error);
  const detail = e.code === "internal"
    ? `Reference: ${requestId ?? "none"}`
    : escapeMarkdown(e.message.replace(SECRET, "[redacted]"));
  const hint = e.hint ? `\n*${escapeMarkdown(e.hint.replace(SECRET, "[redacted]"))}*` : "";
  return renderText(truncate(`⚠️ **${TITLES[e.code]}**: ${detail}${hint}`, 2000));
}
