/**
 * Buttons that run a stored intent. A button's `custom_id` is only `ci:` plus a random id; the
 * intent stays server-side under `["discord", "action", id]`, so a click can name an action but
 * never write one.
 *
 * @module
 */
import type { Report } from "../../src/report/model.ts";
import type { Store } from "../../src/store/port.ts";
import { loadReportAction, storeReportActions } from "../../src/report/actions.ts";

/** `custom_id` prefix of our intent buttons. */
export const CUSTOM_ID_PREFIX = "ci:";

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
 * // const ids = await storeActions(store, report, () => crypto.randomUUID());
 * ```
 */
export const storeActions = (store: Store, report: Report, newId: () => string) =>
  storeReportActions(store, "discord", report, newId);

/**
 * The stored discord button behind an id; `null` when unknown, expired or unreadable.
 *
 * @example
 * ```ts
 * // const action = await loadAction(store, id);
 * ```
 */
export const loadAction = (store: Store, id: string) => loadReportAction(store, "discord", id);

export { ACTION_TTL_MS, type StoredAction, StoredActionSchema } from "../../src/report/actions.ts";
