/**
 * The Teams cards for what went wrong: a parse error (what was not understood, what to do, the
 * closest commands) and a failed request (the error's message, or only a reference for an
 * internal error, whose details stay in the logs).
 *
 * @module
 */
import { toCiError } from "../../src/errors.ts";
import type { ParseResult } from "../../src/intent/schema.ts";
import { type AdaptiveCard, textCard } from "./card.ts";

/**
 * The parser's "unsupported" answer as a card.
 *
 * @example
 * ```ts
 * parseErrorCard({ kind: "unsupported", error: "Unknown verb 'tset'", hint: "Try test.",
 *   suggestions: ["test"], examples: ["analyze acme/app"] });
 * ```
 */
export function parseErrorCard(
  result: Extract<ParseResult, { kind: "unsupported" }>,
): AdaptiveCard {
  const lines = [`🤔 ${result.error}`, `What to do: ${result.hint}`];
  if (result.suggestions.length > 0) {
    lines.push(`Closest commands: ${result.suggestions.slice(0, 5).join(" · ")}`);
  }
  if (result.examples.length > 0) {
    lines.push(`Examples: ${result.examples.slice(0, 5).join(" · ")}`);
  }
  return textCard(...lines);
}

/**
 * A failed request as a card: an internal error shows only the request id to quote.
 *
 * @example
 * ```ts
 * errorCard(new CiError("not_found", "No job with id '12'"), "req-1");
 * ```
 */
export function errorCard(error: unknown, requestId: string): AdaptiveCard {
  const e = toCiError(error);
  const detail = e.code === "internal" ? `Reference: ${requestId}` : e.message;
  return textCard(`⚠️ ${detail}`, ...(e.hint ? [e.hint] : []));
}
