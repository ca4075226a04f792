/**
 * `POST /slack/events`: the ack path. Verify → decode → parse → store the inbox entry → answer
 * within Slack's 3 s. The inbox entry (`inbox_entry.ts`) is the only store write before the ack:
 * it makes the accepted request durable (replayed at start-up if the process dies) and
 * de-duplicates retries; the work then runs from the durable queue (`src/inbox/queue.ts`). When
 * that queue's backlog is full the answer is "busy" and nothing is stored. Nothing here loads
 * Bolt or calls out of the process.
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
import { ackMessage, BUSY_TEXT, busyResponse, emptyOk, jsonResponse } from "./ack.ts";
import { renderAck, renderParseError } from "./blockkit.ts";
import { createBoltDispatcher } from "./bolt.ts";
import { decodeSlackBody, type SlackInbound } from "./decode.ts";
import { type SlackEntry, slackRunner } from "./inbox_entry.ts";
import { acceptEdit, EDIT_BLOCK_ID, editGuard } from "./edit.ts";
import { acceptClick } from "./interact.ts";
import { createSlackMessenger, type MessengerOptions, type SlackMessenger } from "./messenger.ts";
import { slackConversation } from "./notify.ts";
import type { SlackReply } from "./reply.ts";
import { checkSignatureHeaders, createSignatureVerifier } from "./verify.ts";
import { readBounded } from "../../src/body.ts";
import type { Admission } from "../../src/inbox/queue.ts";

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

  deps.inbox.register(
    "slack",
    slackRunner(deps, messenger, config, {
      guards: { command: (result) => result, edit: editGuard, mention: privateOnly },
      mention: (body, job) => dispatch({ body, job }),
    }),
  );

  /**
   * Stores the entry (the one write before the ack: durable and de-duplicating); its work then
   * runs from the durable queue. `busy` when the backlog is full (nothing stored).
   */
  const accept = (key: string, entry: SlackEntry): Promise<Admission> => {
    const requestId = entry.kind === "click" ? entry.click.meta.requestId : entry.meta.requestId;
    return deps.inbox.accept("slack", key, entry, requestId);
  };

  const route = async (inbound: SlackInbound): Promise<Response> => {
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
        const admission = await accept(cmd.trigger_id, { kind: "command", text, meta, reply });
        if (admission === "busy") return busyResponse("command");
        if (admission === "duplicate") return emptyOk();
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
        const entry = { kind: "mention" as const, text, meta, reply, body: inbound.body };
        // Slack retries an event answered with an error: the retry finds room later.
        if ((await accept(inbound.eventId, entry)) === "busy") return busyResponse("event");
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
        // A 503 shows the clicker that the click did not register, so they can press again.
        if ((await accept(click.key, { kind: "click", click })) === "busy") {
          return busyResponse("event");
        }
        return emptyOk();
      }
      case "view_submission": {
        // The Edit modal: its text goes the way of a typed slash command.
        const edit = acceptEdit(inbound.payload, deps, config);
        if (!edit) return emptyOk();
        if ("errors" in edit) return jsonResponse(200, { response_action: "errors", ...edit });
        const { text, meta, reply } = edit;
        if ((await accept(edit.key, { kind: "edit", text, meta, reply })) === "busy") {
          // The modal stays open with the reason, so the text typed is not lost.
          return jsonResponse(200, {
            response_action: "errors",
            errors: { [EDIT_BLOCK_ID]: BUSY_TEXT.slice(0, 150) },
          });
        }
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
    return route(inbound);
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
