/**
 * `Action.Execute` buttons that run a stored intent. A button's `data` carries only a random id;
 * the intent stays server-side under `["teams", "action", id]`, so a click can name an action
 * but never write one (the invoke is signed by the Bot Connector, but its `data` came from our
 * card and a client could still send anything).
 *
 * @module
 */
import type { Report } from "../../src/report/model.ts";
import type { Store } from "../../src/store/port.ts";
import { loadReportAction, storeReportActions } from "../../src/report/actions.ts";

/**
 * Stores the intents of a report's actions for teams buttons (see `src/report/actions.ts`).
 *
 * @example
 * ```ts
 * // const ids = await storeActions(store, report, () => crypto.randomUUID());
 * ```
 */
export const storeActions = (store: Store, report: Report, newId: () => string) =>
  storeReportActions(store, "teams", report, newId, 5);

/**
 * The stored teams button behind an id; `null` when unknown, expired or unreadable.
 *
 * @example
 * ```ts
 * // const action = await loadAction(store, id);
 * ```
 */
export const loadAction = (store: Store, id: string) => loadReportAction(store, "teams", id);

export { ACTION_TTL_MS, type StoredAction, StoredActionSchema } from "../../src/report/actions.ts";
