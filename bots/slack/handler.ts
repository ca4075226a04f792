/**
 * `POST /slack/events`: the ack path. Verify → decode → parse → store the inbox entry → answer
 * within Slack's 3 s, with the work scheduled on `deps.background` before the answer is returned.
 * The inbox entry (`inbox_entry.ts`) is the only store write before the ack: it makes the accepted
 * request durable (replayed at start-up if the process dies) and de-duplicates retries. Nothing
 * here loads Bolt or calls out of the process.
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";
import { SLASH_COMMANDS as CORE_SLASH_COMMANDS } from "../../src/intent/commands.ts";
import { PRIVATE_REPLY_OPS } from "../../src/intent/private.ts";
import type { ParseResult } from "../../src/intent/schema.ts";
import {
  type RequestMeta,
  type SurfaceDeps,
  type SurfaceHandler,
  wantsModel,
} from "../../src/surface.ts";
import { ackMessage, emptyOk, jsonResponse } from "./ack.ts";
import { renderAck, renderParseError } from "./blockkit.ts";
import { createBoltDispatcher, runAndDeliver } from "./bolt.ts";
import { decodeSlackBody, type SlackInbound } from "./decode.ts";
import { jobOf, resolvedJobOf, type SlackEntry, slackReplayer } from "./inbox_entry.ts";
import { acceptEdit, editGuard } from "./edit.ts";
import { acceptClick, runClick } from "./interact.ts";
import { createSlackMessenger, type MessengerOptions, type SlackMessenger } from "./messenger.ts";
import { slackConversation } from "./notify.ts";
import type { SlackReply } from "./reply.ts";
import { checkSignatureHeaders, createSignatureVerifier } from "./verify.ts";
import { readBounded } from "../../src/body.ts";
import { createInbox } from "../../src/inbox/inbox.ts";
import type { Replayers } from "../../src/inbox/replay.ts";

/**
 * A mention is answered in the channel, where a login code could be approved by anyone with
 * their own GitHub account: `login` is refused there and pointed at the private slash command.
 */
const privateOnly = (result: ParseResult): ParseResult =>
  result.kind === "intent" && result.intent.op === "login"
    ? {
      kind: "unsupported",
      error: "`login` is not answered in a channel: the code it shows is for you alone",
      hint: "Type `/ci-test login`: its reply is visible only to you.",
      suggestions: ["/ci-test login"],
      examples: [],
    }
    : result;

/** Configuration of the Slack surface (from `SLACK_*` environment variables). */
export interface SlackConfig {
  signingSecret: string;
  botToken?: string;
  /** `SLACK_API_URL`, for chat.postMessage and friends (tests point it at the simulator). */
  apiUrl?: string;
  botUserId?: string;
  botId?: string;
  /** Largest accepted body; Slack's own payloads are a few KiB. */
  maxBodyBytes?: number;
}

/** Optional parts of the surface. */
export interface SlackSurfaceOptions {
  /** Share one messenger with the job runner's deliverer (see `messenger.ts`). */
  messenger?: SlackMessenger;
  /** Tuning of the messenger built when none is given. */
  messengerOptions?: MessengerOptions;
  /** Where this surface registers how to replay its inbox entries at start-up. */
  replayers?: Replayers;
}

/** The slash commands the app manifest registers (`deno task slack:manifest`), from the core command table. */
export const SLASH_COMMANDS: ReadonlySet<string> = new Set(
  CORE_SLASH_COMMANDS.map((c) => c.command),
);

/**
 * Creates the handler mounted at `POST /slack/events`.
 *
 * @example
 * ```ts
 * const slack = createSlackSurface({ signingSecret: env.SLACK_SIGNING_SECRET }, deps);
 * app.post("/slack/events", (c) => slack(c.req.raw));
 * ```
 */
