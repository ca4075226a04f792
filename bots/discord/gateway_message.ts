/**
 * The text side of `!ci-test` over the gateway: which messages are commands, and the small
 * texts and reports the gateway posts around a run (thread name, acknowledgement, parse hint,
 * failure). Pure functions; no discord.js here, so they are cheap to test and to import.
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";
import { intentToCommand } from "../../src/intent/format.ts";
import type { Intent, ParseResult } from "../../src/intent/schema.ts";
import { type Report, ReportSchema } from "../../src/report/model.ts";

/** The prefix users type; matched case-insensitively at the very start of a message. */
export const GATEWAY_PREFIX = "!ci-test";

/** Discord's limits that these texts must respect. */
const THREAD_NAME_MAX = 100;
const CONTENT_MAX = 2000;

type Unsupported = Extract<ParseResult, { kind: "unsupported" }>;

/**
 * Returns the text to hand to the parser when `content` is addressed to the bot — it starts
 * with `!ci-test` (any case) or with a mention of the bot (`<@id>` or the legacy `<@!id>`) —
 * and `undefined` otherwise. The prefix and mention stay in the text: the parser strips them.
 *
 * @example
 * ```ts
 * commandText("!CI-TEST repo=acme/app", "42"); // "!CI-TEST repo=acme/app"
 * commandText("<@!42> analyze acme/app", "42"); // "<@!42> analyze acme/app"
 * commandText("!ci-testing", "42"); // undefined
 * commandText("hello <@42>", "42"); // undefined
 * ```
 */
export function commandText(content: string, botUserId: string | undefined): string | undefined {
  const text = content.trim();
  const lower = text.toLowerCase();
  if (lower.startsWith(GATEWAY_PREFIX)) {
    const next = text.charAt(GATEWAY_PREFIX.length);
    // `!ci-testing` is another word, not our prefix.
    return next === "" || /[\s,:]/.test(next) ? text : undefined;
  }
  if (botUserId && (text.startsWith(`<@${botUserId}>`) || text.startsWith(`<@!${botUserId}>`))) {
    return text;
  }
  return undefined;
}

/** Backticks inside inline code would end it early; Discord has no escape for them there. */
function inlineCode(text: string): string {
  return `\`${text.replaceAll("`", "'")}\``;
}

/** The parser's examples are bare commands; here they are typed after the prefix. */
function asPrefixed(example: string): string {
  return /^[/!<@]/.test(example) ? example : `${GATEWAY_PREFIX} ${example}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The name of the thread started on a command message (Discord allows 1–100 characters).
 *
 * @example
 * ```ts
 * threadName({ op: "test", repo: "acme/app" }); // "ci-test: test repo:acme/app"
 * threadName(undefined); // "ci-test: help"
 * ```
 */
export function threadName(intent: Intent | undefined): string {
  return clip(`ci-test: ${intent ? intentToCommand(intent) : "help"}`, THREAD_NAME_MAX);
}

/**
 * The acknowledgement posted in the thread before the operation runs, echoing how the text
 * was understood. Plain language (`understood`) is only "read": a state-changing intent then
 * waits for its Run button.
 *
 * @example
 * ```ts
 * ackText({ op: "test", repo: "acme/app", matrix: "full" });
 * // "Running `test repo:acme/app matrix:full`…"
 * ackText({ op: "test", repo: "acme/app" }, true); // "Reading `test repo:acme/app`…"
 * ```
 */
export function ackText(intent: Intent, understood = false): string {
  const verb = understood ? "Reading" : "Running";
  return clip(`${verb} ${inlineCode(intentToCommand(intent))}…`, CONTENT_MAX);
}

/**
 * The answer to text the parser could not read: what was wrong, what to do, and examples.
 *
 * @example
 * ```ts
 * const r = parseErrorReport({
 *   kind: "unsupported", error: "Unknown word 'frobnicate'", hint: "Try help",
 *   suggestions: ["analyze"], examples: ["analyze acme/app"],
 * });
 * r.status; // "warning"
 * ```
 */
export function parseErrorReport(result: Unsupported): Report {
  const sections = [];
  if (result.suggestions.length > 0) {
    sections.push({
      title: "Did you mean",
      markdown: result.suggestions.slice(0, 5).map(inlineCode).join("\n"),
    });
  }
  if (result.examples.length > 0) {
    sections.push({
      title: "Examples",
      markdown: result.examples.slice(0, 5).map((e) => inlineCode(asPrefixed(e))).join("\n"),
    });
  }
  return ReportSchema.parse({
    title: "I could not read that command",
    status: "warning",
    summary: result.error,
    fields: [{ label: "What to do", value: result.hint }],
    sections,
  });
}

/**
 * The answer when running the command failed. A {@linkcode CiError} is written for users (its
 * message and hint are shown); an internal one or any other error is reported by request id
 * only, so internals and secrets stay in the log.
 *
 * @example
 * ```ts
 * failureReport(new CiError("bad_request", "'runs' must be ≤ 50: current value is 80"), "r1")
 *   .summary; // "'runs' must be ≤ 50: current value is 80"
 * ```
 */
export function failureReport(error: unknown, requestId: string): Report {
  if (error instanceof CiError && error.code !== "internal") {
    return ReportSchema.parse({
      title: "The command failed",
      status: "error",
      summary: error.message,
      fields: error.hint ? [{ label: "What to do", value: error.hint }] : [],
    });
  }
  return ReportSchema.parse({
    title: "The command failed",
    status: "error",
    summary: `An internal error stopped this request (request id ${requestId}).`,
    fields: [{ label: "What to do", value: "Try again; if it keeps failing, tell an admin." }],
  });
}
