/**
 * `POST /api/messages`: Teams via the Bot Connector. Cheap checks first (method, a bearer token,
 * body size, JSON, the activity envelope), then the SDK authenticates the JWT inside
 * `adapter.process`, and only then does our turn logic run: a message (or @mention) is parsed,
 * answered at once with a "Running …" card whose id is kept, and the operation runs after the
 * response on `deps.background`, updating that card in place. `Action.Execute` clicks run their
 * stored intent once, as the clicking user; Edit's submit (verb `ci.edit`) carries changed text,
 * parsed like a typed message; Dismiss (the requester only, once) replaces the card. Text read from plain language carries `understood`
 * (kept in the inbox entry): a state-changing intent is shown back with a Run button instead.
 *
 * Nothing answered is lost: before the "Running …" card, the request is stored in the inbox
 * (`src/inbox/`, keyed by conversation and activity id, which also de-duplicates the Connector's
 * retries) with its intent and conversation reference. A process that dies before finishing
 * leaves it pending; start-up replays it and posts the result as a new card.
 *
 * @module
 */
import type { TurnContext } from "botbuilder";
import { intentToCommand } from "../../src/intent/format.ts";
import { createInbox } from "../../src/inbox/inbox.ts";
import type { Replayers } from "../../src/inbox/replay.ts";
import type {
  Deliverer,
  Notifier,
  RequestMeta,
  SurfaceDeps,
  SurfaceHandler,
} from "../../src/surface.ts";
import {
  dismiss,
  dismissedText,
  EDIT_INPUT_ID,
  EDIT_VERB,
  loadAction,
  mayDismiss,
} from "./actions.ts";
import { lazyTeamsBot, processActivity, type TeamsConfig } from "./adapter.ts";
import { EXECUTE_VERB, textCard } from "./card.ts";
import {
  conversationLabel,
  decodeEnvelope,
  type Envelope,
  ExecuteValueSchema,
  stripMention,
} from "./decode.ts";
import { createTeamsMessenger, type MessengerOptions } from "./messenger.ts";
import { createTextFlow } from "./text.ts";
import { acceptedChannels, referenceFor, tenantOf } from "./turn.ts";
import { readBounded } from "../../src/body.ts";

const SEEN_TTL_MS = 24 * 60 * 60 * 1000;