export function createSlackSurface(
  config: SlackConfig,
  deps: SurfaceDeps,
  options: SlackSurfaceOptions = {},
): SurfaceHandler {
  const maxBody = config.maxBodyBytes ?? 64 * 1024;
  const verify = createSignatureVerifier(config.signingSecret);
  const messenger = options.messenger ??
    createSlackMessenger(config, deps, options.messengerOptions);
  const dispatch = createBoltDispatcher(config, deps, messenger);
  const log = deps.log.child({ surface: "slack" });
  if (!config.botToken) {
    log.warn("SLACK_BOT_TOKEN is not set: app mentions cannot be answered (slash commands work)");
  }

  const inbox = createInbox(deps.store, { log, now: deps.now });
  options.replayers?.set("slack", slackReplayer(deps, messenger, config));

  /**
   * Stores the entry (the one write before the ack: durable and de-duplicating), then
   * schedules the work, which marks the entry finished. False for a duplicate delivery.
   */
  const accept = async (
    key: string,
    entry: SlackEntry,
    name: string,
    work: () => Promise<void>,
  ) => {
    const requestId = entry.kind === "click" ? entry.click.meta.requestId : entry.meta.requestId;
    if (!(await inbox.accept("slack", key, entry, requestId))) return false;
    deps.background(`slack.${name}`, () => inbox.settle("slack", key, work));
    return true;
  };
  const acceptJob = (
    key: string,
    entry: Extract<SlackEntry, { kind: "command" | "mention" }>,
    result: ParseResult,
    inbound: { body: Record<string, unknown> },
    headers: Headers,
    guard?: (result: ParseResult) => ParseResult,
  ) => {
    if (!wantsModel(deps, entry.text, result)) {
      const job = jobOf(entry, result);
      return accept(
        key,
        entry,
        job.kind,
        () => dispatch({ body: inbound.body, job, ...retryOf(headers) }),
      );
    }
    // The model is slow: it reads the text after the ack, then the job goes on as parsed.
    return accept(key, entry, "model", async () => {
      const job = await resolvedJobOf(entry, result, deps, guard);
      if (job.kind === "explain") {
        return await messenger.notice(entry.reply, renderParseError(job.result));
      }
      await dispatch({ body: inbound.body, job, ...retryOf(headers) });
    });
  };

  const retryOf = (headers: Headers) => {
    const num = Number(headers.get("x-slack-retry-num") ?? "");
    return {
      retryNum: Number.isInteger(num) && num > 0 ? num : undefined,
      retryReason: headers.get("x-slack-retry-reason") ?? undefined,
    };
  };

  const route = async (inbound: SlackInbound, headers: Headers): Promise<Response> => {
    switch (inbound.kind) {
      case "url_verification":
        return jsonResponse(200, { challenge: inbound.challenge });
      case "slash_command": {
        const cmd = inbound.command;
        if (!SLASH_COMMANDS.has(cmd.command)) {
          const msg = renderAck(
            `\`${cmd.command}\` is not a command of this app. Try \`/ci-test help\`.`,
          );
          return jsonResponse(200, { response_type: "ephemeral", ...msg });
        }
        const text = `${cmd.command} ${cmd.text}`.trim();
        const result = deps.parse(text);
        const ask = wantsModel(deps, text, result);
        if (result.kind === "unsupported" && !ask) {
          return jsonResponse(200, { response_type: "ephemeral", ...renderParseError(result) });
        }
        const meta: RequestMeta = {
          surface: "slack",
          requestId: deps.newId(),
          userId: cmd.user_id,
          teamId: cmd.team_id,
          channelId: cmd.channel_id,
          // Alerts are posted with the bot token: without it there is no channel to subscribe.
          ...(config.botToken
            ? { conversation: slackConversation(cmd.channel_id, cmd.team_id, cmd.channel_name) }
            : {}),
        };
        // What the model will read is not known yet: its reply stays private to the asker.
        const responseType = result.kind === "intent" && !ask &&
            !PRIVATE_REPLY_OPS.has(result.intent.op)
          ? "in_channel"
          : "ephemeral";
        const reply: SlackReply = {
          key: meta.requestId,
          // chat.update needs the bot token and works on in-channel messages only.
          via: config.botToken && responseType === "in_channel" ? "chat" : "response_url",
          responseUrl: cmd.response_url,
          replaceable: true,
          responseType,
          channelId: cmd.channel_id,
          userId: cmd.user_id,
          teamId: cmd.team_id,
        };
        const entry = { kind: "command" as const, text, meta, reply };
        if (!(await acceptJob(cmd.trigger_id, entry, result, inbound, headers))) return emptyOk();
        return jsonResponse(200, {
          response_type: "ephemeral",
          ...(result.kind === "intent" && !ask
            ? ackMessage(result.intent, result.source !== "grammar")
            : renderAck(":mag: Reading your request …")),
        });
      }
      case "app_mention": {
        const { event } = inbound;
        if (event.bot_id || (config.botUserId && event.user === config.botUserId)) return emptyOk();
        if (!config.botToken) {
          log.warn("app_mention ignored: SLACK_BOT_TOKEN is not set, so it cannot be answered", {
            eventId: inbound.eventId,
          });
          return emptyOk();
        }
        const meta: RequestMeta = {
          surface: "slack",
          requestId: deps.newId(),
          userId: event.user,
          teamId: inbound.teamId,
          channelId: event.channel,
          conversation: slackConversation(event.channel, inbound.teamId),
        };
        const reply: SlackReply = {
          key: meta.requestId,
          via: "chat",
          replaceable: false,
          responseType: "in_channel",
          channelId: event.channel,
          threadTs: event.thread_ts ?? event.ts,
          userId: event.user,
          teamId: inbound.teamId,
        };
        const text = stripMentions(event.text);
        const entry = { kind: "mention" as const, text, meta, reply };
        const first = privateOnly(deps.parse(text));
        await acceptJob(inbound.eventId, entry, first, inbound, headers, privateOnly);
        return emptyOk();
      }
      case "block_actions": {
        const click = acceptClick(inbound.payload, deps.newId());
        if (!click) {
          log.debug("click without an intent button ignored", {
            actions: inbound.payload.actions.map((a) => a.action_id),
          });
          return emptyOk();
        }
        await accept(
          click.key,
          { kind: "click", click },
          "click",
          () => runClick(click, deps, messenger, config),
        );
        return emptyOk();
      }
      case "view_submission": {
        // The Edit modal: its text goes the way of a typed slash command.
        const edit = acceptEdit(inbound.payload, deps, config);
        if (!edit) return emptyOk();
        if ("errors" in edit) return jsonResponse(200, { response_action: "errors", ...edit });
        const { text, meta, reply } = edit;
        const entry = { kind: "command" as const, text, meta, reply };
        await accept(edit.key, entry, "edit", async () => {
          const job = await resolvedJobOf(entry, edit.result, deps, editGuard);
          if (job.kind === "run") return await runAndDeliver(job, deps, messenger);
          await messenger.notice(reply, renderParseError(job.result));
        });
        return emptyOk();
      }
      case "unsupported":
        log.debug("unsupported delivery ignored", { what: inbound.what });
        return emptyOk();
    }
  };

  return async (request) => {
    if (request.method !== "POST") {
      await request.body?.cancel();
      return jsonResponse(405, { error: `Method ${request.method} is not allowed; use POST` });
    }
    const check = checkSignatureHeaders(request.headers, deps.now());
    if (!check.ok) {
      await request.body?.cancel();
      return jsonResponse(401, { error: `Unauthorized: ${check.reason}` });
    }
    const read = await readBounded(request, maxBody);
    if (!read.ok) {
      return jsonResponse(413, {
        error: `Body too large: ${read.size} bytes, the limit is ${maxBody} bytes`,
      });
    }
    if (!(await verify(check.timestamp, check.signature, read.bytes))) {
      return jsonResponse(401, { error: "Unauthorized: signature mismatch" });
    }
    let inbound: SlackInbound;
    try {
      inbound = decodeSlackBody(request.headers.get("content-type"), read.bytes);
    } catch (error) {
      if (!(error instanceof CiError)) throw error;
      return jsonResponse(400, { error: error.message, hint: error.hint });
    }
    return route(inbound, request.headers);
  };
}

/**
 * Removes user mentions (`<@U123>`, `<@U123|name>`) so the parser sees only the command.
 *
 * @example
 * ```ts
 * stripMentions("<@U0BOT> analyze acme/app"); // "analyze acme/app"
 * ```
 */
export function stripMentions(text: string): string {
  return text.replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, " ").replace(/\s+/g, " ").trim();
}
