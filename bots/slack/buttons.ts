/**
 * Buttons that run a stored intent. A button's `value` is only a random id; the intent it runs
 * stays server-side under `["slack", "action", id]`, so a click can name an action but never
 * write one (the payload is signed by Slack, but its `value` came from our own message and a
 * client could still send any string).
 *
 * @module
 */
import { z } from "zod";
import { IntentSchema } from "../../src/intent/schema.ts";
import type { Report } from "../../src/report/model.ts";
import type { Store } from "../../src/store/port.ts";

/** How long a button keeps working. */
export const ACTION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** `action_id` prefix of our intent buttons (the report link button has its own id). */
export const ACTION_ID_PREFIX = "ci_action_";
/** `action_id` of the *Open report* URL button (Slack still sends a click for it). */
export const OPEN_REPORT_ACTION_ID = "ci_open_report";

/** What a stored button holds. */
export const StoredActionSchema = z.object({
  intent: IntentSchema,
  reportId: z.string().optional(),
  label: z.string(),
});
/** A stored button. */
export type StoredAction = z.infer<typeof StoredActionSchema>;

const key = (id: string) => ["slack", "action", id] as const;

/**
 * Stores the intent of every action of `report` under a fresh id; returns report action id →
 * stored id (what goes into the button's `value`).
 *
 * @example
 * ```ts
 * const values = await storeActions(store, report, () => crypto.randomUUID());
 * renderReport(report, { actionValues: values });
 * ```
 */
export async function storeActions(
  store: Store,
  report: Report,
  newId: () => string,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const action of report.actions) {
    const id = newId();
    const stored: StoredAction = {
      intent: action.intent,
      reportId: report.id,
      label: action.label,
    };
    await store.set(key(id), stored, { ttlMs: ACTION_TTL_MS });
    values[action.id] = id;
  }
  return values;
}

/**
 * The stored button behind a click's `value`; `null` when unknown, expired or unreadable.
 *
 * @example
 * ```ts
 * const action = await loadAction(store, payload.actions[0].value ?? "");
 * if (!action) console.log("This button has expired");
 * ```
 */
export async function loadAction(store: Store, id: string): Promise<StoredAction | null> {
  if (!id || id.length > 2000) return null;
  const parsed = StoredActionSchema.safeParse(await store.get(key(id)));
  return parsed.success ? parsed.data : null;
}
