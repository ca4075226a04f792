/**
 * The Edit modal of an "Understood as" message: `views.open` with the click's `trigger_id`,
 * one text input prefilled with the exact command; its `view_submission` is parsed like a typed
 * `/ci-test …` (exact grammar runs, plain language is shown back again, errors stay in the
 * modal) and answered in the clicked message's channel and thread.
 *
 * @module
 */
import { z } from "zod";
import { intentToCommand } from "../../src/intent/format.ts";
import { PRIVATE_REPLY_OPS } from "../../src/intent/private.ts";
import type { ParseResult } from "../../src/intent/schema.ts";
import { type RequestMeta, type SurfaceDeps, wantsModel } from "../../src/surface.ts";
import type { ViewSubmission } from "./decode.ts";
import { slackConversation } from "./notify.ts";
import type { SlackReply } from "./reply.ts";

/** `callback_id` of the Edit modal, and where its text input is in `state.values`. */
export const EDIT_CALLBACK_ID = "ci_edit";
/** The block of the Edit modal that holds the command text (modal errors point at it). */
export const EDIT_BLOCK_ID = "ci_command";
const EDIT_INPUT_ID = "command";
/** The slash command the edited text is typed after (the parser expects it, as for typing). */
export const EDIT_COMMAND = "/ci-test";

/** Where the edited command's answer goes: the clicked message's channel and thread. */
const EditPlaceSchema = z.object({
  channel: z.string().optional(),
  threadTs: z.string().optional(),
});
/** Where the edited command's answer goes. */
export type EditPlace = z.infer<typeof EditPlaceSchema>;

/** Our `private_metadata`, parsed; `null` when it is not ours. */
function placeOf(metadata: string): EditPlace | null {
  try {
    const parsed = EditPlaceSchema.safeParse(JSON.parse(metadata || "{}"));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The Edit modal: one `plain_text_input` prefilled with the exact command; its
 * `private_metadata` keeps where the clicked message is (the answer goes there).
 *
 * @example
 * ```ts
 * await messenger.openView(triggerId, editView("test repo:acme/web ref:main", { channel: "C1" }));
 * ```
 */
export function editView(command: string, place: EditPlace): Record<string, unknown> {
  const plain = (text: string) => ({ type: "plain_text", text });
  return {
    type: "modal",
    callback_id: EDIT_CALLBACK_ID,
    title: plain("Edit the command"),
    submit: plain("Run"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify(place),
    blocks: [{
      type: "input",
      block_id: EDIT_BLOCK_ID,
      label: plain(`Command after ${EDIT_COMMAND}`),
      hint: plain("Plain language is shown back for confirmation; the exact grammar runs."),
      element: {
        type: "plain_text_input",
        action_id: EDIT_INPUT_ID,
        initial_value: command.slice(0, 3000),
        max_length: 3000,
      },
    }],
  };
}

/**
 * Refuses what an edited command cannot answer: a modal has no private reply (no
 * `response_url`), so answers meant for one person (help, status, login…) are typed instead.
 *
 * @example
 * ```ts
 * editGuard(deps.parse("/ci-test status")).kind; // "unsupported"
 * ```
 */
export function editGuard(result: ParseResult): ParseResult {
  if (result.kind !== "intent" || !PRIVATE_REPLY_OPS.has(result.intent.op)) return result;
  const command = `${EDIT_COMMAND} ${intentToCommand(result.intent)}`;
  return {
    kind: "unsupported",
    error: "An edited command cannot answer you privately",
    hint: `Type \`${command}\` instead: its answer is for you alone.`,
    suggestions: [command],
    examples: [],
  };
}

/** An accepted Edit submission: what to store and run, as for a typed slash command. */
export interface EditSubmission {
  /** De-duplication key (the view id: a view is submitted once). */
  key: string;
  text: string;
  /** The rules' reading; when unsure, the model reads the text after the ack. */
  result: ParseResult;
  meta: RequestMeta;
  reply: SlackReply;
}

/**
 * Reads a submitted Edit modal: the edited text is parsed exactly like a typed
 * `/ci-test …` command. Returns the modal errors to show (Slack keeps the modal open with them)
 * or the accepted submission, which the handler stores and runs like a command; `null` for
 * views that are not ours.
 *
 * @example
 * ```ts
 * const edit = acceptEdit(payload, deps, { botToken: "xoxb-1" });
 * if (edit && "errors" in edit) return jsonResponse(200, { response_action: "errors", ...edit });
 * ```
 */
export function acceptEdit(
  payload: ViewSubmission,
  deps: SurfaceDeps,
  config: { botToken?: string },
): EditSubmission | { errors: Record<string, string> } | null {
  if (payload.view.callback_id !== EDIT_CALLBACK_ID) return null;
  const fail = (message: string) => ({ errors: { [EDIT_BLOCK_ID]: message.slice(0, 150) } });
  const typed = (payload.view.state.values[EDIT_BLOCK_ID]?.[EDIT_INPUT_ID]?.value ?? "").trim();
  const text = `${EDIT_COMMAND} ${typed.replace(/^\/ci-test\b\s*/, "")}`.trim();
  const first = deps.parse(text);
  // As for a typed command: text the rules cannot read goes to the model, after the ack.
  const model = wantsModel(deps, text, first);
  const result = model ? first : editGuard(first);
  if (!model && result.kind === "unsupported") return fail(`${result.error}. ${result.hint}`);
  const place = placeOf(payload.view.private_metadata);
  if (!place?.channel || !config.botToken) return fail("This message can no longer be edited.");
  const teamId = payload.team?.id ?? (payload.user as { team_id?: string }).team_id;
  const meta: RequestMeta = {
    surface: "slack",
    requestId: deps.newId(),
    userId: payload.user.id,
    ...(teamId ? { teamId } : {}),
    channelId: place.channel,
    conversation: slackConversation(place.channel, teamId),
  };
  const reply: SlackReply = {
    key: meta.requestId,
    via: "chat",
    replaceable: false,
    responseType: "in_channel",
    channelId: place.channel,
    ...(place.threadTs ? { threadTs: place.threadTs } : {}),
    userId: payload.user.id,
    ...(teamId ? { teamId } : {}),
  };
  return { key: `view:${payload.view.id}`, text, result, meta, reply };
}
