/**
 * Buttons that run a stored intent. A button's `custom_id` is only `ci:` plus a random id; the
 * intent stays server-side under `["discord", "action", id]`, so a click can name an action but
 * never write one.
 *
 * @module
 */
import { z } from "zod";
import { IntentSchema } from "../../src/intent/schema.ts";
import type { Report } from "../../src/report/model.ts";
import type { Store } from "../../src/store/port.ts";

/** How long a button keeps working. */
export const ACTION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** `custom_id` prefix of our intent buttons. */
export const CUSTOM_ID_PREFIX = "ci:";

/** What a stored button holds. */
export const StoredActionSchema = z.object({
  intent: IntentSchema,
  reportId: z.string().optional(),
  label: z.string(),
});
/** A stored button. */
export type StoredAction = z.infer<typeof StoredActionSchema>;

const key = (id: string) => ["discord", "action", id] as const;

/**
 * Stores the intent of every action of `report` under a fresh id; returns report action id →
 * stored id (what goes into the button's `custom_id`).
 *
 * @example
 * ```ts
 * const actionIds = await storeActions(store, report, () => crypto.randomUUID());
 * renderReport(report, { actionIds });
 * ```
 */
export async function storeActions(
  store: Store,
  report: Report,
  newId: () => string,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const action of report.actions) {
    const id = newId();
    const stored: StoredAction = {
      intent: action.intent,
      reportId: report.id,
      label: action.label,
    };
    await store.set(key(id), stored, { ttlMs: ACTION_TTL_MS });
    ids[action.id] = id;
  }
  return ids;
}

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
 * The stored button behind an id; `null` when unknown, expired or unreadable.
 *
 * @example
 * ```ts
 * const action = await loadAction(store, "abc");
 * if (!action) console.log("This button has expired");
 * ```
 */
export async function loadAction(store: Store, id: string): Promise<StoredAction | null> {
  const parsed = StoredActionSchema.safeParse(await store.get(key(id)));
  return parsed.success ? parsed.data : null;
}