/** The surface: the route handler, the job runner's deliverer, the alerts' notifier. */
export interface TeamsSurface {
  handler: SurfaceHandler;
  deliver: Deliverer;
  notify: Notifier;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/**
 * Creates the Teams surface. Mount `handler` at `POST /api/messages`, give `deliver` to the job
 * runner for `surface: "teams"` replies and `notify` to the alert dispatcher.
 *
 * @example
 * ```ts
 * const teams = createTeamsSurface({ appId, appPassword, auth: "botframework" }, deps);
 * app.post("/api/messages", (c) => teams.handler(c.req.raw));
 * ```
 */
export function createTeamsSurface(
  config: TeamsConfig,
  deps: SurfaceDeps,
  options: MessengerOptions & { replayers?: Replayers } = {},
): TeamsSurface {
  const log = deps.log.child({ surface: "teams" });
  const maxBody = config.maxBodyBytes ?? 256 * 1024;
  const load = lazyTeamsBot(config, log, deps.fetch);
  const messenger = createTeamsMessenger(load, deps, options);

  const firstSeen = (activity: Envelope) =>
    activity.id
      ? deps.store.setIfAbsent(["teams", "seen", activity.conversation.id, activity.id], true, {
        ttlMs: SEEN_TTL_MS,
      })
      : Promise.resolve(true);

  const metaOf = (activity: Envelope, context: TurnContext): RequestMeta => {
    const reference = referenceFor(context);
    return {
      surface: "teams",
      requestId: deps.newId(),
      userId: activity.from.aadObjectId ?? activity.from.id,
      // The workspace a `teams:<scope>/<id>` grant names is the Entra tenant, in channels too
      // (where channelData.team.id is the Teams team, a different id).
      teamId: tenantOf(activity),
      channelId: activity.channelData?.channel?.id ?? activity.conversation.id,
      conversation: {
        surface: "teams",
        id: reference.conversation?.id ?? activity.conversation.id,
        label: conversationLabel(activity),
        data: JSON.parse(JSON.stringify(reference)),
      },
    };
  };

  const inbox = createInbox(deps.store, { log, now: deps.now });

  const { run, onText } = createTextFlow({
    deps,
    messenger,
    inbox,
    firstSeen,
    metaOf,
    replayers: options.replayers,
  });

  const onMessage = (context: TurnContext, activity: Envelope) =>
    onText(context, activity, stripMention(activity));

  const onExecute = async (context: TurnContext, activity: Envelope) => {
    const value = ExecuteValueSchema.safeParse(context.activity.value);
    const invokeReply = (status: number, message: string) =>
      context.sendActivity({
        type: "invokeResponse",
        value: {
          status,
          body: {
            statusCode: status,
            type: "application/vnd.microsoft.activity.message",
            value: message,
          },
        },
      });
    const verb = value.success ? value.data.action.verb : "";
    if (!value.success || (verb !== EXECUTE_VERB && verb !== EDIT_VERB)) {
      await invokeReply(400, "This button is not one of ours.");
      return;
    }
    const id = String(value.data.action.data?.actionId ?? "");
    const stored = await loadAction(deps.store, id);
    if (!stored) {
      await invokeReply(
        200,
        "This button has expired. Run the command again to get fresh buttons.",
      );
      return;
    }
    const meta = metaOf(activity, context);
    log.info("button clicked", { requestId: meta.requestId, op: stored.intent.op, verb });
    if (verb === EDIT_VERB || stored.kind === "edit") {
      // The edited text goes the way of a typed message (the invoke's id de-duplicates it).
      const typed = String(value.data.action.data?.[EDIT_INPUT_ID] ?? "").trim();
      if (stored.kind !== "edit" || verb !== EDIT_VERB || !typed) {
        await invokeReply(200, "Nothing to run.");
        return;
      }
      await onText(context, activity, typed);
      await invokeReply(200, "Sent — the answer follows in this conversation.");
      return;
    }
    if (stored.kind === "dismiss") {
      if (!mayDismiss(stored, meta.userId)) {
        await invokeReply(200, "Only the person who asked can dismiss this.");
      } else if (!(await dismiss(deps.store, stored, id))) {
        await invokeReply(200, "Already dismissed.");
      } else {
        const clicked = context.activity.replyToId;
        const by = textCard(dismissedText(activity.from.name || "the person who asked"));
        if (clicked) await messenger.update(referenceFor(context, true), clicked, by);
        await invokeReply(200, "Dismissed — nothing ran.");
      }
      return;
    }
    if (!(await run(context, activity, stored.intent, meta))) {
      await invokeReply(200, "Already running.");
      return;
    }
    await invokeReply(200, `Running ${intentToCommand(stored.intent)} …`);
  };

  const handler: SurfaceHandler = async (request) => {
    if (request.method !== "POST") {
      await request.body?.cancel();
      return json(405, { error: `Method ${request.method} is not allowed; use POST` });
    }
    if (
      config.auth !== "emulator" &&
      !/^Bearer\s+\S+/i.test(request.headers.get("authorization") ?? "")
    ) {
      await request.body?.cancel();
      return json(401, { error: "Unauthorized: a Bot Framework bearer token is required" });
    }
    const read = await readBounded(request, maxBody);
    if (!read.ok) {
      return json(413, { error: `Body too large: over ${maxBody} bytes` });
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(read.bytes));
    } catch {
      return json(400, { error: "Body is not JSON: a Bot Framework activity is expected" });
    }
    const activity = decodeEnvelope(body);
    if (!activity) {
      return json(400, {
        error:
          "Not a Bot Framework activity: type, serviceUrl, channelId, from and conversation.id are required",
      });
    }
    if (!acceptedChannels(config.auth).has(activity.channelId)) {
      // A Bot Framework token is valid for every channel of the bot (Web Chat, Direct Line …),
      // whose users and ids are not Teams': a `teams:` grant must never match them.
      log.warn("activity from another Bot Framework channel refused", {
        channelId: activity.channelId,
      });
      return json(403, {
        error:
          `Activities from channel '${activity.channelId}' are not accepted: this bot serves ` +
          `Microsoft Teams (channelId 'msteams')${
            config.auth === "emulator" ? " and the Bot Framework Emulator ('emulator')" : ""
          }`,
      });
    }
    const { adapter } = await load();
    let entered = false;
    const out = await processActivity(adapter, request.headers, body, async (context) => {
      entered = true;
      if (activity.type === "message") await onMessage(context, activity);
      else if (activity.type === "invoke" && context.activity.name === "adaptiveCard/action") {
        await onExecute(context, activity);
      } else log.debug("activity ignored", { type: activity.type });
    });
    // The SDK throws plain JsonWebTokenErrors (→ 500) for bad signatures: any failure before our
    // logic ran is a request that did not authenticate.
    if (out.status === 401 || (!entered && out.status >= 500)) {
      log.warn("teams request refused: the token did not validate", { status: out.status });
      return json(401, { error: "Unauthorized: the token did not validate" });
    }
    if (out.status >= 500) return json(out.status, { error: "The Teams turn failed" });
    return out.body === undefined
      ? new Response(null, { status: out.status })
      : json(out.status, out.body);
  };

  return { handler, deliver: messenger.deliver, notify: messenger.notify };
}
