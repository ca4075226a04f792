/**
 * The immediate answers of the ack path: the echo of the understood command, and the small
 * JSON/empty responses. Nothing here awaits anything.
 *
 * @module
 */
import type { Intent } from "../../src/intent/schema.ts";
import { renderAck, type SlackMessage } from "./blockkit.ts";
import { escapeMrkdwn, truncate } from "./mrkdwn.ts";

const ORDER = [
  "repo",
  "workflow",
  "ref",
  "baseline",
  "candidate",
  "strategy",
  "target",
  "runs",
  "matrix",
  "inputs",
  "on",
  "branch",
  "event",
  "topic",
] as const satisfies ReadonlyArray<keyof Intent>;

/**
 * Writes an intent back in the command language, e.g. `analyze repo:acme/app`, so the user
 * sees how their text was understood. Values with spaces are quoted.
 *
 * @example
 * ```ts
 * describeIntent({ op: "test", repo: "acme/app", runs: 3 }); // "test repo:acme/app runs:3"
 * ```
 */
export function describeIntent(intent: Intent): string {
  const quote = (v: string) => (/[\s"]/.test(v) ? JSON.stringify(v) : v);
  const parts: string[] = [intent.op];
  for (const key of ORDER) {
    const value = intent[key];
    if (value === undefined) continue;
    if (key === "matrix" && typeof value === "object") {
      const dims = Object.entries(value as Record<string, string[]>)
        .map(([k, vs]) => `${k}=${vs.join(",")}`).join(";");
      parts.push(`matrix:${quote(dims)}`);
    } else if (key === "inputs" && typeof value === "object") {
      const pairs = Object.entries(value as Record<string, string>).map(([k, v]) => `${k}=${v}`);
      parts.push(`inputs:${quote(pairs.join(","))}`);
    } else {
      parts.push(`${key}:${quote(String(value))}`);
    }
  }
  return truncate(parts.join(" ").replaceAll("`", "'"), 300);
}

/**
 * The ephemeral acknowledgement for a slash command that will run in the background. Text read
 * from plain language (`understood`) is not announced as running: a state-changing intent waits
 * for its Run button.
 *
 * @example
 * ```ts
 * ackMessage({ op: "analyze", repo: "acme/app" }).text; // ":hourglass_flowing_sand: Running `analyze repo:acme/app` …"
 * ackMessage({ op: "test", repo: "acme/app" }, true).text; // ":mag: Reading `test repo:acme/app` …"
 * ```
 */
export function ackMessage(intent: Intent, understood = false): SlackMessage {
  if (intent.op === "help") return renderAck(":books: Looking up help …");
  const text = escapeMrkdwn(describeIntent(intent));
  return renderAck(
    understood ? `:mag: Reading \`${text}\` …` : `:hourglass_flowing_sand: Running \`${text}\` …`,
  );
}

/**
 * A JSON response (Slack reads ephemeral replies and `{challenge}` from the ack body).
 *
 * @example
 * ```ts
 * jsonResponse(401, { error: "signature mismatch" });
 * ```
 */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/**
 * An empty 200: Slack's "received, nothing to show".
 *
 * @example
 * ```ts
 * emptyOk().status; // 200
 * ```
 */
export function emptyOk(): Response {
  return new Response(null, { status: 200 });
}

/** Seconds a busy answer asks the sender to wait. */
export const BUSY_RETRY_SECONDS = 5;

/** What a person reads when the backlog is full: nothing was accepted, so nothing will run. */
export const BUSY_TEXT =
  "Busy: too many requests are waiting, so this one was not started. Try again in a moment.";

/**
 * The answer when the durable backlog is full. A slash command gets an ephemeral message (Slack
 * never retries a command); deliveries Slack does retry (events) or that show an error to the
 * clicker (buttons) get a 503, both with `Retry-After`.
 *
 * @example
 * ```ts
 * (await busyResponse("command").json()).text; // "Busy: too many requests are waiting, …"
 * busyResponse("event").status; // 503
 * ```
 */
export function busyResponse(kind: "command" | "event"): Response {
  const headers = {
    "content-type": "application/json; charset=utf-8",
    "retry-after": String(BUSY_RETRY_SECONDS),
  };
  if (kind === "event") {
    return new Response(JSON.stringify({ error: BUSY_TEXT }), { status: 503, headers });
  }
  const body = { response_type: "ephemeral", ...renderAck(BUSY_TEXT) };
  return new Response(JSON.stringify(body), { status: 200, headers });
}
