/**
 * Where Bolt earns its place: Events API deliveries (`app_mention`), routed by an
 * `@slack/bolt` App behind a do-nothing receiver, loaded on first use (Bolt costs ~250 ms to
 * import, so it never runs before an ack). It receives bodies that `handler.ts` has already
 * verified, acknowledged and stored. Slash commands, edits and button clicks do not go through
 * it: their stored entries run directly (`inbox_entry.ts`), because `processEvent` added a
 * per-command `auth.test` call and middleware that decided nothing the ack path had not.
 *
 * @module
 */
import type { App, AppOptions, Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Intent, ParseResult } from "../../src/intent/schema.ts";
import type { RequestMeta, SurfaceDeps, Understood } from "../../src/surface.ts";
import { renderParseError, type SlackMessage } from "./blockkit.ts";
import { errorToSlack, resilientFetch } from "./deliver.ts";
import type { SlackMessenger } from "./messenger.ts";
import { type SlackReply, toReplyTarget } from "./reply.ts";

/**
 * What the ack path decided, handed to the listener through Bolt's `customProperties`
 * (merged into `context`). Carrying the parsed intent this way means the text is parsed exactly
 * once, on the ack path, and the listener runs what the user was told it would run.
 * `understood` is set when the text was read from plain language: the executor then shows a
 * state-changing intent back with a Run button instead of running it.
 */
export type SlackJob =
  | { kind: "run"; intent: Intent; meta: RequestMeta; reply: SlackReply; understood?: Understood }
  | {
    kind: "explain";
    result: Extract<ParseResult, { kind: "unsupported" }>;
    meta: RequestMeta;
    reply: SlackReply;
  };

/** The context key under which a {@linkcode SlackJob} travels. */
export const JOB_KEY = "ciJob";

/** One delivery to process. */
export interface BoltDispatch {
  body: Record<string, unknown>;
  job: SlackJob;
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
 * Listeners answer through the {@linkcode SlackMessenger} (the `response_url` of a slash
 * command, the thread of a mention; a running report opens a message later updated in place).
 *
 * @example
 * ```ts
 * const dispatch = createBoltDispatcher({ botToken: "xoxb-1" }, deps, messenger);
 * await dispatch({ body, job: { kind: "run", intent, meta, reply } });
 * ```
 */
export function createBoltDispatcher(
  config: BoltConfig,
  deps: SurfaceDeps,
  messenger: SlackMessenger,
): (dispatch: BoltDispatch) => Promise<void> {
  let app: Promise<App> | undefined;
  return async ({ body, job }) => {
    app ??= buildApp(config, deps, messenger);
    await (await app).processEvent({
      body,
      customProperties: { [JOB_KEY]: job },
      // The HTTP ack was already sent by handler.ts; Bolt's ack is a formality here.
      ack: async () => {},
    });
  };
}

async function buildApp(
  config: BoltConfig,
  deps: SurfaceDeps,
  messenger: SlackMessenger,
): Promise<App> {
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

  app.event("app_mention", async ({ context }) => {
    const job = context[JOB_KEY] as SlackJob | undefined;
    if (!job) return;
    if (job.kind === "explain") {
      await noticeSafely(messenger, job, renderParseError(job.result), deps);
    } else await runAndDeliver(job, deps, messenger);
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
 *
 * @example
 * ```ts
 * await runAndDeliver({ kind: "run", intent, meta, reply }, deps, messenger);
 * ```
 */
export async function runAndDeliver(
  job: Extract<SlackJob, { kind: "run" }>,
  deps: SurfaceDeps,
  messenger: SlackMessenger,
  errorOptions: { replaceOriginal?: boolean } = {},
): Promise<void> {
  const log = deps.log.child({ surface: "slack", requestId: job.meta.requestId });
  const errorMessage = (error: unknown) => {
    const message = errorToSlack(error, job.meta.requestId);
    if (errorOptions.replaceOriginal !== undefined) {
      message.replace_original = errorOptions.replaceOriginal;
    }
    return message;
  };
  let report;
  try {
    report = await deps.execute(
      job.intent,
      job.meta,
      toReplyTarget(job.reply),
      job.understood ? { understood: job.understood } : {},
    );
  } catch (error) {
    log.warn("operation failed", { op: job.intent.op, error });
    await noticeSafely(messenger, job, errorMessage(error), deps);
    return;
  }
  try {
    await messenger.open(job.reply, report);
  } catch (error) {
    log.error("report delivery refused", { error });
    const refused = errorMessage(error);
    if (report.id) refused.blocks.push(fullReportLink(deps.reportUrl(report.id)));
    await noticeSafely(messenger, job, refused, deps);
  }
}

async function noticeSafely(
  messenger: SlackMessenger,
  job: SlackJob,
  message: Parameters<SlackMessenger["notice"]>[1],
  deps: SurfaceDeps,
): Promise<void> {
  try {
    await messenger.notice(job.reply, message);
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
