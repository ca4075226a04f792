/**
 * Button clicks (`block_actions`). The ack path picks the clicked intent button and its
 * de-duplication key; after the ack, the stored button is looked up and acted on by its kind:
 * - run: its intent runs through the same pipeline as a typed command (`execute`, where policy
 *   decides), answering on the click's `response_url`;
 * - dismiss: only the requester may; the clicked message is replaced by a short neutral line,
 *   once (see `src/report/actions.ts`), and nothing runs;
 * - edit: a modal (`views.open`) offers the command for changing; its `view_submission` is
 *   parsed like a typed command (`edit.ts`).
 *
 * @module
 */
import { intentToCommand } from "../../src/intent/format.ts";
import { PRIVATE_REPLY_OPS } from "../../src/intent/private.ts";
import type { Intent } from "../../src/intent/schema.ts";
import type { RequestMeta, SurfaceDeps } from "../../src/surface.ts";
import { renderAck } from "./blockkit.ts";
import { runAndDeliver } from "./bolt.ts";
import {
  ACTION_ID_PREFIX,
  dismiss,
  dismissedText,
  loadAction,
  mayDismiss,
  type StoredAction,
} from "./buttons.ts";
import type { BlockActions } from "./decode.ts";
import { EDIT_COMMAND, editView } from "./edit.ts";
import type { SlackMessenger } from "./messenger.ts";
import type { SlackReply } from "./reply.ts";

/** Answers only the clicking user sees: reading state, and the acknowledgement of a cancel. */
// Cancelling answers privately too: the job's own message shows the result to everyone.
const isPrivate = (op: Intent["op"]) => PRIVATE_REPLY_OPS.has(op) || op === "cancel";

/**
 * One accepted click: only what running it needs, so it can be stored in the inbox before the
 * ack (plain JSON; the click's `response_url` is a short-lived credential kept only there).
 */
export interface Click {
  /** De-duplication key: the trigger id, as for slash commands. */
  key: string;
  /** The stored-button id from the button's `value`. */
  actionId: string;
  meta: RequestMeta;
  responseUrl?: string;
  /** The thread of the clicked message, when it is not ephemeral (replies go there). */
  threadTs?: string;
  /**
   * Opens the Edit modal. Valid 3 s: the queued work uses it at once; a click replayed after a
   * restart finds it expired and answers with the command to type instead.
   */
  triggerId?: string;
}

/**
 * Picks the intent button of a `block_actions` payload; `null` for clicks that run nothing
 * (the *Full report* link button, foreign buttons).
 *
 * @example
 * ```ts
 * const click = acceptClick(payload, "req-1");
 * if (click) schedule(click.key, click);
 * ```
 */
export function acceptClick(payload: BlockActions, requestId: string): Click | null {
  const action = payload.actions.find((a) => a.action_id.startsWith(ACTION_ID_PREFIX));
  if (!action) return null;
  const team = payload.team?.id ?? (payload.user as { team_id?: string }).team_id;
  const clicked = payload.container?.is_ephemeral ? undefined : payload.message;
  const threadTs = clicked?.thread_ts ?? clicked?.ts;
  return {
    key: payload.trigger_id ?? `${payload.user.id}:${action.action_ts ?? action.value}`,
    actionId: action.value ?? "",
    meta: {
      surface: "slack",
      requestId,
      userId: payload.user.id,
      ...(team ? { teamId: team } : {}),
      channelId: payload.channel?.id ?? payload.container?.channel_id,
    },
    ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
    ...(threadTs ? { threadTs } : {}),
    ...(payload.trigger_id ? { triggerId: payload.trigger_id } : {}),
  };
}

/**
 * Runs an accepted click: unknown or expired buttons get an ephemeral note, anything else runs
 * its stored intent as the clicking user. Replies never replace the clicked message (it keeps
 * its own job's progress); a long operation gets its own message in the clicked message's thread
 * when a bot token allows updating it.
 *
 * @example
 * ```ts
 * await runClick(click, deps, messenger, { botToken: "xoxb-1" });
 * ```
 */
