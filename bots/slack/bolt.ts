/**
 * The background half: an `@slack/bolt` App behind a do-nothing receiver, loaded on first use
 * (Bolt costs ~250 ms to import and half the throughput of the ack path, so it never runs
 * before an ack). It receives bodies that `handler.ts` has already verified and acknowledged.
 *
 * @module
 */
import type { App, AppOptions, Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Intent, ParseResult } from "../../src/intent/schema.ts";
import type { RequestMeta, SurfaceDeps } from "../../src/surface.ts";
import { renderParseError, renderReport, type SlackMessage } from "./blockkit.ts";
import { errorToSlack, resilientFetch } from "./deliver.ts";

/**
 * What the ack path decided, handed to the listener through Bolt's `customProperties`
 * (merged into `context`). Carrying the parsed intent this way means the text is parsed exactly
 * once, on the ack path, and the listener runs what the user was told it would run.
 */
export type SlackJob =
  | {
    kind: "run";
    intent: Intent;
    meta: RequestMeta;
    responseType: "in_channel" | "ephemeral";
  }
  | { kind: "explain"; result: Extract<ParseResult, { kind: "unsupported" }>; meta: RequestMeta };

/** The context key under which a {@linkcode SlackJob} travels. */
export const JOB_KEY = "ciJob";

/** A message plus the `response_url` options (ignored by `chat.postMessage`). */
type Outbound = SlackMessage & {
  response_type?: "in_channel" | "ephemeral";
  replace_original?: boolean;
};

/** One delivery to process. */
export interface BoltDispatch {
  body: Record<string, unknown>;
  job: SlackJob;
  retryNum?: number;
  retryReason?: string;
}

/** Settings of the Bolt App. */
export interface BoltConfig {
  botToken?: string;
  apiUrl?: string;
  botUserId?: string;
  botId?: string;
}

/**
 * Creates a dispatcher that lazily builds the Bolt App and feeds it one delivery at a time.
 * Slash commands answer through `respond()` (the `response_url`), mentions through
 * `client.chat.postMessage` in the thread. Both use {@linkcode resilientFetch}.
 *
 * @example
 * ```ts
 * const dispatch = createBoltDispatcher({ botToken: "xoxb-1" }, deps);
 * await dispatch({ body, job: { kind: "run", intent, meta, responseType: "in_channel" } });
 * ```
 */
export function createBoltDispatcher(
  config: BoltConfig,
  deps: SurfaceDeps,
): (dispatch: BoltDispatch) => Promise<void> {
  let app: Promise<App> | undefined;
  return async ({ body, job, retryNum, retryReason }) => {
    app ??= buildApp(config, deps);
    await (await app).processEvent({
      body,
      retryNum,
      retryReason,
      customProperties: { [JOB_KEY]: job },
      // The HTTP ack was already sent by handler.ts; Bolt's ack is a formality here.
      ack: async () => {},
    });
  };
}

async function buildApp(config: BoltConfig, deps: SurfaceDeps): Promise<App> {
  const bolt = await import("@slack/bolt");
  const log = deps.log.child({ surface: "slack", component: "bolt" });
  const fetch = resilientFetch(deps.fetch, { timeoutMs: 10_000, attempts: 3, log });
  const options: AppOptions = {
    receiver: { init() {}, start: () => Promise.resolve(), stop: () => Promise.resolve() },
    logger: boltLogger(deps),
    botId: config.botId,
    botUserId: config.botUserId,
    tokenVerificationEnabled: false,
    clientOptions: {
      slackApiUrl: withSlash(config.apiUrl ?? "https://slack.com/api/"),
      fetch,
      // resilientFetch already retries; a second policy would multiply attempts.
      retryConfig: { retries: 0 },
    },
  };
  // Without a bot token slash commands still work (they answer through response_url), so an
  // authorize function that grants no token keeps Bolt from refusing to start.
  if (config.botToken) options.token = config.botToken;
  else {options.authorize = () =>
      Promise.resolve({ botId: config.botId, botUserId: config.botUserId });}
  const app = new bolt.App(options);

  app.command(/^\/ci-/, async ({ ack, respond, context }) => {
    await ack();
    const job = context[JOB_KEY] as SlackJob | undefined;
    if (job?.kind !== "run") return;
    await runAndDeliver(job, deps, (message) => respond(message).then(() => {}));
  });

  app.event("app_mention", async ({ event, client, context }) => {
    const job = context[JOB_KEY] as SlackJob | undefined;
    if (!job) return;
    const send = async (message: SlackMessage) => {
      await client.chat.postMessage({
        channel: event.channel,
        thread_ts: event.thread_ts ?? event.ts,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
      });
    };
    if (job.kind === "explain") await deliverSafely(send, renderParseError(job.result), job, deps);
    else await runAndDeliver(job, deps, send);
  });

  app.error((error) => {
    log.error("bolt listener failed", { error: error.message, code: error.code });
    return Promise.resolve();
  });
  return app;
}

/**
 * Runs the intent and delivers the result, using the delivery channel at most twice (the result,
 * then an error message only if the result itself was refused): `response_url` allows 5 uses.
 */
async function runAndDeliver(
  job: Extract<SlackJob, { kind: "run" }>,
  deps: SurfaceDeps,
  send: (message: Outbound) => Promise<void>,
): Promise<void> {
  const log = deps.log.child({ surface: "slack", requestId: job.meta.requestId });
  let message: Outbound;
  let reportUrl: string | undefined;
  try {
    const report = await deps.execute(job.intent, job.meta);
    reportUrl = report.id ? deps.reportUrl(report.id) : undefined;
    message = {
      ...renderReport(report, { reportUrl }),
      response_type: job.responseType,
      replace_original: true,
    };
  } catch (error) {
    log.warn("operation failed", { op: job.intent.op, error });
    await deliverSafely(send, errorToSlack(error, job.meta.requestId), job, deps);
    return;
  }
  try {
    await send(message);
  } catch (error) {
    log.error("report delivery refused", { error });
    const refused = errorToSlack(error, job.meta.requestId);
    if (reportUrl) refused.blocks.push(fullReportLink(reportUrl));
    await deliverSafely(send, refused, job, deps);
  }
}

async function deliverSafely(
  send: (message: Outbound) => Promise<void>,
  message: Outbound,
  job: SlackJob,
  deps: SurfaceDeps,
): Promise<void> {
  try {
    await send(message);
  } catch (error) {
    deps.log.error("slack delivery failed", {
      surface: "slack",
      requestId: job.meta.requestId,
      error,
    });
  }
}

function fullReportLink(url: string): SlackMessage["blocks"][number] {
  return { type: "context", elements: [{ type: "mrkdwn", text: `<${url}|Full report>` }] };
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

/** Bolt's logger interface over ours, so Bolt's lines are JSON like the rest. */
function boltLogger(deps: SurfaceDeps): BoltLogger {
  const log = deps.log.child({ surface: "slack", component: "bolt" });
  const line = (parts: unknown[]) =>
    parts.map((p) => (typeof p === "string" ? p : String(p))).join(" ");
  let level = "info";
  return {
    debug: (...m: unknown[]) => log.debug(line(m)),
    info: (...m: unknown[]) => log.info(line(m)),
    warn: (...m: unknown[]) => log.warn(line(m)),
    error: (...m: unknown[]) => log.error(line(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level as LogLevel,
    setName: () => {},
  };
}
