/**
 * Buttons acting on a stored intent. A button's `custom_id` is only `ci:` plus a random id; the
 * intent stays server-side under `["discord", "action", id]`, so a click can name an action but
 * never write one. An Edit button answers with a modal (`ci-edit:` plus the same id) whose one
 * text input holds the command; Dismiss replaces the message (UPDATE_MESSAGE).
 *
 * @module
 */
import {
  type APIInteractionResponse,
  ComponentType,
  InteractionResponseType,
  TextInputStyle,
} from "discord-api-types/v10";
import { z } from "zod";
import type { Report } from "../../src/report/model.ts";
import type { Store } from "../../src/store/port.ts";
import {
  dismissedText,
  dismissOnce,
  loadReportAction,
  type StoredAction,
  storeReportActions,
} from "../../src/report/actions.ts";

/** `custom_id` prefix of our intent buttons. */
export const CUSTOM_ID_PREFIX = "ci:";
/** `custom_id` prefix of the Edit modal (then the Edit button's stored id). */
export const EDIT_MODAL_PREFIX = "ci-edit:";
/** `custom_id` of the modal's text input. */
const EDIT_INPUT_ID = "command";
/** Discord's cap on a text input's value. */
const MAX_INPUT = 4000;

/**
 * The stored id in a `custom_id`; `null` when it is not one of our intent buttons.
 *
 * @example
 * ```ts
 * actionIdOf("ci:abc"); // "abc"
 * ```
 */
export function actionIdOf(customId: string): string | null {
  if (!customId.startsWith(CUSTOM_ID_PREFIX)) return null;
  const id = customId.slice(CUSTOM_ID_PREFIX.length);
  return id.length > 0 && id.length <= 100 ? id : null;
}

/**
 * Stores the intents of a report's actions for discord buttons (see `src/report/actions.ts`).
 *
 * @example
 * ```ts
 * // const ids = await storeActions(store, report, () => crypto.randomUUID(), meta.userId);
 * ```
 */
export const storeActions = (
  store: Store,
  report: Report,
  newId: () => string,
  requester?: string,
) => storeReportActions(store, "discord", report, newId, { requester });

/**
 * The stored discord button behind an id; `null` when unknown, expired or unreadable.
 *
 * @example
 * ```ts
 * // const action = await loadAction(store, id);
 * ```
 */
export const loadAction = (store: Store, id: string) => loadReportAction(store, "discord", id);

/**
 * Records the dismissal of the message behind discord button `id`; true the first time only.
 *
 * @example
 * ```ts
 * // if (await dismiss(store, stored, id)) await replaceMessage();
 * ```
 */
export const dismiss = (store: Store, stored: StoredAction, id: string) =>
  dismissOnce(store, "discord", stored, id);

export {
  ACTION_TTL_MS,
  dismissedText,
  mayDismiss,
  type StoredAction,
  StoredActionSchema,
} from "../../src/report/actions.ts";

/**
 * The MODAL interaction response (type 9) of an Edit click: one paragraph input, in a Label
 * (action rows in modals are deprecated), prefilled with the exact command.
 *
 * @example
 * ```ts
 * editModal("abc", "test repo:acme/web ref:main").type; // 9
 * ```
 */
export function editModal(id: string, command: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.Modal,
    data: {
      custom_id: `${EDIT_MODAL_PREFIX}${id}`.slice(0, 100),
      title: "Edit the command",
      components: [{
        type: ComponentType.Label,
        label: "Command after /ci-test",
        description: "Plain language is shown back for confirmation; the exact grammar runs.",
        component: {
          type: ComponentType.TextInput,
          custom_id: EDIT_INPUT_ID,
          style: TextInputStyle.Paragraph,
          value: command.slice(0, MAX_INPUT),
          max_length: MAX_INPUT,
          required: true,
        },
      }],
    },
  };
}

const TextInputSchema = z.looseObject({ custom_id: z.string(), value: z.string().max(MAX_INPUT) });
/** A MODAL_SUBMIT's `data`: inputs inside Labels (`component`) or, formerly, action rows. */
const ModalDataSchema = z.looseObject({
  custom_id: z.string(),
  components: z.array(z.looseObject({
    component: z.unknown().optional(),
    components: z.array(z.unknown()).optional(),
  })).max(5),
});

/**
 * The stored id and edited text of a submitted Edit modal; `null` when the data is not ours.
 *
 * @example
 * ```ts
 * editedCommand({ custom_id: "ci-edit:abc", components: [{ type: 18,
 *   component: { type: 4, custom_id: "command", value: "help" } }] }); // { id: "abc", text: "help" }
 * ```
 */
export function editedCommand(data: unknown): { id: string; text: string } | null {
  const parsed = ModalDataSchema.safeParse(data);
  if (!parsed.success || !parsed.data.custom_id.startsWith(EDIT_MODAL_PREFIX)) return null;
  const id = parsed.data.custom_id.slice(EDIT_MODAL_PREFIX.length);
  const inputs = parsed.data.components.flatMap((c) => [c.component, ...(c.components ?? [])]);
  for (const input of inputs) {
    const field = TextInputSchema.safeParse(input);
    if (field.success && field.data.custom_id === EDIT_INPUT_ID) {
      return id ? { id, text: field.data.value.trim() } : null;
    }
  }
  return null;
}

/**
 * The UPDATE_MESSAGE response (type 7) that replaces a dismissed message: no embeds, no
 * buttons, and no pings.
 *
 * @example
 * ```ts
 * dismissedMessage("<@1>").type; // 7
 * ```
 */
export function dismissedMessage(who: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.UpdateMessage,
    data: {
      content: dismissedText(who),
      embeds: [],
      components: [],
      allowed_mentions: { parse: [] },
    },
  };
}