export async function runClick(
  click: Click,
  deps: SurfaceDeps,
  messenger: SlackMessenger,
  config: { botToken?: string },
): Promise<void> {
  const { meta } = click;
  const stored = await loadAction(deps.store, click.actionId);
  const base = {
    key: meta.requestId,
    replaceable: false,
    responseUrl: click.responseUrl,
    channelId: meta.channelId,
    userId: meta.userId,
    teamId: meta.teamId,
  };
  if (!stored) {
    deps.log.info("click on an unknown or expired button", { requestId: meta.requestId });
    const reply: SlackReply = { ...base, via: "response_url", responseType: "ephemeral" };
    const note = renderAck(
      ":hourglass: This button has expired. Run the command again to get fresh buttons.",
    );
    await messenger.notice(reply, { ...note, response_type: "ephemeral", replace_original: false });
    return;
  }
  const privately = (text: string) =>
    messenger.notice({ ...base, via: "response_url", responseType: "ephemeral" }, {
      ...renderAck(text),
      response_type: "ephemeral",
      replace_original: false,
    });
  if (stored.kind === "dismiss") return await dismissClick(click, stored, deps, messenger);
  if (stored.kind === "edit") {
    const command = intentToCommand(stored.intent);
    if (!click.triggerId || !config.botToken) {
      return await privately(`To change it, type \`${EDIT_COMMAND} ${command}\` with your edits.`);
    }
    try {
      return await messenger.openView(
        click.triggerId,
        editView(command, { channel: meta.channelId, threadTs: click.threadTs }),
      );
    } catch (error) {
      deps.log.warn("edit modal not opened", { requestId: meta.requestId, error });
      return await privately(`To change it, type \`${EDIT_COMMAND} ${command}\` with your edits.`);
    }
  }
  const responseType = isPrivate(stored.intent.op) ? "ephemeral" : "in_channel";
  const reply: SlackReply = {
    ...base,
    responseType,
    via: config.botToken && responseType === "in_channel" && meta.channelId
      ? "chat"
      : "response_url",
    ...(click.threadTs ? { threadTs: click.threadTs } : {}),
  };
  deps.log.info("button clicked", {
    requestId: meta.requestId,
    op: stored.intent.op,
    reportId: stored.reportId,
  });
  await runAndDeliver({ kind: "run", intent: stored.intent, meta, reply }, deps, messenger, {
    replaceOriginal: false,
  });
}

/**
 * A Dismiss click: a stranger gets a private "only … can dismiss this" and nothing changes; the
 * requester's first click replaces the clicked message (its `response_url`) with a neutral
 * line. A replayed or double click finds the dismissal recorded and does nothing.
 */
async function dismissClick(
  click: Click,
  stored: StoredAction,
  deps: SurfaceDeps,
  messenger: SlackMessenger,
): Promise<void> {
  const { meta } = click;
  const reply: SlackReply = {
    key: meta.requestId,
    via: "response_url",
    replaceable: false,
    responseType: "ephemeral",
    responseUrl: click.responseUrl,
    channelId: meta.channelId,
    userId: meta.userId,
    teamId: meta.teamId,
  };
  if (!mayDismiss(stored, meta.userId)) {
    const who = stored.requester ? `<@${stored.requester}>` : "the person who asked";
    await messenger.notice(reply, {
      ...renderAck(`Only ${who} can dismiss this.`),
      response_type: "ephemeral",
      replace_original: false,
    });
    return;
  }
  if (!(await dismiss(deps.store, stored, click.actionId))) {
    deps.log.info("dismiss already done", { requestId: meta.requestId });
    return;
  }
  deps.log.info("understood request dismissed", {
    requestId: meta.requestId,
    reportId: stored.reportId,
  });
  await messenger.notice(reply, {
    ...renderAck(dismissedText(`<@${meta.userId}>`)),
    replace_original: true,
  });
}
