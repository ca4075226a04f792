/**
 * `Action.Execute` buttons acting on a stored intent. A button's `data` carries only a random id;
 * the intent stays server-side under `["teams", "action", id]`, so a click can name an action
 * but never write one (the invoke is signed by the Bot Connector, but its `data` came from our
 * card and a client could still send anything). Edit is a `ShowCard` holding the command in an
 * `Input.Text`; its own `Action.Execute` (verb {@linkcode EDIT_VERB}) sends the edited text.
 *
 * @module
 */
import type { Report } from "../../src/report/model.ts";
import type { Store } from "../../src/store/port.ts";
import {
  dismissOnce,
  loadReportAction,
  type StoredAction,
  storeReportActions,
} from "../../src/report/actions.ts";

/**
 * Stores the intents of a report's actions for teams buttons (see `src/report/actions.ts`).
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
) => storeReportActions(store, "teams", report, newId, { limit: 5, requester });

/**
 * The stored teams button behind an id; `null` when unknown, expired or unreadable.
 *
 * @example
 * ```ts
 * // const action = await loadAction(store, id);
 * ```
 */
export const loadAction = (store: Store, id: string) => loadReportAction(store, "teams", id);

/**
 * Records the dismissal of the message behind teams button `id`; true the first time only.
 *
 * @example
 * ```ts
 * // if (await dismiss(store, stored, id)) await replaceMessage();
 * ```
 */
export const dismiss = (store: Store, stored: StoredAction, id: string) =>
  dismissOnce(store, "teams", stored, id);

export {
  ACTION_TTL_MS,
  dismissedText,
  mayDismiss,
  type StoredAction,
  StoredActionSchema,
} from "../../src/report/actions.ts";

/** The `verb` of the Edit card's submit: its data adds the edited `command` input. */
export const EDIT_VERB = "ci.edit";
/** The `id` of the Edit card's text input (its value arrives in the invoke's `data`). */
export const EDIT_INPUT_ID = "command";
const MAX_COMMAND = 2_000;

/**
 * The Edit button: an `Action.ShowCard` holding an `Input.Text` prefilled with the exact
 * command and an `Action.Execute` whose invoke `data` gets the input's value merged in under
 * its id (how Adaptive Cards submit inputs).
 *
 * @example
 * ```ts
 * editAction("Edit", "test repo:acme/web ref:main", "stored-id").type; // "Action.ShowCard"
 * ```
 */
export function editAction(
  label: string,
  command: string,
  stored: string,
): { type: string; [key: string]: unknown } {
  return {
    type: "Action.ShowCard",
    title: label,
    card: {
      type: "AdaptiveCard",
      body: [{
        type: "Input.Text",
        id: EDIT_INPUT_ID,
        label: "Command (plain language is shown back for confirmation)",
        value: command.slice(0, MAX_COMMAND),
        maxLength: MAX_COMMAND,
        isRequired: true,
      }],
      actions: [{
        type: "Action.Execute",
        title: "Run edited command",
        verb: EDIT_VERB,
        data: { actionId: stored },
      }],
    },
  };
}
