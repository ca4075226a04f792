/**
 * Buttons that run a stored intent. A button's `value` is only a random id; the intent it runs
 * stays server-side under `["slack", "action", id]`, so a click can name an action but never
 * write one (the payload is signed by Slack, but its `value` came from our own message and a
 * client could still send any string).
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

/** `action_id` prefix of our intent buttons (the report link button has its own id). */
export const ACTION_ID_PREFIX = "ci_action_";
/** `action_id` of the *Full report* URL button (Slack still sends a click for it). */
export const OPEN_REPORT_ACTION_ID = "ci_open_report";

/**
 * Stores the intents of a report's actions for slack buttons (see `src/report/actions.ts`).
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
) => storeReportActions(store, "slack", report, newId, { requester });

/**
 * The stored slack button behind an id; `null` when unknown, expired or unreadable.
 *
 * @example
 * ```ts
 * // const action = await loadAction(store, id);
 * ```
 */
export const loadAction = (store: Store, id: string) => loadReportAction(store, "slack", id);

/**
 * Records the dismissal of the message behind slack button `id`; true the first time only.
 *
 * @example
 * ```ts
 * // if (await dismiss(store, stored, id)) await replaceMessage();
 * ```
 */
export const dismiss = (store: Store, stored: StoredAction, id: string) =>
  dismissOnce(store, "slack", stored, id);

export {
  ACTION_TTL_MS,
  dismissedText,
  mayDismiss,
  type StoredAction,
  StoredActionSchema,
} from "../../src/report/actions.ts";
