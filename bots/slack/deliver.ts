/**
 * Outbound delivery: one resilient `fetch` (per-attempt timeout, bounded retry on 5xx/429 that
 * honours `Retry-After`) that Bolt uses for `respond()` and its WebClient, and the single
 * mapping from errors to a Slack message.
 *
 * @module
 */
import type { KnownBlock } from "@slack/types";
import { CiError, type ErrorCode, toCiError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";
import { safe } from "./mrkdwn.ts";

/** Options of {@linkcode resilientFetch}. */
export interface RetryOptions {
  /** Per attempt. */
  timeoutMs?: number;
  /** Total attempts, first included. */
  attempts?: number;
  /** A `Retry-After` longer than this is not waited for; the failed response is returned. */
  maxRetryAfterMs?: number;
  log?: Logger;
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wraps `fetch`: each attempt is aborted after `timeoutMs` (throwing `CiError("timeout")`),
 * and 5xx/429 answers are retried up to `attempts` in total, waiting `Retry-After` seconds when
 * given (else 0.5 s, 1 s, …). A timed-out POST is not retried: it may have been delivered.
 *
 * @example
 * ```ts
 * const f = resilientFetch(fetch, { timeoutMs: 5_000, attempts: 3 });
 * await f("https://hooks.slack.com/commands/T1/1/x", { method: "POST", body: "{}" });
 * ```
 */
export function resilientFetch(inner: typeof fetch, options: RetryOptions = {}): typeof fetch {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const attempts = options.attempts ?? 3;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
  const sleep = options.sleep ?? defaultSleep;
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const replayable = !(input instanceof Request) &&
      (init?.body == null || typeof init.body === "string" || init.body instanceof URLSearchParams);
    for (let attempt = 1;; attempt++) {
      let response: Response;
      try {
        response = await inner(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      } catch (cause) {
        if (cause instanceof DOMException && cause.name === "TimeoutError") {
          throw new CiError("timeout", `Slack did not answer within ${timeoutMs} ms`, { cause });
        }
        throw cause;
      }
      if (!RETRYABLE(response.status) || attempt >= attempts || !replayable) return response;
      const waitMs = retryDelayMs(response.headers.get("retry-after"), attempt);
      if (waitMs > maxRetryAfterMs) return response;
      await response.body?.cancel();
      options.log?.warn("slack call retried", {
        host: new URL(url).host,
        status: response.status,
        attempt,
        waitMs,
      });
      await sleep(waitMs);
    }
  };
}

function retryDelayMs(retryAfter: string | null, attempt: number): number {
  if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
  return 500 * 2 ** (attempt - 1);
}

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
const DEFAULT_HINTS: Partial<Record<ErrorCode, string>> = {
  upstream: "Try again in a minute.",
  timeout: "Try again in a minute.",
  rate_limited: "Wait a few minutes, then try again.",
};
// Token shapes of Slack, GitHub and bearer headers: never echoed even if a message carries one.
const SECRET = /\b(xox[abposre]-[\w-]+|gh[pousr]_\w+|github_pat_\w+|Bearer\s+\S+)/g;

/** An error as a Slack message for `response_url` (ephemeral, replacing the ack). */
export interface SlackErrorMessage {
  response_type: "ephemeral";
  replace_original: boolean;
  text: string;
  blocks: KnownBlock[];
}

/**
 * Maps anything thrown by `execute` (or by delivery) to one clear Slack message: a title per
 * error code, the message (which states the offending value), and the hint. Internal errors
 * show only a reference id, never their text.
 *
 * @example
 * ```ts
 * errorToSlack(new CiError("upstream", "GitHub is failing (502) after 3 attempts")).text;
 * // ":warning: The CI provider is failing: GitHub is failing (502) after 3 attempts — Try again in a minute."
 * ```
 */
export function errorToSlack(error: unknown, requestId?: string): SlackErrorMessage {
  const e = toCiError(error);
  const title = TITLES[e.code];
  const detail = e.code === "internal"
    ? `Reference: ${requestId ?? "none"}`
    : e.message.replace(SECRET, "[redacted]");
  const hint = (e.hint ?? DEFAULT_HINTS[e.code] ?? "").replace(SECRET, "[redacted]");
  // The notification is one line of words: a hint's code block shows there as its text.
  const oneLine = (t: string) => t.replace(/```\w*/g, " ").replace(/\s+/g, " ").trim();
  const text = safe(
    `:warning: ${title}: ${oneLine(detail)}${hint ? ` — ${oneLine(hint)}` : ""}`,
    3000,
  );
  const lines = [`:warning: *${safe(title, 200)}*`, safe(detail, 2000)];
  // Italics cannot span lines or a code block (the policy refusal's example grant): such a
  // hint goes as it is, under its label.
  if (hint) {
    lines.push(hint.includes("\n") ? `*What to do:*\n${safe(hint, 700)}` : `_${safe(hint, 700)}_`);
  }
  return {
    response_type: "ephemeral",
    replace_original: true,
    text,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: lines.join("\n") } }],
  };
}
